"""Assign or verify the tune/holdout split of batch 5 (tests/realworld/batch5-*.yaml).

The rule, fixed before any item was written, is split_rule's with the seed "errcode-corpus-batch5:".
Items are taken in writing order, the files in the order of FILES (the first seven batch-5 files
were written together and are in name order; later files are appended, so that earlier items keep
their split), items in file order.

    python tests/realworld/split_batch5.py          # verify: exit 1 and list the items that differ
    python tests/realworld/split_batch5.py --write  # rewrite each item's `split:` line

Standard library only (plus PyYAML to read the files); it never imports the bot.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: the checkout's root, for tests.realworld
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.realworld import split_rule  # noqa: E402

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


def main(argv: list[str]) -> int:
    return split_rule.run(argv, batch=5, seed=SEED, files=FILES, answer_at_split=ANSWER_AS_COLLECTED)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
