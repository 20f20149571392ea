"""Records made without the frozen dataclass's __init__ (bot.results.lookup_result) are the records
its __init__ makes: equal field by field, as frozen, the same JSON, on every labelled query's answer."""

from __future__ import annotations

import dataclasses

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.answers_snapshot import TESTS
from bot import api
from bot.results import Hint, LookupResult, lookup_result

_CASES = yaml.safe_load((TESTS / "queries" / "lookup.yaml").read_text(encoding="utf-8"))


def _by_init(result: LookupResult) -> LookupResult:
    return LookupResult(**{f.name: getattr(result, f.name) for f in dataclasses.fields(LookupResult)})


def test_every_labelled_answer_is_the_record_the_dataclass_makes():
    index = api.build().index
    index.clear_cache()
    for case in _CASES:
        for lang in (None, "en"):
            result = index.search(str(case["q"]), lang=lang)
            again = _by_init(result)
            assert result == again and type(result) is LookupResult, case["q"]
            assert result.to_dict() == again.to_dict()
            assert repr(result) == repr(again)


def test_a_fast_record_is_frozen_and_replaceable():
    made = lookup_result("q", (), "zh", True, (Hint("fuzzy"),), ("agora",), ("x",))
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.query = "other"  # type: ignore[misc]
    assert dataclasses.replace(made, hint="h").hint == "h" and made.hint is None
    assert made.full and made.unknown is None and made.uncovered is None


_TEXT = st.one_of(st.none(), st.text(max_size=5))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=8), _TEXT, st.booleans(), st.lists(st.text(max_size=4), max_size=3),
       st.lists(st.text(max_size=4), max_size=3), st.one_of(st.none(), st.dictionaries(st.text(max_size=3), _TEXT)))
def test_lookup_result_is_the_dataclass_init(query, lang, ambiguous, vendors, suggestions, uncovered):
    hints = (Hint("vendors", {"code": query}),)
    fast = lookup_result(query, (), lang, ambiguous, hints, tuple(vendors), tuple(suggestions), uncovered)
    slow = LookupResult(query=query, lang=lang, ambiguous=ambiguous, hints=hints, vendors=tuple(vendors),
                        suggestions=tuple(suggestions), uncovered=uncovered)  # fmt: skip
    assert fast == slow and fast.to_dict() == slow.to_dict()


def test_a_no_match_left_without_suggestions_is_one_the_suggestions_walk_finds_nothing_for():
    """engine._search skips the did-you-mean walk when nothing can give a label: every labelled query
    it skips it for (in every vendor's scope and each named one) gets no label from that walk, nor
    from the full text scoring (rank.text_hits)."""
    from bot.search import engine

    index = api.build().index
    skipped = 0
    for case in _CASES:
        parsed = index.parse(str(case["q"]))
        for allowed in {engine._everything, index._scope(parsed.vendors, parsed.catalogs)}:
            hits, suggest, text = index._search(parsed, allowed)
            if hits or suggest is not engine._no_suggestions:
                continue
            skipped += 1
            assert index._suggest(parsed, allowed, [], text) == [], case["q"]
            assert index._suggest(parsed, allowed, [], None) == [], case["q"]
    assert skipped > 10
