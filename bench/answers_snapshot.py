"""The answers of every labelled set, dumped, so a speed change can show it changed none of them.

- tests/queries/lookup.yaml: `api.lookup` of every query in English and in Chinese, full JSON,
  and the index's own answer (no language asked, what bench/lookup.py times) as a digest;
- tests/pastes/*.yaml and tests/realworld/*.yaml: `api.explain` of every text, one SHA-256 of its
  JSON per item (the texts are long; a changed answer is found, then looked at with `--show ID`).

Bundled catalogs only, no ERRCODE_LANG. tests/search/test_same_answers.py compares against the
committed snapshot (tests/search/answers.json).

    python -m bench.answers_snapshot            # rewrite tests/search/answers.json
    python -m bench.answers_snapshot --check    # say which answers differ from it
    python -m bench.answers_snapshot --show pastes/agora.yaml#agora-query-404-435
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
SNAPSHOT = TESTS / "search" / "answers.json"
LANGS = ("en", "zh")


def _bundled_only() -> None:
    for name in ("ERRCODE_CATALOGS", "ERRCODE_LANG"):
        os.environ.pop(name, None)


def _canonical(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _digest(value) -> str:
    return hashlib.sha256(_canonical(value).encode()).hexdigest()[:24]


def queries() -> list[str]:
    cases = yaml.safe_load((TESTS / "queries" / "lookup.yaml").read_text(encoding="utf-8"))
    return list(dict.fromkeys(str(case["q"]) for case in cases))


def texts() -> dict[str, str]:
    """`folder/file.yaml#id` -> text, for every paste and real-world item."""
    found: dict[str, str] = {}
    for folder in ("pastes", "realworld"):
        for path in sorted((TESTS / folder).glob("*.yaml")):
            for number, item in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")) or []):
                if isinstance(item, dict) and "text" in item:
                    found[f"{folder}/{path.name}#{item.get('id', number)}"] = item["text"]
    return found


def lookup_answers() -> dict[str, dict]:
    from bot import api

    return {f"{lang}|{q}": api.lookup(q, lang=lang) for q in queries() for lang in LANGS}


def index_answers() -> dict[str, str]:
    """What bench/lookup.py times: the index's own answer (no language asked), one digest a query."""
    from bot import api

    index = api.knowledge().index
    return {q: _digest(index.lookup(q)) for q in queries()}


def explain_answers() -> dict[str, dict]:
    from bot import api

    return {name: api.explain(text) for name, text in texts().items()}


def snapshot() -> dict:
    """Every answer, from a freshly built index of the bundled catalogs (what was served before is
    served again afterwards)."""
    from bot import api

    _bundled_only()
    served = api.current()
    api.install(api.build(""))
    try:
        return {
            "lookup": lookup_answers(),
            "index": index_answers(),
            "explain": {name: _digest(answer) for name, answer in explain_answers().items()},
        }
    finally:
        api.install(served)


def dumps(made: dict) -> str:
    """The snapshot as JSON with one answer a line, so a diff names the answers that changed."""
    parts = []
    for part in ("explain", "index", "lookup"):
        rows = ",\n".join(f"{_canonical(k)}:{_canonical(v)}" for k, v in sorted(made[part].items()))
        parts.append(f"{_canonical(part)}:{{\n{rows}\n}}")
    return "{" + ",\n".join(parts) + "}\n"


def differences(old: dict, new: dict) -> list[str]:
    """What differs between two snapshots, one line per answer."""
    out: list[str] = []
    for part in ("lookup", "index", "explain"):
        before, after = old.get(part, {}), new.get(part, {})
        for key in sorted(set(before) | set(after)):
            if key not in after:
                out.append(f"{part}: {key!r} no longer asked")
            elif key not in before:
                out.append(f"{part}: {key!r} not in the snapshot")
            elif _canonical(before[key]) != _canonical(after[key]):
                out.append(f"{part}: {key!r} answered differently")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.answers_snapshot", description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the snapshot instead of writing it")
    parser.add_argument("--show", metavar="ID", help="print one paste/realworld item's explain JSON")
    args = parser.parse_args(argv)
    if args.show:
        _bundled_only()
        from bot import api

        print(json.dumps(api.explain(texts()[args.show]), ensure_ascii=False, indent=1))
        return 0
    made = snapshot()
    if args.check:
        diff = differences(json.loads(SNAPSHOT.read_text(encoding="utf-8")), made)
        print("\n".join(diff) or "same answers")
        return 1 if diff else 0
    SNAPSHOT.write_text(dumps(made), encoding="utf-8")
    print(f"{SNAPSHOT.relative_to(ROOT)}: {len(made['lookup'])} lookups, {len(made['explain'])} explains")
    return 0


if __name__ == "__main__":
    sys.exit(main())
