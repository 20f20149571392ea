"""Upper bounds of rapidfuzz similarities from what two texts' tokens are, without comparing their
characters: rank.DocScorer asks one before computing a similarity that may not matter."""

from __future__ import annotations

SIMILAR_SLACK = 1e-6  # token_set_most is computed in other float steps than rapidfuzz's score


def token_set_most(words: frozenset[str], length: int, other: frozenset[str], other_length: int) -> float:
    """An upper bound of fuzz.token_set_ratio(a, b) from the two texts' whitespace tokens (sets) and
    their joined lengths (sum of lengths + spaces), without comparing characters: with I the shared
    tokens (joined length s), rapidfuzz takes the best of the Indel ratio of the two differences
    (normalised by len(a) + len(b): at most 2 min / (len(a) + len(b)), their lengths differing by
    |len(a) - len(b)|) and, when I is not empty, 2s / (len(a) + s) and 2s / (len(b) + s); 100 when
    one text's tokens hold the other's."""
    if not words or not other:
        return 0.0
    total = length + other_length
    shared = words & other
    if not shared:
        return 100.0 * (1.0 - abs(length - other_length) / total)
    if len(shared) == len(words) or len(shared) == len(other):
        return 100.0
    sect = sum(map(len, shared)) + len(shared) - 1
    return 100.0 * max(2.0 * min(length, other_length) / total, 2.0 * sect / (length + sect),
                       2.0 * sect / (other_length + sect))  # fmt: skip


class FieldTokens:
    """Each field text's whitespace tokens (a set) and their joined length, made when a bound first
    asks and kept with the index: catalog text only, at most KEPT texts (then started again)."""

    KEPT = 4096  # a lookup reads a few hundred field texts; a long one's set is a few kB

    def __init__(self):
        self._made: dict[str, tuple[frozenset[str], int]] = {}

    def __reduce__(self):  # an index sent from the reload worker makes its own
        return FieldTokens, ()

    def get(self, text: str) -> tuple[frozenset[str], int]:
        found = self._made.get(text)
        if found is None:
            words = frozenset(text.split())
            found = (words, sum(map(len, words)) + len(words) - 1)
            if len(self._made) >= self.KEPT:
                self._made.clear()
            self._made[text] = found
        return found
