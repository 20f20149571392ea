"""Assign or verify the tune/holdout split of batch 6 (tests/realworld/batch6-*.yaml).

The rule, fixed before any item was written, is split_rule's with the seed "errcode-corpus-batch6:".
Items are taken in writing order, the files in the order of FILES (each batch-6 file was written
whole before the next and is listed right after the last file written; later files are appended, so
that earlier items keep their split), items in file order.

    python tests/realworld/split_batch6.py          # verify: exit 1 and list the items that differ
    python tests/realworld/split_batch6.py --write  # rewrite each item's `split:` line

Standard library only (plus PyYAML to read the files); it never imports the bot.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: the checkout's root, for tests.realworld
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.realworld import split_rule  # noqa: E402

SEED = "errcode-corpus-batch6:"


FILES = (
    "batch6-tencent.yaml",
    "batch6-agora.yaml",
    "batch6-netease.yaml",
    "batch6-agoradocs.yaml",
    "batch6-tencentdocs.yaml",
    "batch6-tencent2.yaml",
    "batch6-netease2.yaml",
    "batch6-uncovered.yaml",
    "batch6-ambiguous.yaml",
    "batch6-quiet.yaml",
    "batch6-files.yaml",
    "batch6-uncovered2.yaml",
    "batch6-threads.yaml",
)


# Items dropped after their split was committed (their text, or their source, was already in an earlier
# batch): they keep their place in the writing order, so no other item's split moves.
# id -> (kind, answer, id of the item it followed in its file)
DROPPED = {
    "b6-agora-docssource-integration-65": ("sentence", "entry", "b6-agora-docssource-stop-62body"),
    "b6-amb-agora-docssource-update-404body": ("paste", "ambiguous", "b6-unc-agora-docssource-stop-50"),
    "b6-agora-docssource-integration-404query": (
        "sentence",
        "entry",
        "b6-amb-agora-docssource-update-404body",
    ),
    "b6-none-agora-docssource-redundant-events": (
        "sentence",
        "none",
        "b6-none-agora-docssource-checklist-ncs-events",
    ),
    "b6-tencent-tccli-waf-resourceinuse": (
        "paste",
        "entry",
        "b6-tencent-tccli-iotcloud-invalidparametervalue",
    ),
    # its file path was already used by batch 5
    "b6-none-agora-docssource-ncs-1001-event": ("sentence", "none", "b6-unc-agora-docssource-chat-1001"),
}


# Items relabelled after their split was committed: the split is computed with the answer they were
# written with, so neither they nor any other item move. id -> answer at writing time
ANSWER_AT_SPLIT = {
    "b6-unc-agora-docssource-rtcsdk-1001": "uncovered",
    "b6-unc-agora-docssource-rtcsdk-1013": "uncovered",
    "b6-unc-agora-docscn-rn-errorcode-110": "uncovered",
    "b6-unc-agora-docscn-cocos-1013": "uncovered",
    "b6-unc-agora-docssource-stt-501-504": "uncovered",
    "b6-unc-agora-docssource-stt-1-2": "uncovered",
}


def main(argv: list[str]) -> int:
    return split_rule.run(argv, batch=6, seed=SEED, files=FILES, answer_at_split=ANSWER_AT_SPLIT, writing_order=lambda items: split_rule.with_dropped(items, DROPPED))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
