"""Free text scored only as far as the answer needs: rank.text_hits' answers, for fewer documents.

rank.text_hits picks the TEXT_CANDIDATES documents with the most idf-weighted overlap, then runs
`doc_score` (rapidfuzz, per field) on every one of them. A lookup shows the first few entries, and
a no-match the first three did-you-mean labels, so most of that work decides nothing. Here each
candidate gets an upper bound of its score first (its recall, from the overlap already summed;
similarity taken as perfect), candidates are scored best bound first, and scoring stops once no
remaining bound can change what is shown:

- `answers(keep)`: every entry that can be among the first `keep` answers (all whose rounded score
  ties the keep-th one's), each with text_hits' exact score;
- `weak(label)`: when there is no answer, the entries that can give the first SUGGESTION_LABELS
  did-you-mean labels, in text_hits' order (what a stable sort by score keeps for ties).

Scores come from rank.doc_score with text_hits' floor, so every score is the same float.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable

from bot.search.index import Index
from bot.search.prune import top_documents
from bot.search.rank import (
    COMMON_FEATURE_SHARE,
    MIN_SCORE,
    RARE_POSTINGS,
    SPECIFIC_FEATURES,
    SUGGEST_MIN,
    TEXT_CANDIDATES,
    TEXT_MAX,
    Allowed,
    DocScorer,
    Scored,
    feature_weights,
    field_trust,
    rerank_bonuses,
)
from bot.search.text import HAS_CJK, comparable, comparable_features

SUGGESTION_LABELS = 3  # did-you-mean labels a no-match shows (engine._suggest)
BIT_TEST_MAX_DOCS = 20_000  # up to this many documents a feature's bitmap is small enough to test bits of
FLAG_TEST_MAX_DOCS = 5_000  # ... and up to this many, a byte per document is (Index.feature_flags: O(1) a test)
_SLACK = 1e-9  # a bound is computed in another order of float sums than the score it bounds
_TENTH = 0.05 + 1e-6  # below a rounded score by this much rounds to a lower tenth
_FLOOR_SLACK = 1e-9  # a scorer's floor a hair under the cutoff: a score at the cutoff is above it


class TextSearch:
    """One free-text query against one scope: analysed once, its candidates scored lazily."""

    def __init__(self, index: Index, query: str, allowed: Allowed | None, *, limit: int = TEXT_CANDIDATES):
        """`allowed`: the scope (None: every entry)."""
        self.index = index
        self.query = query
        self.order: list[int] = []  # candidate documents, in text_hits' order
        self.queue: list[int] = []  # the same, highest bound first
        self._have: dict[int, float] = {}
        self._rank: dict[int, int] | None = None  # text_hits' order of each candidate, made when a tie asks
        self._total = 1.0
        self.raw: dict[int, float] = {}  # document -> doc_score, once scored
        self._below: dict[int, float] = {}  # document -> a floor its doc_score is below (_collect)
        compared = comparable(query)
        # rank.features(query), compared once; sorted as text_hits sorts it (the same ties in every process)
        query_features = sorted(set(comparable_features(compared)))
        if not query_features:
            return
        weights = feature_weights(index, query_features)
        postings = index.postings
        common = max(50, int(len(index.docs) * COMMON_FEATURE_SHARE))
        recall = [f for f in query_features if 0 < len(postings.get(f, ())) <= common]
        if not recall:  # only words most entries have ("错误", "failed"): nothing specific was asked
            return
        # text_hits' candidates and their sums, in its order (prune.py: without summing every
        # posting at 50,000 entries)
        overlap = top_documents(postings, recall, weights, allowed, index.doc_entry, limit, index.postings_bitmaps)
        self.order = list(overlap)
        self.weights = weights
        self.cjk = bool(HAS_CJK.search(query))
        self.compared = compared
        # a short Chinese query whose every bigram only a few entries have is specific on its own
        self.rare = self.cjk and all(0 < len(postings.get(f, ())) <= RARE_POSTINGS for f in query_features)
        self.floor = SUGGEST_MIN / TEXT_MAX  # text_hits' floor: below it doc_score may stop early
        self._total = sum(weights.values())
        # the weight of the query's features each candidate has: the overlap, plus the features too
        # many documents have to be in it
        have = overlap
        shared = [(f, w) for f, w in weights.items() if len(postings.get(f, ())) > common]
        # (each candidate's extra weight summed from 0.0 in `weights` order, as sum() would: one loop,
        # no comprehension per candidate)
        if shared and len(index.doc_entry) <= FLAG_TEST_MAX_DOCS:  # a byte of each feature's flags, a few
            flags = [(index.feature_flags(f), w) for f, w in shared]  # kB: cheaper than a Doc
            have = {}
            for doc_id in self.order:
                extra = 0.0
                for flag, w in flags:
                    if flag[doc_id]:
                        extra += w
                have[doc_id] = overlap[doc_id] + extra
        elif shared and len(index.doc_entry) <= BIT_TEST_MAX_DOCS:  # a bit of each feature's bitmap, a few
            bits = [(index.feature_bitmap(f), w) for f, w in shared]  # kB: cheaper than a Doc
            have = {}
            for doc_id in self.order:
                extra = 0.0
                for bitmap, w in bits:
                    if bitmap >> doc_id & 1:
                        extra += w
                have[doc_id] = overlap[doc_id] + extra
        elif shared:  # looked up in each candidate's own features: no set of a long posting list is kept
            docs = index.docs
            have = {}
            for doc_id in self.order:
                feats = docs[doc_id].features
                extra = 0.0
                for f, w in shared:
                    if f in feats:
                        extra += w
                have[doc_id] = overlap[doc_id] + extra
        self._have = have
        # best bound first (stable: ties in text_hits' order; the order is by overlap already)
        self.queue = self.order if have is overlap else sorted(self.order, key=have.__getitem__, reverse=True)
        self._memo: dict = {}  # field text -> similarity: documents of one entry share fields
        self._scorer = DocScorer(compared, weights, self.cjk, self.rare, self._memo, index.field_tokens)

    def score(self, doc_id: int) -> float:
        """TEXT_MAX * doc_score, as text_hits has it."""
        found = self.raw.get(doc_id)
        if found is None:
            found = self.raw[doc_id] = self._scorer(self.index.docs[doc_id], self.floor)
        return TEXT_MAX * found

    def bonuses(self, entries: list[int]) -> dict[int, float]:
        """rank.rerank_bonuses(index, entries, self.query), reusing the scores already made: a
        document scored above the floor has the score a floor of 0 gives (doc_score stops early
        only below its floor), when the query was not scored as `rare` (rerank never is)."""
        if not self.order:
            return rerank_bonuses(self.index, entries, self.query)
        out: dict[int, float] = {}
        index, raw, reuse = self.index, self.raw, not self.rare
        scorer = self._scorer if reuse else DocScorer(self.compared, self.weights, self.cjk, memo=self._memo,
                                                      tokens=index.field_tokens)  # fmt: skip
        for entry in entries:
            best = 0.0
            for doc_id in index.entry_docs[entry]:
                value = raw.get(doc_id) if reuse else None
                if value is None or value <= self.floor:
                    value = scorer(index.docs[doc_id])
                best = max(best, value)
            out[entry] = best
        return out

    def bound(self, doc_id: int) -> float:
        """TEXT_MAX * an upper bound of the document's score: its recall, with a perfect similarity."""
        return TEXT_MAX * (0.6 * self._have[doc_id] / self._total + 0.4) + _SLACK

    def fields_bound(self, doc_id: int) -> float:
        """A tighter bound, field by field as doc_score weighs them (how much of the field the query
        explains, its weight), with a perfect similarity: worth it before the similarities."""
        doc = self.index.docs[doc_id]
        scorer = self._scorer
        query_features, specificity, compact = scorer.features, scorer.specificity, scorer.compact
        base = 0.6 * self._have[doc_id] / self._total
        best = 0.0
        rare = self.rare
        for field in doc.fields:
            if rare:
                trust = field_trust(field, query_features, specificity, rare, compact)
                if not trust:
                    continue
            else:  # field_trust of a query not specific (else no fields_bound is asked) nor rare
                shared = len(field.features & query_features)
                if not shared:
                    continue
                trust = specificity + (1.0 - specificity) * shared / len(field.features)
            bound = trust * (base + 0.4 * field.weight)
            if bound > best:
                best = bound
        return TEXT_MAX * best + _SLACK

    def _collect(self, min_score: float, rise: Callable[[dict, float, float], float]) -> tuple[dict, float]:
        """Each entry's best score of min_score and up, with the document giving it (of two scoring
        the same, the first in text_hits' order), walking the queue until no bound reaches the
        cutoff; `rise(entries, score, cutoff)` gives the cutoff after an entry's best changed. (One
        loop, nothing called per document but the scorer: a document costs its fields.)"""
        entries: dict[int, tuple[float, int]] = {}
        cutoff = min_score
        if not self.queue:  # nothing specific asked: no candidates (and no scorer made)
            return entries, cutoff
        have, total, raw, below = self._have, self._total, self.raw, self._below
        docs, doc_entry, scorer, floor = self.index.docs, self.index.doc_entry, self._scorer, self.floor
        # with SPECIFIC_FEATURES features or more, a field's bound differs from the document's only
        # by the field's weight: not worth a second walk over the fields
        specific = len(self.weights) >= SPECIFIC_FEATURES and not self.rare
        for doc_id in self.queue:
            if TEXT_MAX * (0.6 * have[doc_id] / total + 0.4) + _SLACK < cutoff:  # self.bound(doc_id)
                break  # the queue is in bound order: nothing after it can reach the cutoff either
            found = raw.get(doc_id)
            if found is None:
                # scored with the cutoff as its floor (the scorer's similarity bounds prune against
                # it): at or above that floor a score is exact; below it, only "below" is known,
                # and what is below the cutoff, which only rises, changes nothing here
                now = cutoff / TEXT_MAX - _FLOOR_SLACK
                if now <= floor:
                    now = floor
                known = below.get(doc_id)
                if known is not None and known <= now:
                    continue  # scored before against a floor no higher: below this one too
                if not specific and self.fields_bound(doc_id) < cutoff:
                    continue  # it cannot reach the cutoff, which only rises
                found = scorer(docs[doc_id], now)
                if found < now and now > floor:
                    below[doc_id] = now
                    continue
                raw[doc_id] = found  # exact, or below text_hits' floor (as `score` keeps it)
            score = TEXT_MAX * found
            if score < min_score:
                continue
            entry = doc_entry[doc_id]
            old = entries.get(entry)
            if old is None or score > old[0] or (score == old[0] and self._first(doc_id, old[1])):
                entries[entry] = (score, doc_id)
                cutoff = rise(entries, score, cutoff)
        return entries, cutoff

    def _first(self, doc_id: int, other: int) -> bool:
        """Whether `doc_id` comes before `other` in text_hits' order (the ranks made on the first tie)."""
        rank = self._rank
        if rank is None:
            rank = self._rank = dict(zip(self.order, range(len(self.order)), strict=True))
        return rank[doc_id] < rank[other]

    def _hit(self, entry: int, score: float, doc_id: int) -> Scored:
        return Scored(entry, score, "text", {"text_lang": self.index.docs[doc_id].lang})

    def answers(self, keep: int) -> list[Scored]:
        """The entries scoring MIN_SCORE and up that can be among the first `keep` answers."""
        keep = max(1, keep)
        kth = None  # the keep-th best entry score, once there are `keep` entries

        def rise(entries: dict, score: float, cutoff: float) -> float:
            nonlocal kth
            # an entry's best rising to at most the keep-th score leaves the keep-th score as it is
            if len(entries) >= keep and (kth is None or score > kth):
                kth = heapq.nlargest(keep, [s for s, _ in entries.values()])[-1]
                return max(cutoff, round(kth, 1) - _TENTH)
            return cutoff

        entries, cutoff = self._collect(MIN_SCORE, rise)
        return [self._hit(e, s, d) for e, (s, d) in entries.items() if s >= cutoff]

    def weak(self, label: Callable[[int], str]) -> list[Scored]:
        """Hits down to SUGGEST_MIN that can give the first SUGGESTION_LABELS distinct labels, in the
        order text_hits lists its hits (an entry where its first document scoring that much stands)."""

        def rise(entries: dict, score: float, cutoff: float) -> float:
            # an entry's best staying below the labels' cutoff changes no label above it
            return max(cutoff, _last_label_score(entries, label)) if score >= cutoff else cutoff

        entries, cutoff = self._collect(SUGGEST_MIN, rise)
        kept = {e for e, (s, _) in entries.items() if s >= cutoff}
        first: dict[int, int] = {}  # entry -> rank of its first document scoring SUGGEST_MIN and up
        doc_entry = self.index.doc_entry
        for rank, doc_id in enumerate(self.order):
            entry = doc_entry[doc_id]
            if entry in kept and entry not in first and self.score(doc_id) >= SUGGEST_MIN:
                first[entry] = rank
        return [self._hit(e, entries[e][0], entries[e][1]) for e in sorted(kept, key=first.__getitem__)]


def _last_label_score(entries: dict[int, tuple[float, int]], label: Callable[[int], str]) -> float:
    """The score of the entry giving the SUGGESTION_LABELS-th distinct label (0 while fewer)."""
    seen: set[str] = set()
    for entry, (score, _) in sorted(entries.items(), key=lambda kv: -kv[1][0]):
        seen.add(label(entry))
        if len(seen) == SUGGESTION_LABELS:
            return score
    return 0.0
