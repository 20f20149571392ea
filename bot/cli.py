"""The `errcode` command line (also `python -m bot`). See INTERFACE.md for its contract.

Exit status: 0 for every answered query (a no-match included), 2 for a usage error with the
reason on standard error, 1 when the bundled catalogs are invalid.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from bot import __version__

SHOW_LIMIT_MAX = 50  # how far the CLI looks to say "N more" beyond --limit
ENVIRONMENT = """\
environment:
  SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET  HTTP mode: POST /slack/events on PORT (default 3000)
  SLACK_APP_TOKEN                        Socket Mode instead of HTTP
  SLACK_API_URL                          Slack Web API base URL (default https://slack.com/api/)
  SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_SCOPES, SLACK_REDIRECT_URI
                                         several workspaces (OAuth: /slack/install)
  ERRCODE_CATALOGS                       more catalog files or folders, separated by ':'
  ERRCODE_LANG                           default answer language, zh or en
  ERRCODE_DATA_DIR                       where errcode keeps its files (default ./.errcode)
  DATABASE_URL                           installations, feedback (SQLAlchemy URL)
  REDIS_URL                              state shared by several instances
  ERRCODE_HOST, ERRCODE_METRICS_PORT     address to bind; /metrics on its own port
  ERRCODE_DRAIN_SECONDS                  on SIGTERM, how long answers may still finish (default 8)
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors exit 2 with the reason on stderr
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def _lang(args: argparse.Namespace) -> str:
    from bot import lang

    return lang.answer_language(explicit=getattr(args, "lang", None))


def _say(args: argparse.Namespace, key: str, **values: object) -> str:
    from bot.render import words

    return words.word(_lang(args), key, **values)


def _print_json(obj: object) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2))


def _usage_error(args: argparse.Namespace, command: str, key: str, **values: object) -> int:
    print(f"errcode {command}: {_say(args, key, **values)}", file=sys.stderr)
    return 2


def _knowledge_with_progress(args: argparse.Namespace):
    """The catalogs and index; a line on standard error while the first build runs at a terminal."""
    from bot import api

    if api._knowledge is None and sys.stderr.isatty():
        print(_say(args, "cli_building"), file=sys.stderr, flush=True)
    knowledge = api.knowledge()
    _report_catalog_problems(args, knowledge)
    return knowledge


def _report_catalog_problems(args: argparse.Namespace, knowledge) -> None:
    """Each broken team catalog file or missing ERRCODE_CATALOGS path, once, on stderr (the
    answer still comes from the catalogs that loaded)."""
    for problem in knowledge.loaded.errors:
        print(f"errcode: {_say(args, 'cli_team_catalog_skipped', x=problem)}", file=sys.stderr)


def _read_stdin(args: argparse.Namespace, waiting: str) -> str:
    if sys.stdin.isatty():  # a person at a terminal: say what we wait for
        print(_say(args, waiting), file=sys.stderr, flush=True)
    return sys.stdin.buffer.read().decode("utf-8", errors="replace")


def _cmd_lookup(args: argparse.Namespace) -> int:
    from bot import api, render

    query = " ".join(args.query).strip()
    if not query or query == "-":  # `errcode lookup` / `lookup -`: the query on standard input
        query = " ".join(_read_stdin(args, "cli_waiting_lookup").split())
    if not query:
        return _usage_error(args, "lookup", "cli_lookup_usage", x="`errcode lookup 433`")
    _knowledge_with_progress(args)
    if args.json:
        _print_json(api.lookup(query, limit=args.limit, lang=args.lang))
        return 0
    result = api.lookup(query, limit=max(args.limit, SHOW_LIMIT_MAX), lang=args.lang)
    if args.oneline:
        print(render.oneline_text({**result, "matches": result["matches"][: args.limit]}, lang=args.lang))
    else:
        print(render.lookup_text(result, lang=args.lang, shown=args.limit, verbose=args.verbose))
    return 0


def _cmd_paste(args: argparse.Namespace) -> int:
    from bot import api, render

    if args.file and args.file != "-":
        try:
            with open(args.file, "rb") as handle:
                text = handle.read().decode("utf-8", errors="replace")
        except OSError as exc:
            return _usage_error(args, "paste", "cli_no_file", x=args.file, why=exc.strerror or exc)
    else:
        text = _read_stdin(args, "cli_waiting_paste")
    _knowledge_with_progress(args)
    result = api.explain(text, lang=args.lang)
    if args.json:
        _print_json(result)
    else:
        shown_file = args.file if args.file and args.file != "-" else None
        print(render.explain_text(result, lang=args.lang, verbose=args.verbose, file=shown_file))
    return 0


def _cmd_list(args: argparse.Namespace) -> int:
    """`errcode list`: the catalogs; `errcode list VENDOR|CATALOG`: every code of it, one a line."""
    from bot import render
    from bot.search import match_dict
    from bot.vendors import vendor_for_word

    knowledge = _knowledge_with_progress(args)
    catalogs = knowledge.loaded.catalogs
    language = _lang(args)
    if not args.which:
        print(render.vendors_text(render.catalog_lines(catalogs, language), language))
        return 0
    wanted = args.which.strip().lower()
    vendor = vendor_for_word(wanted) or wanted
    chosen = [c for c in catalogs if c.id == wanted] or [c for c in catalogs if c.vendor == vendor]
    if not chosen:
        known = ", ".join(dict.fromkeys([c.vendor for c in catalogs] + [c.id for c in catalogs]))
        return _usage_error(args, "list", "cli_no_such_list", x=repr(args.which), known=known)
    matches = [match_dict(e, 100.0, language) for c in chosen for e in c.entries]
    if args.json:
        _print_json({"query": args.which, "matches": matches})
    else:
        print(render.oneline_text({"query": args.which, "matches": matches, "lang": language}, lang=language))
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from bot.slack.serve import serve  # built by the Slack bot issue

    return serve()


def _cmd_catalogs(args: argparse.Namespace) -> int:
    from bot.catalogs import cli as catalogs_cli

    return catalogs_cli.run(args)


def _cmd_stats(args: argparse.Namespace) -> int:
    from bot.stats_cli import run

    return run(args)


def _answer_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the JSON result")
    parser.add_argument("--lang", choices=("zh", "en"), help="answer language")
    parser.add_argument("-v", "--verbose", action="store_true", help="also the catalog reviewers' notes")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="errcode",
        description="What an RTC vendor's error code means and what to do about it.",
        epilog="e.g. errcode lookup 433 · errcode lookup agora 404 · errcode paste error.log · errcode list agora",
    )
    parser.add_argument("--version", action="version", version=f"errcode {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    lookup = sub.add_parser("lookup", help="look up a code, a name or words across every catalog")
    lookup.add_argument("query", nargs="*", help="e.g. 433, 'agora 433', SignatureExpire, 签名过期; - or none: standard input")
    _answer_options(lookup)
    lookup.add_argument("--limit", type=int, default=5, help="most matches to show (default 5)")
    lookup.add_argument("--oneline", action="store_true", help="one line a match: vendor code: meaning")
    lookup.set_defaults(func=_cmd_lookup)

    paste = sub.add_parser("paste", help="explain every error in a text (a file, or standard input)")
    paste.add_argument("file", nargs="?", help="a file holding the text; - or none: standard input")
    _answer_options(paste)
    paste.set_defaults(func=_cmd_paste)

    listing = sub.add_parser("list", help="the catalogs, or every code of a vendor or a catalog")
    listing.add_argument("which", nargs="?", metavar="VENDOR|CATALOG", help="e.g. agora, 声网, tencent-live")
    listing.add_argument("--json", action="store_true", help="print the JSON result")
    listing.add_argument("--lang", choices=("zh", "en"), help="answer language")
    listing.set_defaults(func=_cmd_list)

    serve = sub.add_parser(
        "serve",
        help="run the Slack bot (HTTP, or Socket Mode with SLACK_APP_TOKEN)",
        description="Run the Slack bot. It is configured by its environment.",
        epilog=ENVIRONMENT,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    serve.set_defaults(func=_cmd_serve)

    catalogs = sub.add_parser("catalogs", help="list, check or import catalogs")
    from bot.catalogs import cli as catalogs_cli

    catalogs_cli.add_arguments(catalogs)
    catalogs.set_defaults(func=_cmd_catalogs)

    stats = sub.add_parser("stats", help="what Slack asked that no catalog holds, top codes, 👎'd answers")
    stats.add_argument("--since", default="7d", help="the window: 7d (default), 24h, 2w")
    stats.add_argument("--json", action="store_true", help="print the JSON result")
    stats.add_argument("--team", help="one workspace (its Slack team id); default: each in turn")
    stats.add_argument("--lang", choices=("zh", "en"), help="language of the text output")
    stats.add_argument("--limit", type=int, default=10, help="most rows per section (default 10)")
    stats.set_defaults(func=_cmd_stats)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):  # a bare `errcode`: what it can do, not an argparse error
        parser.print_help()
        return 0
    if getattr(args, "limit", 1) is not None and getattr(args, "limit", 1) < 1:
        print("errcode: --limit must be at least 1", file=sys.stderr)
        return 2
    try:
        return args.func(args)
    except BrokenPipeError:  # `errcode ... | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return 0
    except Exception as exc:  # a clear line instead of a traceback
        from bot.catalogs import CatalogError

        if isinstance(exc, CatalogError):
            print(f"errcode: {_say(args, 'cli_bad_catalogs')}\n{exc}", file=sys.stderr)
            return 1
        raise


if __name__ == "__main__":
    raise SystemExit(main())
