"""After SIGTERM, draining: what was acked is still answered.

Slack never redelivers an event it got a 200 for, so an answer dropped at shutdown is lost. On
SIGTERM (or SIGINT) the server stops accepting connections, lets requests in progress get their
ack, then waits up to ERRCODE_DRAIN_SECONDS (default 8) for the answers already under way, and
exits 0. Shared state and the database are opened on the serving loop and closed after the drain
(the Redis heartbeat stops last, so another instance never takes over an answer still running).
"""

from __future__ import annotations

import asyncio
import logging
import time

log = logging.getLogger("errcode.slack")

DEFAULT_DRAIN_SECONDS = 8.0
ACK_GRACE = 3.0  # seconds a request in progress may take to be acked: Slack's own limit


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


async def finish_answers(server, background: set[asyncio.Task], drain_seconds: float) -> None:
    """After the listener has stopped accepting: requests in progress get their ack, idle
    connections close, then the answers under way get up to `drain_seconds` in all."""
    started = time.monotonic()
    log.info("stopping: no new requests; finishing answers", extra={"drain_seconds": drain_seconds})
    if server is not None:
        server.pre_shutdown()
        await server.shutdown(min(ACK_GRACE, drain_seconds))
    left = await drain(background, max(0.0, drain_seconds - (time.monotonic() - started)))
    if left:
        log.warning("drain time over; answers dropped", extra={"dropped": left})
    else:
        log.info("drained", extra={"seconds": round(time.monotonic() - started, 2)})
