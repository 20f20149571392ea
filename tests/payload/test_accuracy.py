"""Accuracy of `explain` on the labelled corpus of realistic pastes (tests/pastes/)."""

from __future__ import annotations

from collections import Counter

import pytest

from bot.payload import explain
from tests.payload.corpus import bundled_index, judge_case, load_cases

CASES = load_cases()
SHAPES_REQUIRED = {"tencent-api", "tencent-sdk", "volcengine", "agora", "netease", "generic", "log"}


def test_corpus_is_big_and_varied():
    assert len(CASES) >= 70
    assert sum(1 for c in CASES if not c.get("expect")) >= 12
    assert len({c["id"] for c in CASES}) == len(CASES), "case ids must be unique"
    shapes = Counter()
    index = bundled_index()
    for case in CASES:
        for finding in explain(index, case["text"])["findings"]:
            shapes[finding["shape"]] += 1
    assert SHAPES_REQUIRED <= set(shapes), f"shapes seen: {dict(shapes)}"


def test_corpus_accuracy_and_no_false_alarm(capsys):
    index = bundled_index()
    right = 0
    false_alarms = []
    failures = []
    for case in CASES:
        result = explain(index, case["text"])
        problems = judge_case(case, result)
        if not problems:
            right += 1
        else:
            failures.append(f"{case['file']}:{case['id']}: " + "; ".join(problems))
        if not case.get("expect") and result["findings"]:
            false_alarms.append(case["id"])
    accuracy = right / len(CASES)
    with capsys.disabled():
        print(f"\npayload corpus: {right}/{len(CASES)} exactly right = {accuracy:.1%}; "
              f"false alarms on no-error texts: {len(false_alarms)}")
        for line in failures:
            print("  MISS", line)
    assert not false_alarms, f"findings in texts with no error: {false_alarms}"
    assert accuracy >= 0.95, "\n".join(failures)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case):
    """Each paste on its own, so a regression names the paste it broke."""
    result = explain(bundled_index(), case["text"])
    assert judge_case(case, result) == []
