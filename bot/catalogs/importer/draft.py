"""A vendor's page, in whatever format it comes, -> draft catalog entries and their YAML.

The page's format is told from its name (or URL, or content type), then its reader turns it
into blocks (markdown, HTML, reStructuredText) or straight into entries (SDK sources);
`layouts.read_blocks` finds the entries in blocks the same way for every format.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

import yaml

from bot.catalogs.importer.layouts import read_blocks
from bot.catalogs.importer.report import Report

FIELD_ORDER = ("code", "kind", "name", "section", "meaning", "handling", "context", "note", "url", "zh", "en")
HEADER_ORDER = ("id", "vendor", "product", "language", "description", "source", "url")
_SPACING = re.compile(r"[\s。，,.；;：:、]+")

SDK_SUFFIXES = {
    ".h", ".hh", ".hpp", ".hxx", ".c", ".cc", ".cpp", ".cxx", ".m", ".mm", ".java", ".kt", ".kts",
    ".swift", ".dart", ".js", ".mjs", ".cjs", ".ts", ".tsx", ".jsx", ".cs",
}  # fmt: skip
FORMATS = ("markdown", "mdx", "html", "rst", "sdk")


def page_format(name: str | None, text: str, content_type: str | None = None) -> str:
    """markdown | mdx | html | rst | sdk, from the page's name, its content type, then its first bytes."""
    suffix = PurePosixPath((name or "").split("?")[0].split("#")[0]).suffix.lower()
    if suffix in (".html", ".htm", ".xhtml"):
        return "html"
    if suffix in (".rst", ".rest"):
        return "rst"
    if suffix == ".mdx":
        return "mdx"
    if suffix in SDK_SUFFIXES:
        return "sdk"
    if suffix in (".md", ".markdown", ".txt"):
        return "markdown"
    ctype = (content_type or "").split(";")[0].strip().lower()
    if ctype in ("text/html", "application/xhtml+xml"):
        return "html"
    if ctype in ("text/x-rst", "text/prs.fallenstein.rst"):
        return "rst"
    head = text.lstrip("\ufeff \t\r\n")[:200].lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")):
        return "html"
    return "markdown"


def _same_words(a: str | None, b: str | None) -> bool:
    return _SPACING.sub("", a or "") == _SPACING.sub("", b or "")


def _words(entry: dict) -> str:
    words = " ".join(t for t in (entry.get("meaning"), entry.get("handling"), entry.get("context")) if t)
    for lang in ("en", "zh"):
        other = entry.get(lang) or {}
        said = " ".join(t for t in (other.get("meaning"), other.get("handling"), other.get("context")) if t)
        if said:
            words += f" ({lang}: {said})"
    return words


def merge_repeats(entries: list[dict], report: Report | None = None) -> list[dict]:
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
        words, first_words = _words(entry), _words(first)
        if words == first_words:
            remark = f"Also listed{where} with the same text."
        elif _same_words(words, first_words):
            remark = f"Also listed{where} as “{words}” (only punctuation/spacing differ)."
        else:
            remark = f"Also listed{where} as: {words}"
        first["note"] = f"{first['note']} {remark}" if first.get("note") else remark
        if report is not None:
            report.duplicate(
                f"{entry['code']}{' ' + entry['name'] if entry.get('name') else ''}: listed under "
                f"{first.get('section') or 'the page'} and{where.replace(' under', '')}; kept as one entry"
            )
    return out


def note_shared_codes(entries: list[dict], report: Report | None = None) -> list[dict]:
    """Say so where a page gives one code to several named errors (NetEase's three 61004)."""
    names: dict[tuple, list[str]] = {}
    for entry in entries:
        if entry.get("name"):
            names.setdefault((entry["code"], entry["kind"]), []).append(entry["name"])
    for (code, _kind), shared in names.items():
        if len(shared) > 1 and report is not None:
            report.duplicate(f"{code}: {len(shared)} entries kept apart by name ({', '.join(shared[:6])})")
    for entry in entries:
        shared = names.get((entry["code"], entry["kind"]), [])
        if len(shared) > 1:
            others = ", ".join(n for n in shared if n != entry["name"])
            remark = f"The document gives code {entry['code']} to {len(shared)} errors (also {others}); the name tells them apart."
            entry["note"] = f"{entry['note']} {remark}" if entry.get("note") else remark
    return entries


def read_page(text: str, fmt: str, *, language: str, report: Report) -> list[dict]:
    try:
        return _read_page(text, fmt, language=language, report=report)
    except RecursionError:  # a page nested thousands deep: say so rather than crash
        report.skip(f"the page nests too deeply to read as {fmt}")
        return []


def _read_page(text: str, fmt: str, *, language: str, report: Report) -> list[dict]:
    if fmt == "sdk":
        from bot.catalogs.importer.sdk import read_sdk

        return read_sdk(text, language=language, report=report)
    if fmt == "html":
        from bot.catalogs.importer.html import read_html

        blocks = read_html(text)
    elif fmt == "rst":
        from bot.catalogs.importer.rst import read_rst

        blocks = read_rst(text)
    else:
        from bot.catalogs.importer.markdown import read_markdown

        blocks = read_markdown(text, mdx=fmt == "mdx")
    return read_blocks(blocks, report, language)


def draft_entries(
    text: str,
    *,
    fmt: str = "markdown",
    name: str | None = None,
    language: str = "zh",
    report: Report | None = None,
) -> list[dict]:
    """The page's entries, ready for catalog_yaml; a code the page says nothing about is left out."""
    report = report if report is not None else Report()
    if name is not None:
        fmt = page_format(name, text)
    entries = []
    for entry in read_page(text.lstrip("\ufeff"), fmt, language=language, report=report):
        if entry["code"].strip() and entry["meaning"].strip():
            entries.append(entry)
        else:
            report.skip(f"{entry['code'] or '(no code)'}: no text")
    return note_shared_codes(merge_repeats(entries, report), report)


class _Quoted(str):
    """A string always written in double quotes (codes: "433" must stay a string)."""


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(_Quoted, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", str(v), style='"'))


def entry_row(entry: dict) -> dict:
    row = {}
    for key in FIELD_ORDER:
        value = entry.get(key)
        if value is None and key != "name":
            continue
        row[key] = _Quoted(value) if key == "code" else value
    for key, value in entry.items():  # fields a reviewer added stay, after ours
        if key not in row and key not in FIELD_ORDER and value is not None and not key.startswith("__"):
            row[key] = value
    return row


def catalog_yaml(
    entries: list[dict],
    *,
    catalog_id: str,
    vendor: str,
    product: str | None,
    language: str,
    source: str | None,
    url: str | None,
    extra: dict | None = None,
) -> str:
    header = {"id": catalog_id, "vendor": vendor, "product": product, "language": language, "source": source}
    if url:
        header["url"] = url
    for key, value in (extra or {}).items():
        if key not in header and key != "entries" and not key.startswith("__"):
            header[key] = value
    ordered = {k: header[k] for k in HEADER_ORDER if k in header}
    ordered.update({k: v for k, v in header.items() if k not in ordered})
    rows = [entry_row(entry) for entry in entries]
    text = yaml.dump(
        {**ordered, "entries": rows}, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100000
    )
    return text.replace("\n- code:", "\n\n- code:")  # a blank line between entries, for review
