"""Catalog reloads without a restart: a polling file watcher and SIGHUP.

A valid change is live within one poll interval; a broken file keeps the last good catalogs
serving and logs each problem with file and line. Polling (stat every couple of seconds) is
enough for a handful of files and needs no extra dependency or inotify support.

The rebuild (parse, validate, index) runs in a short-lived worker process: in a thread it held
the GIL for up to a few hundred ms at a time (freeing libyaml's node graph, freeing the old index)
and made every ack wait out 5 ms GIL hand-offs for the whole rebuild. The serving process only
takes in the pickled result, frame by frame with a short GIL switch interval, and frees the old
index in small pieces.
"""

from __future__ import annotations

import asyncio
import gc
import io
import logging
import os
import pickle
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from bot import api, metrics
from bot.catalogs import CatalogError, LoadResult
from bot.catalogs.loader import CATALOG_SUFFIXES, bundled_dir, extra_locations
from bot.search import SearchIndex

log = logging.getLogger("errcode.reload")
DEFAULT_INTERVAL = 2.0
RELEASE_CHUNK = 2_000  # objects of the old index freed per step: a few ms each
TAKE_IN_SWITCH_INTERVAL = 0.0005  # seconds: how soon a waiting thread gets the GIL while results come in
RELEASE_WAIT = 10.0  # seconds to wait for lookups still using the old index before freeing it
WORKER_TIMEOUT = 600.0  # seconds: a build stuck longer (a hung network mount) is a failed reload


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


def report_problems(problems, *, context: str) -> None:
    """Log each team-catalog problem (file:line) once, however many reloads see it again."""
    current = {str(p) for p in problems if p.severity == "error"}
    reported = api.holder().reported  # team-catalog problems already logged: each is logged once
    for text in sorted(current - reported):
        log.error("%s: %s", context, text)
    reported.intersection_update(current)  # a problem fixed and broken again is logged again
    reported.update(current)


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
    # unpickling the worker's result makes millions of objects: a cyclic GC meanwhile would walk
    # them all, holding the GIL for a pause the event loop feels
    from bot.compiled import paused_gc

    with paused_gc():
        return _reload(reason)


def build_in_worker(kept: tuple = ()) -> tuple[str, object]:
    """What the worker process does: ("ok", Knowledge) or ("rejected", problems). `kept`: last good
    versions of team catalogs that are broken now, indexed with the fresh ones."""
    from bot import compiled

    try:  # through the compiled cache: only the files that changed are parsed and analysed again
        fresh, index = compiled.load(kept=kept)
    except CatalogError as exc:  # returned, not raised: its problems would not survive pickling
        return "rejected", list(exc.problems)
    return "ok", api.Knowledge(fresh, index)


def worker_main() -> None:
    """The worker's entry point: the kept catalogs pickled on stdin, the outcome pickled on stdout."""
    gc.disable()  # a throwaway process: collecting its millions of new objects is wasted time
    out, sys.stdout = sys.stdout.buffer, sys.stderr  # a stray print must not corrupt the result
    kept = pickle.load(sys.stdin.buffer)
    pickle.dump(build_in_worker(kept), out, protocol=pickle.HIGHEST_PROTOCOL)
    out.flush()


def _in_worker(kept: tuple = ()) -> tuple[str, object]:
    """Build in a fresh interpreter (no copy of this process's threads, locks or memory; nothing of
    __main__ re-imported) that reads ERRCODE_CATALOGS and ERRCODE_CATALOG_MAX_BYTES as they are now."""
    package_root = str(Path(__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
    done = subprocess.run(
        [sys.executable, "-c", "from bot.reload import worker_main; worker_main()"],
        input=pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL),
        capture_output=True,
        env=env,
        check=False,
        timeout=WORKER_TIMEOUT,
    )
    if done.returncode != 0:
        tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        raise RuntimeError(f"catalog build worker exited with status {done.returncode}: {tail[0][:300]}")
    return _take_in(done.stdout)


def _take_in(data: bytes) -> tuple[str, object]:
    """Unpickle the worker's result beside the live event loop. Every time the loop waits for I/O
    it must win the GIL back from this thread: with the default 5 ms switch interval an ack (a
    dozen such waits) took 80-150 ms while 50,000 entries came in; 0.5 ms keeps it near normal."""
    with _take_in_lock:  # one at a time, so the interval put back is always the original
        interval = sys.getswitchinterval()
        sys.setswitchinterval(TAKE_IN_SWITCH_INTERVAL)
        try:
            return pickle.load(_FrameReader(data))  # noqa: S301 - our own child's output
        finally:
            sys.setswitchinterval(interval)


_take_in_lock = threading.Lock()


class _FrameReader(io.BytesIO):
    """Reads in Python: the C unpickler calls back once per 64 KB frame, where the GIL can change
    hands. pickle.loads would build plain dicts and lists of ints (by_code, postings) in one C call
    (30-40 ms each for 30,000 entries, 70 ms worst in all)."""

    def read(self, size: int | None = -1) -> bytes:
        return super().read(size)

    def readinto(self, buffer) -> int:
        return super().readinto(buffer)

    def readline(self, size: int | None = -1) -> bytes:
        return super().readline(size)


def _reload(reason: str) -> bool:
    previous = api.current()
    try:
        outcome, built = _in_worker()
        kept: list[Path] = []
        if outcome == "ok":
            _, kept = _keep_last_good(built.loaded, previous)
            if kept:  # a broken team file keeps its last good version: index it with the rest
                last_good = tuple(c for c in previous.loaded.catalogs if not c.bundled and c.path in set(kept))
                _release_later(built)
                outcome, built = _in_worker(last_good)
    except Exception:  # never let a reload take the bot down (a worker killed for memory, say)
        log.exception("catalog reload failed (%s); still serving the last good catalogs", reason)
        metrics.RELOADS.labels("failed").inc()
        return False
    if outcome == "rejected":
        for problem in built:
            log.error("catalog reload rejected (%s): %s", reason, problem)
        log.error("still serving the last good catalogs")
        metrics.RELOADS.labels("rejected").inc()
        return False
    api.install(built)
    loaded = built.loaded
    count = sum(len(c.entries) for c in loaded.catalogs)
    metrics.ENTRIES.set(count)
    if loaded.errors:
        report_problems(loaded.errors, context=f"catalog reload rejected ({reason})")
        log.error(
            "still serving the last good catalogs for the files above",
            extra={"kept_last_good": [str(p) for p in kept]},
        )
        metrics.RELOADS.labels("rejected").inc()
    else:
        report_problems((), context="")
        metrics.RELOADS.labels("ok").inc()
    log.info("catalogs reloaded (%s): %d catalogs, %d entries", reason, len(loaded.catalogs), count)
    if previous is not None:
        _release_later(previous)
    return not loaded.errors


def _release_later(old: api.Knowledge) -> None:
    """Free replaced knowledge in small steps, in a thread of its own. Dropped at once, its last
    reference would free millions of objects in one C call (150+ ms holding the GIL for 30,000
    entries). The items of its big lists and dicts are held in one list first, so dropping the
    index frees bare containers; the items then go RELEASE_CHUNK at a time."""
    search = old.index
    del old

    def release() -> None:
        nonlocal search
        deadline = time.monotonic() + RELEASE_WAIT
        # refs ours alone: `search` here and getrefcount's argument; the Index's: search.index and
        # the argument. More means a lookup is still running on it (it would free it in one go).
        while sys.getrefcount(search) > 2 or sys.getrefcount(search.index) > 2:
            if time.monotonic() > deadline:  # held elsewhere for good: freed whenever they let go
                search = None
                return
            time.sleep(0.05)
        items = _held_items(search)
        search = None  # frees the index's bare containers: their items are held in `items`
        while items:
            del items[-RELEASE_CHUNK:]

    threading.Thread(target=release, name="errcode-release-old-catalogs", daemon=True).start()


def _held_items(search: SearchIndex) -> list:
    """The items of the index's big lists and dicts, catalogs last (freed first, from the end: their
    entries are still held in front of them). A function, so no loop variable keeps a holder alive."""
    items: list = []
    for holder in (search.index, search):
        for name, value in vars(holder).items():
            if name == "catalogs":
                continue
            if isinstance(value, (list, tuple)):
                items.extend(value)
            elif isinstance(value, dict):
                items.extend(value.values())
    items.extend(search.catalogs)
    return items


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
