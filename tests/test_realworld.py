"""Answers on texts real people posted publicly (tests/realworld/*.yaml), scored by label and split.

Each item was labelled before the engine ever ran on it: `expect.answer` is
- `entry`: a known code; right when a finding for that code states that catalog entry first
  (and is not an ambiguous list);
- `uncovered`: a real error of a vendor or product no catalog covers; right when no finding
  claims any entry (a finding that says "looks like a LiveKit error" is right and counted apart);
- `ambiguous`: a bare generic number; right when it is answered as an ambiguous list (or as
  another vendor's error errcode has no catalog for), never as one vendor's entry;
- `none`: quiet text; right when there is no finding at all (anything else is a false alarm).
Tuning looks only at `split: tune`; `holdout` is scored, never studied. The table is printed
whether or not pytest captures output; the thresholds are the figures reached, asserted.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from tests.payload.corpus import bundled_index

REALWORLD = Path(__file__).parent / "realworld"
LABELS = ("entry", "uncovered", "ambiguous", "none")

# What the engine reaches, asserted so a regression fails. The goals are stricter where
# the figure says "goal": known codes right but 2%, the holdout within 3 points of the tuned part.
MIN_ENTRY_ACCURACY = 0.972  # reached 313/322 (97.2%) over 1468 items (goal 0.98)
MAX_UNCOVERED_CLAIMS = 2  # reached 2 of 602 (goal 0: no entry claimed for a code no catalog covers)
MAX_FALSE_ALARMS = 0  # reached 0 of 314: no finding in quiet text
MIN_TUNE_ACCURACY = 0.999  # reached 1102/1102
MIN_HOLDOUT_ACCURACY = 0.931  # reached 341/366 (93.2%)
MAX_SPLIT_GAP = 0.069  # reached 6.8 points (goal 0.03)
BATCHES = {
    "batch 2 (batch2-*.yaml)": "batch2-",
    "batch 3 (batch3-*.yaml)": "batch3-",
    "batch 4 (batch4-*.yaml)": "batch4-",
    "batch 5 (batch5-*.yaml)": "batch5-",
    "batch 6 (batch6-*.yaml)": "batch6-",
    "batch 7 (batch7-*.yaml)": "batch7-",
    "batch 8 (batch8-*.yaml)": "batch8-",
    "batch 9 (batch9-*.yaml)": "batch9-",
    "batch 10 (batch10-*.yaml)": "batch10-",
    "batch 11 (batch11-*.yaml)": "batch11-",
    "batch 12 (batch12-*.yaml)": "batch12-",
}  # later batches, on their own


def load_items() -> list[dict]:
    items = []
    for path in sorted(REALWORLD.glob("*.yaml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            item["file"] = path.name
            items.append(item)
    return items


def _same_code(finding: dict, code) -> bool:
    return code is None or str(finding.get("code", "")).casefold() == str(code).casefold()


def _claims(finding: dict) -> bool:
    return bool(finding.get("matches")) and not finding.get("ambiguous") and not finding.get("uncovered")


def judge(item: dict, result: dict) -> tuple[bool, str]:
    """(right, what happened) for one item."""
    expect = item.get("expect") or {}
    answer = expect.get("answer")
    code = expect.get("code")
    findings = result.get("findings") or []
    claimed = [f for f in findings if _claims(f)]
    if answer == "none":
        if findings:
            f = findings[0]
            return False, f"false alarm: {f.get('code')} ({f.get('confidence')})"
        return True, "quiet"
    if answer == "uncovered":
        if claimed:
            f = claimed[0]
            first = f["matches"][0]
            return False, f"claimed {first.get('catalog')}:{first.get('code')} for {f.get('code')}"
        said = any(f.get("uncovered") for f in findings)
        return True, "said uncovered" if said else "no claim"
    if answer == "ambiguous":
        if any(_same_code(f, code) for f in claimed):
            first = next(f for f in claimed if _same_code(f, code))["matches"][0]
            return False, f"claimed {first.get('catalog')}:{first.get('code')}"
        if any(_same_code(f, code) and f.get("ambiguous") for f in findings):
            return True, "ambiguous list"
        if any(_same_code(f, code) and f.get("uncovered") for f in findings):
            return True, "said uncovered"  # no entry claimed, and whose it looks like said
        return False, "not answered"
    # entry
    for finding in findings:
        if not _same_code(finding, code) or not finding.get("matches"):
            continue
        first = finding["matches"][0]
        fits = first.get("catalog") == expect.get("catalog") and (
            not expect.get("name") or first.get("name") == expect.get("name")
        )
        if fits and _claims(finding):
            return True, "right"
        if fits:
            return False, "right entry, but only in an ambiguous list"
        return False, f"first is {first.get('catalog')}:{first.get('code')}:{first.get('name')}"
    if any(_same_code(f, code) for f in findings):
        return False, "found the code, stated no entry"
    return False, "missed"


def score(items: list[dict]) -> dict:
    from bot.payload import explain

    index = bundled_index()
    table: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    misses: list[str] = []
    said_uncovered = defaultdict(int)
    for item in items:
        result = explain(index, item["text"])
        right, what = judge(item, result)
        split, label = item.get("split", "tune"), (item.get("expect") or {}).get("answer")
        cell = table[(split, label)]
        cell[1] += 1
        cell[0] += right
        if what == "said uncovered":
            said_uncovered[split] += 1
        if not right:
            misses.append((split, f"{item['file']}:{item['id']} [{label}] {what}"))
    return {"table": table, "misses": misses, "said_uncovered": said_uncovered}


def _accuracy(cells: list[list[int]]) -> float:
    total = sum(c[1] for c in cells)
    return sum(c[0] for c in cells) / total if total else 1.0


def render(scored: dict, title: str = "real-world corpus (tests/realworld/)") -> list[str]:
    table = scored["table"]
    lines = ["", title, f"{'split':<9}{'label':<11}{'right':>7}{'total':>7}{'acc':>8}"]
    for split in ("tune", "holdout"):
        for label in LABELS:
            right, total = table.get((split, label), [0, 0])
            if total:
                lines.append(f"{split:<9}{label:<11}{right:>7}{total:>7}{right / total:>8.1%}")
        cells = [v for (s, _), v in table.items() if s == split]
        if cells:
            lines.append(
                f"{split:<9}{'all':<11}{sum(c[0] for c in cells):>7}{sum(c[1] for c in cells):>7}"
                f"{_accuracy(cells):>8.1%}   (uncovered said so: {scored['said_uncovered'][split]})"
            )
    lines += summary(table)
    tune_misses = [m for s, m in scored["misses"] if s == "tune"]
    holdout_misses = sum(1 for s, _ in scored["misses"] if s == "holdout")
    lines += [f"  MISS {m}" for m in tune_misses]
    if holdout_misses:
        lines.append(f"  (holdout misses: {holdout_misses}, not listed: the holdout is not studied)")
    return lines


def figures(table: dict) -> dict:
    """The issue's measures over both splits: known codes right, claims on uncovered codes,
    false alarms, and how far the holdout falls below the tuned part."""

    def cells(keep):
        return [v for key, v in table.items() if keep(*key)]

    entry = cells(lambda _, label: label == "entry")
    uncovered = cells(lambda _, label: label == "uncovered")
    quiet = cells(lambda _, label: label == "none")
    tune, holdout = cells(lambda s, _: s == "tune"), cells(lambda s, _: s == "holdout")
    return {
        "entry_right": sum(c[0] for c in entry),
        "entry_total": sum(c[1] for c in entry),
        "entry": _accuracy(entry),
        "uncovered_claims": sum(c[1] - c[0] for c in uncovered),
        "uncovered_total": sum(c[1] for c in uncovered),
        "false_alarms": sum(c[1] - c[0] for c in quiet),
        "quiet_total": sum(c[1] for c in quiet),
        "tune": _accuracy(tune),
        "holdout": _accuracy(holdout),
        "has_holdout": bool(holdout),
    }


def summary(table: dict) -> list[str]:
    f = figures(table)
    lines = [
        f"known codes right {f['entry_right']}/{f['entry_total']} ({f['entry']:.1%})",
        f"claims on uncovered codes {f['uncovered_claims']} of {f['uncovered_total']}",
        f"false alarms {f['false_alarms']} of {f['quiet_total']} quiet texts",
    ]
    if f["has_holdout"]:
        lines.append(f"holdout gap {(f['tune'] - f['holdout']) * 100:.1f} points (tune {f['tune']:.1%}, holdout {f['holdout']:.1%})")
    return lines


ITEMS = load_items()


@pytest.mark.skipif(not ITEMS, reason="no real-world corpus in tests/realworld/")
def test_realworld_corpus(capsys):
    scored = score(ITEMS)
    with capsys.disabled():
        print("\n".join(render(scored)))
        for title, prefix in BATCHES.items():
            batch = [item for item in ITEMS if item["file"].startswith(prefix)]
            if batch:
                print("\n".join(line for line in render(score(batch), title) if "MISS" not in line))
    f = figures(scored["table"])
    entry, uncovered_claims, false_alarms = f["entry"], f["uncovered_claims"], f["false_alarms"]
    tune, holdout = f["tune"], f["holdout"]
    assert entry >= MIN_ENTRY_ACCURACY, f"known codes right {entry:.1%}"
    assert uncovered_claims <= MAX_UNCOVERED_CLAIMS, f"{uncovered_claims} claims on uncovered codes"
    assert false_alarms <= MAX_FALSE_ALARMS, f"{false_alarms} false alarms"
    assert tune >= MIN_TUNE_ACCURACY and holdout >= MIN_HOLDOUT_ACCURACY, f"tune {tune:.1%}, holdout {holdout:.1%}"
    assert abs(tune - holdout) <= MAX_SPLIT_GAP, f"tune {tune:.1%} vs holdout {holdout:.1%}"


def test_items_are_labelled_and_sourced():
    for item in ITEMS:
        assert item.get("id") and item.get("text") and item.get("source"), item.get("id")
        assert (item.get("expect") or {}).get("answer") in LABELS, item["id"]
        assert item.get("split") in ("tune", "holdout"), item["id"]


def test_generic_cloud_words_are_entries_only_with_vendor_evidence():
    # the relabel rule of session 4 (tests/realworld/README.md), kept for every batch to come
    from tests.realworld.relabel_generic_cloud_words import new_expect

    assert [item["id"] for item in ITEMS if new_expect(item) is not None] == []
