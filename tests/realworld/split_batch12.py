"""Assign or verify the tune/holdout split of batch 12 (tests/realworld/batch12-*.yaml).

The rule, fixed before any item was written, is split_rule's with the seed "errcode-corpus-batch12:".
Items are taken in writing order, the files in the order of FILES (each batch-12 file is listed when it
is created; later files are appended, so that earlier items keep their split), items in file order.

    python tests/realworld/split_batch12.py          # verify: exit 1 and list the items that differ
    python tests/realworld/split_batch12.py --write  # rewrite each item's `split:` line

Standard library only (plus PyYAML to read the files); it never imports the bot.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: the checkout's root, for tests.realworld
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.realworld import split_rule  # noqa: E402

SEED = "errcode-corpus-batch12:"


FILES: tuple[str, ...] = (
    "batch12-servers.yaml",
    "batch12-videosdks.yaml",
    "batch12-volcdocs.yaml",
    "batch12-multivendor.yaml",
    "batch12-webrtcapps.yaml",
    "batch12-yunxin.yaml",
    "batch12-tencentcode.yaml",
    "batch12-cloudlookalikes.yaml",
    "batch12-pages.yaml",
    "batch12-agoradocs.yaml",
    "batch12-yunxindocs.yaml",
    "batch12-barecodes.yaml",
)


# Items dropped after their split was committed keep their place in the writing order, so no other
# item's split moves. id -> (kind, answer, id of the item it followed in its file)
DROPPED: dict[str, tuple[str, str, str]] = {
    # a fifth item from ZLMediaKit/ZLMediaKit (the brief allows four per repository)
    "b12-none-zlm2338-rtmp-unauthorized": ("log", "none", "b12-unc-zlm4052-forbiddenrtp-code-1"),
}


# Items relabelled after their split was committed: the split is computed with the answer they were
# written with, so neither they nor any other item move. id -> answer at writing time
ANSWER_AT_SPLIT: dict[str, str] = {}


def main(argv: list[str]) -> int:
    return split_rule.run(argv, batch=12, seed=SEED, files=FILES, answer_at_split=ANSWER_AT_SPLIT, writing_order=lambda items: split_rule.with_dropped(items, DROPPED))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
