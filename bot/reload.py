"""Catalog reloads without a restart: a polling file watcher and SIGHUP.

A valid change is live within one poll interval; a broken file keeps the last good catalogs
serving and logs each problem with file and line. Polling (stat every couple of seconds) is
enough for a handful of files and needs no extra dependency or inotify support.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
from pathlib import Path

from bot import api, metrics
from bot.catalogs import CatalogError, LoadResult, load_catalogs
from bot.catalogs.loader import CATALOG_SUFFIXES, bundled_dir, extra_locations
from bot.search import SearchIndex

log = logging.getLogger("errcode.reload")
DEFAULT_INTERVAL = 2.0
YIELDING_PARSER = False


def _watched_files() -> list[Path]:
    files: list[Path] = []
    for location in [bundled_dir(), *extra_locations()]:
        try:
            if location.is_dir():
                files.extend(p for p in location.iterdir() if p.suffix.lower() in CATALOG_SUFFIXES)
                continue
        except OSError:  # an unreadable folder: watched as one path (the loader reports it)
            pass
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


_reported: set[str] = set()  # team-catalog problems already logged: each is logged once


def report_problems(problems, *, context: str) -> None:
    """Log each team-catalog problem (file:line) once, however many reloads see it again."""
    current = {str(p) for p in problems if p.severity == "error"}
    for text in sorted(current - _reported):
        log.error("%s: %s", context, text)
    _reported.intersection_update(current)  # a problem fixed and broken again is logged again
    _reported.update(current)


def _keep_last_good(fresh: LoadResult, previous: api.Knowledge | None) -> tuple[LoadResult, list[Path]]:
    """A team file that is broken now keeps the version that loaded last time (others go live)."""
    if previous is None:
        return fresh, []
    broken = {Path(p.path) for p in fresh.errors}
    ids = {c.id for c in fresh.catalogs}
    kept = [c for c in previous.loaded.catalogs if not c.bundled and c.path in broken and c.id not in ids]
    if not kept:
        return fresh, []
    return LoadResult(fresh.catalogs + tuple(kept), fresh.problems), [c.path for c in kept]


def reload_now(reason: str = "manual") -> bool:
    """Rebuild the knowledge and install it; True when every catalog file loaded. A broken team
    file keeps its last good version (or is left out) while every other change goes live; a
    broken bundled catalog keeps everything as it was."""
    with _no_gc_pauses():
        return _reload(reason)


@contextlib.contextmanager
def _no_gc_pauses():
    """Building a big catalog makes millions of objects; Python's cyclic GC would walk them all,
    in whichever thread allocates next, holding the GIL for a long pause the event loop feels.
    No collection while building; then the new (long-lived) objects are frozen out of future ones."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def _reload(reason: str) -> bool:
    try:
        fresh = load_catalogs(yielding=YIELDING_PARSER)
    except CatalogError as exc:
        for problem in exc.problems:
            log.error("catalog reload rejected (%s): %s", reason, problem)
        log.error("still serving the last good catalogs")
        metrics.RELOADS.labels("rejected").inc()
        return False
    except Exception:  # never let a reload take the bot down
        log.exception("catalog reload failed (%s); still serving the last good catalogs", reason)
        metrics.RELOADS.labels("failed").inc()
        return False
    loaded, kept = _keep_last_good(fresh, api.current())
    api.install(api.Knowledge(loaded, SearchIndex(loaded.catalogs)))
    count = sum(len(c.entries) for c in loaded.catalogs)
    metrics.ENTRIES.set(count)
    if fresh.errors:
        report_problems(fresh.errors, context=f"catalog reload rejected ({reason})")
        log.error(
            "still serving the last good catalogs for the files above",
            extra={"kept_last_good": [str(p) for p in kept]},
        )
        metrics.RELOADS.labels("rejected").inc()
    else:
        report_problems((), context="")
        metrics.RELOADS.labels("ok").inc()
    log.info("catalogs reloaded (%s): %d catalogs, %d entries", reason, len(loaded.catalogs), count)
    return not fresh.errors


class CatalogWatcher:
    """Polls the catalog files and reloads on change; also reloads on SIGHUP."""

    def __init__(self, interval: float = DEFAULT_INTERVAL):
        self.interval = interval
        self._state = snapshot()
        self._changing: dict | None = None  # a changed state seen once: loaded when the next poll agrees
        self._task: asyncio.Task | None = None
        self._lock = asyncio.Lock()

    async def reload(self, reason: str) -> bool:
        async with self._lock:  # one rebuild at a time, off the event loop
            self._state, self._changing = await asyncio.to_thread(snapshot), None
            return await asyncio.to_thread(reload_now, reason)

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                current = await asyncio.to_thread(snapshot)
                if current == self._state:
                    self._changing = None
                elif current == self._changing:  # unchanged for a whole interval: written
                    await self.reload("file change")
                else:  # still being written, or just changed: look again next time
                    self._changing = current
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
