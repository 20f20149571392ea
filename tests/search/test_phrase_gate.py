"""The phrase stage's gate (SearchIndex._may_spell_a_key) skips only word lists none of whose phrase keys is a
symbol key: on every labelled query the stage answers what the ungated loop answers, and on word lists made of
pieces of real keys (and of everyday words) a skipped list never has a phrase key in by_key."""

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
        if search._may_spell_a_key(parsed.words):
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


def test_a_skipped_word_list_has_no_phrase_key_that_is_a_symbol_key(search):
    pieces = _pieces(search)
    by_key = search.index.by_key

    @settings(max_examples=500, deadline=None)
    @given(st.lists(st.sampled_from(pieces), min_size=1, max_size=6))
    def check(words):
        if not search._may_spell_a_key(words):
            assert not [k for k, _ in ParsedQuery(raw="", words=words).phrase_keys() if k in by_key]

    check()
    spelled = [k for k in sorted(by_key) if k.isalpha()][:40]
    assert all(search._may_spell_a_key([k[:3], k[3:]]) for k in spelled if len(k) > 3)
