"""`errcode catalogs import PAGE|URL …`: read or fetch the page, draft, write, report on stderr."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from bot.catalogs.importer.draft import catalog_yaml, draft_entries, page_format
from bot.catalogs.importer.fetch import FetchError, fetch_page, is_url
from bot.catalogs.importer.report import Report
from bot.catalogs.importer.update import merge

PROG = "errcode catalogs import"


def _fail(message: str, status: int = 2) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
    return status


def _read_page(document: str) -> tuple[str, str, str | None, str | None]:
    """(text, format, source name, url) of a file or a URL."""
    if is_url(document):
        fetched = asyncio.run(fetch_page(document))
        fmt = page_format(urlsplit(fetched.url).path, fetched.text, fetched.content_type)
        return fetched.text, fmt, document, document
    path = Path(document)
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig")
    return text, page_format(path.name, text), path.name, None


def _read_catalog(path: Path) -> tuple[list[str], dict]:
    """The catalog's leading comment lines and its parsed document."""
    text = path.read_text(encoding="utf-8")
    comments = []
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            comments.append(line)
        else:
            break
    document = yaml.safe_load(text)
    if not isinstance(document, dict) or not isinstance(document.get("entries"), list):
        raise ValueError("not a catalog: it needs a mapping with an 'entries' list")
    return [c for c in comments if c.startswith("#")], document


def run_import(args: argparse.Namespace) -> int:
    document = str(args.document)
    if not getattr(args, "update", None) and not (args.id and args.vendor):
        return _fail("--id and --vendor are required (unless --update names the catalog)")
    try:
        text, fmt, source, url = _read_page(document)
    except FetchError as exc:
        return _fail(str(exc))
    except (OSError, UnicodeDecodeError) as exc:
        return _fail(f"cannot read {document}: {exc}")
    if getattr(args, "format", None):
        fmt = args.format
    header: dict = {}
    comments: list[str] = []
    update_lines: list[str] = []
    existing = None
    if getattr(args, "update", None):  # read first: the catalog's language decides the draft's
        try:
            comments, existing = _read_catalog(args.update)
        except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError) as exc:
            return _fail(f"cannot read catalog {args.update}: {exc}")
    language = existing.get("language", args.language) if existing else args.language
    report = Report()
    entries = draft_entries(text, fmt=fmt, language=language, report=report)
    if not entries:
        for line in report.lines(entries)[1:]:
            print(line, file=sys.stderr)
        return _fail(f"no error codes found in {document}", 1)

    if existing is not None:
        entries, changes = merge([e for e in existing["entries"] if isinstance(e, dict)], entries)
        header = {k: v for k, v in existing.items() if k != "entries"}
        update_lines = changes.lines()
    output = catalog_yaml(
        entries,
        catalog_id=header.get("id", args.id),
        vendor=header.get("vendor", args.vendor),
        product=header.get("product", args.product),
        language=header.get("language", args.language),
        source=header.get("source", source) if not url else url,
        url=args.url or header.get("url") or url,
        extra=header,
    )
    if comments:
        output = "\n".join(comments) + "\n" + output
    target = args.output or (args.update if getattr(args, "update", None) else None)
    if target:
        target.write_text(output, encoding="utf-8")
    else:
        sys.stdout.write(output)
    for line in [*report.lines(entries), *update_lines]:
        print(line, file=sys.stderr)
    return 0
