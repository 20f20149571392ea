"""Score a new batch first, before any engine change for it, and keep the printout.

    .venv/bin/python tests/realworld/first_scored.py batch5- > tests/realworld/FIRST-SCORED-batch5.txt
    .venv/bin/python -m pytest tests/test_realworld.py -q -s | .venv/bin/python tests/realworld/first_scored.py --filter

Prints what `pytest tests/test_realworld.py -s` prints (the whole corpus, then each batch), with
the new batch's own table last. The scorer lists only tune misses; this filter also drops any MISS
line naming a holdout item, whatever printed it, so the holdout is never shown item by item.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.test_realworld import BATCHES, ITEMS, render, score  # noqa: E402

_MISS_ID = re.compile(r"MISS [^:\s]+:(\S+)")


def without_holdout_misses(lines: list[str], holdout: set[str]) -> list[str]:
    kept = []
    for line in lines:
        found = _MISS_ID.search(line)
        if found and found.group(1) in holdout:
            continue
        kept.append(line)
    return kept


def main(prefix: str) -> int:
    holdout = {item["id"] for item in ITEMS if item.get("split") == "holdout"}
    lines = render(score(ITEMS))
    for title, batch_prefix in BATCHES.items():
        batch = [item for item in ITEMS if item["file"].startswith(batch_prefix)]
        if batch:
            lines += render(score(batch), title)
    new = [item for item in ITEMS if item["file"].startswith(prefix)]
    lines += render(score(new), f"first scored: {prefix}*.yaml ({len(new)} items)")
    print("\n".join(without_holdout_misses(lines, holdout)))
    return 0


def filter_stdin() -> int:
    """The scorer's printout on stdin, without any MISS line of a holdout item."""
    holdout = {item["id"] for item in ITEMS if item.get("split") == "holdout"}
    sys.stdout.write("".join(f"{line}\n" for line in without_holdout_misses(sys.stdin.read().splitlines(), holdout)))
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--filter"]:
        sys.exit(filter_stdin())
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "batch5-"))
