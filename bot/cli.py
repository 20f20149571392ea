"""The `errcode` command line (also `python -m bot`). See INTERFACE.md for its contract.

Exit status: 0 for every answered query (a no-match included), 2 for a usage error with the
reason on standard error, 1 when the bundled catalogs are invalid.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys

from bot import __version__

SHOW_LIMIT_MAX = 50  # how far the CLI looks to say "N more" beyond --limit
# (variables, words key): `serve --help` lists the environment in the help's language.
ENVIRONMENT = (
    ("SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET", "cli.env.slack"),
    ("SLACK_APP_TOKEN", "cli.env.app_token"),
    ("SLACK_API_URL", "cli.env.api_url"),
    ("SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_SCOPES, SLACK_REDIRECT_URI", "cli.env.oauth"),
    ("ERRCODE_CATALOGS", "cli.env.catalogs"),
    ("ERRCODE_LANG", "cli.env.lang"),
    ("ERRCODE_DATA_DIR", "cli.env.data_dir"),
    ("DATABASE_URL", "cli.env.database"),
    ("REDIS_URL", "cli.env.redis"),
    ("ERRCODE_HOST, ERRCODE_METRICS_PORT", "cli.env.host"),
    ("ERRCODE_DRAIN_SECONDS", "cli.env.drain"),
)


LOOKUP_EXAMPLES = ("433", "'agora 433'", "SignatureExpire", "签名过期")  # queries, in either language


def _help_words(lang: str):
    from bot.render import words

    examples = ("、" if lang == "zh" else ", ").join(LOOKUP_EXAMPLES)

    def say(key: str) -> str:
        return words.word(lang, f"cli.{key}", **({"examples": examples} if key == "lookup_query" else {}))

    return say


def _formatter(base: type[argparse.HelpFormatter], usage_prefix: str) -> type[argparse.HelpFormatter]:
    class Formatter(base):  # argparse's "usage: " in the help's language
        def add_usage(self, usage, actions, groups, prefix=None):
            super().add_usage(usage, actions, groups, usage_prefix if prefix is None else prefix)

    return Formatter


class _Parser(argparse.ArgumentParser):
    """argparse in the help's language: its headings, -h and the error line too. `lang` is kept
    for the subcommands' parsers, which argparse builds with the same class."""

    def __init__(self, *args, lang: str = "en", raw: bool = False, **kwargs):
        say = _help_words(lang)
        base = argparse.RawDescriptionHelpFormatter if raw else argparse.HelpFormatter
        super().__init__(*args, add_help=False, formatter_class=_formatter(base, say("usage")), **kwargs)
        self.lang, self.say = lang, say
        self._positionals.title = say("positionals")
        self._optionals.title = say("options")
        self.add_argument("-h", "--help", action="help", help=say("help"))

    def error(self, message: str) -> None:  # usage errors exit 2 with the reason on stderr
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: {self.say('error')}: {message}\n")

    def command(self, subparsers, name: str, **kwargs) -> _Parser:
        return subparsers.add_parser(name, lang=self.lang, help=self.say(name), **kwargs)


def help_language(argv: list[str]) -> str:
    """The help's language: a --lang anywhere on the line, else ERRCODE_LANG, else English."""
    from bot import lang

    explicit = None
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            explicit = argv[i + 1]
        elif arg.startswith("--lang="):
            explicit = arg.split("=", 1)[1]
    return lang.answer_language(explicit=explicit)


def _lang(args: argparse.Namespace) -> str:
    """The language of the command line's own lines (usage, errors): --lang, else ERRCODE_LANG."""
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

    if api.current() is None and sys.stderr.isatty():
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
    result = api.lookup_result(query, limit=max(args.limit, SHOW_LIMIT_MAX), lang=args.lang)
    if args.oneline:
        print(render.oneline_text(dataclasses.replace(result, matches=result.matches[: args.limit]), lang=args.lang))
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
    if args.json:
        _print_json(api.explain(text, lang=args.lang))
    else:
        result = api.explain_result(text, lang=args.lang)
        shown_file = args.file if args.file and args.file != "-" else None
        print(render.explain_text(result, lang=args.lang, verbose=args.verbose, file=shown_file))
    return 0


def _cmd_list(args: argparse.Namespace) -> int:
    """`errcode list`: the catalogs; `errcode list VENDOR|CATALOG`: every code of it, one a line."""
    from bot import api, render

    _knowledge_with_progress(args)
    language = _lang(args)
    if not args.which:
        print(render.vendors_text(render.catalog_lines(api.catalogs(), language), language))
        return 0
    listed = api.catalog_entries(args.which, lang=language)
    if listed is None:
        catalogs = api.catalogs()
        known = ", ".join(dict.fromkeys([c.vendor for c in catalogs] + [c.id for c in catalogs]))
        return _usage_error(args, "list", "cli_no_such_list", x=repr(args.which), known=known)
    if args.json:
        _print_json(listed)
    else:
        print(render.oneline_text({**listed, "lang": language}, lang=language))
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


def _answer_options(parser: _Parser) -> None:
    parser.add_argument("--json", action="store_true", help=parser.say("json"))
    parser.add_argument("--lang", choices=("zh", "en"), help=parser.say("lang"))
    parser.add_argument("-v", "--verbose", action="store_true", help=parser.say("verbose"))


def _environment(say) -> str:
    width = max(len(names) for names, _ in ENVIRONMENT if len(names) < 40) + 2
    lines = [f"{say('environment')}:"]
    for names, key in ENVIRONMENT:
        if len(names) < 40:
            lines.append(f"  {names:<{width}}{say(key[4:])}")
        else:  # too long for one column: the words on the next line
            lines += [f"  {names}", f"  {'':<{width}}{say(key[4:])}"]
    return "\n".join(lines) + "\n"


def build_parser(lang: str = "en") -> argparse.ArgumentParser:
    parser = _Parser(prog="errcode", lang=lang)
    say = parser.say
    parser.description, parser.epilog = say("description"), say("epilog")
    parser.add_argument("--version", action="version", version=f"errcode {__version__}", help=say("version"))
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND", title=say("commands"))

    lookup = parser.command(sub, "lookup")
    lookup.add_argument("query", nargs="*", help=say("lookup_query"))
    _answer_options(lookup)
    lookup.add_argument("--limit", type=int, default=5, help=say("limit"))
    lookup.add_argument("--oneline", action="store_true", help=say("oneline"))
    lookup.set_defaults(func=_cmd_lookup)

    paste = parser.command(sub, "paste")
    paste.add_argument("file", nargs="?", help=say("paste_file"))
    _answer_options(paste)
    paste.set_defaults(func=_cmd_paste)

    listing = parser.command(sub, "list")
    listing.add_argument("which", nargs="?", metavar="VENDOR|CATALOG", help=say("list_which"))
    listing.add_argument("--json", action="store_true", help=say("json"))
    listing.add_argument("--lang", choices=("zh", "en"), help=say("lang"))
    listing.set_defaults(func=_cmd_list)

    serve = parser.command(sub, "serve", description=say("serve_description"), epilog=_environment(say), raw=True)
    serve.set_defaults(func=_cmd_serve)

    catalogs = parser.command(sub, "catalogs")
    from bot.catalogs import cli as catalogs_cli

    catalogs_cli.add_arguments(catalogs)
    catalogs.set_defaults(func=_cmd_catalogs)

    stats = parser.command(sub, "stats")
    stats.add_argument("--since", default="7d", help=say("stats_since"))
    stats.add_argument("--json", action="store_true", help=say("json"))
    stats.add_argument("--team", help=say("stats_team"))
    stats.add_argument("--lang", choices=("zh", "en"), help=say("stats_lang"))
    stats.add_argument("--limit", type=int, default=10, help=say("stats_limit"))
    stats.set_defaults(func=_cmd_stats)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(help_language(argv))
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):  # a bare `errcode`: what it can do, not an argparse error
        parser.print_help()
        return 0
    if getattr(args, "limit", 1) is not None and getattr(args, "limit", 1) < 1:
        print(f"errcode: {_say(args, 'cli_limit_too_small')}", file=sys.stderr)
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
