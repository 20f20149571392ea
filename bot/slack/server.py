"""`errcode serve`: the Slack bot over HTTP (aiohttp) or Socket Mode.

HTTP mode (SLACK_BOT_TOKEN + SLACK_SIGNING_SECRET): listen on ERRCODE_HOST:PORT behind
bot.slack.http_guard; POST /slack/events takes slash commands, events and interactivity; GET
/healthz answers 200 once the catalogs are loaded. GET /metrics (Prometheus) only on its own
listener, ERRCODE_METRICS_PORT. Socket Mode when SLACK_APP_TOKEN is set (GET /healthz on PORT when
PORT is set). SLACK_API_URL sends every Web API call to another base URL.
"""

from __future__ import annotations

import asyncio
import contextlib
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
from bot.slack import delivery, http_guard
from bot.slack.oauth import OAuthConfig, oauth_config_from_env, oauth_routes

log = logging.getLogger("errcode.slack")
EVENTS_PATH = "/slack/events"
DEFAULT_PORT = 3000
MAX_BODY_BYTES = http_guard.MAX_BODY_BYTES


# Slack's answers to a token it will never accept (auth.test, apps.connections.open)
REFUSED_TOKEN = ("invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired")


class ConfigError(Exception):
    """The environment can't run the bot; the message says which variable to set (never its value)."""


@dataclass(frozen=True)
class Settings:
    bot_token: str
    signing_secret: str | None
    app_token: str | None
    api_url: str | None
    port: int
    host: str = "0.0.0.0"  # ERRCODE_HOST: the address every listener binds
    api_timeout: float = 15.0  # ERRCODE_SLACK_TIMEOUT: seconds one Web API call may take
    metrics_address: tuple[str, int] | None = None  # ERRCODE_METRICS_PORT: [HOST:]PORT; None: off
    port_set: bool = False  # PORT given in the environment (Socket Mode then serves /healthz there)
    max_connections: int | None = None  # ERRCODE_MAX_CONNECTIONS; default below the fd limit
    max_retry_after: float = 30.0  # ERRCODE_MAX_RETRY_AFTER: the longest 429 Retry-After waited out
    oauth: OAuthConfig | None = None  # SLACK_CLIENT_ID...: every installed workspace, own tokens
    drain_seconds: float = 8.0  # ERRCODE_DRAIN_SECONDS: answers finished after SIGTERM

    @property
    def socket_mode(self) -> bool:
        return bool(self.app_token)

    def secrets(self) -> list[str]:
        oauth_secret = self.oauth.client_secret if self.oauth else None
        return [s for s in (self.bot_token, self.signing_secret, self.app_token, oauth_secret) if s]


def _multi_workspace_from_env(env: Mapping[str, str]) -> OAuthConfig | None:
    """OAuth mode's settings, or None (single workspace, SLACK_BOT_TOKEN)."""
    try:
        oauth = oauth_config_from_env(env)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    if oauth is not None:
        if env.get("SLACK_APP_TOKEN", "").strip():
            raise ConfigError("multi-workspace mode (SLACK_CLIENT_ID) serves HTTP: unset SLACK_APP_TOKEN")
        if not env.get("SLACK_SIGNING_SECRET", "").strip():
            raise ConfigError("set SLACK_SIGNING_SECRET (SLACK_CLIENT_ID is set: multi-workspace mode)")
    return oauth


def settings_from_env(env: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if env is None else env
    oauth = _multi_workspace_from_env(env)
    bot_token = env.get("SLACK_BOT_TOKEN", "").strip()
    app_token = env.get("SLACK_APP_TOKEN", "").strip() or None
    secret = env.get("SLACK_SIGNING_SECRET", "").strip() or None
    missing = [name for name, value in (("SLACK_BOT_TOKEN", bot_token or oauth),) if not value]
    if not app_token and not secret:
        missing.append("SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode)")
    if missing:
        raise ConfigError("set " + " and ".join(missing))
    if bot_token and not bot_token.startswith("xoxb-"):
        raise ConfigError("SLACK_BOT_TOKEN must be a bot token (it starts with xoxb-)")
    if app_token and not app_token.startswith("xapp-"):
        raise ConfigError("SLACK_APP_TOKEN must be an app-level token (it starts with xapp-)")
    port_text = env.get("PORT", str(DEFAULT_PORT)).strip()
    if not (port_text.isascii() and port_text.isdigit()) or not 0 < int(port_text) < 65536:
        raise ConfigError(f"PORT must be a port number, not {port_text!r}")
    api_url = env.get("SLACK_API_URL", "").strip() or None
    if api_url:
        if not api_url.startswith(("http://", "https://")):
            raise ConfigError("SLACK_API_URL must be an http(s) URL such as https://slack.com/api/")
        api_url = api_url.rstrip("/") + "/"  # slack_sdk joins method names onto it
    host = env.get("ERRCODE_HOST", "").strip() or "0.0.0.0"
    return Settings(
        bot_token,
        secret,
        app_token,
        api_url,
        int(port_text),
        host=host,
        api_timeout=_seconds(env, "ERRCODE_SLACK_TIMEOUT", 15.0, 300.0),
        max_retry_after=_seconds(env, "ERRCODE_MAX_RETRY_AFTER", 30.0, 3600.0),
        metrics_address=_metrics_address(env.get("ERRCODE_METRICS_PORT", ""), host, int(port_text)),
        port_set="PORT" in env,
        max_connections=_positive_int(env, "ERRCODE_MAX_CONNECTIONS"),
        oauth=oauth,
        drain_seconds=_seconds(env, "ERRCODE_DRAIN_SECONDS", 8.0, 600.0, zero=True),
    )


def _seconds(env: Mapping[str, str], name: str, default: float, most: float, *, zero: bool = False) -> float:
    text = env.get(name, "").strip() or str(default)
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not (0 <= seconds if zero else 0 < seconds) or seconds > most:
        low = "[0" if zero else "(0"
        raise ConfigError(f"{name} must be seconds {low}-{most:g}], not {text!r}")
    return seconds


def _metrics_address(text: str, host: str, public_port: int) -> tuple[str, int] | None:
    """ERRCODE_METRICS_PORT: "9090" (on ERRCODE_HOST) or "127.0.0.1:9090"; empty: no /metrics."""
    text = text.strip()
    if not text:
        return None
    metrics_host, _, port_text = text.rpartition(":")
    metrics_host = metrics_host.strip("[]") or host
    if not (port_text.isascii() and port_text.isdigit() and 0 < int(port_text) < 65536):
        raise ConfigError(f"ERRCODE_METRICS_PORT must be PORT or HOST:PORT, not {text!r}")
    if int(port_text) == public_port:
        raise ConfigError("ERRCODE_METRICS_PORT must not be PORT: /metrics stays off the public port")
    return metrics_host, int(port_text)


def _positive_int(env: Mapping[str, str], name: str) -> int | None:
    text = env.get(name, "").strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit() and int(text) > 0):
        raise ConfigError(f"{name} must be a positive number, not {text!r}")
    return int(text)


def _readable_request(raw: bytes, request: web.Request) -> AsyncBoltRequest | None:
    """bolt's request (as the aiohttp adapter's to_bolt_request builds it), or None for a body no
    Slack request has: not UTF-8, not a JSON object, broken or nested past the recursion limit.
    Those got a 500 and a traceback in the log per request; now a 400 and one warning line."""
    try:
        bolt_request = AsyncBoltRequest(
            body=raw.decode("utf-8"),
            query=request.query_string,
            headers=request.headers,  # type: ignore[arg-type]
        )
        if not isinstance(bolt_request.body, dict):  # JSON, but not an object: bolt would crash
            raise ValueError("not a JSON object")
        _check_shape(bolt_request.body)
    except (UnicodeDecodeError, ValueError, RecursionError, AttributeError, TypeError) as exc:
        # (AttributeError/TypeError: bolt reading ids out of a body of the wrong shape)
        log.warning("unreadable request refused", extra={"error": type(exc).__name__, "bytes": len(raw)})
        return None
    return bolt_request


# Parts of a payload bolt's own matchers index into: of another type they raise inside bolt
# (a 500 and a traceback), so such a body is refused like any other unreadable one.
_OBJECTS = ("event", "view", "team", "channel", "container", "message", "user", "enterprise")
_LISTS_OF_OBJECTS = ("actions", "authorizations")


def _check_shape(body: dict) -> None:
    for key in _OBJECTS:
        value = body.get(key)
        if value is not None and not isinstance(value, dict) and not (key == "user" and isinstance(value, str)):
            raise TypeError(f"{key} is not an object")
    for key in _LISTS_OF_OBJECTS:
        value = body.get(key)
        if value is not None and not (isinstance(value, list) and all(isinstance(v, dict) for v in value)):
            raise TypeError(f"{key} is not a list of objects")


async def _healthz(request: web.Request) -> web.Response:
    """200 with the catalogs' size once they are loaded; in Socket Mode also only while connected."""
    http_guard.proven(request)
    connected = request.app.get("slack_connected")
    if connected is not None and not await connected():
        return web.json_response({"ok": False, "error": "not connected to Slack"}, status=503)
    try:
        knowledge = await asyncio.to_thread(api.knowledge)
    except Exception as exc:  # invalid bundled catalogs: not healthy, say why in the log
        log.error("catalogs not loaded", extra={"error": str(exc)[:500]})
        return web.json_response({"ok": False, "error": "catalogs not loaded"}, status=503)
    catalogs = knowledge.loaded.catalogs
    return web.json_response(
        {"ok": True, "catalogs": len(catalogs), "entries": sum(len(c.entries) for c in catalogs)}
    )


def build_web_app(
    bolt_app: AsyncApp,
    *,
    path: str = EVENTS_PATH,
    signing_secret: str | None = None,
    body_timeout: float = http_guard.BODY_TIMEOUT,
) -> web.Application:
    """The aiohttp application `errcode serve` runs (and the tests start on loopback).

    `signing_secret`: Slack's requests are verified here before bolt sees them (default: the
    bolt app's own secret)."""
    # bolt keeps the secret it was built with; it has no public accessor.
    secret = signing_secret or getattr(bolt_app, "_signing_secret", None)
    refused = http_guard.Throttled("request rejected")
    http_guard.quiet_library_logs()

    async def slack_events(request: web.Request) -> web.Response:
        started = time.perf_counter()
        try:
            raw = await http_guard.read_body(request, timeout=body_timeout)
        except http_guard.BodyRefused as exc:
            metrics.REQUESTS.labels("rejected").inc()
            refused(reason=exc.reason, status=exc.status)
            return web.Response(status=exc.status, text=exc.reason)
        problem = http_guard.signature_problem(request.headers, raw, secret) if secret else None
        if problem:
            metrics.REQUESTS.labels("rejected").inc()
            refused(reason=problem, status=401)
            return web.Response(status=401, text="invalid request")
        bolt_request = _readable_request(raw, request)
        if bolt_request is None:
            metrics.REQUESTS.labels("rejected").inc()
            return web.Response(status=400, text="unreadable request body")
        bolt_response = await bolt_app.async_dispatch(bolt_request)
        surface = http_guard.surface_of(bolt_request.body)
        metrics.REQUESTS.labels(surface).inc()
        metrics.ACK_LATENCY.labels(surface).observe(time.perf_counter() - started)
        return await to_aiohttp_response(bolt_response)

    web_app = web.Application(client_max_size=http_guard.MAX_BODY_BYTES)
    web_app.add_routes(
        [web.post(path, slack_events), web.get("/healthz", _healthz)]
        + oauth_routes(bolt_app)  # GET /slack/install and /slack/oauth_redirect in OAuth mode
    )
    return web_app


def build_health_app(connected) -> web.Application:
    """Socket Mode's health signal on PORT: GET /healthz, 200 while connected to Slack."""
    app = web.Application()
    app["slack_connected"] = connected
    app.add_routes([web.get("/healthz", _healthz)])
    return app


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


async def _run_socket_mode(
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
    from bot.slack.runner import drain

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


async def check_app_token(bolt_app: AsyncApp, app_token: str) -> tuple[str | None, str | None]:
    """apps.connections.open once at start: (a reason to stop when Slack refuses SLACK_APP_TOKEN,
    the WebSocket URL it gave). slack_sdk alone would retry a refused token every 10 s forever,
    with a traceback each time."""
    outcome = await delivery.web_api(
        "apps.connections.open", bolt_app.client.apps_connections_open, app_token=app_token
    )
    if outcome.error in REFUSED_TOKEN:
        return f"Slack refused SLACK_APP_TOKEN ({outcome.error})", None
    if not outcome.ok:
        log.warning("apps.connections.open failed; connecting anyway", extra=delivery.trouble(outcome))
        return None, None
    data = getattr(outcome.response, "data", None)
    url = data.get("url") if isinstance(data, dict) else None
    return None, url if isinstance(url, str) else None


async def check_token(bolt_app: AsyncApp) -> str | None:
    """auth.test at start: a reason to stop when Slack rejects the token, else None.

    An unreachable Slack is only logged: the bot starts and answers once Slack is back."""
    outcome = await delivery.web_api("auth.test", bolt_app.client.auth_test)
    if outcome.error in REFUSED_TOKEN:
        return f"Slack refused SLACK_BOT_TOKEN ({outcome.error})"
    if outcome.fate is not delivery.retry.Fate.DONE:
        log.warning(
            "Slack unreachable at start; starting anyway"
            if outcome.fate is not delivery.retry.Fate.REFUSED
            else "auth.test failed; starting anyway",
            extra=delivery.trouble(outcome),
        )
        return None
    data = getattr(outcome.response, "data", None)
    auth = data if isinstance(data, dict) else {}
    identity = getattr(bolt_app, "errcode_identity", None)
    if identity is not None:  # requests then never wait for auth.test
        identity.remember(auth)
    log.info("authenticated", extra={"bot_user_id": auth.get("user_id"), "team_id": auth.get("team_id")})
    return None


def _report_team_catalog_problems(knowledge) -> None:
    from bot.reload import report_problems

    report_problems(knowledge.loaded.errors, context="team catalog skipped")


def _stores(settings: Settings, env: Mapping[str, str] | None):
    """(shared state, database or None): Redis when REDIS_URL is set, else this process's bounded
    memories; the database only in OAuth mode (installations and OAuth state live there)."""
    from bot.slack.memory import SlackMemory
    from bot.store import shared_state

    # Bounded and compact (bot/slack/memory.py): a few MB when full, nothing at start.
    env = os.environ if env is None else env
    memory = None if env.get("REDIS_URL", "").strip() else SlackMemory()
    state = shared_state(env, memory=memory)
    database = None
    if settings.oauth is not None:  # only then is SQLAlchemy loaded
        from bot.store.database import Database, DatabaseError, create_engine, database_url

        try:
            database = Database(create_engine(database_url(env)), client_id=settings.oauth.client_id)
        except DatabaseError as exc:
            raise ConfigError(str(exc)) from None
    return state, database


class DatabaseUnavailable(Exception):
    """The database could not be reached or its schema created at start."""


def _insights(env: Mapping[str, str] | None):
    """The feedback/stats store (every mode: it lives in the database, so SQLAlchemy is loaded);
    None (answers without 👍/👎) when its data folder can't be made. Unlike the OAuth database,
    an unreachable one at start costs only the stats (InsightStore.start)."""
    from bot.store.database import DatabaseError
    from bot.store.insights import open_insights

    try:
        return open_insights(os.environ if env is None else env)
    except DatabaseError as exc:
        raise ConfigError(str(exc)) from None
    except OSError as exc:
        log.error("ERRCODE_DATA_DIR can't be used; feedback and stats are off", extra={"error": type(exc).__name__})
        return None


def _lifecycle(state, database) -> tuple[list, list]:
    """What the serving loop opens before listening and closes after the drain."""
    on_start, on_stop = [state.start], []
    if database is not None:

        async def create_tables() -> None:
            try:
                await database.create_tables()
            except Exception as exc:  # unreachable, refused, no rights: say which kind, not the URL
                await database.close()
                raise DatabaseUnavailable(type(exc).__name__) from None

        on_start.append(create_tables)
        on_stop.append(database.close)
    on_stop.append(state.close)  # last: the heartbeat says "alive" until the answers are done
    return on_start, on_stop


def serve(env: Mapping[str, str] | None = None) -> int:
    """Run the bot until stopped. 2: the environment is incomplete; 1: the catalogs are invalid."""
    from bot.catalogs import CatalogError
    from bot.slack.app import create_app
    from bot.slack.oauth import oauth_settings

    try:
        settings = settings_from_env(env)
        state, database = _stores(settings, env)
        insights = _insights(env)
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
    _report_team_catalog_problems(knowledge)
    bolt_app = create_app(
        token=None if settings.oauth else settings.bot_token,
        signing_secret=settings.signing_secret,
        api_url=settings.api_url,
        api_timeout=settings.api_timeout,
        max_retry_after=settings.max_retry_after,
        state=state,
        oauth_settings=oauth_settings(settings.oauth, database) if settings.oauth else None,
        insights=insights,
    )
    if settings.oauth is None:
        refused = asyncio.run(check_token(bolt_app))
        if refused:
            print(f"errcode serve: {refused}", file=sys.stderr)
            return 2
    on_start, on_stop = _lifecycle(state, database)
    if insights is not None:  # feedback and what errcode could not answer
        on_start.append(insights.start)
        on_stop.insert(0, insights.close)
    try:
        if settings.socket_mode:
            refused, url = asyncio.run(check_app_token(bolt_app, settings.app_token))
            if refused:
                print(f"errcode serve: {refused}", file=sys.stderr)
                return 2
            log.info("starting in Socket Mode")
            asyncio.run(
                _run_socket_mode(
                    bolt_app, settings.app_token, settings, first_url=url, on_start=on_start, on_stop=on_stop
                )
            )
            return 0
        web_app = build_web_app(bolt_app, signing_secret=settings.signing_secret)
        _watch_catalogs(web_app)
        asyncio.run(_run_http(web_app, settings, on_start=on_start, on_stop=on_stop))
    except DatabaseUnavailable as exc:
        print(f"errcode serve: the database (DATABASE_URL) is unavailable ({exc})", file=sys.stderr)
        return 2
    return 0


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


async def _run_http(web_app: web.Application, settings: Settings, *, on_start=(), on_stop=()) -> None:
    """Serve until SIGTERM/SIGINT: the public port behind http_guard, /metrics on its own. Then
    drain (bot/slack/runner.py): no new connections, requests in progress acked, the answers
    already acked finished for up to ERRCODE_DRAIN_SECONDS; shared state and the database close last."""
    from bot.slack.runner import finish_answers

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
