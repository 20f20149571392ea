"""Running the HTTP server until SIGTERM, then draining: what was acked is still answered.

Slack never redelivers an event it got a 200 for, so an answer dropped at shutdown is lost. On
SIGTERM (or SIGINT) the server stops accepting connections, lets requests in progress get their
ack, then waits up to ERRCODE_DRAIN_SECONDS (default 8) for the answers already under way, and
exits 0. Shared state and the database are opened on the serving loop and closed after the drain
(the Redis heartbeat stops last, so another instance never takes over an answer still running).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import time
from collections.abc import Awaitable, Callable

from aiohttp import web

log = logging.getLogger("errcode.slack")

DEFAULT_DRAIN_SECONDS = 8.0
ACK_GRACE = 3.0  # seconds a request in progress may take to be acked: Slack's own limit

Hook = Callable[[], Awaitable[None]]


async def drain(background: set[asyncio.Task], seconds: float) -> int:
    """Wait up to `seconds` for every task not in `background` (the answers under way);
    return how many were still running when the time ran out."""
    deadline = time.monotonic() + seconds
    current = asyncio.current_task()
    while True:
        pending = {t for t in asyncio.all_tasks() if t is not current and t not in background and not t.done()}
        left = deadline - time.monotonic()
        if not pending or left <= 0:
            return len(pending)
        await asyncio.wait(pending, timeout=left)


def _stop_on_signals(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)


async def serve_http(
    web_app: web.Application,
    *,
    host: str,
    port: int,
    drain_seconds: float = DEFAULT_DRAIN_SECONDS,
    on_start: list[Hook] | None = None,
    on_stop: list[Hook] | None = None,
    stop: asyncio.Event | None = None,
) -> None:
    """Serve `web_app` until SIGTERM/SIGINT (or `stop` is set), then drain and clean up."""
    stop = stop or asyncio.Event()
    _stop_on_signals(stop)
    for hook in on_start or []:
        await hook()
    runner = web.AppRunner(web_app, access_log=None, handle_signals=False, shutdown_timeout=ACK_GRACE)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    # What runs for the whole life of the process (catalog watcher, heartbeat) is not an answer.
    background = set(asyncio.all_tasks())
    log.info("listening", extra={"port": port})
    try:
        await stop.wait()
        started = time.monotonic()
        log.info("stopping: no new requests; finishing answers", extra={"drain_seconds": drain_seconds})
        await site.stop()  # no new connections
        server = runner.server
        if server is not None:  # requests in progress get their ack; idle connections close
            server.pre_shutdown()
            await server.shutdown(ACK_GRACE)
        left = await drain(background, max(0.0, drain_seconds - (time.monotonic() - started)))
        if left:
            log.warning("drain time over; answers dropped", extra={"dropped": left})
        else:
            log.info("drained", extra={"seconds": round(time.monotonic() - started, 2)})
    finally:
        await runner.cleanup()
        for hook in on_stop or []:
            with contextlib.suppress(Exception):
                await hook()
