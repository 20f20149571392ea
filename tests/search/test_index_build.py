"""The index's build side (bot/search/index.py): the exact tables made without the texts' analysis
are the ones made from it, and its shortcuts give what the functions they stand in for give."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.catalogs import load_catalogs
from bot.catalogs.model import Entry
from bot.search import SearchIndex
from bot.search.index import analyse_catalog, entry_keys
from bot.search.text import fold_symbol


@settings(max_examples=2000, deadline=None, derandomize=True)
@given(st.from_regex(r"[A-Za-z0-9.]{1,24}", fullmatch=True) | st.text(max_size=12))
def test_entry_keys_folds_codes_and_names_as_fold_symbol_does(text):
    if not text.strip():
        return
    code, keys, _, _ = entry_keys(Entry("c", "v", None, text, "error", text, "en", "m"))
    assert code == text.strip().lower()
    assert keys[0][0] == fold_symbol(text)
    assert (fold_symbol(text), "name", 98.0) in keys


def test_the_exact_tables_are_the_same_with_or_without_analyses():
    catalogs = load_catalogs("").catalogs
    alone = SearchIndex(catalogs).index
    analysed = SearchIndex(catalogs, [analyse_catalog(c) for c in catalogs]).index
    assert (alone.by_code, alone.by_key, alone.by_prefix) == (analysed.by_code, analysed.by_key, analysed.by_prefix)
    assert [list(row[:3]) + [row[-1]] for c in catalogs for row in analyse_catalog(c)["entries"]] == [
        list(entry_keys(e)) for c in catalogs for e in c.entries
    ]
