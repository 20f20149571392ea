"""Relabel bare generic cloud code words that carry no Tencent evidence (rule of session 4).

Tencent Cloud API 3.0 public codes such as `InvalidParameterValue` are spelled the same by AWS's
Query APIs (EC2, Auto Scaling, IAM …), Aliyun and Huawei Cloud. The issue's own principle — a bare
generic code with no vendor evidence is answered only as an ambiguous list — therefore applies to
them: an item labelled `entry` / `tencent-live` on one of these words stays so only when the text
itself carries Tencent evidence; with another cloud's evidence it becomes `uncovered`, with none
`ambiguous`. The word list and the evidence patterns below were fixed before the script was first
run; the script changes only `expect` (the split is kept) and appends the rule to `note`.

It rewrites the YAML files textually (only the `expect:` block and the `note:` line of a changed
item), so the verbatim texts and their block indicators are untouched. It prints only the ids it
changes; it never prints a text.

    .venv/bin/python tests/realworld/relabel_generic_cloud_words.py          # report only
    .venv/bin/python tests/realworld/relabel_generic_cloud_words.py --write  # apply
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

if __package__ in (None, ""):  # run as a script: the checkout's root, for tests.realworld
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.realworld.label_edit import rewrite  # noqa: E402

REALWORLD = Path(__file__).parent

# Bare (undotted) tencent-live public codes that other clouds' APIs use as their own codes too.
GENERIC_WORDS = frozenset(
    {
        "InvalidParameter",
        "InvalidParameterValue",
        "MissingParameter",
        "UnknownParameter",
        "InternalError",
        "UnsupportedOperation",
        "RequestLimitExceeded",
        "ResourceNotFound",
        "LimitExceeded",
        "UnauthorizedOperation",
        "DryRunOperation",
        "InvalidAction",
        "UnsupportedProtocol",
        "ResourceInUse",
    }
)

# Tencent evidence in the text: the vendor named (腾讯 / Tencent, which also covers the tencentcloud
# packages, TencentCloudSDKException and tencentcloudapi.com hosts), or the API 3.0 response shape
# (a "Response" object holding both "Error" and "RequestId").
TENCENT_EVIDENCE = re.compile(r"腾讯|tencent", re.IGNORECASE)
TENCENT_SHAPE = (
    re.compile(r"""["']?Response["']?\s*[:=]\s*\{""", re.IGNORECASE),
    re.compile(r"""["']?Error["']?\s*[:=]""", re.IGNORECASE),
    re.compile(r"""["']?RequestId["']?\s*[:=]""", re.IGNORECASE),
)

# Another cloud's evidence, each with the vendor word written into `expect.vendor`.
OTHER_CLOUDS = (
    ("aws", re.compile(r"\baws|amazon|\bboto|\bec2\b|amazonaws", re.IGNORECASE)),
    ("aliyun", re.compile(r"阿里云|aliyun|alibaba\s*cloud|alibabacloud|alicloud", re.IGNORECASE)),
    ("huawei", re.compile(r"华为|huawei", re.IGNORECASE)),
    ("volcengine", re.compile(r"火山引擎|volcengine|byteplus", re.IGNORECASE)),
    ("azure", re.compile(r"\bazure\b", re.IGNORECASE)),
    ("google-cloud", re.compile(r"google\s*cloud|\bgcp\b|googleapis", re.IGNORECASE)),
    ("baidu", re.compile(r"百度|baidu|\bbce\b", re.IGNORECASE)),
)

NOTE = "relabelled: generic cloud word without vendor evidence (rule of session 4)"


def has_tencent_evidence(text: str) -> bool:
    return bool(TENCENT_EVIDENCE.search(text)) or all(p.search(text) for p in TENCENT_SHAPE)


def other_cloud(text: str) -> str | None:
    for vendor, pattern in OTHER_CLOUDS:
        if pattern.search(text):
            return vendor
    return None


def new_expect(item: dict) -> dict | None:
    """The expect block the rule gives this item, or None when the rule leaves it alone."""
    expect = item.get("expect") or {}
    if expect.get("answer") != "entry" or expect.get("catalog") != "tencent-live":
        return None
    code = str(expect.get("code", ""))
    if code not in GENERIC_WORDS:
        return None
    text = item.get("text") or ""
    if has_tencent_evidence(text):
        return None
    vendor = other_cloud(text)
    if vendor:
        return {"answer": "uncovered", "code": code, "vendor": vendor}
    return {"answer": "ambiguous", "code": code}


def main(write: bool) -> int:
    changed = 0
    for path in sorted(REALWORLD.glob("*.yaml")):
        items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        changes = {item["id"]: e for item in items if (e := new_expect(item)) is not None}
        for item_id, expect in changes.items():
            split = next(i.get("split") for i in items if i["id"] == item_id)
            print(f"{path.name}:{item_id} ({split}) entry -> {expect['answer']}")
        if changes and write:
            rewrite(path, changes, NOTE)
            again = {i["id"]: i for i in yaml.safe_load(path.read_text(encoding="utf-8"))}
            for item_id, expect in changes.items():
                got = again[item_id]
                assert {k: v for k, v in got["expect"].items()} == expect, item_id
                assert got["note"].endswith(NOTE), item_id
            before = {i["id"]: i for i in items}
            for item_id, item in again.items():  # nothing else moved
                assert item["text"] == before[item_id]["text"] and item["split"] == before[item_id]["split"], item_id
        changed += len(changes)
    print(f"{changed} items {'relabelled' if write else 'to relabel'}")
    return 0


if __name__ == "__main__":
    sys.exit(main("--write" in sys.argv[1:]))
