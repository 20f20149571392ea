"""Remembered answers: the same as answering afresh, copies a caller may change, bounded, and
kept by the index they came from (a reload's new index starts empty)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
import yaml

from bot.catalogs import load_catalogs
from bot.search import SearchIndex
from bot.search.index import ResultCache

QUERIES = Path(__file__).resolve().parents[1] / "queries" / "lookup.yaml"


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(load_catalogs("").catalogs)


def test_remembered_answers_equal_fresh_ones_on_the_labelled_set(index):
    for case in yaml.safe_load(QUERIES.read_text(encoding="utf-8")):
        query = str(case["q"])
        index.clear_cache()
        fresh = index.lookup(query)
        assert index.lookup(query) == fresh, query  # from the cache
        afresh = SearchIndex._search_afresh(index, query, lang="en").to_dict()
        assert index.lookup(query, lang="en") == afresh, query


def test_changing_an_answer_does_not_change_the_next(index):
    first = index.lookup("433")
    first["matches"][0]["meaning"] = "scribbled over"
    first["matches"].clear()
    first["notes"].append({"kind": "junk"})
    again = index.lookup("433")
    assert again["matches"] and again["matches"][0]["meaning"] != "scribbled over"
    assert {"kind": "junk"} not in again["notes"]


def test_the_cache_is_bounded_and_skips_long_queries():
    cache = ResultCache(size=3)
    for n in range(10):
        cache.put((f"q{n}", 5, None), {"n": n})
    assert cache.get(("q0", 5, None)) is None and cache.get(("q9", 5, None)) == {"n": 9}
    assert len(cache._kept) == 3
    cache.put(("x" * 1000, 5, None), {"n": 1})
    assert cache.get(("x" * 1000, 5, None)) is None


def test_each_index_keeps_its_own_answers_and_pickles_without_them(index):
    other = SearchIndex(load_catalogs("").catalogs)
    index.lookup("433")
    assert index.index.results.get(("433", 5, None)) is not None
    assert other.index.results.get(("433", 5, None)) is None
    copied = pickle.loads(pickle.dumps(index))  # the reload worker's way across processes
    assert copied.index.results.get(("433", 5, None)) is None
    assert copied.lookup("433") == index.lookup("433")


def test_clearing_forgets_the_typo_scans_too(index):
    index.lookup("AuthFailure.SignatureExpierd")
    assert index.index.fuzzy_memo  # the typo scan is remembered for this lookup's own stages
    index.clear_cache()
    assert not index.index.fuzzy_memo and not index.index.results._kept
