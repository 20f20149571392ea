"""The labelled corpus of pastes (tests/pastes/*.yaml) and how a finding is judged against it."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

PASTES = Path(__file__).parents[1] / "pastes"


def load_cases() -> list[dict]:
    cases = []
    for path in sorted(PASTES.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            case["file"] = path.name
            cases.append(case)
    return cases


@lru_cache(maxsize=1)
def bundled_index():
    from bot.api import build

    return build("").index  # bundled catalogs only, whatever ERRCODE_CATALOGS says


def judge(expected: dict, finding: dict) -> list[str]:
    """What differs between one expected finding and the actual one ([] when exactly right)."""
    wrong = []
    for key in ("code", "vendor"):
        if str(finding.get(key)) != str(expected.get(key)):
            wrong.append(f"{key}: {finding.get(key)!r} != {expected.get(key)!r}")
    first = (finding.get("matches") or [None])[0]
    if (first or {}).get("catalog") != expected.get("catalog"):
        wrong.append(f"first match catalog: {(first or {}).get('catalog')!r} != {expected.get('catalog')!r}")
    if "name" in expected and (first or {}).get("name") != expected["name"]:
        wrong.append(f"first match name: {(first or {}).get('name')!r} != {expected['name']!r}")
    for key in ("request_id", "http_status", "fallback_from", "ambiguous"):
        if key in expected and finding.get(key) != expected[key]:
            wrong.append(f"{key}: {finding.get(key)!r} != {expected[key]!r}")
    if "server_code" in expected:
        server = finding.get("server_code") or {}
        if str(server.get("code")) != str(expected["server_code"]) or not server.get("matches"):
            wrong.append(f"server_code: {server!r} != {expected['server_code']!r} with matches")
    return wrong


def judge_case(case: dict, result: dict) -> list[str]:
    findings = result["findings"]
    expected = case.get("expect") or []
    problems = []
    if len(findings) != len(expected):
        problems.append(
            f"{len(findings)} findings {[f['code'] for f in findings]} != {len(expected)} expected "
            f"{[e['code'] for e in expected]}"
        )
    for want, got in zip(expected, findings, strict=False):
        problems += judge(want, got)
    return problems


def findings(text: str) -> list[dict]:
    """explain's findings of `text` on the bundled catalogs."""
    from bot.payload import explain

    return explain(bundled_index(), text)["findings"]


def finding_for(text: str, code: str) -> dict:
    """The first finding of `code` in `text` (fails, showing what was found, when there is none)."""
    found = [f for f in findings(text) if f["code"] == code]
    assert found, (code, findings(text))
    return found[0]
