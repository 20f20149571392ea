"""Catalog reloads without a restart: a polling file watcher and SIGHUP.

A valid change is live within one poll interval; a broken file keeps the last good catalogs
serving and logs each problem with file and line. Polling (stat every couple of seconds) is
enough for a handful of files and needs no extra dependency or inotify support.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from pathlib import Path

from bot import api, metrics
from bot.catalogs import CatalogError
from bot.catalogs.loader import CATALOG_SUFFIXES, bundled_dir, extra_locations

log = logging.getLogger("errcode.reload")
DEFAULT_INTERVAL = 2.0


def _watched_files() -> list[Path]:
    files: list[Path] = []
    for location in [bundled_dir(), *extra_locations()]:
        if location.is_dir():
            files.extend(p for p in location.iterdir() if p.suffix.lower() in CATALOG_SUFFIXES)
        else:
            files.append(location)
    return sorted(files)


def snapshot() -> dict[str, tuple[int, int]]:
    """(mtime_ns, size) of every catalog file, missing files included as (0, -1)."""
    state = {}
    for path in _watched_files():
        try:
            st = path.stat()
            state[str(path)] = (st.st_mtime_ns, st.st_size)
        except OSError:
            state[str(path)] = (0, -1)
    return state


def reload_now(reason: str = "manual") -> bool:
    """Rebuild the knowledge; install it only if every catalog is valid. Returns success."""
    try:
        fresh = api.build()
    except CatalogError as exc:
        problems = exc.problems
    except Exception:  # never let a reload take the bot down
        log.exception("catalog reload failed (%s); still serving the last good catalogs", reason)
        metrics.RELOADS.labels("failed").inc()
        return False
    else:
        problems = fresh.loaded.errors
        if not problems:
            api.install(fresh)
            count = sum(len(c.entries) for c in fresh.loaded.catalogs)
            metrics.RELOADS.labels("ok").inc()
            metrics.ENTRIES.set(count)
            log.info("catalogs reloaded (%s): %d catalogs, %d entries", reason, len(fresh.loaded.catalogs), count)
            return True
    for problem in problems:
        log.error("catalog reload rejected (%s): %s", reason, problem)
    log.error("still serving the last good catalogs")
    metrics.RELOADS.labels("rejected").inc()
    return False


class CatalogWatcher:
    """Polls the catalog files and reloads on change; also reloads on SIGHUP."""

    def __init__(self, interval: float = DEFAULT_INTERVAL):
        self.interval = interval
        self._state = snapshot()
        self._task: asyncio.Task | None = None
        self._lock = asyncio.Lock()

    async def reload(self, reason: str) -> bool:
        async with self._lock:  # one rebuild at a time, off the event loop
            self._state = await asyncio.to_thread(snapshot)
            return await asyncio.to_thread(reload_now, reason)

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                current = await asyncio.to_thread(snapshot)
                if current != self._state:
                    await self.reload("file change")
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("catalog watcher error; watching on")

    def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._task = loop.create_task(self._run(), name="errcode-catalog-watcher")
        try:
            loop.add_signal_handler(signal.SIGHUP, lambda: loop.create_task(self.reload("SIGHUP")))
        except (NotImplementedError, RuntimeError, ValueError, AttributeError):
            pass  # not the main thread, or a platform without SIGHUP: polling still works

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
