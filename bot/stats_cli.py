"""`errcode stats [--since 7d] [--json] [--team T]`: per workspace, from the database the bot
writes (DATABASE_URL, default the SQLite file under ERRCODE_DATA_DIR): the top codes asked, the
codes asked that no catalog holds (with the command that imports the vendor's page), and the
answers marked 👎."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

from bot.render import insights as insight_words
from bot.store.database import DatabaseError
from bot.store.insights import open_insights, since_days


async def _reports(store, team: str | None, since, limit: int) -> list[tuple[str, object]]:
    try:
        await store.create_tables()  # a database the bot never wrote to: empty stats, not an error
        teams = [team] if team else await store.teams()
        return [(t, await store.report(t, since=since, limit=limit)) for t in teams]
    finally:
        await store.close()


def run(args: argparse.Namespace) -> int:
    try:
        since = since_days(args.since)
        store = open_insights()
    except (ValueError, DatabaseError) as exc:
        print(f"errcode stats: {exc}", file=sys.stderr)
        return 2
    reports = asyncio.run(_reports(store, args.team, since, args.limit))
    if args.json:
        workspaces = [{"team_id": team, **insight_words.stats_json(report)} for team, report in reports]
        print(json.dumps({"since": args.since, "workspaces": workspaces}, ensure_ascii=False, indent=2))
        return 0
    if not reports:
        print("No stats yet: errcode has answered nothing in Slack with this database (DATABASE_URL).")
    for number, (team, report) in enumerate(reports):
        if number:
            print()
        print(f"== {team}")
        print(insight_words.stats_text(report, args.lang))
    return 0
