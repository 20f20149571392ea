"""The phrase stage reads only the runs of words that fold to a symbol key (SearchIndex._key_windows, then
ParsedQuery.phrase_keys_among): on every labelled query the stage answers what the plain loop over every
phrase key answers, and on word lists made of pieces of real keys (and of everyday words) the keys it reads
are phrase_keys' keys that are in by_key, in the same order."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.answers_snapshot import TESTS
from bot import api
from bot.search.engine import _everything
from bot.search.query import ParsedQuery
from bot.search.rank import key_hits


@pytest.fixture(scope="module")
def search():
    return api.build().index


def _ungated(search, parsed, allowed):
    """SearchIndex._phrase_hits without the gate, as it was written before it."""
    if not parsed.words:
        return []
    content = len(parsed.content_words)
    by_key = search.index.by_key
    for key, size in parsed.phrase_keys():
        if key not in by_key:
            continue
        hits = [h for h in key_hits(search.index, key, allowed)
                if h.score >= 97.0 or (search._phrase_may_suffix(key, size) and size >= content)]  # fmt: skip
        if hits:
            return hits
    return []


def test_the_phrase_stage_answers_as_without_the_gate_on_every_labelled_query(search):
    cases = yaml.safe_load((TESTS / "queries" / "lookup.yaml").read_text(encoding="utf-8"))
    by_code = search.index.by_code
    skipped = kept = 0
    for case in cases:
        parsed = search.parse(str(case["q"]), lambda t: t.lower() in by_code)
        if not parsed.words:
            continue
        assert search._phrase_hits(parsed, _everything) == _ungated(search, parsed, _everything), case["q"]
        if search._key_windows(parsed.words) != []:
            kept += 1
        else:
            skipped += 1
    assert skipped > 100 and kept > 20


def _pieces(search) -> list[str]:
    """Pieces of the index's symbol keys (as words a person might split them into) and everyday words."""
    out = {"the", "not", "found", "room", "a_", "_", "x.y", "invalid", "app", "Id", "ID", "é", "fail", "a\x00b", "a-b",
           ".a", "_.", "a._", "Ro_om", "\x00"}
    for key in sorted(search.index.by_key)[::3]:
        out.update({key[:4], key[4:9], key[9:], key[:6], key[6:]})
    return sorted(p for p in out if p)


def test_the_keys_read_are_the_phrase_keys_that_are_symbol_keys(search):
    pieces = _pieces(search)
    by_key = search.index.by_key
    read = []

    @settings(max_examples=500, deadline=None)
    @given(st.lists(st.sampled_from(pieces), min_size=1, max_size=6))
    def check(words):
        parsed = ParsedQuery(raw="", words=words)
        windows = search._key_windows(words)
        if windows is not None:
            wanted = [(k, size) for k, size in parsed.phrase_keys() if k in by_key]
            assert [(k, size) for k, size in parsed.phrase_keys_among(windows)] == wanted
            read.append(bool(wanted))
        assert search._phrase_hits(parsed, _everything) == _ungated(search, parsed, _everything)

    check()
    assert any(read) and not all(read)
    spelled = [k for k in sorted(by_key) if k.isalpha()][:40]
    assert all(search._key_windows([k[:3], k[3:]]) for k in spelled if len(k) > 3)


def test_a_key_spelled_with_a_stopword_is_read_by_the_share_rule(search):
    """A run holding a stopword ("in valid parameter") counts only its content words: with two more words
    it holds too few of the query's to be read, alone it is read (phrase_keys' rule)."""
    from bot.search.text import EN_STOPWORDS

    by_key = search.index.by_key
    cases = 0
    for key in sorted(by_key):
        stop = next((w for w in sorted(EN_STOPWORDS, key=len, reverse=True)
                     if key.startswith(w) and len(key) > len(w) + 2 and key.isalpha()), None)  # fmt: skip
        if stop is None:
            continue
        rest = key[len(stop) :]
        half = len(rest) // 2
        for words in ([stop, rest], [stop, rest[:half], rest[half:]], [stop, rest[:half], rest[half:], "foo", "bar"]):
            parsed = ParsedQuery(raw="", words=words)
            wanted = [(k, size) for k, size in parsed.phrase_keys() if k in by_key]
            assert parsed.phrase_keys_among(search._key_windows(words)) == wanted, words
            assert search._phrase_hits(parsed, _everything) == _ungated(search, parsed, _everything)
        cases += 1
    assert cases > 5
