"""Blind consistency audit of the corpus labels (session 6; rules in README "Label audit of session 6").

Judges texts against the README's label rules and the bundled catalogs only — it never imports the
engine (`bot`) and never reads a scorer printout. Three checks:

- `mechanical_errors`: an `entry` names a bundled catalog, a code string exactly as that catalog spells
  it, and (if given) a name that catalog holds for that code; an `uncovered` names a `vendor`; only
  `entry` carries `catalog`/`name`.
- `new_expect` (rule A, the only one that relabels): an `entry` whose code is an HTTP status
  (`http.HTTPStatus`, the IANA registry as Python ships it) stays `entry` only when the text names the
  catalog's vendor (`VENDOR_EVIDENCE`); otherwise it is a bare HTTP-like number → `ambiguous`, code kept.
  This is the README's "bare HTTP-like numbers … even when only one catalog holds them" and batch 1's
  reading that "cloud recording"/"云端录制" alone is a product word several vendors use, not vendor evidence.
- the session-4 rule (generic cloud words need Tencent evidence) lives in relabel_generic_cloud_words.py;
  the test runs both.

It rewrites the YAML files textually — only the changed item's `expect:` block and its `note:` line — so
every other byte (texts, block indicators, comments) is kept. It prints ids, never texts.

    .venv/bin/python tests/realworld/audit_labels.py          # report only
    .venv/bin/python tests/realworld/audit_labels.py --write  # apply
"""

from __future__ import annotations

import http
import re
import sys
from pathlib import Path

import yaml

if __package__ in (None, ""):  # run as a script: the checkout's root, for tests.realworld
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.realworld.label_edit import rewrite  # noqa: E402

REALWORLD = Path(__file__).parent
CATALOGS = REALWORLD.parent.parent / "catalogs"

HTTP_STATUSES = frozenset(str(status.value) for status in http.HTTPStatus)

# The vendor named in the text, per catalog whose codes include HTTP statuses (fixed before the first
# run). Agora: its name, its Chinese brand (声网 / Shengwang) or its API hosts (agora.io, sd-rtn.com).
# NetEase Yunxin: 云信 / 网易 / NetEase / Yunxin, NERtc (kNERtc…, NERTC_…) and the NIM SDK's prefixes
# (NIM…, kNIM…, NimUIKit) where `nim` does not sit inside a Latin word (登陆NimUIKit counts, `animation`
# does not). A product word alone ("cloud recording", 云端录制, "uikit", "SDK") is not the vendor.
VENDOR_EVIDENCE = {
    "agora-cloud-recording": re.compile(r"agora|声网|shengwang|sd-rtn\.com", re.IGNORECASE),
    "netease-webrtc": re.compile(r"云信|网易|netease|yunxin|nertc|(?<![a-z])k?nim", re.IGNORECASE),
}

NOTE = "relabelled: HTTP-like code without the vendor named in the text (label audit of session 6)"


def load_catalogs() -> dict[str, list[dict]]:
    catalogs = {}
    for path in sorted(CATALOGS.glob("*.yaml")):
        catalog = yaml.safe_load(path.read_text(encoding="utf-8"))
        catalogs[catalog["id"]] = catalog["entries"]
    return catalogs


def load_items() -> list[tuple[Path, dict]]:
    return [
        (path, item)
        for path in sorted(REALWORLD.glob("*.yaml"))
        for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []
    ]


def mechanical_errors(item: dict, catalogs: dict[str, list[dict]]) -> list[str]:
    expect = item.get("expect") or {}
    answer = expect.get("answer")
    errors = []
    if answer == "entry":
        entries = catalogs.get(expect.get("catalog"))
        code = expect.get("code")
        if entries is None:
            return [f"unknown catalog {expect.get('catalog')!r}"]
        if not isinstance(code, str):
            errors.append(f"code {code!r} is not a string")
        same_code = [e for e in entries if e["code"] == code]
        if not same_code:
            errors.append(f"code {code!r} not in {expect['catalog']}")
        if "name" in expect and expect["name"] not in {e.get("name") for e in same_code}:
            errors.append(f"name {expect['name']!r} not among {expect['catalog']} {code!r} entries")
    else:
        errors += [f"{key} on a non-entry label" for key in ("catalog", "name") if key in expect]
    if answer == "uncovered" and not expect.get("vendor"):
        errors.append("uncovered without vendor")
    return errors


def new_expect(item: dict) -> dict | None:
    """The expect block rule A gives this item, or None when the rule leaves it alone."""
    expect = item.get("expect") or {}
    if expect.get("answer") != "entry" or str(expect.get("code")) not in HTTP_STATUSES:
        return None
    evidence = VENDOR_EVIDENCE.get(expect.get("catalog"))
    if evidence is None or evidence.search(item.get("text") or ""):
        return None
    return {"answer": "ambiguous", "code": str(expect["code"])}


def main(write: bool) -> int:
    catalogs = load_catalogs()
    pairs = load_items()
    bad = [(item["id"], err) for _, item in pairs for err in mechanical_errors(item, catalogs)]
    for item_id, err in bad:
        print(f"mechanical: {item_id}: {err}")
    changed = 0
    for path in sorted({path for path, _ in pairs}):
        items = [item for p, item in pairs if p == path]
        changes = {item["id"]: e for item in items if (e := new_expect(item)) is not None}
        for item in items:
            if item["id"] in changes:
                print(f"{path.name}:{item['id']} ({item['split']}) entry -> ambiguous")
        if changes and write:
            rewrite(path, changes, NOTE)
            again = {i["id"]: i for i in yaml.safe_load(path.read_text(encoding="utf-8"))}
            for item in items:  # the changed expects are as ruled; nothing else moved
                got = again[item["id"]]
                assert got["text"] == item["text"] and got["split"] == item["split"], item["id"]
                assert got["source"] == item["source"] and got["kind"] == item["kind"], item["id"]
                if item["id"] in changes:
                    assert got["expect"] == changes[item["id"]] and got["note"].endswith(NOTE), item["id"]
                else:
                    assert got["expect"] == item["expect"] and got.get("note") == item.get("note"), item["id"]
        changed += len(changes)
    print(f"{len(bad)} mechanical errors; {changed} items {'relabelled' if write else 'to relabel'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main("--write" in sys.argv[1:]))
