"""The `errcode` command line (also `python -m bot`). See INTERFACE.md for its contract."""

from __future__ import annotations

import argparse
import json
import sys

from bot import __version__


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors exit 2 with the reason on stderr
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def _print_json(obj: object) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2))


def _report_catalog_problems() -> None:
    """Each broken team catalog file or missing ERRCODE_CATALOGS path, once, on stderr (the
    answer still comes from the catalogs that loaded)."""
    from bot import api

    for problem in api.knowledge().loaded.errors:
        print(f"errcode: team catalog skipped: {problem}", file=sys.stderr)


def _cmd_lookup(args: argparse.Namespace) -> int:
    from bot import api, render

    query = " ".join(args.query).strip()
    if not query:
        print("errcode lookup: give a code, a name or some words, e.g. `errcode lookup 433`", file=sys.stderr)
        return 2
    _report_catalog_problems()
    result = api.lookup(query, limit=args.limit, lang=args.lang)
    if args.json:
        _print_json(result)
    else:
        print(render.lookup_text(result, lang=args.lang))
    return 0


def _cmd_paste(args: argparse.Namespace) -> int:
    from bot import api, render

    data = sys.stdin.buffer.read()
    text = data.decode("utf-8", errors="replace")
    _report_catalog_problems()
    result = api.explain(text, lang=args.lang)
    if args.json:
        _print_json(result)
    else:
        print(render.explain_text(result, lang=args.lang))
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from bot.slack.server import serve  # built by the Slack bot issue

    return serve()


def _cmd_catalogs(args: argparse.Namespace) -> int:
    from bot.catalogs import cli as catalogs_cli

    return catalogs_cli.run(args)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="errcode", description="What an RTC vendor's error code means and what to do.")
    parser.add_argument("--version", action="version", version=f"errcode {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    lookup = sub.add_parser("lookup", help="look up a code, a name or words across every catalog")
    lookup.add_argument("query", nargs="*", help="e.g. 433, 'agora 433', SignatureExpire, 签名过期")
    lookup.add_argument("--json", action="store_true", help="print the JSON result")
    lookup.add_argument("--lang", choices=("zh", "en"), help="answer language")
    lookup.add_argument("--limit", type=int, default=5, help="most matches to show (default 5)")
    lookup.set_defaults(func=_cmd_lookup)

    paste = sub.add_parser("paste", help="explain every error in text on standard input")
    paste.add_argument("--json", action="store_true", help="print the JSON result")
    paste.add_argument("--lang", choices=("zh", "en"), help="answer language")
    paste.set_defaults(func=_cmd_paste)

    serve = sub.add_parser("serve", help="run the Slack bot (HTTP, or Socket Mode with SLACK_APP_TOKEN)")
    serve.set_defaults(func=_cmd_serve)

    catalogs = sub.add_parser("catalogs", help="list, check or import catalogs")
    from bot.catalogs import cli as catalogs_cli

    catalogs_cli.add_arguments(catalogs)
    catalogs.set_defaults(func=_cmd_catalogs)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "limit", 1) is not None and getattr(args, "limit", 1) < 1:
        print("errcode: --limit must be at least 1", file=sys.stderr)
        return 2
    try:
        return args.func(args)
    except BrokenPipeError:  # `errcode ... | head`
        return 0
    except Exception as exc:  # a clear line instead of a traceback
        from bot.catalogs import CatalogError

        if isinstance(exc, CatalogError):
            print(f"errcode: the bundled catalogs are invalid:\n{exc}", file=sys.stderr)
            return 1
        raise


if __name__ == "__main__":
    raise SystemExit(main())
