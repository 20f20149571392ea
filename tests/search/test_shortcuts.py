"""Shortcuts of engine.SearchIndex answer as the stages they skip would: each against the full path."""

from __future__ import annotations

import pytest
import yaml

from bot import api
from tests.search.test_same_answers import answers_snapshot


@pytest.fixture(scope="module")
def bundled():
    return api.build().index


def test_unknown_numbers_answered_at_once_as_the_stages_answer(bundled, monkeypatch):
    """engine's shortcut for numbers no catalog lists (and nothing else to read) gives the answer
    every stage, scoped and not, gives: on every labelled query and on made-up ones."""
    cases = yaml.safe_load((answers_snapshot.TESTS / "queries" / "lookup.yaml").read_text(encoding="utf-8"))
    queries = [str(c["q"]) for c in cases] + ["9999", "agora 434", "网易 9999", "434 435", "声网 1 2 3", "trtc 99999",
                                              '"123456"', "agora 433 9999", "#9999", "tencent-live 9999"]  # fmt: skip
    fast = {}
    for query in queries:
        bundled.clear_cache()
        fast[query] = bundled.search(query, lang="en").to_dict()
    shortcut = sum(bundled._unknown_numbers_only(bundled.parse(q, lambda t: t.lower() in bundled.index.by_code))
                   for q in queries)  # fmt: skip
    monkeypatch.setattr(type(bundled), "_unknown_numbers_only", lambda self, parsed: False)
    for query in queries:
        bundled.clear_cache()
        assert bundled.search(query, lang="en").to_dict() == fast[query], query
    bundled.clear_cache()
    assert shortcut >= 8
