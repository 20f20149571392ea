"""Search across every catalog: whatever follows `/errcode`, the right entry first, chatter nothing.

Stages; a later one runs only when the earlier ones found nothing (rank.py has scores, MIN_SCORE):
1. code-like tokens exactly (numbers, symbols, quoted strings), then their folded symbol keys;
2. plain words joined as a symbol ("signature expire" -> SignatureExpire);
3. one or two typos in symbols (never in numbers);
4. a dotted sub-code nobody lists -> its parent, marked `fallback`;
5. free text over meanings, handling, context and names, in every language an entry has.
Vendor words narrow every stage; when the named vendor has nothing, other vendors answer and
the result says so.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left
from collections.abc import Callable, Sequence
from functools import cached_property
from types import MappingProxyType

import ahocorasick

from bot.catalogs import Catalog, Entry
from bot.results import LookupResult, Match, Original, hints_of, lookup_result
from bot.search.index import Index
from bot.search.query import _FOLDS_ALONE, PHRASE_WORDS_MAX, CodeToken, ParsedQuery, parse
from bot.search.rank import (
    MIN_SCORE,
    SUGGEST_MIN,
    Scored,
    exact_hits,
    fallback_hits,
    fuzzy_hits,
    key_hits,
    prefix_hits,
    rerank_bonuses,
    text_hits,
)
from bot.search.text import split_camel
from bot.search.text_search import TextSearch

# Order among entries that share a code and score: an SDK/API error before an HTTP status.
KIND_ORDER = {"error": 0, "server_code": 1, "service_status": 2, "http_status": 3, "success": 4}
LONE_SYMBOL_MIN = 8  # a lone word this long may be a symbol typed without its capitals
SINGLE_WORD_SUFFIX_MIN = 10  # a lone plain word ("parallel") must not hit a sub-code suffix
EXACT_CORES_MAX_ENTRIES = 20_000  # up to this many entries every code's and key's exact answer is made once
_FOLD_ALONE_WORDS = re.compile(rf"(?:{_FOLDS_ALONE.pattern})(?:\x00(?:{_FOLDS_ALONE.pattern}))*")
KEY_HEAD = 4  # characters of a key's start kept in a set (SearchIndex._sorted_keys)
SHOWN_KEPT = 4096  # (entry, language) shown_text kept: the entries answers show, a bounded few


def match_of(entry: Entry, score: float, lang: str | None = None, **extra) -> Match:
    """An entry as an answer shows it (INTERFACE.md's Match), in the asked language where it has it."""
    return _match_from(entry, shown_text(entry, lang), score, MappingProxyType(extra))


def shown_text(entry: Entry, lang: str | None) -> tuple:
    """What of an entry a Match shows in `lang`: (meaning, handling, context, title, shown language,
    translated, original). The same for every answer: the index keeps it per entry and language."""
    text = entry.text(lang)
    shown = (
        lang if text.translated or (lang and lang != entry.language and lang in entry.translations) else entry.language
    )
    # the vendor's own words stay one click / flag away
    original = Original(entry.meaning, entry.handling, entry.context, entry.language) if shown != entry.language else None
    # title: the source document's, in the answer's language where known; translated: our translation
    return text.meaning, text.handling, text.context, entry.title(lang), shown, text.translated, original


def _match_from(entry: Entry, shown: tuple, score: float, extra: MappingProxyType) -> Match:
    meaning, handling, context, title, lang, translated, original = shown
    return Match(
        entry.catalog, entry.vendor, entry.code, entry.name, entry.kind, meaning, handling, round(float(score), 1),
        entry.product, context, entry.section, entry.note, entry.source, title, entry.url, lang, translated,
        original, extra,
    )  # fmt: skip


def match_dict(entry: Entry, score: float, lang: str | None = None, **extra) -> dict:
    """The public Match shape (INTERFACE.md) as a dict."""
    return match_of(entry, score, lang, **extra).to_dict()


def _everything(_: int) -> bool:
    return True


def _no_suggestions() -> list[str]:
    return []


class SearchIndex:
    def __init__(self, catalogs: Sequence[Catalog], analyses: Sequence[dict | None] | None = None):
        self.catalogs = tuple(catalogs)
        self.index = Index(self.catalogs, analyses)
        self._derived: dict[str, object] = {}
        self._derived_lock = threading.Lock()
        self._shown: dict[tuple[int, str | None], tuple] = {}  # (entry, lang) -> shown_text

    @classmethod
    def from_plain(cls, catalogs: Sequence[Catalog], state: dict) -> SearchIndex:
        """The index restored from `self.index.plain()` (bot.compiled's cache)."""
        self = cls.__new__(cls)
        self.catalogs = tuple(catalogs)
        self.index = Index.from_plain(self.catalogs, state)
        self._derived = {}
        self._derived_lock = threading.Lock()
        self._shown = {}
        return self
    def __getstate__(self) -> dict:
        """Pickled (a reload builds the index in a worker process) without the derived tables and
        their lock: the receiving process builds its own on first use."""
        state = {k: v for k, v in vars(self).items()
                 if k not in ("_product_tables", "_covered_vendors", "_exact_cores", "_sorted_keys")}
        state["_derived"] = {}
        state["_shown"] = {}
        del state["_derived_lock"]
        return state

    def __setstate__(self, state: dict) -> None:
        vars(self).update(state)
        self._derived_lock = threading.Lock()

    def derived(self, key: str, build: Callable[[SearchIndex], object]):
        """A table others build once from this index's entries (the payload's phrase codes), kept
        with the index: a reload's new index brings its own, the old one goes with it."""
        with self._derived_lock:  # the Slack layer explains in a thread pool: built once, not 4 times
            if key not in self._derived:
                self._derived[key] = build(self)
            return self._derived[key]

    def parse(self, query: str, known_code=lambda _: False) -> ParsedQuery:
        """The query taken apart with this index's vendor words and catalog ids (bot.search.query)."""
        idx = self.index
        return parse(query, idx.vendor_words, idx.catalog_ids, known_code, idx.chinese_vendor_words)

    @property
    def entries(self) -> list[Entry]:
        return self.index.entries

    # -- scope -----------------------------------------------------------------------------------

    def _scope(self, vendors: Sequence[str], catalogs: Sequence[str] = ()):
        if not vendors and not catalogs:
            return _everything
        entries = self.index.entries
        vendor_set, catalog_set = set(vendors), set(catalogs)
        if catalog_set:
            return lambda n: entries[n].catalog in catalog_set
        return lambda n: entries[n].vendor in vendor_set

    # -- public ----------------------------------------------------------------------------------

    def matches_for_code(
        self, code: str, vendor: str | None = None, *, limit: int = 5, lang=None
    ) -> list[dict]:
        """`code_matches` as dicts (what the payload pipeline reads)."""
        return [m.to_dict() for m in self.code_matches(code, vendor, limit=limit, lang=lang)]

    def code_matches(self, code: str, vendor: str | None = None, *, limit: int = 5, lang=None) -> list[Match]:
        """Entries for one code from a payload: exact, variants, typos, dotted fallback.

        `vendor` (what the payload revealed) is preferred; when it has no such code, any vendor's.
        """
        code = (code or "").strip().strip("'\"`")
        if not code:
            return []
        token = CodeToken(code, "number" if code.isdigit() else "symbol")
        if vendor:  # an id, or any vendor word ("声网", a team catalog's id)
            vendor = self.index.vendor_words.get(vendor.strip().lower(), vendor)
        hits: list[Scored] = []
        for allowed in [self._scope([vendor]), _everything] if vendor else [_everything]:
            hits = self._code_stages(token, allowed)
            if hits:
                break
        return [self._match(h, lang) for h in self._ordered(hits, "")[:limit]]

    def clear_cache(self) -> None:
        """Forget remembered answers and the typo scans behind them (benchmarks time lookups afresh
        with it: nothing one query computed is left for the next)."""
        self.index.results.clear()
        self.index.fuzzy_memo.clear()

    def lookup(self, query: str, *, limit: int = 5, lang: str | None = None) -> dict:
        """`search`'s answer in its JSON form (INTERFACE.md)."""
        return self.search(query, limit=limit, lang=lang).to_dict()

    def search(self, query: str, *, limit: int = 5, lang: str | None = None) -> LookupResult:
        """The answer to a query; remembered by the index (results are frozen, so one can be shared)."""
        key = (query if isinstance(query, str) else "", limit, lang)
        found = self.index.results.get(key)
        if found is None:
            found = self._search_afresh(query, limit=limit, lang=lang)
            self.index.results.put(key, found)
        return found

    def _search_afresh(self, query: str, *, limit: int = 5, lang: str | None = None) -> LookupResult:
        by_code = self.index.by_code
        parsed = self.parse(query or "", lambda t: t.lower() in by_code)
        if parsed.vendors:
            covered = self._covered_vendors
            uncovered = [v for v in parsed.vendors if v not in covered]
            if uncovered and len(uncovered) == len(parsed.vendors):
                return self._uncovered(query, uncovered[0], lang)
        product = self._uncovered_product(query)
        if product is None and len(parsed.codes) == 1 and not parsed.catalogs:
            found = self._one_code(parsed, query, limit, lang)  # the commonest lookup: one code (a vendor, words)
            if found is not None:
                return found
        if product is not None and not product[2]:
            return self._uncovered(query, product[0], lang, product[1])
        if product is None and self._unknown_numbers_only(parsed):
            return self._nothing(query, parsed, lang)
        scoped = bool(parsed.vendors)
        allowed = self._scope(parsed.vendors, parsed.catalogs)
        if product is not None:  # TRTC: only the public codes Tencent's products share
            entries, shares = self.index.entries, product[2]
            allowed = lambda n: (entries[n].catalog, entries[n].section) in shares  # noqa: E731
        hits, suggest, text = self._search(parsed, allowed, limit)
        if not hits and product is not None:
            return self._uncovered(query, product[0], lang, product[1])
        outside = False
        suggest_more = _no_suggestions
        if not hits and scoped:
            hits, suggest_more, text = self._search(parsed, _everything, limit)
            outside = bool(hits)
        ordered = self._ordered(hits, parsed.free_text, text)
        matches = [
            self._match(h, lang, outside_vendor=True) if outside else self._match(h, lang)
            for h in ordered[:limit]
        ]
        ambiguous, hint = self._ambiguity(ordered, parsed)
        notes = [self._how_found(ordered[0]) if ordered else None, hint]
        if outside:
            notes.insert(0, {"kind": "outside", "vendors": list(parsed.vendors)})
        if not ordered:
            notes.append(self._why_nothing(parsed))
        return lookup_result(
            query,
            tuple(matches),
            lang or (matches[0].lang if matches else None),
            ambiguous,
            hints_of(n for n in notes if n),  # records: bot.api and bot.render say them in words
            tuple(parsed.vendors),
            tuple(suggest() or suggest_more()) if not matches else (),  # suggestions: made only when shown
        )

    def _unknown_numbers_only(self, parsed: ParsedQuery) -> bool:
        """Numbers no catalog lists, and nothing else to read ("9999", "agora 434"): every stage, in
        the scope and outside it, finds nothing (numbers are never typos, prefixes or text) and
        no did-you-mean is made of them."""
        if not parsed.codes or parsed.pieces:
            return False
        by_code = self.index.by_code
        return all(t.kind == "number" and t.text.strip().lower() not in by_code for t in parsed.codes)

    def _nothing(self, query: str, parsed: ParsedQuery, lang: str | None) -> LookupResult:
        """What the stages make of a query in which they found nothing and suggest nothing."""
        hint = self._why_nothing(parsed)
        return lookup_result(query, (), lang or None, False, hints_of([hint]) if hint else (), tuple(parsed.vendors))

    def _one_code(self, parsed: ParsedQuery, query: str, limit: int, lang: str | None) -> LookupResult | None:
        """A query holding one code-like token, found exactly (by code or symbol key), with or without
        vendor words and other words: what the stages below make of it, without the stages that
        cannot apply (None when they may: the token not found exactly in the scope, or outside it
        while other words are there to be read)."""
        token = parsed.codes[0]
        code_core = self._exact_core(token.text.strip().lower(), True)
        core = code_core or (None if token.kind == "number" else self._exact_core(token.key, False))
        if core is None:
            return None
        ordered, ambiguous, hints = core
        vendors = parsed.vendors
        outside = False
        if vendors:  # exact_hits in the scope: the code's entries there, else (a symbol) the key's
            entries, wanted = self.index.entries, set(vendors)
            scoped = [h for h in ordered if entries[h.entry].vendor in wanted]
            if not scoped and code_core is not None and token.kind != "number":
                key_core = self._exact_core(token.key, False)
                scoped = [h for h in key_core[0] if entries[h.entry].vendor in wanted] if key_core else []
                ordered = ()  # the key's hits are not the code's: the ambiguity is made again
            if not scoped and (token.kind != "number" or parsed.pieces):
                return None  # prefix, typo, fallback, phrase and text stages may answer in the scope
            if not scoped:  # a number the named vendors have not: every vendor's, said so
                outside = True
            elif len(scoped) != len(ordered):
                ordered = tuple(scoped)
                ambiguous, hint = self._ambiguity(ordered, parsed)
                hints = hints_of([hint]) if hint else ()
        context = parsed.free_text if parsed.pieces else ""
        if context and len(ordered) > 1:  # ties ordered by how well the words around the code fit
            ordered = self._ordered(list(ordered), context)
            ambiguous, hint = self._ambiguity(ordered, parsed)
            hints = hints_of([hint]) if hint else ()
        if outside:
            matches = tuple([self._match(h, lang, outside_vendor=True) for h in ordered[:limit]])
            hints = (*hints_of([{"kind": "outside", "vendors": list(vendors)}]), *hints)
        else:
            matches = tuple([self._match(h, lang) for h in ordered[:limit]])
        return lookup_result(query, matches, lang or matches[0].lang, ambiguous, hints, tuple(vendors))

    def _exact_core(self, key: str, by_code: bool) -> tuple | None:
        """A code's (by_code) or a symbol key's (by_key) exact hits over every vendor, ordered, with
        the ambiguity they make and its hints: (hits, ambiguous, hints), or None. Made from the
        catalogs alone: a small index makes them for every code and key once (`_exact_cores`), a
        big one as asked."""
        cores = self._exact_cores
        if cores is not None:
            return cores[0 if by_code else 1].get(key)
        idx = self.index
        if by_code:
            return self._make_core(exact_hits(idx, CodeToken(key, "number"), _everything))
        return self._make_core(key_hits(idx, key, _everything))

    @cached_property
    def _exact_cores(self) -> tuple[dict[str, tuple], dict[str, tuple]] | None:
        idx = self.index
        if len(idx.entries) > EXACT_CORES_MAX_ENTRIES:  # kept lean at scale: made per lookup instead
            return None
        by_code = {code: self._make_core(exact_hits(idx, CodeToken(code, "number"), _everything)) for code in idx.by_code}
        by_key = {key: self._make_core(key_hits(idx, key, _everything)) for key in idx.by_key}
        return by_code, by_key

    def _make_core(self, hits: list[Scored]) -> tuple | None:
        if not hits:
            return None
        # every exact score is >= MIN_SCORE and each entry is hit once; no words: ties by kind, then order
        ordered = tuple(self._ordered(hits, ""))
        ambiguous, hint = self._ambiguity(ordered, None)
        notes = [n for n in (self._how_found(ordered[0]), hint) if n]
        return ordered, ambiguous, hints_of(notes) if notes else ()

    def _uncovered_product(self, query: str) -> tuple[str, str, frozenset] | None:
        """(vendor, product, shared sections) when the query names a product no loaded catalog covers."""
        loaded, needles = self._product_tables
        head = query[:500]
        if needles is None or next(needles.iter(head.lower()), None) is None:  # no uncovered product's word
            return None
        from bot.vendors import PRODUCTS, find_mentions
        named = [m for m in find_mentions(head) if m.product and m.kind != "hint"]
        if not named or any(set(PRODUCTS[m.product][1].catalogs) & loaded for m in named):
            return None
        product = PRODUCTS[named[0].product][1]
        return named[0].vendor, product.id, frozenset(product.shares)

    @cached_property
    def _product_tables(self) -> tuple[frozenset[str], ahocorasick.Automaton | None]:
        """(loaded catalog ids, every word of a product none of them covers), made once: a query
        holding none of those words (one pass of C) names no uncovered product, without the
        mention scan of bot.vendors."""
        from bot.vendors import PRODUCTS

        loaded = frozenset(c.id for c in self.catalogs)
        needles = ahocorasick.Automaton()
        for _, product in PRODUCTS.values():
            if not set(product.catalogs) & loaded:
                for word in (*product.words, *product.marks, *product.hints):
                    needles.add_word(word.lower(), word)
        if len(needles) == 0:
            return loaded, None  # every product is covered: nothing to scan for
        needles.make_automaton()
        return loaded, needles

    @cached_property
    def _covered_vendors(self) -> frozenset[str]:
        return frozenset(c.vendor for c in self.catalogs)

    def _uncovered(self, query: str, vendor: str, lang: str | None, product: str | None = None) -> LookupResult:
        """A vendor or product errcode has no catalog for: say so, and state no other vendor's entry."""
        whose = {"vendor": vendor, "product": product}
        return lookup_result(query, (), lang, False, hints_of([{"kind": "uncovered", **whose}]), (vendor,),
                             uncovered=MappingProxyType(whose))  # fmt: skip

    # -- stages ----------------------------------------------------------------------------------

    def _code_stages(self, token: CodeToken, allowed) -> list[Scored]:
        idx = self.index
        hits = exact_hits(idx, token, allowed)
        if not hits and token.kind != "number":
            hits = fuzzy_hits(idx, token.key, allowed)
            if not hits and "." in token.text:
                hits = fallback_hits(idx, token, allowed)
        return [h for h in hits if h.score >= MIN_SCORE]

    def _search(
        self, parsed: ParsedQuery, allowed, keep: int = 5
    ) -> tuple[list[Scored], Callable[[], list[str]], TextSearch | None]:
        """Hits, what makes the did-you-mean labels (none when there are hits), and the text stage
        when it ran. `keep`: answers shown (the text stage scores only as far as the first `keep` need)."""
        idx = self.index
        hits: list[Scored] = []
        text: TextSearch | None = None  # the text stage, when it ran: a no-match's did-you-mean reuses it
        for token in parsed.codes:
            hits += exact_hits(idx, token, allowed)
        if not hits:
            hits = self._phrase_hits(parsed, allowed)
        symbols = [t for t in parsed.codes if t.kind != "number"]
        # one long word typed all lowercase or all caps is a symbol too: "AUTHFAILURE", "signatureexpierd"
        lone = parsed.words[0] if len(parsed.words) == 1 and not parsed.codes else ""
        if not (len(lone) >= LONE_SYMBOL_MIN and lone.isalpha()):
            lone = ""
        if not hits:
            for token in symbols:
                hits += prefix_hits(idx, token.key, allowed)
            if lone:
                hits += prefix_hits(idx, lone.lower(), allowed)
        if not hits:
            for token in symbols:
                hits += fuzzy_hits(idx, token.key, allowed)
            if lone and not hits:
                hits = fuzzy_hits(idx, lone.lower(), allowed)
            whole = "".join(parsed.words)
            if not hits and 2 <= len(parsed.words) <= 4 and len(whole) >= 8:
                hits = fuzzy_hits(idx, whole.lower(), allowed)
        if not hits:
            for token in symbols:
                if "." in token.text:
                    hits += fallback_hits(idx, token, allowed)
        if not hits:
            words = " ".join([parsed.free_text, *(split_camel(t.text) for t in symbols)]).strip()
            if words:
                text = TextSearch(idx, words, None if allowed is _everything else allowed)
                hits = text.answers(keep)
        best: dict[int, Scored] = {}
        for hit in hits:
            if hit.entry not in best or hit.score > best[hit.entry].score:
                best[hit.entry] = hit
        kept = [h for h in best.values() if h.score >= MIN_SCORE]
        if kept:
            return kept, _no_suggestions, text
        below = list(best.values())
        if not below and text is not None and not text.queue and not symbols:
            # nothing to suggest from: no weak hit, no text candidate (weak() finds none), no symbol to
            # allow one more typo in (what _suggest would walk to make [] of it)
            return kept, _no_suggestions, text
        return kept, lambda: self._suggest(parsed, allowed, below, text), text

    def _phrase_hits(self, parsed: ParsedQuery, allowed) -> list[Scored]:
        """Plain words that spell a symbol: "signature expire", "Connect Failed", "invalid appid"."""
        if not parsed.words:
            return []
        windows = self._key_windows(parsed.words)
        if windows is not None and not windows:  # no run of words is a key (most sentences)
            return []
        content = len(parsed.content_words)
        by_key = self.index.by_key
        keys = parsed.phrase_keys() if windows is None else parsed.phrase_keys_among(windows)
        for key, size in keys:
            if key not in by_key:  # most phrases of a sentence are no symbol
                continue
            hits = [
                h
                for h in key_hits(self.index, key, allowed)
                if h.score >= 97.0 or (self._phrase_may_suffix(key, size) and size >= content)
            ]
            if hits:
                return hits
        return []

    def _key_windows(self, words: list[str]) -> list[tuple[int, int, str]] | None:
        """Every run of at most PHRASE_WORDS_MAX consecutive words that folds to a symbol key, as
        (first word, words, key): ParsedQuery.phrase_keys' keys are such runs, so the others are in
        no by_key (most sentences have none). Each run is grown a word at a time while it still starts
        some key (a bisection of the sorted keys). None when a word does not fold alone (phrase_keys
        folds such words' runs whole)."""
        joined = "\x00".join(words)  # one pattern for all the words: _FOLDS_ALONE's, \x00 between
        if _FOLD_ALONE_WORDS.fullmatch(joined) is None or joined.count("\x00") != len(words) - 1:
            return None
        lowered = joined.lower()  # (ASCII, as _FOLDS_ALONE is)
        if "_" in lowered:  # as phrase_keys folds them: `_` dropped, then the edge dots
            folded = [word.replace("_", "").strip(".") for word in lowered.split("\x00")]
        else:  # no edge dot to strip: a word folding alone starts and ends with a letter or digit
            folded = lowered.split("\x00")
        keys, heads = self._sorted_keys
        count = len(keys)
        by_key = self.index.by_key
        last = len(folded)
        found: list[tuple[int, int, str]] = []
        for start, run in enumerate(folded):
            if run[:KEY_HEAD] not in heads:  # (one set look-up rejects most words)
                continue
            at = bisect_left(keys, run)
            if at == count or not keys[at].startswith(run):
                continue  # no key starts so: none of the longer runs from here is one
            if run in by_key:
                found.append((start, 1, run))
            for more in range(start + 1, min(start + PHRASE_WORDS_MAX, last)):
                run += folded[more]
                at = bisect_left(keys, run, at)  # a longer run sorts after the shorter one
                if at == count or not keys[at].startswith(run):
                    break
                if run in by_key:
                    found.append((start, more - start + 1, run))
        return found

    @cached_property
    def _sorted_keys(self) -> tuple[list[str], frozenset[str]]:
        """Every symbol key, sorted (which keys a run of words starts is a bisection), and the first
        1..KEY_HEAD characters of each: a run whose first KEY_HEAD are none of them starts no key."""
        keys = sorted(self.index.by_key)
        return keys, frozenset(key[:size] for key in keys for size in range(1, KEY_HEAD + 1))

    @staticmethod
    def _phrase_may_suffix(key: str, size: int) -> bool:
        # "signature expire" (two words) may name a sub-code; a lone everyday word ("parallel") may not,
        # nor a phrase that leaves words out ("camera not found" is not InternalError.NotFound).
        return (size > 1 and len(key) >= 8) or len(key) >= SINGLE_WORD_SUFFIX_MIN

    def _suggest(
        self, parsed: ParsedQuery, allowed, below: list[Scored], text: TextSearch | None = None
    ) -> list[str]:
        """Did-you-mean for a no-match: near symbols (one more typo allowed), weak text hits. No numbers."""
        near: list[Scored] = list(below)
        words = " ".join(
            [parsed.free_text, *(split_camel(t.text) for t in parsed.codes if t.kind != "number")]
        )
        if words.strip():
            near += text.weak(self._label) if text is not None else text_hits(self.index, words, allowed, min_score=SUGGEST_MIN)
        for token in parsed.codes:
            if token.kind != "number":
                near += fuzzy_hits(self.index, token.key, allowed, extra_typos=1)
        near.sort(key=lambda h: -h.score)
        out: list[str] = []
        for hit in near:
            if hit.score < SUGGEST_MIN:
                break
            label = self._label(hit.entry)
            if label not in out:
                out.append(label)
            if len(out) == 3:
                break
        return out

    def _label(self, number: int) -> str:
        """An entry as a did-you-mean names it."""
        entry = self.index.entries[number]
        shown = f"{entry.code} {entry.name}" if entry.name and entry.name != entry.code else entry.code
        return f"{shown} ({entry.vendor})"

    # -- assembly --------------------------------------------------------------------------------

    def _ordered(self, hits: list[Scored], context: str, text: TextSearch | None = None) -> list[Scored]:
        """Best first; entries tied on a rounded score ordered by how well `context` fits them (the
        text stage's scores reused when it searched that same text), then kind, then load order."""
        if len(hits) < 2:
            return list(hits)
        entries = self.index.entries
        bonus: dict[int, float] = {}
        if context:
            tiers: dict[float, list[int]] = {}
            for hit in hits:
                tiers.setdefault(round(hit.score, 1), []).append(hit.entry)
            tied = [entry for tier in tiers.values() if len(tier) > 1 for entry in tier]
            if tied:  # only ties need it
                reuse = text is not None and text.query == context
                bonus = text.bonuses(tied) if reuse else rerank_bonuses(self.index, tied, context)
        return sorted(
            hits,
            key=lambda h: (
                -round(h.score, 1),
                -bonus.get(h.entry, 0.0),
                KIND_ORDER.get(entries[h.entry].kind, 9),
                h.entry,
            ),
        )

    def _match(self, hit: Scored, lang: str | None, *, outside_vendor: bool = False) -> Match:
        plain = hit.extra is None or hit.match == "text" or hit.match == "fuzzy"
        if plain:  # nothing but how it was found (and whether outside the vendor asked): the same Match
            key = (hit.entry, lang, hit.score, hit.match, outside_vendor)  # for every answer showing it so
            made = self._shown.get(key)
            if made is not None:
                return made
        extra = {"match": hit.match, **(hit.extra or {})}
        if outside_vendor:
            extra["outside_vendor"] = True
        extra.pop("matched_key", None)
        extra.pop("text_lang", None)
        entry = self.index.entries[hit.entry]
        shown = self._shown_text(hit.entry, entry, lang)
        made = _match_from(entry, shown, hit.score, MappingProxyType(extra))
        if plain and not extra.keys() - {"match", "outside_vendor"}:
            self._keep(key, made)
        return made

    def _shown_text(self, number: int, entry: Entry, lang: str | None) -> tuple:
        key = (number, lang)
        shown = self._shown.get(key)
        if shown is None:
            shown = shown_text(entry, lang)
            self._keep(key, shown)
        return shown

    def _keep(self, key: tuple, value) -> None:
        """What a Match shows of an entry, and the Match itself (both frozen, made from the entry
        alone), kept per (entry, language[, score, how found]): bounded whatever `lang` strings come."""
        if len(self._shown) >= SHOWN_KEPT:
            self._shown.clear()
        self._shown[key] = value

    def _why_nothing(self, parsed: ParsedQuery) -> dict | None:
        numbers = [t.text for t in parsed.codes if t.kind == "number"]
        if numbers:
            return {"kind": "unknown_numbers", "codes": numbers[:3]}
        if parsed.vendors and not parsed.codes and not parsed.free_text:
            vendor = parsed.vendors[0]
            example = next((e.code for e in self.index.entries if e.vendor == vendor), None)
            return {"kind": "vendor_only", "example": f"{vendor} {example}" if example else None}
        return None

    def _how_found(self, hit: Scored) -> dict | None:
        """Say so when the answer is not the code itself: a parent code, or a near spelling."""
        entry = self.index.entries[hit.entry]
        if hit.match == "fallback":
            asked = (hit.extra or {}).get("fallback_from", "")
            return {"kind": "fallback", "asked": asked, "code": entry.code}
        if hit.match == "fuzzy":
            return {"kind": "fuzzy", "closest": entry.name or entry.code}
        if hit.match == "prefix":
            return {"kind": "prefix", "family": entry.code.split(".")[0]}
        return None

    def _ambiguity(self, ordered: list[Scored], parsed: ParsedQuery) -> tuple[bool, dict | None]:
        """Ambiguous: the top exact (or fallback) tier holds entries that are genuinely different."""
        exactish = ("code", "name", "symbol", "fallback")
        if not ordered or ordered[0].match not in exactish:
            return False, None
        top = ordered[0].score
        tier = [h for h in ordered if h.score == top and h.match in exactish]
        if len(tier) < 2:  # one entry is not ambiguous (nothing to compare)
            return False, None
        entries = [self.index.entries[h.entry] for h in tier]
        distinct = {(e.vendor, e.name, self.index.meaning_key(h.entry)) for h, e in zip(tier, entries, strict=True)}
        if len(distinct) < 2:
            return False, None
        code = entries[0].code
        asked = (tier[0].extra or {}).get("fallback_from") or code  # what to type again, with a vendor
        vendors = list(dict.fromkeys(e.vendor for e in entries))
        if len(vendors) > 1:
            return True, {"kind": "vendors", "code": code, "vendors": vendors, "asked": asked,
                          "example": f"{vendors[-1]} {asked}"}
        names = [e.name for e in entries if e.name]
        return True, {"kind": "names", "code": code, "vendor": vendors[0], "count": len(entries), "names": names}
