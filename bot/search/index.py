"""The index: every structure a lookup needs, precomputed once when catalogs load.

- `by_code`: exact code (case-insensitive) -> entries: constant time, numbers included;
- `by_key`: folded symbol keys (code, name, dotted suffixes) -> entries, for case/underscore/
  camelCase variants and a missing prefix;
- `fuzzy_keys`: those keys bucketed by length, letters only (numbers are never fuzzy), so a typo
  search compares against a few hundred keys of similar length, not all of them;
- `docs` + `postings`: one text document per entry *and language* (the entry's own language and
  each translation), with Chinese bigrams and stemmed Latin words as features, inverted.
"""

from __future__ import annotations

import functools
import math
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from bot.catalogs import Catalog, Entry
from bot.search.bounds import FieldTokens
from bot.search.prune import KeyGrams, bitmap_of, feature_bitmaps
from bot.search.query import chinese_vendor_words
from bot.search.text import (
    HAS_CJK,
    comparable,
    comparable_features,
    fold_symbol,
    split_camel,
    symbol_suffixes,
)
from bot.vendors import VENDOR_WORDS

# How a key reached an entry, and the score an exact hit on it is worth.
SCORE_CODE = 100.0  # the code exactly as the document writes it (case-insensitive)
SCORE_NAME = 98.0  # the entry's symbolic name (NetEase `ChannelJoinError`)
SCORE_VARIANT = 97.0  # same symbol with other case, `_`, spaces: `connect failed` for `Connect_Failed`
SCORE_SUFFIX = 92.0  # prefix left out: `SignatureExpire` for `AuthFailure.SignatureExpire`
SCORE_ALIAS = 90.0  # another name the document uses, found in the entry's note (a heading's name)
SCORE_PREFIX = 72.0  # a family prefix typed alone: `InternalError` where only `InternalError.*` exist
_PUNCT = re.compile(r"[\s。.，,；;：:！!？?、（）()]+")
RESULTS_KEPT = 512  # answers remembered per index (a repeated query is a dict hit)
RESULT_QUERY_MAX = 200  # longer queries are not remembered
FUZZY_MEMO_KEPT = 1024
_IDENTIFIER = re.compile(r"\b[A-Za-z]+[a-z0-9][A-Z][A-Za-z0-9_.]*\b")
FUZZY_MIN_LEN = 5  # keys shorter than this are never matched with typos

# Field weights for text similarity: the words that define an entry count most.
FIELD_WEIGHTS = {"name": 1.0, "meaning": 1.0, "symbol": 0.95, "handling": 0.9, "context": 0.9}


# A key's hits are plain tuples (entry number, match, score): match is code | name | symbol. Plain,
# so the built index goes into the compiled cache (bot/compiled.py) and back without classes.
KeyHit = tuple[int, str, float]


class Field(NamedTuple):
    name: str  # name | symbol | meaning | handling | context
    text: str  # comparable form (text.comparable)
    weight: float
    features: frozenset[str]


def make_field(name: str, value: str) -> Field:
    text = comparable(value)
    return Field(name, text, FIELD_WEIGHTS[name], frozenset(comparable_features(text)))


class Doc(NamedTuple):
    entry: int
    lang: str
    fields: tuple[Field, ...]
    features: frozenset[str]  # union of the fields' features


def analyse_catalog(catalog: Catalog, memo: dict[tuple[str, str], tuple] | None = None) -> dict:
    """Everything about one catalog's entries that does not depend on the other catalogs, in plain
    containers: the compiled cache keeps it per file, so a changed file re-analyses only itself.

    `fields`: distinct (name, comparable text, weight, features) rows; per entry: its lowercase code,
    its keys (key, match, score) in the order they are put, its family prefixes, its documents
    (language, field row numbers) and the folded identifiers of its note (aliases). `memo`: rows
    already made for other catalogs of the same load (many share their handling and meanings)."""
    rows: dict[tuple[str, str], int] = {}
    fields: list[tuple] = []
    memo = {} if memo is None else memo

    def field(name: str, value: str) -> int:
        number = rows.get((name, value))
        if number is None:
            row = memo.get((name, value))
            if row is None:
                made = make_field(name, value)
                row = memo[(name, value)] = (made.name, made.text, made.weight, made.features)
            number = rows[(name, value)] = len(fields)
            fields.append(row)
        return number

    entries = []
    for entry in catalog.entries:
        code, keys, prefixes, aliases = entry_keys(entry)
        shared: list[int] = []
        if entry.name:
            shared.append(field("name", entry.name))
        if not entry.code.isdigit() and any(ch.isalpha() for ch in entry.code):
            shared.append(field("symbol", split_camel(entry.code)))
        # the entry's own language first, then its translations (Entry.languages, Entry.text)
        docs = [(entry.language, (*shared, *_own_fields(field, entry.meaning, entry.handling, entry.context)))]
        for lang, text in entry.translations.items():
            if lang != entry.language:
                docs.append((lang, (*shared, *_own_fields(field, text.meaning, text.handling, text.context))))
        entries.append((code, keys, prefixes, docs, aliases))
    return {"fields": fields, "entries": entries}


def entry_keys(entry: Entry) -> tuple[str, list[tuple[str, str, float]], list[str], list[str]]:
    """What of an entry the exact stages read, made without its texts' analysis (a fraction of
    analyse_catalog's time: what a cold start needs before its first answer): its lowercase code,
    its keys (key, match, score) in the order they are put, its family prefixes and its note's
    folded identifiers (aliases). analyse_catalog's rows hold the same, around the documents."""
    keys: list[tuple[str, str, float]] = []
    prefixes: list[str] = []
    code = entry.code
    if code.isascii() and code.replace(".", "").isalnum():  # most codes: fold_symbol's answer, quicker
        lowered = code.lower()
        code_key = lowered.strip(".")
    else:
        lowered = code.strip().lower()
        code_key = fold_symbol(code)
    exact = code_key == lowered
    keys.append((code_key, "code" if exact else "symbol", SCORE_CODE if exact else SCORE_VARIANT))
    if "." in code_key:
        keys.append((code_key.replace(".", ""), "symbol", SCORE_VARIANT))
        parts = code_key.split(".")
        if len(parts) == 2:  # `family.name`, most dotted codes: what the general case below makes
            family, rest = parts
            prefixes.append(family)
            if rest and not rest.isdigit():
                keys.append((rest, "symbol", SCORE_SUFFIX))
        else:
            prefixes.extend([".".join(parts[:cut]) for cut in range(1, len(parts))])
            keys.extend([(suffix, "symbol", SCORE_SUFFIX) for suffix in symbol_suffixes(code_key) if not suffix.isdigit()])
    if entry.name:
        name = entry.name
        name_key = name.lower().strip(".") if name.isascii() and name.replace(".", "").isalnum() else fold_symbol(name)
        keys.append((name_key, "name", SCORE_NAME))
        if "." in name_key:
            keys.extend((suffix, "name", SCORE_SUFFIX) for suffix in symbol_suffixes(name_key))
    aliases = [fold_symbol(word) for word in _IDENTIFIER.findall(entry.note)] if entry.note else []
    return lowered, keys, prefixes, aliases


def _own_fields(field, meaning: str | None, handling: str | None, context: str | None) -> list[int]:
    out = []
    if meaning:
        out.append(field("meaning", meaning))
    if handling:
        out.append(field("handling", handling))
    if context:
        out.append(field("context", context))
    return out


class _Part:
    """An attribute of an index that is made the first time it is read: restored from its part of
    the compiled record (Index.from_plain), or built from the analyses (Index.__init__). A first
    answer that is a code needs no text postings and no typo keys: about 0.15 s of a warm start of
    50,000 entries, and most of the index build of a cold one. Not a data descriptor: once read
    (or set) the attribute is an ordinary one, at full speed."""

    def __init__(self, part: str):
        self.part = part

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, index, owner=None):
        if index is None:
            return self
        index._read_part(self.part)
        try:
            return vars(index)[self.name]
        except KeyError:
            raise AttributeError(self.name) from None


PARTS = ("text", "typo")  # the parts of an index made on first use (Index.from_plain, Index.__init__)


class Index:
    """Built from each catalog's `analyse_catalog` (made here when not given), or restored from
    `plain()` by `from_plain`: either way the same structures. The exact stages' tables (codes,
    keys, prefixes) are made at once; the text documents and the typo keys (PARTS) when first read."""

    docs = _Part("text")
    doc_entry = _Part("text")  # doc -> its entry (what a scope filters on, without a Doc)
    entry_docs = _Part("text")
    postings = _Part("text")
    idf = _Part("text")
    _max_idf = _Part("text")
    fuzzy_keys = _Part("typo")
    _key_grams = _Part("typo")

    def __init__(self, catalogs: Sequence[Catalog], analyses: Sequence[dict | None] | None = None):
        self.catalogs = tuple(catalogs)
        self.entries: list[Entry] = [e for c in self.catalogs for e in c.entries]
        self.by_code: dict[str, list[int]] = {}
        self.by_key: dict[str, list[KeyHit]] = {}
        self.by_prefix: dict[str, list[int]] = {}  # `internalerror` -> every InternalError.* entry
        self.vendor_words: dict[str, str] = dict(VENDOR_WORDS)
        self.catalog_ids = frozenset(c.id for c in self.catalogs)
        for catalog in self.catalogs:
            self.vendor_words.setdefault(catalog.vendor.lower(), catalog.vendor)
            self.vendor_words.setdefault(catalog.id.lower(), catalog.vendor)
        # Each catalog's analysis as given (None: made when the text part is first read, or asked for
        # by analyses()); its rows also give the keys, which a catalog without one makes alone.
        self._analyses: list[dict | None] | None = list(analyses or [None] * len(self.catalogs))
        if len(self._analyses) != len(self.catalogs):
            raise ValueError("one analysis per catalog")
        by_code, by_key, by_prefix, put_key = self.by_code, self.by_key, self.by_prefix, self._put_key
        aliases: list[tuple[int, list[str]]] = []
        number = 0
        for catalog, analysis in zip(self.catalogs, self._analyses, strict=True):
            if analysis is None:
                rows = [entry_keys(entry) for entry in catalog.entries]
            else:
                rows = analysis["entries"]
            if len(rows) != len(catalog.entries):
                raise ValueError("analysis does not fit its catalog")
            for row in rows:
                code, keys, prefixes, note_keys = row[0], row[1], row[2], row[-1]
                found = by_code.get(code)
                if found is None:
                    by_code[code] = [number]
                else:
                    found.append(number)
                for key, match, score in keys:
                    hits = by_key.get(key)
                    if hits is None:  # most keys are one entry's: put_key's case for a new key, inline
                        if key:
                            by_key[key] = [(number, match, score)]
                    else:
                        put_key(key, (number, match, score))
                for prefix in prefixes:
                    found = by_prefix.get(prefix)
                    if found is None:
                        by_prefix[prefix] = [number]
                    else:
                        found.append(number)
                if note_keys:
                    aliases.append((number, note_keys))
                number += 1
        for number, note_keys in aliases:  # camelCase names in a note that no entry owns
            for key in note_keys:
                if key not in self.by_key:
                    self._put_key(key, (number, "name", SCORE_ALIAS))
        self._parts_lock = threading.Lock()
        self._pending = {"text": Index._build_text, "typo": Index._build_typo}
        self._finish()

    def analyses(self) -> list[dict]:
        """Each catalog's analyse_catalog, as given or made now (bot.compiled stores the ones it
        made); once the text part is built, made again when asked."""
        with self._parts_lock:
            return self._made_analyses()

    def _made_analyses(self) -> list[dict]:
        analyses = self._analyses
        if analyses is None:
            analyses = [None] * len(self.catalogs)
        memo: dict[tuple[str, str], tuple] = {}  # fields analysed here, shared by the catalogs
        for i, catalog in enumerate(self.catalogs):
            if analyses[i] is None:
                analyses[i] = analyse_catalog(catalog, memo)
        if self._analyses is not None:
            self._analyses = analyses
        return analyses

    def _build_typo(self, _: str = "typo") -> None:
        self.fuzzy_keys = self._bucket_fuzzy_keys(self.by_key)
        self._key_grams = False  # built on first use, or by plain()

    def _build_text(self, _: str = "text") -> None:
        """The documents, their postings and idf from the analyses (made where missing). Equal
        fields in several catalogs are one Field; their rows and the documents' rows are kept as
        made, for plain() (the compiled cache), instead of being taken apart again from Docs."""
        try:
            self._text_from(self._made_analyses())
        except Exception:  # an analysis that does not fit after all: every catalog's afresh
            self._analyses = [None] * len(self.catalogs)
            self._text_from(self._made_analyses())
        self._analyses = None  # not needed again: the memory goes

    def _text_from(self, analyses: list[dict]) -> None:
        """Every entry's documents (the entry's own language and each translation: language, fields,
        the union of their features), inverted; set on the index only when all are made."""
        docs: list[Doc] = []
        doc_entry: list[int] = []
        entry_docs: list[list[int]] = []
        doc_rows: list[tuple[int, str, tuple[int, ...]]] = []
        postings: dict[str, list[int]] = {}
        field_list: list[Field] = []
        numbered: dict[tuple, int] = {}
        canonical: dict[str, str] = {}  # one str object per feature: the compiled index stores each once
        number = 0
        for analysis in analyses:
            fields = []
            for row in analysis["fields"]:
                found = numbered.get(row)
                if found is None:
                    found = numbered[row] = len(field_list)
                    name, text, weight, features = row
                    field_list.append(Field(name, text, weight, frozenset([canonical.setdefault(f, f) for f in features])))
                fields.append(found)
            for row in analysis["entries"]:
                own: list[int] = []
                entry_docs.append(own)
                for lang, ids in row[3]:
                    ids = tuple([fields[f] for f in ids])
                    made = tuple([field_list[f] for f in ids])
                    feats = frozenset().union(*[f.features for f in made])
                    doc_id = len(docs)
                    docs.append(Doc(number, lang, made, feats))
                    doc_rows.append((number, lang, ids))
                    doc_entry.append(number)
                    own.append(doc_id)
                    for feat in feats:
                        found = postings.get(feat)
                        if found is None:
                            postings[feat] = [doc_id]
                        else:
                            found.append(doc_id)
                number += 1
        if number != len(self.entries):
            raise ValueError("analyses do not fit the catalogs")
        self._field_list, self._doc_rows = field_list, doc_rows
        self.docs, self.doc_entry, self.entry_docs, self.postings = docs, doc_entry, entry_docs, postings
        self._max_idf = math.log(len(docs) + 1) + 1.0
        self.idf = {f: math.log((len(docs) + 1) / (len(p) + 1)) + 1.0 for f, p in postings.items()}

    def _finish(self) -> None:
        """What is derived from the rest, and the caches of this index (a reload builds a new index:
        nothing cached outlives the catalogs it came from; each is bounded)."""
        self.chinese_vendor_words = chinese_vendor_words(self.vendor_words)
        self.meaning_keys: dict[int, str] = {}  # entry -> meaning, compared for ambiguity (lazily)
        self.fuzzy_memo: dict[tuple[str, int], list[tuple[str, float]]] = {}  # (key, typos) -> near keys
        self.results = ResultCache()
        self.field_tokens = FieldTokens()  # rank.token_set_most's view of field texts, made as asked
        self._bitmaps: dict[str, int] | None = None  # built on first use (postings_bitmaps)
        self._more_bitmaps: dict[str, int] = {}  # feature_bitmap's, for shorter posting lists
        self._flags: dict[str, bytes] = {}  # feature_flags', for the features most documents have

    # -- the compiled cache's form -----------------------------------------------------------------

    def plain(self) -> dict:
        """The built structures in plain containers (no class of ours): bot/compiled.py stores them."""
        docs = self.docs  # the text part, built or read now if it was not
        if getattr(self, "_doc_rows", None) is not None and len(self._doc_rows) == len(docs):
            fields, docs = [tuple(f) for f in self._field_list], self._doc_rows
            self._field_list, self._doc_rows = [], None  # needed once: the memory goes
        else:
            fields, docs = self._plain_docs()
        return {"by_code": self.by_code, "by_key": self.by_key, "by_prefix": self.by_prefix, "fields": fields,
                "docs": docs, "postings": self.postings, "entry_docs": self.entry_docs, "doc_entry": self.doc_entry,
                "fuzzy_keys": self.fuzzy_keys, "idf": self.idf, "max_idf": self._max_idf,
                "key_grams": self.key_grams.plain() if self.key_grams else None}  # fmt: skip

    def _plain_docs(self) -> tuple[list[tuple], list[tuple]]:
        rows: dict[int, int] = {}
        fields: list[tuple] = []
        docs = []
        for doc in self.docs:
            ids = []
            for f in doc.fields:
                number = rows.get(id(f))
                if number is None:
                    number = rows[id(f)] = len(fields)
                    fields.append(tuple(f))
                ids.append(number)
            docs.append((doc.entry, doc.lang, tuple(ids)))  # features: the union of its fields'
        return fields, docs

    @classmethod
    def from_plain(cls, catalogs: Sequence[Catalog], state: dict) -> Index:
        """`state` as plain() made it; or with the parts in PARTS left out and, under "parts", a
        function per part that returns its state (bot.compiled unpickles it then): read on first use."""
        self = cls.__new__(cls)
        self.catalogs = tuple(catalogs)
        self.entries = [e for c in self.catalogs for e in c.entries]
        self.vendor_words = dict(VENDOR_WORDS)
        for catalog in self.catalogs:
            self.vendor_words.setdefault(catalog.vendor.lower(), catalog.vendor)
            self.vendor_words.setdefault(catalog.id.lower(), catalog.vendor)
        self.catalog_ids = frozenset(c.id for c in self.catalogs)
        self.by_code, self.by_key, self.by_prefix = state["by_code"], state["by_key"], state["by_prefix"]
        self.entry_docs, self.doc_entry = state["entry_docs"], state["doc_entry"]
        self._max_idf = float(state["max_idf"])
        if len(self.entry_docs) != len(self.entries):
            raise ValueError("compiled index does not fit its catalogs")
        self._parts_lock = threading.Lock()
        self._pending = {part: functools.partial(_restore_later, load=load) for part, load in (state.get("parts") or {}).items()}
        for part in PARTS:
            if part not in self._pending:
                self._restore(part, state)
        self._finish()
        return self

    def _restore(self, part: str, state: dict) -> None:
        if part == "text":
            if len(state["docs"]) != len(self.doc_entry):
                raise ValueError("compiled index does not fit its catalogs")
            self.postings, self.idf = state["postings"], state["idf"]
            self.docs = DocTable(state["fields"], state["docs"])
        else:
            self.fuzzy_keys = state["fuzzy_keys"]
            self._key_grams = KeyGrams.from_plain(state["key_grams"])

    def _read_part(self, part: str) -> None:
        """A part of the index, made the first time one of its attributes is read (see _Part)."""
        with self._parts_lock:
            make = self._pending.get(part)
            if make is not None:
                make(self, part)
                del self._pending[part]

    def complete(self) -> None:
        """Make every part not made yet (PARTS): a long-running process may want them before its
        first lookup rather than during it (about a second for 50,000 entries built cold)."""
        for part in list(getattr(self, "_pending", ())):
            self._read_part(part)

    def __getstate__(self) -> dict:  # pickled whole (a reload's worker sends its index back)
        self.complete()
        state = dict(vars(self))
        state.pop("_parts_lock", None)
        state.pop("_pending", None)
        return state

    @property
    def key_grams(self) -> KeyGrams | None:
        """Typo candidates at scale (prune.py), built the first time a typo is looked up or the index
        is stored (about a second for 50,000 entries: a first answer that is a code does not wait).
        Two threads building at once build equal ones; either is kept."""
        grams = self._key_grams
        if grams is False:
            grams = self._key_grams = KeyGrams.build(self.fuzzy_keys)
        return grams

    @property
    def postings_bitmaps(self) -> dict[str, int]:
        """The long posting lists as bitmaps (prune.feature_bitmaps), for the text stage's walk over
        document classes: built the first time free text is looked up (a part of a second at 50,000
        entries), kept with the index like key_grams; at most half the memory of the lists they copy."""
        bitmaps = self._bitmaps
        if bitmaps is None:
            bitmaps = self._bitmaps = feature_bitmaps(self.postings)
        return bitmaps

    def feature_flags(self, feature: str) -> bytes:
        """One feature's documents as one byte per document (1: the document has it), made once and
        kept: a byte is read in O(1), where a bit of a bitmap costs a shift of the whole int. For the
        text stage's features too common to recall with (features of the index only, so at most one
        each, len(docs) bytes: a small index's, see text_search.FLAG_TEST_MAX_DOCS)."""
        found = self._flags.get(feature)
        if found is None:
            flags = bytearray(len(self.docs))
            for number in self.postings.get(feature, ()):
                flags[number] = 1
            found = self._flags[feature] = bytes(flags)
        return found

    def feature_bitmap(self, feature: str) -> int:
        """One feature's documents as a bitmap (prune.bitmap_of), from postings_bitmaps or made once and
        kept: features of the index only, so at most one per feature."""
        found = self.postings_bitmaps.get(feature)
        if found is None:
            more = self._more_bitmaps
            found = more.get(feature)
            if found is None:
                found = more[feature] = bitmap_of(self.postings.get(feature, ()))
        return found

    @key_grams.setter
    def key_grams(self, grams: KeyGrams | None) -> None:
        self._key_grams = grams

    # -- keys ------------------------------------------------------------------------------------

    def _put_key(self, key: str, hit: KeyHit) -> None:
        if not key:
            return
        hits = self.by_key.setdefault(key, [])
        for i, old in enumerate(hits):
            if old[0] == hit[0]:
                if hit[2] > old[2]:
                    hits[i] = hit
                return
        hits.append(hit)

    @staticmethod
    def _bucket_fuzzy_keys(by_key: dict[str, list[KeyHit]]) -> dict[int, list[str]]:
        buckets: dict[int, list[str]] = {}
        for key in by_key:
            if len(key) >= FUZZY_MIN_LEN and (key[0].isalpha() or any(ch.isalpha() for ch in key)):
                buckets.setdefault(len(key), []).append(key)
        return buckets

    def fuzzy_choices(self, length: int, spread: int, key: str | None = None) -> list[str]:
        """The keys `spread` or fewer characters longer or shorter than `length`; given the `key`,
        only those that may be within `spread` edits of it (prune.KeyGrams), in the same order."""
        if key is not None and self.key_grams is not None:
            pruned = self.key_grams.candidates(key, spread)
            if pruned is not None:
                return pruned
        choices: list[str] = []
        for size in range(length - spread, length + spread + 1):
            choices.extend(self.fuzzy_keys.get(size, ()))
        return choices

    # -- text ------------------------------------------------------------------------------------

    def idf_of(self, feature: str) -> float:
        """Rarity of a feature. One that no entry has argues against a match: a Latin word at full
        weight; a Chinese bigram at half, since bigrams that straddle two words ("心跳超时" -> 跳超)
        are unknown for no fault of the query."""
        found = self.idf.get(feature)
        if found is not None:
            return found
        return self._max_idf * (0.5 if HAS_CJK.match(feature) else 1.0)

    def meaning_key(self, entry: int) -> str:
        """The entry's meaning with case, spacing and punctuation gone: two entries whose keys are
        equal say the same thing (SearchIndex._ambiguity)."""
        key = self.meaning_keys.get(entry)
        if key is None:
            key = self.meaning_keys[entry] = _PUNCT.sub("", comparable(self.entries[entry].meaning))
        return key

    def docs_of(self, entry: int) -> list[Doc]:
        return [self.docs[d] for d in self.entry_docs[entry]]

    def entries_for(self, numbers: Iterable[int]) -> list[Entry]:
        return [self.entries[n] for n in numbers]


def _restore_later(index: Index, part: str, load) -> None:
    index._restore(part, load())  # a function, not a method: the index's _pending holds no reference to it


class ResultCache:
    """A small LRU of finished answers, kept by the index it came from (so a reload empties it).
    Answers are frozen results (bot.results), so the same one is handed out again; only their
    dict form (made fresh by to_dict) is a caller's to change."""

    def __init__(self, size: int = RESULTS_KEPT):
        self.size = size
        self._kept: OrderedDict[tuple, object] = OrderedDict()
        self._lock = threading.Lock()  # lookups run in a thread pool
        self.hits = self.misses = 0  # since this index was made (GET /metrics shows them)

    def __reduce__(self):  # an index sent from the reload worker arrives with an empty cache
        return ResultCache, (self.size,)

    def get(self, key: tuple):
        with self._lock:
            found = self._kept.get(key)
            if found is not None:
                self._kept.move_to_end(key)
                self.hits += 1
            else:
                self.misses += 1
            return found

    def put(self, key: tuple, result) -> None:
        if len(key[0]) > RESULT_QUERY_MAX:
            return
        with self._lock:
            self._kept[key] = result
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()


class DocTable(Sequence):
    """The documents of a compiled index, each made into a Doc (and its fields into Fields) the
    first time a lookup reads it: a lookup reads a few dozen; making all 100,000 documents and
    their feature sets up front cost a warm start of 50,000 entries about 0.4 s."""

    def __init__(self, field_rows: list[tuple], rows: list[tuple]):
        self._field_rows = field_rows
        self._fields: list[Field | None] = [None] * len(field_rows)
        self._rows = rows
        self._made: list[Doc | None] = [None] * len(rows)

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, number):  # an int (a slice gives a list)
        if number.__class__ is int:  # the lookups' case, first
            doc = self._made[number]
            if doc is not None:
                return doc
        elif isinstance(number, slice):
            return [self[i] for i in range(*number.indices(len(self)))]
        doc = self._made[number]
        if doc is None:  # two threads making the same Doc at once make equal ones: either is kept
            entry, lang, ids = self._rows[number]
            fields = tuple(self._field(f) for f in ids)
            doc = Doc(entry, lang, fields, frozenset().union(*(f.features for f in fields)))
            self._made[number] = doc
        return doc

    def _field(self, number: int) -> Field:
        field = self._fields[number]
        if field is None:
            field = self._fields[number] = Field(*self._field_rows[number])
        return field
