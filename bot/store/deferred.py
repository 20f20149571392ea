"""The insights store of `errcode serve` with its database code loaded when first used.

SQLAlchemy, its asyncio extension and the SQLite/PostgreSQL dialects are a fifth of the served
process's memory; a bot nobody has asked anything yet needs none of it. DeferredInsights stands
in for bot/store/insights.InsightStore (the calls the Slack layer makes) and opens the real
store, its tables included, at its first call. Its background writer runs in a task made at
start, as the store's own would be: a task born later would look to the drain like an answer
still under way.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.store.insights import InsightStore

log = logging.getLogger("errcode.store")


class DeferredInsights:
    def __init__(self, env: Mapping[str, str]):
        self._env = dict(env)
        self._store: InsightStore | None = None
        self._opening: asyncio.Lock | None = None
        self._opened: asyncio.Event | None = None
        self._writer: asyncio.Task | None = None  # made by start(): writes once the store is open

    @property
    def opened(self) -> bool:
        return self._store is not None

    async def _ready(self) -> InsightStore:
        if self._store is not None:
            return self._store
        self._opening = self._opening or asyncio.Lock()
        async with self._opening:  # two first answers at once open it once
            if self._store is None:
                # importing SQLAlchemy takes a few hundred ms: in a thread, so the acks of the
                # requests arriving meanwhile don't wait behind the first answer's stats
                store = await asyncio.get_running_loop().run_in_executor(None, _open, self._env)
                if self._writer is not None:
                    await store.prepare()
                self._store = store
                if self._opened is not None:
                    self._opened.set()
        return self._store

    async def start(self) -> None:
        self._opened = asyncio.Event()
        self._writer = asyncio.ensure_future(self._write_once_open())

    async def _write_once_open(self) -> None:
        await self._opened.wait()
        await self._store.write_in_background()

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._writer
        if self._store is not None:
            await self._store.close()  # what the last answers counted, then the engine

    async def record(self, *args: Any, **kwargs: Any) -> None:
        await (await self._ready()).record(*args, **kwargs)

    async def vote(self, *args: Any, **kwargs: Any):
        return await (await self._ready()).vote(*args, **kwargs)

    async def give_reason(self, *args: Any, **kwargs: Any) -> bool:
        return await (await self._ready()).give_reason(*args, **kwargs)

    async def report(self, *args: Any, **kwargs: Any):
        return await (await self._ready()).report(*args, **kwargs)


def _open(env: Mapping[str, str]) -> InsightStore:
    from bot.store.insights import open_insights

    return open_insights(env)
