"""Accuracy of `lookup` on the labelled query set (tests/queries/lookup.yaml), per category.

The table is written to the terminal whether or not pytest captures output; the test fails
when overall accuracy drops below 95%. The "english" category counts only once some entry
carries English text (a later issue adds translations); until then it is reported, not judged.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from bot.catalogs import load_catalogs
from bot.render.words import note_text
from bot.search import SearchIndex

QUERIES = Path(__file__).parents[1] / "queries" / "lookup.yaml"
REQUIRED_ACCURACY = 0.95


def said(result: dict, lang: str | None = None) -> str | None:
    """The search's notes in words, as `lookup --json` says them in `hint` (bot.api) in the asked language."""
    return note_text(result["notes"], lang)


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(load_catalogs("").catalogs)  # bundled catalogs only, whatever the environment


def _expected(raw) -> list[tuple[str, str, str | None]] | None:
    if raw == "none" or raw is None:
        return None
    options = raw if isinstance(raw, list) else [raw]
    parsed = []
    for option in options:
        catalog, code, *name = option.split(":")
        parsed.append((catalog, code, name[0] if name else None))
    return parsed


def _first_fits(match: dict, options: list[tuple[str, str, str | None]]) -> bool:
    return any(
        (catalog in ("*", match["catalog"]))
        and code == match["code"]
        and (name is None or name == match["name"])
        for catalog, code, name in options
    )


def _follow_up(index: SearchIndex, case: dict) -> dict:
    """A case with `thread` is a follow-up typed in a thread errcode answered for that vendor."""
    from bot.search.follow_up import follow_up

    answer = follow_up(index, case["q"], case["thread"] or None, None)
    matches = [{"catalog": m.catalog, "code": m.code, "name": m.name, "match": m.extra.get("match"), "score": m.score}
               for m in answer.matches]
    return {"matches": matches, "ambiguous": False, "notes": (), "unknown": answer.unknown}


def judge(index: SearchIndex, case: dict) -> str | None:
    """None when the answer is right, else what went wrong."""
    result = _follow_up(index, case) if "thread" in case else index.lookup(case["q"])
    matches = result["matches"]
    if "unknown" in case:  # a code no catalog holds, said to be unknown in the thread
        if matches:
            return f"expected unknown, got {matches[0]['catalog']}:{matches[0]['code']}"
        return None if result.get("unknown") == case["unknown"] else f"unknown is {result.get('unknown')!r}"
    options = _expected(case["expect"])
    if options is None:
        return None if not matches else f"expected nothing, got {matches[0]['catalog']}:{matches[0]['code']}"
    if not matches:
        return "no match"
    first = matches[0]
    if not _first_fits(first, options):
        return (
            f"first is {first['catalog']}:{first['code']}:{first['name']} ({first['match']} {first['score']})"
        )
    if "ambiguous" in case and result["ambiguous"] != case["ambiguous"]:
        return f"ambiguous is {result['ambiguous']}"
    if case.get("ambiguous") and not said(result):
        return "ambiguous without a hint"
    missing = set(case.get("includes", ())) - {m["catalog"] for m in matches}
    if missing:
        return f"missing {sorted(missing)}"
    if "match" in case and first.get("match") != case["match"]:
        return f"match is {first.get('match')}"
    return None


def _has_english(index: SearchIndex) -> bool:
    return any("en" in entry.languages() for entry in index.entries)


def test_query_set_is_large_and_labelled():
    cases = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    assert len(cases) >= 150
    categories = {c["cat"] for c in cases}
    for needed in (
        "exact_number",
        "exact_symbol",
        "symbol_variant",
        "typo",
        "vendor_scoped",
        "ambiguous",
        "chinese",
        "english",
        "no_match",
    ):
        assert needed in categories
    assert all("q" in c and "expect" in c for c in cases)


def test_accuracy_per_category(index: SearchIndex, capsys):
    cases = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    english_counts = _has_english(index)
    right: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    failures: list[str] = []
    for case in cases:
        problem = judge(index, case)
        total[case["cat"]] += 1
        if problem is None:
            right[case["cat"]] += 1
        else:
            failures.append(f"  [{case['cat']}] {case['q']!r}: {problem}")

    counted = [c for c in total if c != "english" or english_counts]
    overall = sum(right[c] for c in counted) / sum(total[c] for c in counted)
    lines = [
        "",
        "lookup accuracy on tests/queries/lookup.yaml",
        f"{'category':<16}{'right':>7}{'total':>7}{'acc':>8}",
    ]
    for cat in sorted(total):
        note = "" if cat in counted else "  (reported only: no entry has English text yet)"
        lines.append(f"{cat:<16}{right[cat]:>7}{total[cat]:>7}{right[cat] / total[cat]:>8.1%}{note}")
    lines.append(
        f"{'overall':<16}{sum(right[c] for c in counted):>7}{sum(total[c] for c in counted):>7}"
        f"{overall:>8.1%}"
    )
    report = "\n".join(lines + (["misses:", *failures] if failures else []))
    with capsys.disabled():  # shown with or without -s
        print(report)
    assert overall >= REQUIRED_ACCURACY, report


def test_numbers_are_never_fuzzy(index: SearchIndex):
    for code in ("434", "4330", "43", "1002", "605030002"):
        assert index.lookup(code)["matches"] == [], code


def test_english_category_once_translations_exist(index: SearchIndex):
    """English free text needs English entry text; until a catalog has some, this is skipped, not faked."""
    if not _has_english(index):
        pytest.skip(
            "no bundled entry has English text yet (translations issue); english queries are reported only"
        )
    cases = [c for c in yaml.safe_load(QUERIES.read_text(encoding="utf-8")) if c["cat"] == "english"]
    right = sum(judge(index, case) is None for case in cases)
    assert right / len(cases) >= 0.8, f"english {right}/{len(cases)}"
