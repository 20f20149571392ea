"""`errcode serve`: the Slack bot over HTTP (aiohttp) or Socket Mode.

HTTP mode (SLACK_BOT_TOKEN + SLACK_SIGNING_SECRET): listen on PORT; POST /slack/events takes slash
commands, events and interactivity; GET /healthz answers 200 once the catalogs are loaded; GET
/metrics is Prometheus. Socket Mode when SLACK_APP_TOKEN is set. SLACK_API_URL sends every Web
API call to another base URL.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest

from bot import api, logs, metrics

log = logging.getLogger("errcode.slack")
EVENTS_PATH = "/slack/events"
DEFAULT_PORT = 3000
MAX_BODY_BYTES = 2 * 1024 * 1024  # a 40,000-character Slack message is well under this


class ConfigError(Exception):
    """The environment can't run the bot; the message says which variable to set (never its value)."""


@dataclass(frozen=True)
class Settings:
    bot_token: str
    signing_secret: str | None
    app_token: str | None
    api_url: str | None
    port: int
    host: str = "0.0.0.0"
    api_timeout: float = 15.0  # ERRCODE_SLACK_TIMEOUT: seconds one Web API call may take
    max_retry_after: float = 30.0  # ERRCODE_MAX_RETRY_AFTER: the longest 429 Retry-After waited out

    @property
    def socket_mode(self) -> bool:
        return bool(self.app_token)

    def secrets(self) -> list[str]:
        return [s for s in (self.bot_token, self.signing_secret, self.app_token) if s]


def settings_from_env(env: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if env is None else env
    bot_token = env.get("SLACK_BOT_TOKEN", "").strip()
    app_token = env.get("SLACK_APP_TOKEN", "").strip() or None
    secret = env.get("SLACK_SIGNING_SECRET", "").strip() or None
    missing = [name for name, value in (("SLACK_BOT_TOKEN", bot_token),) if not value]
    if not app_token and not secret:
        missing.append("SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode)")
    if missing:
        raise ConfigError("set " + " and ".join(missing))
    if not bot_token.startswith("xoxb-"):
        raise ConfigError("SLACK_BOT_TOKEN must be a bot token (it starts with xoxb-)")
    if app_token and not app_token.startswith("xapp-"):
        raise ConfigError("SLACK_APP_TOKEN must be an app-level token (it starts with xapp-)")
    port_text = env.get("PORT", str(DEFAULT_PORT)).strip()
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise ConfigError(f"PORT must be a port number, not {port_text!r}")
    api_url = env.get("SLACK_API_URL", "").strip() or None
    if api_url:
        if not api_url.startswith(("http://", "https://")):
            raise ConfigError("SLACK_API_URL must be an http(s) URL such as https://slack.com/api/")
        api_url = api_url.rstrip("/") + "/"  # slack_sdk joins method names onto it
    api_timeout = _seconds(env, "ERRCODE_SLACK_TIMEOUT", 15.0, 300.0)
    max_retry_after = _seconds(env, "ERRCODE_MAX_RETRY_AFTER", 30.0, 3600.0)
    return Settings(
        bot_token,
        secret,
        app_token,
        api_url,
        int(port_text),
        api_timeout=api_timeout,
        max_retry_after=max_retry_after,
    )


def _seconds(env: Mapping[str, str], name: str, default: float, most: float) -> float:
    text = env.get(name, "").strip() or str(default)
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds <= most:
        raise ConfigError(f"{name} must be seconds (0-{most:g}], not {text!r}")
    return seconds


def _surface(body: dict) -> str:
    if "command" in body:
        return "command"
    kind = body.get("type")
    if kind == "event_callback":
        return "event"
    return str(kind or "other")


async def _readable_request(request: web.Request) -> AsyncBoltRequest | None:
    """bolt's request (as the aiohttp adapter's to_bolt_request builds it), or None for a body no
    Slack request has: not UTF-8, not a JSON object, broken or nested past the recursion limit.
    Those got a 500 and a traceback in the log per request; now a 400 and one warning line."""
    raw = await request.read()
    try:
        bolt_request = AsyncBoltRequest(
            body=raw.decode("utf-8"),
            query=request.query_string,
            headers=request.headers,  # type: ignore[arg-type]
        )
        if not isinstance(bolt_request.body, dict):  # JSON, but not an object: bolt would crash
            raise ValueError("not a JSON object")
    except (UnicodeDecodeError, ValueError, RecursionError, AttributeError, TypeError) as exc:
        # (AttributeError/TypeError: bolt reading ids out of a body of the wrong shape)
        log.warning("unreadable request refused", extra={"error": type(exc).__name__, "bytes": len(raw)})
        return None
    return bolt_request


def build_web_app(bolt_app: AsyncApp, *, path: str = EVENTS_PATH) -> web.Application:
    """The aiohttp application `errcode serve` runs (and the tests start on loopback)."""

    async def slack_events(request: web.Request) -> web.Response:
        started = time.perf_counter()
        stamp = request.headers.get("X-Slack-Request-Timestamp")
        if stamp is not None and not stamp.strip().isdigit():  # slack_sdk's int() would raise: a 500
            metrics.REQUESTS.labels("unsigned").inc()
            return web.Response(status=401, text="invalid request")
        bolt_request = await _readable_request(request)
        if bolt_request is None:
            metrics.REQUESTS.labels("unreadable").inc()
            return web.Response(status=400, text="unreadable request body")
        bolt_response = await bolt_app.async_dispatch(bolt_request)
        surface = _surface(bolt_request.body if isinstance(bolt_request.body, dict) else {})
        metrics.REQUESTS.labels(surface).inc()
        metrics.ACK_LATENCY.labels(surface).observe(time.perf_counter() - started)
        return await to_aiohttp_response(bolt_response)

    async def healthz(request: web.Request) -> web.Response:
        try:
            knowledge = await asyncio.to_thread(api.knowledge)
        except Exception as exc:  # invalid bundled catalogs: not healthy, say why in the log
            log.error("catalogs not loaded", extra={"error": str(exc)[:500]})
            return web.json_response({"ok": False, "error": "catalogs not loaded"}, status=503)
        catalogs = knowledge.loaded.catalogs
        return web.json_response(
            {"ok": True, "catalogs": len(catalogs), "entries": sum(len(c.entries) for c in catalogs)}
        )

    async def metrics_endpoint(request: web.Request) -> web.Response:
        body, content_type = metrics.exposition()
        return web.Response(body=body, headers={"Content-Type": content_type})

    web_app = web.Application(client_max_size=MAX_BODY_BYTES)
    web_app.add_routes(
        [web.post(path, slack_events), web.get("/healthz", healthz), web.get("/metrics", metrics_endpoint)]
    )
    return web_app


def _watch_catalogs(web_app: web.Application) -> None:
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


async def _run_socket_mode(bolt_app: AsyncApp, app_token: str) -> None:
    """Connect, serve until SIGTERM/SIGINT, then close the WebSocket cleanly."""
    import signal

    from bot.reload import CatalogWatcher

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        try:
            loop.add_signal_handler(sig, stop.set)
        except (NotImplementedError, RuntimeError):
            pass
    watcher = CatalogWatcher()
    watcher.start()
    handler = socket_mode_handler(bolt_app, app_token)
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
        await handler.close_async()
        await watcher.stop()


async def check_token(bolt_app: AsyncApp) -> str | None:
    """auth.test at start: a reason to stop when Slack rejects the token, else None.

    An unreachable Slack is only logged: the bot starts and answers once Slack is back."""
    from bot.slack import delivery

    outcome = await delivery.web_api("auth.test", bolt_app.client.auth_test)
    if outcome.error in ("invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"):
        return f"Slack refused SLACK_BOT_TOKEN ({outcome.error})"
    if outcome.fate is not delivery.retry.Fate.DONE:
        log.warning(
            "Slack unreachable at start; starting anyway"
            if outcome.fate is not delivery.retry.Fate.REFUSED
            else "auth.test failed; starting anyway",
            extra={"error": outcome.error or outcome.fate.value},
        )
        return None
    auth = outcome.response
    identity = getattr(bolt_app, "errcode_identity", None)
    if identity is not None:  # requests then never wait for auth.test
        identity.remember(auth)
    log.info("authenticated", extra={"bot_user_id": auth.get("user_id"), "team_id": auth.get("team_id")})
    return None


def serve(env: Mapping[str, str] | None = None) -> int:
    """Run the bot until stopped. 2: the environment is incomplete; 1: the catalogs are invalid."""
    from bot.catalogs import CatalogError
    from bot.slack.app import create_app
    from bot.slack.memory import SlackMemory

    try:
        settings = settings_from_env(env)
    except ConfigError as exc:
        print(f"errcode serve: {exc}", file=sys.stderr)
        return 2
    logs.configure(secrets=settings.secrets())
    try:
        knowledge = api.knowledge()  # load before listening: /healthz is 200 from the first request
    except CatalogError as exc:
        print(f"errcode serve: the bundled catalogs are invalid:\n{exc}", file=sys.stderr)
        return 1
    metrics.ENTRIES.set(sum(len(c.entries) for c in knowledge.loaded.catalogs))
    bolt_app = create_app(
        token=settings.bot_token,
        signing_secret=settings.signing_secret,
        api_url=settings.api_url,
        api_timeout=settings.api_timeout,
        max_retry_after=settings.max_retry_after,
        # The served process takes its bounded memories' full size at start: flat RSS under load.
        memory=SlackMemory(reserve=True),
    )
    refused = asyncio.run(check_token(bolt_app))
    if refused:
        print(f"errcode serve: {refused}", file=sys.stderr)
        return 2
    if settings.socket_mode:
        log.info("starting in Socket Mode")
        asyncio.run(_run_socket_mode(bolt_app, settings.app_token))
        return 0
    web_app = build_web_app(bolt_app)
    _watch_catalogs(web_app)
    log.info("listening", extra={"port": settings.port, "path": EVENTS_PATH})
    web.run_app(web_app, host=settings.host, port=settings.port, print=None, access_log=None)
    return 0
