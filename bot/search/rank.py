"""Scoring: exact codes and symbols, typos, dotted fallbacks, and free text, all on 0..100.

MIN_SCORE is the one threshold: a candidate below it is not an answer. Exact codes score
92..100, typo matches 78..86, a family prefix 72, dotted fallbacks 70, free text at most 90.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from itertools import compress

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.search.bounds import SIMILAR_SLACK, token_set_most
from bot.search.index import FUZZY_MEMO_KEPT, SCORE_PREFIX, Doc, FieldTokens, Index, KeyHit
from bot.search.prune import top_documents
from bot.search.query import CodeToken
from bot.search.text import EN_WEAK, HAS_CJK, comparable, features, fold_symbol

# Below this nothing is returned. Chosen on the labelled query set (tests/queries/lookup.yaml):
# the best free-text candidate for chatter ("deploy finished", "收到", "the meeting moved to 3pm")
# scores 49 or less (one known outlier: "we are in the meeting room", 67), while the right
# answers to Chinese and English descriptions score 63 and up. A single vague word ("meeting",
# "房间") that explains only half of an entry's text scores 60 and gets suggestions instead.
# Codes, names and typos score 70 and up.
MIN_SCORE = 62.0

SCORE_FUZZY_BASE = 90.0  # minus FUZZY_STEP per edit (OSA distance: a transposition is one edit)
FUZZY_STEP = 6.0
SUGGEST_MIN = 40.0  # did-you-mean suggestions for a no-match come from candidates above this
SCORE_FALLBACK = 70.0  # `InvalidParameter.AccountIdMismatch` answered by `InvalidParameter`
TEXT_MAX = 90.0  # free text never outranks an exact code
TEXT_CANDIDATES = 60  # documents rescored with rapidfuzz after the inverted-index pass
SPECIFIC_FEATURES = 3  # a query with this many features (bigrams/words) is specific on its own
COMMON_FEATURE_SHARE = 0.05  # features in more than this share of documents only rescore, never recall
RARE_FIELD_RATIO = 3  # ... in a meaning at most this many times its length (a word of it, not a passing one)
RARE_POSTINGS = 4  # documents (entry x language) a Chinese bigram may be in and still be rare
WEAK_WEIGHT = 0.3
STRADDLE_WEIGHT = 0.01  # a bigram across two words: still a feature of the query, but no evidence  # text.EN_WEAK words ("wrong", "failed") count this much of their idf


def feature_weights(index: Index, query_features: list[str]) -> dict[str, float]:
    idf = index.idf  # a feature some entry has (its idf), or not (a straddling bigram, or an unknown word)
    known = None
    weights: dict[str, float] = {}
    for f in query_features:
        weight = idf.get(f)
        if weight is None:
            if known is None:
                postings = index.postings
                known = [k for k in query_features if k in postings]
            if _straddles(f, known, index):
                weights[f] = STRADDLE_WEIGHT
                continue
            weight = index.idf_of(f)
        weights[f] = weight * (WEAK_WEIGHT if f in EN_WEAK else 1.0)
    return weights


def _straddles(feature: str, known: list[str], index: Index) -> bool:
    """A Chinese bigram no entry has, spanning two words entries do have ("录制失败" -> 制失): it says
    nothing against an entry, so it weighs next to nothing instead of counting as an unknown word."""
    if len(feature) != 2 or feature in index.postings or not HAS_CJK.match(feature):
        return False
    first, second = feature
    return any(k.endswith(first) and k != feature for k in known) and any(
        k.startswith(second) and k != feature for k in known
    )


@dataclass(slots=True)
class Scored:
    """One entry (its number in the index) scored by a stage (payload's Hit is a possible finding)."""

    entry: int
    score: float
    match: str  # code | name | symbol | fuzzy | prefix | fallback | text
    extra: dict | None = None


Allowed = Callable[[int], bool]


def max_typos(key: str) -> int:
    """One or two typos, by length: short symbols allow one, long ones two. Numbers none."""
    if key.isdigit() or len(key) < 5:
        return 0
    return 1 if len(key) < 9 else 2


def exact_hits(index: Index, token: CodeToken, allowed: Allowed) -> list[Scored]:
    """Exact code first; then the folded symbol key (case, separators, missing prefix)."""
    hits = [Scored(n, 100.0, "code") for n in index.by_code.get(token.text.strip().lower(), ()) if allowed(n)]
    if hits or token.kind == "number":
        return hits
    return key_hits(index, token.key, allowed)


def key_hits(index: Index, key: str, allowed: Allowed) -> list[Scored]:
    found: list[KeyHit] = index.by_key.get(key, [])
    return [Scored(entry, score, match) for entry, match, score in found if allowed(entry)]


def fuzzy_hits(index: Index, key: str, allowed: Allowed, *, extra_typos: int = 0) -> list[Scored]:
    """Symbols within one or two edits (rapidfuzz OSA over same-length buckets). Never numbers."""
    typos = max_typos(key)
    if typos == 0:
        return []
    typos += extra_typos
    hits: list[Scored] = []
    for choice, distance in _near_keys(index, key, typos):
        if distance == 0:
            continue
        score = SCORE_FUZZY_BASE - FUZZY_STEP * distance
        for entry, _, key_score in index.by_key[choice]:
            if allowed(entry):
                # a typo on a suffix key is worth a little less than on the full symbol
                hits.append(Scored(entry, score - (100.0 - key_score) / 4, "fuzzy", {"matched_key": choice}))
    return hits


FUZZY_LIMIT = 20


def _near_keys(index: Index, key: str, typos: int) -> list[tuple[str, float]]:
    """Keys within `typos` edits of `key`, nearest first, at most FUZZY_LIMIT (the zero-distance key
    included), remembered by the index: a scoped lookup that falls back to every vendor, and its
    did-you-mean, scan each key once per typo allowance. (One wider scan serving both the search
    and the did-you-mean was measured: 1.6x slower for the common case, a typo that is found.)"""
    memo = index.fuzzy_memo
    near = memo.get((key, typos))
    if near is None:
        near = _scan(index, key, typos)
        if len(memo) >= FUZZY_MEMO_KEPT:
            memo.clear()
        memo[(key, typos)] = near
    return near


def _scan(index: Index, key: str, typos: int) -> list[tuple[str, float]]:
    choices = index.fuzzy_choices(len(key), typos, key)
    found = process.extract(key, choices, scorer=OSA.distance, score_cutoff=typos, limit=FUZZY_LIMIT)
    return [(choice, distance) for choice, distance, _ in found]


def prefix_hits(index: Index, key: str, allowed: Allowed) -> list[Scored]:
    """Every code of a dotted family whose prefix was typed alone (`InternalError` -> InternalError.*)."""
    return [Scored(n, SCORE_PREFIX, "prefix") for n in index.by_prefix.get(key, ()) if allowed(n)]


def fallback_hits(index: Index, token: CodeToken, allowed: Allowed) -> list[Scored]:
    """A dotted sub-code nobody lists answers with its nearest listed parent."""
    parts = token.text.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        parent = ".".join(parts[:cut])
        hits = [
            Scored(n, SCORE_FALLBACK, "fallback") for n in index.by_code.get(parent.lower(), ()) if allowed(n)
        ]
        if not hits:
            hits = [
                Scored(entry, SCORE_FALLBACK, "fallback")
                for entry, _, key_score in index.by_key.get(fold_symbol(parent), ())
                if allowed(entry) and key_score >= 97.0
            ]
        if hits:
            for hit in hits:
                hit.extra = {"fallback_from": token.text}
            return hits
    return []


def field_trust(field, query_features, specificity: float, rare: bool, compact: str) -> float:
    """How far a field's match counts (0: the field has no word of the query, it explains nothing).
    doc_score weighs each field by it, and text_search's bounds must weigh it the same way."""
    if specificity == 1.0:  # a specific query: any field sharing a word is trusted fully
        if field.features.isdisjoint(query_features):
            return 0.0
        trust = 1.0
    else:
        shared = len(field.features & query_features)
        if not shared:
            return 0.0
        trust = specificity + (1.0 - specificity) * shared / len(field.features)
    if rare and field.name == "meaning" and compact in field.text.replace(" ", "") and (
        len(field.text.replace(" ", "")) <= RARE_FIELD_RATIO * len(compact)
    ):
        return 1.0  # a short Chinese word few entries have, inside this one's meaning: "限流"
    return trust


_TRUST_SLACK = 1e-9  # field_trust's sums may round a hair above 1.0


def doc_score(
    doc: Doc,
    query: str,
    weights: dict[str, float],
    cjk: bool,
    floor: float = 0.0,
    rare: bool = False,
    memo: dict | None = None,
) -> float:
    """0..1: how well `doc` answers a free-text query (0 when it cannot reach `floor`).

    recall: idf-weighted share of the query's features the entry has (an unknown word counts
    against); precision: share of the best field the query explains; similarity: rapidfuzz.
    A short query ("收到", "start") is weak evidence unless it covers a whole field ("超时"):
    with fewer than SPECIFIC_FEATURES features, precision decides how much recall counts.
    `memo` (field text -> similarity) is for one query: an entry's documents share fields.
    """
    return DocScorer(query, weights, cjk, rare, memo)(doc, floor)


class DocScorer:
    """`doc_score` for one query: what depends on the query alone is made once, and each document
    costs its own fields only (the same floats: the same sums in the same order, the same scorers).
    With `tokens`, a field whose similarity bound cannot lift it above max(best so far, floor) is
    not compared: a score at or above the floor is the same float, one below it stays below (what
    doc_score gives below its floor no caller reads; with floor 0 every score is the same)."""

    __slots__ = ("query", "weights", "cjk", "rare", "memo", "total", "_keys", "_values", "features",
                 "specificity", "compact", "_similar", "_tokens", "_words", "_words_length", "_most")  # fmt: skip

    def __init__(self, query: str, weights: dict[str, float], cjk: bool, rare: bool = False, memo: dict | None = None,
                 tokens: FieldTokens | None = None):  # fmt: skip
        """`tokens`: the index's FieldTokens, for an upper bound of a Latin query's similarity to a
        field before computing it (None: every similarity is computed)."""
        self.query = query
        self.weights = weights
        self.cjk = cjk
        self.rare = rare
        self.memo = memo  # field text -> similarity (None: none kept)
        self.total = sum(weights.values())
        self._keys = tuple(weights)
        self._values = tuple(weights.values())
        self.features = frozenset(weights)  # the query's features as a set: C-level & and isdisjoint
        self.specificity = min(1.0, len(weights) / SPECIFIC_FEATURES)
        self.compact = query.replace(" ", "")
        self._similar = _similarity_of(query, cjk)
        self._tokens = None if cjk else tokens  # token_set_ratio's bound is for Latin queries
        self._words = frozenset(query.split())  # token_set_ratio's tokens of the query
        self._words_length = sum(map(len, self._words)) + len(self._words) - 1  # their joined length
        self._most: dict[str, float] = {}  # field text -> token_set_most (this query's)

    def recall(self, doc: Doc) -> float:
        """The idf-weighted share of the query's features the document has (summed in `weights`
        order: sum() over the same items, without a comprehension per document)."""
        return sum(compress(self._values, map(doc.features.__contains__, self._keys))) / self.total

    def __call__(self, doc: Doc, floor: float = 0.0) -> float:
        base = 0.6 * (sum(compress(self._values, map(doc.features.__contains__, self._keys))) / self.total)  # recall
        if base + 0.4 < floor:  # even a perfect similarity could not lift it
            return 0.0
        query_features = self.features
        specific = self.specificity == 1.0  # then a field's trust is 1 or 0 (`rare` makes it 1: it is)
        memo = self.memo
        best = 0.0
        for field in doc.fields:
            most = base + 0.4 * field.weight  # the field's bound with a perfect similarity, trusted fully
            if most + _TRUST_SLACK <= (best if best > floor else floor):
                continue  # trust is at most 1 (give or take a rounding): the bound below is no higher
            if specific:  # field_trust of a specific query
                if field.features.isdisjoint(query_features):
                    continue
                trust = 1.0
            elif not self.rare:  # field_trust of a short query, not rare
                shared = len(field.features & query_features)
                if not shared:
                    continue
                trust = self.specificity + (1.0 - self.specificity) * shared / len(field.features)
            else:
                trust = field_trust(field, query_features, self.specificity, True, self.compact)
                if not trust:
                    continue
            if trust * most <= (best if best > floor else floor):
                continue
            similar = None if memo is None else memo.get(field.text)
            if similar is None:
                if self._tokens is not None:  # can the similarity lift this field above the threshold?
                    most_similar = self._most.get(field.text)
                    if most_similar is None:
                        words, length = self._tokens.get(field.text)
                        most_similar = self._most[field.text] = token_set_most(
                            self._words, self._words_length, words, length)  # fmt: skip
                    top = trust * (base + 0.4 * ((most_similar + SIMILAR_SLACK) / 100.0 * field.weight))
                    if top <= best or top < floor:  # strictly above this field's score: it cannot
                        continue
                similar = self._similar(field.text)
                if memo is not None:
                    memo[field.text] = similar
            score = trust * (base + 0.4 * (similar / 100.0 * field.weight))
            if score > best:
                best = score
        return best


def _similarity_of(query: str, cjk: bool) -> Callable[[str], float]:
    """How alike the query and a field's text are (0..100), as a function of the text: Latin text
    by its words (token_set_ratio); Chinese by the field's best window, or whole when shorter."""
    if not cjk:
        return partial(fuzz.token_set_ratio, query)
    size = len(query)

    def similar(text: str) -> float:
        if size <= len(text):
            return fuzz.partial_ratio(query, text)
        return fuzz.ratio(query, text)

    return similar


def text_hits(
    index: Index, query: str, allowed: Allowed, *, limit: int = TEXT_CANDIDATES, min_score: float = MIN_SCORE
) -> list[Scored]:
    """Free text over names, meanings, handling and context, in every language an entry has.

    Recall: idf-weighted overlap of Chinese bigrams / stemmed Latin words (inverted index);
    the best TEXT_CANDIDATES documents are then scored by `doc_score`, scaled to TEXT_MAX.
    Documents that cannot reach `min_score` are dropped without running the scorers.
    """
    query_features = sorted(set(features(query)))  # sorted: the same ties in every process (str hashes are salted)
    if not query_features:
        return []
    weights = feature_weights(index, query_features)
    common = max(50, int(len(index.docs) * COMMON_FEATURE_SHARE))
    recall = [f for f in query_features if 0 < len(index.postings.get(f, ())) <= common]
    if not recall:  # only words most entries have ("错误", "failed"): nothing specific was asked
        return []
    cjk = bool(HAS_CJK.search(query))
    compared = comparable(query)
    floor = min_score / TEXT_MAX
    # a short Chinese query whose every bigram only a few entries have is specific on its own
    rare = cjk and all(0 < len(index.postings.get(f, ())) <= RARE_POSTINGS for f in query_features)
    best: dict[int, Scored] = {}
    docs = index.docs
    doc_entry = index.doc_entry
    bitmaps = index.postings_bitmaps
    scorer = DocScorer(compared, weights, cjk, rare, tokens=index.field_tokens)
    for doc_id in top_documents(index.postings, recall, weights, allowed, doc_entry, limit, bitmaps):  # prune.py
        doc = docs[doc_id]
        score = TEXT_MAX * scorer(doc, floor)
        if score >= min_score and (doc.entry not in best or score > best[doc.entry].score):
            best[doc.entry] = Scored(doc.entry, score, "text", {"text_lang": doc.lang})
    return list(best.values())


def rerank_bonus(index: Index, entry: int, query: str) -> float:
    """How well the words around a code fit an entry (0..1), to order entries sharing that code."""
    return rerank_bonuses(index, [entry], query).get(entry, 0.0)


def rerank_bonuses(index: Index, entries: list[int], query: str) -> dict[int, float]:
    """`rerank_bonus` of several entries, the query analysed once for all of them."""
    query_features = sorted(set(features(query))) if query else []
    if not query_features:
        return dict.fromkeys(entries, 0.0)
    weights = feature_weights(index, query_features)
    cjk = bool(HAS_CJK.search(query))
    scorer = DocScorer(comparable(query), weights, cjk, tokens=index.field_tokens)
    return {
        entry: max((scorer(doc) for doc in index.docs_of(entry)), default=0.0)
        for entry in entries
    }
