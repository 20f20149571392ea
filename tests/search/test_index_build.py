"""The index's build side (bot/search/index.py): the exact tables made without the texts' analysis
are the ones made from it, and its shortcuts give what the functions they stand in for give."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.catalogs import load_catalogs
from bot.catalogs.model import Entry
from bot.search import SearchIndex
from bot.search.index import analyse_catalog, entry_keys
from bot.search.text import fold_symbol, symbol_suffixes

_IDENTIFIER = re.compile(r"\b[A-Za-z]+[a-z0-9][A-Z][A-Za-z0-9_.]*\b")


def reference_keys(entry: Entry) -> tuple:
    """entry_keys as it was first written, from fold_symbol and symbol_suffixes alone."""
    keys, prefixes = [], []
    code_key = fold_symbol(entry.code)
    exact = code_key == entry.code.strip().lower()
    keys.append((code_key, "code" if exact else "symbol", 100.0 if exact else 97.0))
    if "." in code_key:
        keys.append((code_key.replace(".", ""), "symbol", 97.0))
        parts = code_key.split(".")
        prefixes.extend(".".join(parts[:cut]) for cut in range(1, len(parts)))
        keys.extend((suffix, "symbol", 92.0) for suffix in symbol_suffixes(code_key) if not suffix.isdigit())
    if entry.name:
        name_key = fold_symbol(entry.name)
        keys.append((name_key, "name", 98.0))
        if "." in name_key:
            keys.extend((suffix, "name", 92.0) for suffix in symbol_suffixes(name_key))
    aliases = [fold_symbol(word) for word in _IDENTIFIER.findall(entry.note)] if entry.note else []
    return entry.code.strip().lower(), keys, prefixes, aliases


@settings(max_examples=2000, deadline=None, derandomize=True)
@given(st.from_regex(r"[A-Za-z0-9.]{1,24}", fullmatch=True) | st.text(max_size=12))
def test_entry_keys_folds_codes_and_names_as_fold_symbol_does(text):
    if not text.strip():
        return
    entry = Entry("c", "v", None, text, "error", text, "en", "m", note=f"see {text}")
    assert entry_keys(entry) == reference_keys(entry)


@settings(max_examples=1000, deadline=None, derandomize=True)
@given(st.lists(st.from_regex(r"[A-Za-z0-9]{0,6}", fullmatch=True), min_size=1, max_size=5))
def test_dotted_codes_have_the_keys_and_prefixes_they_always_had(parts):
    code = ".".join(parts)
    if not code.strip():
        return
    entry = Entry("c", "v", None, code, "error", None, "en", "m")
    assert entry_keys(entry) == reference_keys(entry)


def test_generated_and_bundled_entries_have_the_keys_they_always_had(tmp_path):
    from bench.generate import generate_catalogs

    generate_catalogs(tmp_path, 3000, catalogs=2)
    for catalog in load_catalogs(str(tmp_path)).catalogs:
        assert [entry_keys(e) for e in catalog.entries] == [reference_keys(e) for e in catalog.entries]


def test_the_exact_tables_are_the_same_with_or_without_analyses():
    catalogs = load_catalogs("").catalogs
    alone = SearchIndex(catalogs).index
    analysed = SearchIndex(catalogs, [analyse_catalog(c) for c in catalogs]).index
    assert (alone.by_code, alone.by_key, alone.by_prefix) == (analysed.by_code, analysed.by_key, analysed.by_prefix)
    assert [list(row[:3]) + [row[-1]] for c in catalogs for row in analyse_catalog(c)["entries"]] == [
        list(entry_keys(e)) for c in catalogs for e in c.entries
    ]


def test_complete_makes_every_part():
    catalogs = load_catalogs("").catalogs
    index = SearchIndex(catalogs).index
    assert set(index._pending) == {"text", "typo"}
    index.complete()
    assert index._pending == {} and {"docs", "postings", "fuzzy_keys"} <= set(vars(index))
