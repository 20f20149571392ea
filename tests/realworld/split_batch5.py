"""Assign or verify the tune/holdout split of batch 5 (tests/realworld/batch5-*.yaml).

The rule, fixed before any item was written: items are taken in writing order (the batch-5 files
in the order of FILES — the first seven were written together and are in name order, later files
are appended so that earlier items keep their split — items in file order); within each (kind, answer) stratum they fall in blocks
of four; at position k (0-3) of a block that has no holdout yet, the item is `holdout` iff
int(sha256("errcode-corpus-batch5:" + id), 16) % (4 - k) == 0 — so the last item of a full block
without one is always `holdout`, and a trailing block shorter than four may have none.

    python tests/realworld/split_batch5.py          # verify: exit 1 and list the items that differ
    python tests/realworld/split_batch5.py --write  # rewrite each item's `split:` line

Standard library only (plus PyYAML to read the files); it never imports the bot.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections import defaultdict
from pathlib import Path

import yaml

HERE = Path(__file__).parent
SEED = "errcode-corpus-batch5:"


FILES = (
    "batch5-agora.yaml",
    "batch5-ambiguous.yaml",
    "batch5-netease.yaml",
    "batch5-quiet.yaml",
    "batch5-tencent.yaml",
    "batch5-uncovered.yaml",
    "batch5-volcengine.yaml",
    "batch5-threads.yaml",
    "batch5-pages.yaml",
)


# Items relabelled after their split was assigned (splits are frozen): the stratum is the answer as
# collected, so verifying after a relabel neither fails nor, with --write, moves a split.
ANSWER_AS_COLLECTED = {
    "b5-tencent-tccli-trtc-sse-internalerror": "entry",  # session 4's generic-cloud-word rule
    "b5-agora-docssource-statuscodes-404faq": "entry",  # session 6's label audit, rule A
    "b5-agora-docsvercel-commonerrors-404": "entry",  # session 6's label audit, rule A
}


def batch_files() -> list[Path]:
    unlisted = sorted({path.name for path in HERE.glob("batch5-*.yaml")} - set(FILES))
    if unlisted:
        raise SystemExit(f"add to FILES (at the end): {unlisted}")
    return [HERE / name for name in FILES if (HERE / name).exists()]


def assign(items: list[dict]) -> dict[str, str]:
    """The split of every item id, from its place in its (kind, answer) stratum."""
    position: dict[tuple, int] = defaultdict(int)
    block_has_holdout: dict[tuple, bool] = defaultdict(bool)
    split = {}
    for item in items:
        stratum = (item["kind"], ANSWER_AS_COLLECTED.get(item["id"], item["expect"]["answer"]))
        k = position[stratum] % 4
        if k == 0:
            block_has_holdout[stratum] = False
        digest = int(hashlib.sha256((SEED + item["id"]).encode("utf-8")).hexdigest(), 16)
        holdout = not block_has_holdout[stratum] and digest % (4 - k) == 0
        if holdout:
            block_has_holdout[stratum] = True
        split[item["id"]] = "holdout" if holdout else "tune"
        position[stratum] += 1
    return split


def load() -> list[tuple[Path, list[dict]]]:
    return [(path, yaml.safe_load(path.read_text(encoding="utf-8")) or []) for path in batch_files()]


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


def main(argv: list[str]) -> int:
    files = load()
    items = [item for _, file_items in files for item in file_items]
    ids = [item["id"] for item in items]
    if len(ids) != len(set(ids)):
        print("duplicate ids", file=sys.stderr)
        return 1
    split = assign(items)
    if "--write" in argv:
        for path, _ in files:
            rewrite(path, split)
        files = load()
        items = [item for _, file_items in files for item in file_items]
    wrong = [item["id"] for item in items if item.get("split") != split[item["id"]]]
    for item_id in wrong:
        print(f"{item_id}: expected {split[item_id]}", file=sys.stderr)
    holdout = sum(1 for value in split.values() if value == "holdout")
    print(f"batch 5: {len(items)} items, holdout {holdout}")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
