"""`errcode catalogs import`: a vendor's markdown error-code page -> a draft catalog YAML.

    errcode catalogs import page.md --id acme-rtc --vendor acme --product "RTC SDK" -o catalogs/acme-rtc.yaml

The draft is a start, not the end: review it against the page (meaning vs. handling splits,
kinds, the page's own slips, which go in `note`) before shipping it. `errcode catalogs check`
validates the result.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

from bot.catalogs.import_layouts import parse_page

FIELD_ORDER = ("code", "kind", "name", "section", "meaning", "handling", "context", "note", "url")
_SPACING = re.compile(r"[\s。，,.；;：:、]+")


def _same_words(a: str | None, b: str | None) -> bool:
    return _SPACING.sub("", a or "") == _SPACING.sub("", b or "")


def merge_repeats(entries: list[dict]) -> list[dict]:
    """One entry per (code, kind, name): a page that lists a code in two tables keeps both wordings."""
    merged: dict[tuple, dict] = {}
    out: list[dict] = []
    for entry in entries:
        key = (entry["code"], entry["kind"], entry.get("name"))
        first = merged.get(key)
        if first is None:
            merged[key] = entry
            out.append(entry)
            continue
        where = f" under {entry['section']}" if entry.get("section") else " again"
        words = " ".join(t for t in (entry.get("meaning"), entry.get("handling"), entry.get("context")) if t)
        first_words = " ".join(
            t for t in (first.get("meaning"), first.get("handling"), first.get("context")) if t
        )
        if words == first_words:
            remark = f"Also listed{where} with the same text."
        elif _same_words(words, first_words):
            remark = f"Also listed{where} as “{words}” (only punctuation/spacing differ)."
        else:
            remark = f"Also listed{where} as: {words}"
        first["note"] = f"{first['note']} {remark}" if first.get("note") else remark
    return out


def note_shared_codes(entries: list[dict]) -> list[dict]:
    """Say so where a page gives one code to several named errors (NetEase's three 61004)."""
    names: dict[tuple, list[str]] = {}
    for entry in entries:
        if entry.get("name"):
            names.setdefault((entry["code"], entry["kind"]), []).append(entry["name"])
    for entry in entries:
        shared = names.get((entry["code"], entry["kind"]), [])
        if len(shared) > 1:
            others = ", ".join(n for n in shared if n != entry["name"])
            remark = f"The document gives code {entry['code']} to {len(shared)} errors (also {others}); the name tells them apart."
            entry["note"] = f"{entry['note']} {remark}" if entry.get("note") else remark
    return entries


def draft_entries(text: str) -> list[dict]:
    """The page's entries, ready for catalog_yaml; a code the page says nothing about is left out."""
    entries = [e for e in parse_page(text) if e["code"].strip() and e["meaning"].strip()]
    return note_shared_codes(merge_repeats(entries))


class _Quoted(str):
    """A string always written in double quotes (codes: "433" must stay a string)."""


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(_Quoted, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", str(v), style='"'))


def catalog_yaml(
    entries: list[dict],
    *,
    catalog_id: str,
    vendor: str,
    product: str | None,
    language: str,
    source: str | None,
    url: str | None,
) -> str:
    header = {"id": catalog_id, "vendor": vendor, "product": product, "language": language, "source": source}
    if url:
        header["url"] = url
    rows = []
    for entry in entries:
        row = {}
        for key in FIELD_ORDER:
            value = entry.get(key)
            if value is None and key != "name":
                continue
            row[key] = _Quoted(value) if key == "code" else value
        rows.append(row)
    text = yaml.dump(
        {**header, "entries": rows}, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100000
    )
    return text.replace("\n- code:", "\n\n- code:")  # a blank line between entries, for review


def run_import(args: argparse.Namespace) -> int:
    path: Path = args.document
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"errcode catalogs import: cannot read {path}: {exc}", file=sys.stderr)
        return 2
    entries = draft_entries(text)
    if not entries:
        print(f"errcode catalogs import: no error codes found in {path}", file=sys.stderr)
        return 1
    output = catalog_yaml(
        entries,
        catalog_id=args.id,
        vendor=args.vendor,
        product=args.product,
        language=args.language,
        source=path.name,
        url=args.url,
    )
    if args.output:
        args.output.write_text(output, encoding="utf-8")
    else:
        sys.stdout.write(output)
    kinds: dict[str, int] = {}
    for entry in entries:
        kinds[entry["kind"]] = kinds.get(entry["kind"], 0) + 1
    summary = ", ".join(f"{k} {n}" for k, n in kinds.items())
    print(f"{len(entries)} entries ({summary}); review before shipping", file=sys.stderr)
    return 0
