"""The two ways `errcode serve` runs: HTTP (aiohttp behind http_guard) and Socket Mode, each until
SIGTERM/SIGINT, then draining: what was acked is still answered.

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
import time
from dataclasses import dataclass

from aiohttp import web
from slack_bolt.async_app import AsyncApp

from bot import metrics
from bot.slack import http_guard
from bot.slack.http import EVENTS_PATH, build_health_app
from bot.slack.settings import Settings

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


def watch_catalogs(web_app: web.Application) -> None:
    from bot.reload import CatalogWatcher

    async def start(app: web.Application) -> None:
        app["catalog_watcher"] = CatalogWatcher()
        app["catalog_watcher"].start()

    async def stop(app: web.Application) -> None:
        await app["catalog_watcher"].stop()

    web_app.on_startup.append(start)
    web_app.on_cleanup.append(stop)


def socket_mode_handler(bolt_app: AsyncApp, app_token: str):
    from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler

    return AsyncSocketModeHandler(bolt_app, app_token)


async def run_socket_mode(
    bolt_app: AsyncApp,
    app_token: str,
    settings: Settings | None = None,
    *,
    first_url: str | None = None,
    on_start=(),
    on_stop=(),
) -> None:
    """Connect, serve until SIGTERM/SIGINT, then close the WebSocket cleanly and let the answers
    already acked finish (up to ERRCODE_DRAIN_SECONDS). With PORT set, GET /healthz there says
    whether the WebSocket is up; /metrics on ERRCODE_METRICS_PORT as in HTTP mode."""
    from bot.reload import CatalogWatcher
    for hook in on_start:
        await hook()
    stop = _stop_signal()
    watcher = CatalogWatcher()
    watcher.start()
    background = set(asyncio.all_tasks())
    handler = socket_mode_handler(bolt_app, app_token)
    handler.client.wss_uri = first_url  # the URL the token check got: the first connection uses it
    side = await _socket_mode_listeners(settings, handler.client.is_connected)
    # connect_async keeps retrying while Slack refuses the connection: race it against the stop
    # signal, or SIGTERM would wait for a connection that may never come.
    connecting = asyncio.ensure_future(handler.connect_async())
    stopping = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({connecting, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if not stop.is_set():
            connecting.result()  # a failure to connect at all is raised here
            log.info("connected to Slack in Socket Mode")
            await stopping
    finally:
        for task in (connecting, stopping):
            task.cancel()
        await handler.close_async()  # no new envelopes
        left = await drain(background, settings.drain_seconds if settings else 8.0)
        if left:
            log.warning("drain time over; answers dropped", extra={"dropped": left})
        await watcher.stop()
        for listener in side:
            await listener.stop()
        for hook in on_stop:
            await hook()


async def _socket_mode_listeners(settings: Settings | None, connected) -> list[_Listener]:
    if settings is None:
        return []
    side = []
    if settings.port_set:
        side.append(await _start_app(build_health_app(connected), settings.host, settings.port))
    metrics_listener = await _start_metrics(settings)
    if metrics_listener is not None:
        side.append(metrics_listener)
    log.info("Socket Mode side listeners", extra=_listening_fields(settings, settings.port if settings.port_set else None))
    return side


def _stop_signal() -> asyncio.Event:
    import signal

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        try:
            loop.add_signal_handler(sig, stop.set)
        except (NotImplementedError, RuntimeError):
            pass
    return stop


@dataclass
class _Listener:
    runner: web.AppRunner
    server: asyncio.AbstractServer

    async def stop(self) -> None:
        self.server.close()
        await self.runner.cleanup()


async def _start_app(app: web.Application, host: str, port: int) -> _Listener:
    """A side listener (/metrics, Socket Mode's /healthz): capped and timed like the public one."""
    runner = web.AppRunner(app, access_log=None, keepalive_timeout=http_guard.HEADER_TIMEOUT)
    await runner.setup()
    return _Listener(runner, await http_guard.listen(runner.server, host, port, limit=64))


async def _start_metrics(settings: Settings) -> _Listener | None:
    if settings.metrics_address is None:
        return None
    return await _start_app(metrics.metrics_app(), *settings.metrics_address)


def _listening_fields(settings: Settings, port: int | None, limit: int | None = None) -> dict:
    address = settings.metrics_address
    return {
        "host": settings.host,
        "port": port,
        "path": EVENTS_PATH,
        "metrics": f"{address[0]}:{address[1]}" if address else "off",
        "max_connections": limit,
    }


async def run_http(web_app: web.Application, settings: Settings, *, on_start=(), on_stop=()) -> None:
    """Serve until SIGTERM/SIGINT: the public port behind http_guard, /metrics on its own. Then
    drain (below): no new connections, requests in progress acked, the answers
    already acked finished for up to ERRCODE_DRAIN_SECONDS; shared state and the database close last."""
    stop = _stop_signal()
    for hook in on_start:
        await hook()
    runner = web.AppRunner(web_app, access_log=None, keepalive_timeout=http_guard.HEADER_TIMEOUT)
    await runner.setup()
    limit = http_guard.connection_limit(settings.max_connections)
    listener = await http_guard.listen(runner.server, settings.host, settings.port, limit=limit)
    metrics_runner = await _start_metrics(settings)
    # What runs for the whole life of the process (catalog watcher, heartbeat) is not an answer.
    background = set(asyncio.all_tasks())
    log.info("listening", extra=_listening_fields(settings, settings.port, limit))
    try:
        await stop.wait()
        listener.close()  # no new connections
        await finish_answers(runner.server, background, settings.drain_seconds)
    finally:
        listener.close()
        if metrics_runner is not None:
            await metrics_runner.stop()
        await runner.cleanup()
        for hook in on_stop:
            with contextlib.suppress(Exception):
                await hook()
