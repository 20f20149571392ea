"""`errcode catalogs list|check|import`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot.catalogs.loader import load_catalogs
from bot.catalogs.model import Catalog, Problem


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """`parser` is the command line's own (bot.cli): its `command` and `say` give each subcommand
    and option its help in the help's language."""
    say = parser.say
    sub = parser.add_subparsers(dest="catalogs_command", required=True, parser_class=type(parser))
    listing = sub.add_parser("list", lang=parser.lang, help=say("catalogs_list"))
    listing.add_argument("--json", action="store_true", help=say("json"))
    check = sub.add_parser("check", lang=parser.lang, help=say("catalogs_check"))
    check.add_argument("-v", "--verbose", action="store_true", help=say("catalogs_verbose"))
    imp = sub.add_parser("import", lang=parser.lang, help=say("import"))
    imp.add_argument("document", help=say("import_document"))
    imp.add_argument("--id", help=say("import_id"))
    imp.add_argument("--vendor", help=say("import_vendor"))
    imp.add_argument("--product", help=say("import_product"))
    imp.add_argument("--language", default="zh", choices=("zh", "en"), help=say("import_language"))
    imp.add_argument("--url", help=say("import_url"))
    imp.add_argument("-o", "--output", type=Path, help=say("import_output"))
    imp.add_argument("--update", type=Path, metavar="CATALOG.yaml", help=say("import_update"))
    imp.add_argument("--format", choices=("markdown", "mdx", "html", "rst", "sdk"), help=say("import_format"))


def run(args: argparse.Namespace) -> int:
    if args.catalogs_command == "list":
        return _list(args)
    if args.catalogs_command == "check":
        return _check(verbose=getattr(args, "verbose", False))
    from bot.catalogs.importer import run_import  # the importer lives beside the loader

    return run_import(args)


def _list(args: argparse.Namespace) -> int:
    loaded = load_catalogs()
    rows = [
        {
            "id": c.id,
            "vendor": c.vendor,
            "product": c.product,
            "language": c.language,
            "source": c.source,
            "title": c.title(),
            "url": c.url,
            "bundled": c.bundled,
            "entries": len(c.entries),
            "kinds": c.counts_by_kind(),
        }
        for c in loaded.catalogs
    ]
    for problem in loaded.errors:
        print(f"skipped: {problem}", file=sys.stderr)
    if args.json:
        print(json.dumps({"catalogs": rows}, ensure_ascii=False, indent=2))
        return 0
    width = max((len(r["id"]) for r in rows), default=10)
    for r in rows:
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(r["kinds"].items()))
        print(f"{r['id']:<{width}}  {r['vendor']:<12} {r['entries']:>4} entries  ({kinds})")
    print(f"{len(rows)} catalogs, {sum(r['entries'] for r in rows)} entries")
    return 0


def missing_english(catalog: Catalog) -> list[Problem]:
    """Entries a reader of English would see in Chinese only: an error in a bundled catalog (they
    must be complete), a warning in a team's own. Also English that leaves out handling or context
    the entry's own language has."""
    if catalog.language == "en":
        return []
    severity = "error" if catalog.bundled else "warning"
    found = []
    for entry in catalog.entries:
        where = f"entry {entry.code!r}" + (f" ({entry.name})" if entry.name else "")
        english = entry.translations.get("en")
        if english is None:
            found.append(
                Problem(catalog.path, entry.line, f"{where}: no English text (add an 'en:' block)", severity)
            )
            continue
        for field in ("handling", "context"):
            if getattr(entry, field) and not getattr(english, field):
                found.append(
                    Problem(
                        catalog.path,
                        entry.line,
                        f"{where}: English has no '{field}' (the entry has one)",
                        severity,
                    )
                )
    return found


def _check(verbose: bool = False) -> int:
    loaded = load_catalogs(strict=False)
    problems = [*loaded.problems, *(p for c in loaded.catalogs for p in missing_english(c))]
    for problem in problems:
        print(problem)
    if verbose:  # the reviewers' notes on the documents' slips: for catalog reviewers, not answers
        for c in loaded.catalogs:
            for e in c.entries:
                if e.note:
                    print(f"{c.path}:{e.line}: note: entry {e.code!r}: {e.note}")
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    total = sum(len(c.entries) for c in loaded.catalogs)
    print(f"{len(loaded.catalogs)} catalogs valid, {total} entries; {errors} errors, {warnings} warnings")
    return 1 if errors else 0
