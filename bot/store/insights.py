"""Feedback and what errcode could not answer, per workspace, in the database (DATABASE_URL).

Two tables of our own beside slack_sdk's, through SQLAlchemy Core on the same async engine kind
as bot/store/database.py:
- errcode_feedback: one row per 👍/👎: the entry shown, the fingerprint of what was asked (a
  hash, never the text), the vote, a fixed reason chosen in the "what was wrong?" modal, the time.
- errcode_codes_asked: counts per (workspace, day, kind, code, vendor): codes answered and codes
  errcode could not answer, first and last seen. Day buckets let `--since 7d` count a window.
Nothing here holds user text: codes are code-shaped tokens, vendors ids from fixed lists
(bot/insights.py). A database in trouble costs the stats, never an answer: writes log and go on.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    UniqueConstraint,
    case,
    delete,
    func,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot import metrics
from bot.insights import ANSWERED, CODE_MAX, REASONS, UNKNOWN_KINDS, Observation

log = logging.getLogger("errcode.store")


metadata = MetaData()
feedback = Table(
    "errcode_feedback",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("team_id", String(32), nullable=False),
    Column("entry", String(300), nullable=False),  # "catalog:code" (+ " name"); "" when none was shown
    Column("fingerprint", String(64), nullable=False),
    Column("vote", SmallInteger, nullable=False),  # +1 / -1
    Column("reason", String(32)),
    Column("created_at", DateTime, nullable=False),  # UTC
    Index("errcode_feedback_team_time", "team_id", "created_at"),
)
codes_asked = Table(
    "errcode_codes_asked",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("team_id", String(32), nullable=False),
    Column("day", Date, nullable=False),  # UTC
    Column("kind", String(20), nullable=False),
    Column("code", String(CODE_MAX), nullable=False),
    Column("vendor", String(64), nullable=False),
    Column("count", Integer, nullable=False),
    Column("first_seen", DateTime, nullable=False),
    Column("last_seen", DateTime, nullable=False),
    UniqueConstraint("team_id", "day", "kind", "code", "vendor", name="errcode_codes_asked_key"),
)


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def entry_text(entry: tuple | list | None) -> str:
    """(catalog, code, kind, name) -> "catalog:code" (+ " name" when it has one)."""
    if not entry:
        return ""
    catalog, code, _kind, name = (list(entry) + [None] * 4)[:4]
    text = f"{catalog}:{code}"
    return (text + (f" {name}" if name and name != code else ""))[:300]


@dataclass(frozen=True)
class CodeCount:
    kind: str
    code: str
    vendor: str
    count: int
    first_seen: datetime
    last_seen: datetime


@dataclass(frozen=True)
class Downvoted:
    entry: str
    downs: int
    ups: int
    reasons: dict[str, int]
    last: datetime


@dataclass(frozen=True)
class Report:
    since: datetime
    top_codes: list[CodeCount] = field(default_factory=list)
    unknown: list[CodeCount] = field(default_factory=list)
    downvoted: list[Downvoted] = field(default_factory=list)
    votes: tuple[int, int] = (0, 0)  # (👍, 👎)


class InsightStore:
    """Counts are gathered in memory and written together every `flush_seconds` once `start`ed
    (one transaction for many answers: the database never paces the answers), at most
    MAX_PENDING distinct counts waiting (beyond, counted as shed). Not started (tests, the CLI),
    each record is written at once. Votes are written at once."""

    MAX_PENDING = 10_000
    KEEP_DAYS = 400  # counts older than this are dropped at start: the table does not grow forever

    def __init__(self, engine: AsyncEngine, *, flush_seconds: float = 2.0):
        self.engine = engine
        self.flush_seconds = flush_seconds
        self._upsert = _upsert(sqlite_insert if engine.dialect.name == "sqlite" else postgresql_insert)
        self._pending: dict[tuple, list] = {}  # (team, day, kind, code, vendor) -> [count, first, last]
        self._flusher: asyncio.Task | None = None

    async def create_tables(self) -> None:
        for attempt in range(3):  # two instances starting at once: the loser looks again
            try:
                async with self.engine.begin() as connection:
                    await connection.run_sync(metadata.create_all)
                return
            except SQLAlchemyError:
                if attempt == 2:
                    raise

    async def start(self) -> None:
        """Create the tables and write counts in the background. A database that can't be
        reached costs the stats only: errcode serves all the same."""
        await self.prepare()
        self._flusher = asyncio.ensure_future(self._flush_every())

    async def prepare(self) -> None:
        """The tables, and counts past KEEP_DAYS dropped: `start` without the background writer."""
        try:
            await self.create_tables()
            await self.forget_before(utcnow() - timedelta(days=self.KEEP_DAYS))
        except (SQLAlchemyError, OSError):
            metrics.ERRORS.labels("insights").inc()
            log.error("the database can't be used; feedback and stats are not kept until it can")

    async def write_in_background(self) -> None:
        """`start`'s writer run in the calling task (one that lives as long as the server) until
        `close` cancels it: counts are gathered and written together from then on."""
        self._flusher = asyncio.current_task()
        await self._flush_every()

    async def forget_before(self, moment: datetime) -> None:
        async with self.engine.begin() as connection:
            await connection.execute(delete(codes_asked).where(codes_asked.c.day < moment.date()))

    async def _flush_every(self) -> None:
        while True:
            await asyncio.sleep(self.flush_seconds)
            await self.flush()

    async def close(self) -> None:
        if self._flusher is not None:
            self._flusher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._flusher
            self._flusher = None
        await self.flush()  # what the last answers counted
        await self.engine.dispose()

    async def record(
        self, team_id: str, observations: tuple[Observation, ...], now: datetime | None = None
    ) -> None:
        """Count what one answer showed and could not show."""
        now = now or utcnow()
        for o in dict.fromkeys(observations):
            key = (team_id[:32], now.date(), o.kind, o.code[:CODE_MAX], o.vendor[:64])
            counted = self._pending.get(key)
            if counted is not None:
                counted[0] += 1
                counted[1], counted[2] = min(counted[1], now), max(counted[2], now)
            elif len(self._pending) < self.MAX_PENDING:
                self._pending[key] = [1, now, now]
            else:
                metrics.ERRORS.labels("insights_shed").inc()
        if self._flusher is None:
            await self.flush()

    async def flush(self) -> None:
        """Write the counts gathered so far, in one transaction."""
        if not self._pending:
            return
        pending, self._pending = self._pending, {}
        rows = [
            {
                "team_id": team,
                "day": day,
                "kind": kind,
                "code": code,
                "vendor": vendor,
                "count": count,
                "first_seen": first,
                "last_seen": last,
            }
            for (team, day, kind, code, vendor), (count, first, last) in pending.items()
        ]
        await self._write(self._upsert, rows)

    async def vote(
        self,
        team_id: str,
        entry: tuple | list | None,
        fingerprint: str,
        vote: int,
        now: datetime | None = None,
    ) -> int | None:
        """A 👍 (+1) or 👎 (-1); the row id (for the modal's reason), None when it was not kept."""
        values = {
            "team_id": team_id[:32],
            "entry": entry_text(entry),
            "fingerprint": fingerprint[:64],
            "vote": 1 if vote > 0 else -1,
            "created_at": now or utcnow(),
        }
        try:
            async with self.engine.begin() as connection:
                result = await connection.execute(feedback.insert().values(**values))
                return int(result.inserted_primary_key[0])
        except SQLAlchemyError:
            self._failed("feedback")
            return None

    async def give_reason(self, team_id: str, feedback_id: int, reason: str) -> bool:
        if reason not in REASONS:
            return False
        statement = (
            update(feedback)
            .where(feedback.c.id == feedback_id, feedback.c.team_id == team_id, feedback.c.vote < 0)
            .values(reason=reason)
        )
        try:
            async with self.engine.begin() as connection:
                return (await connection.execute(statement)).rowcount == 1
        except SQLAlchemyError:
            self._failed("feedback")
            return False

    async def report(
        self,
        team_id: str | None = None,
        *,
        since: timedelta = timedelta(days=7),
        limit: int = 10,
        now: datetime | None = None,
    ) -> Report:
        """The window's top answered codes, top unknown codes and 👎'd answers (all teams when None)."""
        await self.flush()
        start = (now or utcnow()) - since
        count = func.sum(codes_asked.c.count).label("count")
        grouped = (
            select(
                codes_asked.c.kind,
                codes_asked.c.code,
                codes_asked.c.vendor,
                count,
                func.min(codes_asked.c.first_seen),
                func.max(codes_asked.c.last_seen),
            )
            .where(codes_asked.c.day >= start.date(), codes_asked.c.last_seen >= start)
            .group_by(codes_asked.c.kind, codes_asked.c.code, codes_asked.c.vendor)
            .order_by(count.desc(), func.max(codes_asked.c.last_seen).desc())
        )
        votes = select(
            feedback.c.entry,
            feedback.c.vote,
            feedback.c.reason,
            func.count(),
            func.max(feedback.c.created_at),
        ).where(feedback.c.created_at >= start)
        if team_id is not None:
            grouped = grouped.where(codes_asked.c.team_id == team_id)
            votes = votes.where(feedback.c.team_id == team_id)
        votes = votes.group_by(feedback.c.entry, feedback.c.vote, feedback.c.reason)
        async with self.engine.connect() as connection:
            answered = (
                await connection.execute(grouped.where(codes_asked.c.kind == ANSWERED).limit(limit))
            ).all()
            unknown = (
                await connection.execute(grouped.where(codes_asked.c.kind.in_(UNKNOWN_KINDS)).limit(limit))
            ).all()
            vote_rows = (await connection.execute(votes)).all()
        return Report(
            since=start,
            top_codes=[CodeCount(*row) for row in answered],
            unknown=[CodeCount(*row) for row in unknown],
            downvoted=_downvoted(vote_rows)[:limit],
            votes=(
                sum(r[3] for r in vote_rows if r[1] > 0),
                sum(r[3] for r in vote_rows if r[1] < 0),
            ),
        )

    async def teams(self) -> list[str]:
        """Every workspace with stats or feedback, in order."""
        await self.flush()
        query = select(codes_asked.c.team_id).union(select(feedback.c.team_id))
        async with self.engine.connect() as connection:
            return sorted(row[0] for row in (await connection.execute(query)).all())

    async def _write(self, statement, rows) -> None:
        try:
            async with self.engine.begin() as connection:
                await connection.execute(statement, rows)
        except SQLAlchemyError:
            self._failed("codes_asked")

    @staticmethod
    def _failed(table: str) -> None:
        metrics.ERRORS.labels("insights").inc()
        log.warning(
            "could not write to the database; the answer went out all the same", extra={"table": table}
        )


def _upsert(insert):
    """The statement every flush writes its rows with, built once: building it (the excluded
    columns, the two cases) cost as much CPU as running it."""
    statement = insert(codes_asked)
    new, kept = statement.excluded, codes_asked.c
    return statement.on_conflict_do_update(
        index_elements=["team_id", "day", "kind", "code", "vendor"],
        set_={  # instances may write out of order: the earliest first, the latest last
            "count": kept.count + new.count,
            "first_seen": case((new.first_seen < kept.first_seen, new.first_seen), else_=kept.first_seen),
            "last_seen": case((new.last_seen > kept.last_seen, new.last_seen), else_=kept.last_seen),
        },
    )


def _downvoted(rows) -> list[Downvoted]:
    by_entry: dict[str, dict] = {}
    for entry, vote, reason, n, last in rows:
        item = by_entry.setdefault(entry, {"downs": 0, "ups": 0, "reasons": {}, "last": last})
        item["last"] = max(item["last"], last)
        if vote > 0:
            item["ups"] += n
        else:
            item["downs"] += n
            if reason:
                item["reasons"][reason] = item["reasons"].get(reason, 0) + n
    found = [Downvoted(entry, v["downs"], v["ups"], v["reasons"], v["last"]) for entry, v in by_entry.items()]
    return sorted((d for d in found if d.downs), key=lambda d: (-d.downs, -d.last.timestamp()))


_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([dhwm]?)")
_UNITS = {"d": "days", "h": "hours", "m": "minutes", "w": "weeks", "": "days"}


def since_days(text: str) -> timedelta:
    """"7d", "24h", "2w", "30m" or a plain number of days -> timedelta; ValueError otherwise."""
    found = _DURATION.fullmatch(text.strip().lower())
    value = float(found.group(1)) if found else 0.0
    if not found or not 0 < value <= 36500:
        raise ValueError(f"--since wants a duration such as 7d, 24h or 2w, not {text!r}")
    return timedelta(**{_UNITS[found.group(2)]: value})


ENV_FLUSH_SECONDS = "ERRCODE_STATS_FLUSH_SECONDS"


def flush_seconds(env=None, default: float = 2.0) -> float:
    """How often the gathered counts are written: ERRCODE_STATS_FLUSH_SECONDS (a positive number
    of seconds), else every two. (bench.serve sets an hour so no flush falls into its counted
    windows of a few requests each: in production one flush serves hundreds of answers.)"""
    try:
        seconds = float((os.environ if env is None else env).get(ENV_FLUSH_SECONDS, default))
    except ValueError:
        return default
    return seconds if 0 < seconds < float("inf") else default


def open_insights(env=None) -> InsightStore:
    """The store on DATABASE_URL (default: the SQLite file under ERRCODE_DATA_DIR)."""
    from bot.store.database import create_engine, database_url

    return InsightStore(create_engine(database_url(env)), flush_seconds=flush_seconds(env))
