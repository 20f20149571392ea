"""Candidate pruning for big catalogs: fewer keys and documents reach rapidfuzz, the same answers come out.

Two exact filters, used by rank.py when an index is big enough for a scan to cost milliseconds:

- `KeyGrams.candidates`: the symbol keys that may lie within `typos` edits of a typed key. An
  edit (substitution, insertion, deletion, or OSA's adjacent transposition) spoils at most Q+1 of
  the key's positional Q-grams, so any key within `typos` edits still contains at least one of any
  `typos * (Q + 1) + 1` of them: the union of the rarest ones' postings holds every match. Of any
  m distinct grams, a match so keeps m - typos * (Q + 1) (an edit loses at most Q + 1 of them): with
  COUNT_EXTRA more grams counted, only keys having that many are kept. The candidates keep the order `Index.fuzzy_choices` gives, so rapidfuzz's ties break the same way.
- `top_documents`: the best documents by summed feature weight, what `heapq.nlargest` over the
  accumulated overlap gives (same documents, same order), found by walking classes of documents
  that share exactly the same query features (C-level set intersections), best class first;
  the first few classes usually hold the `limit` documents.
"""

from __future__ import annotations

import heapq
import re
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from itertools import groupby
from operator import itemgetter

Q = 3  # gram size: trigrams are rare enough among 60,000 symbol keys and short enough for typos
PRUNE_MIN_KEYS = 2_000  # fewer fuzzy keys than this: a full scan is already fast (no grams built)
SCAN_MIN_RANGE = 400  # a length range this small is scanned whole
COUNT_EXTRA = 4  # grams counted beyond the `needed` rarest: a match must have that many more of them
TEXT_MIN_POSTINGS = 3_000  # fewer postings than this: plain accumulation is as fast
TEXT_MAX_FEATURES = 8  # classes are subsets of the query's features: 255 at most


class KeyGrams:
    """Trigram postings over the fuzzy keys, numbered in `fuzzy_choices` order (by length, then
    bucket order); each posting is an ascending array of key numbers."""

    def __init__(self, keys: list[str], grams: dict[str, array | memoryview]):
        self.keys = keys
        self.lengths = array("I", map(len, keys))
        self.grams = grams

    @classmethod
    def build(cls, fuzzy_keys: Mapping[int, Sequence[str]]) -> KeyGrams | None:
        keys = [key for length in sorted(fuzzy_keys) for key in fuzzy_keys[length]]
        if len(keys) < PRUNE_MIN_KEYS:
            return None
        postings: defaultdict[str, list[int]] = defaultdict(list)
        for number, key in enumerate(keys):
            for gram in set(map("".join, zip(key, key[1:], key[2:], strict=False))):  # Q = 3
                postings[gram].append(number)
        return cls(keys, {gram: array("I", numbers) for gram, numbers in postings.items()})

    def __reduce__(self):  # memoryviews don't pickle (a reload's worker sends its index back)
        return KeyGrams.from_plain, (self.plain(),)

    def plain(self) -> dict:
        return {"keys": self.keys, "grams": {gram: numbers.tobytes() for gram, numbers in self.grams.items()}}

    @classmethod
    def from_plain(cls, state: dict | None) -> KeyGrams | None:
        if state is None:
            return None
        # read in place: a memoryview of the record's bytes indexes, slices and bisects like the array
        grams = {gram: memoryview(raw).cast("I") for gram, raw in state["grams"].items()}
        return cls(list(state["keys"]), grams)

    def candidates(self, key: str, typos: int) -> list[str] | None:
        """Every fuzzy key of length len(key) ± typos that may be within `typos` OSA edits of `key`,
        in `fuzzy_choices` order; None when pruning would not pay (scan them all instead)."""
        grams_in_key = len(key) - Q + 1
        needed = typos * (Q + 1) + 1
        if grams_in_key < needed:
            return None
        lo = bisect_left(self.lengths, len(key) - typos)
        hi = bisect_right(self.lengths, len(key) + typos)
        if hi - lo < SCAN_MIN_RANGE:
            return None
        sized = []
        for start in range(grams_in_key):
            numbers = self.grams.get(key[start : start + Q])
            if numbers is None:  # a gram no key has: a position every match must have spoiled
                sized.append((0, start, 0, 0))
                continue
            first, last = bisect_left(numbers, lo), bisect_left(numbers, hi)
            sized.append((last - first, start, first, last))
        sized.sort()
        rarest: dict[str, tuple[int, int, int]] = {}  # distinct grams, rarest first
        for size, start, first, last in sized:
            rarest.setdefault(key[start : start + Q], (size, first, last))
        found: set[int] | list[int]
        if len(rarest) > needed:  # enough distinct grams to count: a match has `least` of the chosen
            chosen = list(rarest.items())[: needed + COUNT_EXTRA]
            least = len(chosen) - typos * (Q + 1)
            counts: Counter[int] = Counter()
            for gram, (size, first, last) in chosen:
                if size:
                    counts.update(self.grams[gram][first:last])
            found = [n for n, times in counts.items() if times >= least]
        else:  # any one of `needed` positions' grams
            found = set()
            used: set[str] = set()
            for size, start, first, last in sized[:needed]:
                gram = key[start : start + Q]
                if size and gram not in used:
                    used.add(gram)
                    found.update(self.grams[gram][first:last])
        if len(found) * 2 > hi - lo:
            return None
        return list(map(self.keys.__getitem__, sorted(found)))


def top_documents(
    postings: Mapping[str, list[int]],
    recall: Sequence[str],
    weights: Mapping[str, float],
    allowed: Callable[[int], bool] | None,
    doc_entry: Sequence[int],
    limit: int,
    bitmaps: Mapping[str, int] | None = None,
) -> dict[int, float]:
    """The `limit` allowed documents with the highest summed weight of the `recall` features they
    have, with that sum, in the order heapq.nlargest gives over the overlap accumulated feature by
    feature in `recall` order (ties: the document met first first). Postings ascend. `bitmaps`:
    `feature_bitmaps(postings)`, made once per index (a feature not in it is made here)."""
    if len(recall) > TEXT_MAX_FEATURES or sum(len(postings[f]) for f in recall) < TEXT_MIN_POSTINGS:
        return _accumulated(postings, recall, weights, allowed, doc_entry, limit)
    if allowed is None:
        allowed = _every_document
    known = bitmaps or {}
    classes = _Classes([known.get(f) or bitmap_of(postings[f]) for f in recall])
    out: dict[int, float] = {}
    for total, tied in _ranked_classes(recall, weights):  # the first few classes usually fill `limit`
        found = 0
        for mask in tied:  # tied classes are disjoint: their union, met in document order
            found |= classes.exactly(mask)
        if not found:
            continue
        wanted = limit - len(out)
        if found.bit_count() > 4 * wanted:  # a big class: its first documents, unless the scope rejects some
            first = _members(found, wanted)
            if all(allowed(doc_entry[doc]) for doc in first):
                out.update(dict.fromkeys(first, total))
                return out
        for doc in _members(found):  # met in document order
            if allowed(doc_entry[doc]):
                out[doc] = total
                if len(out) == limit:
                    return out
    return out


def _every_document(_: int) -> bool:
    return True


def _ranked_classes(recall: Sequence[str], weights: Mapping[str, float]) -> list[tuple[float, list[int]]]:
    """Every non-empty subset of the features (a bit mask) with its sum, best first; subsets with
    the same sum and the same first feature are tied (their documents are met in document order)."""
    ranked = []
    for mask in range(1, 1 << len(recall)):
        total, first = 0.0, -1
        for i, feature in enumerate(recall):
            if mask >> i & 1:
                total = total + weights[feature]  # summed in recall order, as accumulation does
                if first < 0:
                    first = i
        ranked.append((-total, first, mask))
    ranked.sort()
    return [(-key[0], [mask for _, _, mask in tied]) for key, tied in groupby(ranked, key=lambda c: (c[0], c[1]))]


class _Classes:
    """Documents by the query features they have: bit masks over the features, each feature's
    documents a bitmap (a Python int, bit n set for document n: AND and AND NOT of whole rows in C,
    where sets of thousands of postings cost more to build than the whole walk)."""

    def __init__(self, rows: list[int]):
        self.rows = rows
        self._having: dict[int, int] = {}  # mask -> documents with at least those features

    def having(self, mask: int) -> int:
        """Built from the mask less its lowest feature (remembered): an empty one stays empty for
        free, and most of the masks of a query that no document fits are empty."""
        found = self._having.get(mask)
        if found is None:
            low = (mask & -mask).bit_length() - 1
            rest = mask & (mask - 1)
            if not rest:
                found = self.rows[low]
            else:
                found = self.having(rest)
                found = found & self.rows[low] if found else found
            self._having[mask] = found
        return found

    def exactly(self, mask: int) -> int:
        """The documents that have exactly the features in `mask`."""
        found = self.having(mask)
        for i, other in enumerate(self.rows):
            if not found:
                break
            if not mask >> i & 1:
                found &= ~other
        return found


BITMAP_MIN_POSTINGS = 512  # a longer posting list is kept as a bitmap too: one costs at most half the list


def bitmap_of(numbers: Sequence[int]) -> int:
    """A posting list as a bitmap: bit n set for document n."""
    if not numbers:
        return 0
    bits = bytearray((max(numbers) >> 3) + 1)
    for n in numbers:
        bits[n >> 3] |= 1 << (n & 7)
    return int.from_bytes(bits, "little")


def feature_bitmaps(postings: Mapping[str, Sequence[int]]) -> dict[str, int]:
    """Bitmaps of the features whose postings are long enough for a set of them to cost."""
    return {f: bitmap_of(p) for f, p in postings.items() if len(p) >= BITMAP_MIN_POSTINGS}


BYTE_WALK_MAX = 200  # more documents than this are read from the bitmap's binary string
_BYTE_BITS = tuple(tuple(i for i in range(8) if byte >> i & 1) for byte in range(256))
_NONZERO_BYTE = re.compile(rb"[^\x00]")


def _members(bitmap: int, limit: int | None = None) -> list[int]:
    """The documents of a bitmap, ascending (the first `limit` of them): its bytes' set bits, the
    empty bytes skipped by a C scan (a bitmap spans every document; a class holds a few)."""
    if limit is None and bitmap.bit_count() > BYTE_WALK_MAX:  # dense: one str scan per bit instead
        bits = bin(bitmap)[:1:-1]  # bit 0 first
        return _set_bits(bits)
    raw = bitmap.to_bytes((bitmap.bit_length() + 7) // 8, "little")
    out: list[int] = []
    for found in _NONZERO_BYTE.finditer(raw):
        at = found.start()
        base = at * 8
        out += [base + bit for bit in _BYTE_BITS[raw[at]]]
        if limit is not None and len(out) >= limit:
            return out[:limit]
    return out


def _set_bits(bits: str) -> list[int]:
    out: list[int] = []
    at = bits.find("1")
    while at >= 0:
        out.append(at)
        at = bits.find("1", at + 1)
    return out


def _accumulated(postings, recall, weights, allowed, doc_entry, limit) -> dict[int, float]:
    """heapq.nlargest(limit, overlap) as a dict: a stable sort, best first, is the same list (ties in
    the order met). `allowed` None: every document."""
    if not recall:
        return {}
    if len(recall) == 1:  # one feature: every document has the same sum, in posting order
        weight = 0.0 + weights[recall[0]]
        docs = postings[recall[0]]
        if allowed is not None:
            docs = [d for d in docs if allowed(doc_entry[d])]
        return dict.fromkeys(docs[:limit], weight)
    # the first feature's documents, each 0.0 + its weight (in posting order, as the loop meets them)
    overlap: dict[int, float] = dict.fromkeys(postings[recall[0]], 0.0 + weights[recall[0]])
    get = overlap.get
    for feature in recall[1:]:
        weight = weights[feature]
        for doc in postings[feature]:
            overlap[doc] = get(doc, 0.0) + weight
    scoped = overlap.items() if allowed is None else [(d, w) for d, w in overlap.items() if allowed(doc_entry[d])]
    return dict(sorted(scoped, key=_SECOND, reverse=True)[:limit])


_SECOND = itemgetter(1)  # a pair's weight (C)


def _overlap_reference(postings, recall, weights, allowed, doc_entry, limit) -> dict[int, float]:
    """What `_accumulated` gives, written plainly (tests compare the two)."""
    overlap: dict[int, float] = {}
    for feature in recall:
        weight = weights[feature]
        for doc in postings[feature]:
            overlap[doc] = overlap.get(doc, 0.0) + weight
    scoped = ((d, w) for d, w in overlap.items() if allowed is None or allowed(doc_entry[d]))
    return dict(heapq.nlargest(limit, scoped, key=lambda kv: kv[1]))
