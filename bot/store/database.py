"""The database: what must outlive a process (installations, OAuth state), through SQLAlchemy.

DATABASE_URL is a SQLAlchemy URL; by default a SQLite file under ERRCODE_DATA_DIR (default
./.errcode). PostgreSQL by the same variable (postgresql://user:pass@host/db, driver psycopg 3).
The tables are slack_sdk's own (its SQLAlchemy installation and OAuth state stores, async
variants); they are created on first start, and a second start on the same database changes
nothing (create_all only creates what is missing).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping

from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot.store.paths import data_dir

log = logging.getLogger("errcode.store")

SQLITE_FILE = "errcode.db"
# The async driver for each database SQLAlchemy is given without one.
_ASYNC_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+psycopg", "postgres": "postgresql+psycopg"}


class DatabaseError(Exception):
    """DATABASE_URL can't be used; the message names the variable, never the URL (it may hold a password)."""


def database_url(env: Mapping[str, str] | None = None) -> URL:
    """The async SQLAlchemy URL for DATABASE_URL, or the default SQLite file (its folder created)."""
    env = os.environ if env is None else env
    text = env.get("DATABASE_URL", "").strip()
    if not text:
        folder = data_dir(env)
        folder.mkdir(parents=True, exist_ok=True)
        return make_url(f"sqlite+aiosqlite:///{(folder / SQLITE_FILE).resolve()}")
    try:
        url = make_url(text)
    except Exception:
        raise DatabaseError("DATABASE_URL is not a database URL (e.g. postgresql://user:pass@host/db)") from None
    driver = _ASYNC_DRIVERS.get(url.drivername)
    if driver:
        url = url.set(drivername=driver)
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise DatabaseError("DATABASE_URL must be a PostgreSQL or SQLite URL")
    return url


def create_engine(url: URL) -> AsyncEngine:
    if url.get_backend_name() == "sqlite":
        # Several processes may share the file: wait for a writer's lock instead of failing.
        return create_async_engine(url, connect_args={"timeout": 15})
    return create_async_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)


class Database:
    """The engine and slack_sdk's stores on it, for the OAuth flow (bot/slack/oauth.py)."""

    def __init__(self, engine: AsyncEngine, *, client_id: str, state_expiration_seconds: int = 600):
        self.engine = engine
        self.installations = AsyncSQLAlchemyInstallationStore(client_id=client_id, engine=engine)
        self.states = AsyncSQLAlchemyOAuthStateStore(
            expiration_seconds=state_expiration_seconds, engine=engine
        )

    async def create_tables(self) -> None:
        """Create what is missing. Two instances starting at once may race to create a table:
        the loser sees it exists on its second look."""
        for attempt in range(3):
            try:
                await self.installations.create_tables()
                await self.states.create_tables()
                return
            except SQLAlchemyError:
                if attempt == 2:
                    raise
                log.info("schema created by another instance meanwhile; looking again")

    async def close(self) -> None:
        await self.engine.dispose()


async def open_database(env: Mapping[str, str] | None = None, *, client_id: str) -> Database:
    database = Database(create_engine(database_url(env)), client_id=client_id)
    await database.create_tables()
    return database
