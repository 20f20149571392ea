"""The tune/holdout split rule the batch scripts share (split_batch5.py, split_batch6.py): within
each (kind, answer) stratum, items in writing order fall in blocks of four; at position k (0-3) of
a block that has no holdout yet, the item is `holdout` iff int(sha256(seed + id), 16) % (4 - k) == 0,
so the last item of a full block without one is always `holdout`.

Standard library only (plus PyYAML to read the files); it never imports the bot.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import yaml

HERE = Path(__file__).parent


def assign(items: list[dict], seed: str, answer_at_split: dict[str, str]) -> dict[str, str]:
    """The split of every item id, from its place in its (kind, answer) stratum. `answer_at_split`:
    items relabelled after their split was committed keep the stratum of the answer they had."""
    position: dict[tuple, int] = defaultdict(int)
    block_has_holdout: dict[tuple, bool] = defaultdict(bool)
    split = {}
    for item in items:
        stratum = (item["kind"], answer_at_split.get(item["id"], item["expect"]["answer"]))
        k = position[stratum] % 4
        if k == 0:
            block_has_holdout[stratum] = False
        digest = int(hashlib.sha256((seed + item["id"]).encode("utf-8")).hexdigest(), 16)
        holdout = not block_has_holdout[stratum] and digest % (4 - k) == 0
        if holdout:
            block_has_holdout[stratum] = True
        split[item["id"]] = "holdout" if holdout else "tune"
        position[stratum] += 1
    return split


def rewrite(path: Path, split: dict[str, str]) -> None:
    """Set the `split:` line of each item in place, keeping the file's layout."""
    out, current = [], None
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        match = re.match(r"- id: (\S+)", line)
        if match:
            current = match.group(1)
        if current and re.match(r"  split: (tune|holdout)\s*$", line):
            line = f"  split: {split[current]}\n"
        out.append(line)
    path.write_text("".join(out), encoding="utf-8")


def with_dropped(items: list[dict], dropped: dict[str, tuple[str, str, str]]) -> list[dict]:
    """The writing order: each dropped item (id -> (kind, answer, id of the item it followed)) back
    in its place, after the item it followed, so no other item's split moves."""
    out: list[dict] = []

    def place(item: dict) -> None:
        out.append(item)
        for dropped_id, (kind, answer, after) in dropped.items():
            if after == item["id"]:
                place({"id": dropped_id, "kind": kind, "expect": {"answer": answer}})

    for item in items:
        place(item)
    return out


def run(argv: list[str], *, batch: int, seed: str, files: tuple[str, ...], answer_at_split: dict[str, str],
        writing_order: Callable[[list[dict]], list[dict]] = list) -> int:  # fmt: skip
    """Verify (exit 1 listing the items that differ) or, with --write, set every item's split.
    `writing_order` puts back items dropped after their split was committed, so none moves."""
    unlisted = sorted({path.name for path in HERE.glob(f"batch{batch}-*.yaml")} - set(files))
    if unlisted:
        raise SystemExit(f"add to FILES (at the end): {unlisted}")
    paths = [HERE / name for name in files if (HERE / name).exists()]

    def load() -> list[dict]:
        return [item for path in paths for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []]

    items = load()
    ids = [item["id"] for item in items]
    if len(ids) != len(set(ids)):
        print("duplicate ids", file=sys.stderr)
        return 1
    split = assign(writing_order(items), seed, answer_at_split)
    if "--write" in argv:
        for path in paths:
            rewrite(path, split)
        items = load()
    wrong = [item["id"] for item in items if item.get("split") != split[item["id"]]]
    for item_id in wrong:
        print(f"{item_id}: expected {split[item_id]}", file=sys.stderr)
    holdout = sum(1 for item in items if split[item["id"]] == "holdout")
    print(f"batch {batch}: {len(items)} items, holdout {holdout}")
    return 1 if wrong else 0
