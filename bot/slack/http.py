"""The aiohttp application: POST /slack/events (Slack's signature checked, then bolt), GET /healthz.

Requests are read behind bot.slack.http_guard (body size and time, signature) before bolt sees
them; a body no Slack request has is a 400 and one warning line, never a 500 and a traceback.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import TYPE_CHECKING

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.request.internals import parse_body

from bot import api, metrics
from bot.slack import hot_path, http_guard
from bot.slack.delivery import Delivery
from bot.slack.oauth import oauth_routes

if TYPE_CHECKING:
    from bot.slack.app import SlackBot

log = logging.getLogger("errcode.slack")
EVENTS_PATH = "/slack/events"
MAX_BODY_BYTES = http_guard.MAX_BODY_BYTES

DELIVERY = web.AppKey("delivery", Delivery)  # the bolt app's, on the web app (tests look at it)


def hot_listener(bot: SlackBot, body: dict):
    """The listener whose request the handler acks itself, before bolt would, and hands straight
    to it (bot/slack/hot_path.py), or None. /errcode, whose listener acks empty before anything
    else (bolt's runner would see that ack only at its next 10 ms poll, so every command waited at
    least 10 ms), and the events a listener takes, which bolt acks empty once its middleware
    (authorization, the redelivery claim) has run (another type gets bolt's 404). Only with
    errcode's own single-workspace authorization, which never refuses: in OAuth mode bolt's answer
    to a workspace it can't authorize ("install this app") is the ack, so bolt acks there. Slack's
    url_verification challenge (its answer is the ack) stays bolt's."""
    if bot.identity is None:
        return None
    return hot_path.hot_listener(bot, body)


def _content_type(request: web.Request) -> str | None:
    """The content type bolt reads (the last Content-Type header, without its parameters)."""
    found = request.headers.getall("Content-Type", ())
    return found[-1].split(";")[0] if found and found[-1] else None


_UNREADABLE = (UnicodeDecodeError, ValueError, RecursionError, AttributeError, TypeError)


def _refused(exc: BaseException, raw: bytes) -> None:
    # (AttributeError/TypeError: bolt reading ids out of a body of the wrong shape)
    log.warning("unreadable request refused", extra={"error": type(exc).__name__, "bytes": len(raw)})


def _readable_body(raw: bytes, request: web.Request) -> dict | None:
    """The body as bolt parses it, or None for a body no Slack request has: not UTF-8, not a JSON
    object, broken or nested past the recursion limit. Those got a 500 and a traceback in the log
    per request; now a 400 and one warning line."""
    try:
        body = parse_body(raw.decode("utf-8"), _content_type(request))
        if not isinstance(body, dict):  # JSON, but not an object: bolt would crash
            raise ValueError("not a JSON object")
        _check_shape(body)
    except _UNREADABLE as exc:
        _refused(exc, raw)
        return None
    return body


def _readable_request(raw: bytes, request: web.Request) -> AsyncBoltRequest | None:
    """bolt's request (as the aiohttp adapter's to_bolt_request builds it) of a readable body."""
    try:
        return AsyncBoltRequest(
            body=raw.decode("utf-8"),
            query=request.query_string,
            headers=request.headers,  # type: ignore[arg-type]
        )
    except _UNREADABLE as exc:
        _refused(exc, raw)
        return None


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


async def healthz(request: web.Request) -> web.Response:
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
    bot: SlackBot,
    *,
    path: str = EVENTS_PATH,
    signing_secret: str | None = None,
    body_timeout: float = http_guard.BODY_TIMEOUT,
) -> web.Application:
    """The aiohttp application `errcode serve` runs (and the tests start on loopback).

    `signing_secret`: Slack's requests are verified here before bolt sees them (default: the
    bolt app's own secret)."""
    bolt_app = bot.app
    # bolt keeps the secret it was built with; it has no public accessor.
    secret = signing_secret or getattr(bolt_app, "_signing_secret", None)
    refused = http_guard.Throttled("request rejected")
    http_guard.quiet_library_logs()
    # Each surface's counter and histogram found once, not per request (labels() takes a lock).
    counted = {surface: metrics.REQUESTS.labels(surface) for surface in http_guard.SURFACES}
    timed = {surface: metrics.ACK_LATENCY.labels(surface) for surface in http_guard.SURFACES}
    dispatched: set[asyncio.Task] = set()  # commands and events still handled after their ack

    def run_after_ack(listener, body: dict, context, retry_num: str | None) -> None:
        # as bolt would run it (dedupe, authorization, the listener): its own ack, an empty 200
        # like this one, would have nowhere to go. A replayed trigger_id is dropped there.
        task = asyncio.ensure_future(hot_path.run(bot, listener, body, context, retry_num))
        dispatched.add(task)
        task.add_done_callback(after_dispatch)

    def after_dispatch(task: asyncio.Task) -> None:
        dispatched.discard(task)
        error = None if task.cancelled() else task.exception()
        if error is not None:  # with its traceback, as bolt's listener error handler logged it
            log.error("request failed after its ack", extra={"error": type(error).__name__}, exc_info=error)

    async def slack_events(request: web.Request) -> web.Response:
        started = time.perf_counter()
        try:
            raw = await http_guard.read_body(request, timeout=body_timeout)
        except http_guard.BodyRefused as exc:
            counted["rejected"].inc()
            refused(reason=exc.reason, status=exc.status)
            return web.Response(status=exc.status, text=exc.reason)
        problem = http_guard.signature_problem(request.headers, raw, secret) if secret else None
        if problem:
            counted["rejected"].inc()
            refused(reason=problem, status=401)
            return web.Response(status=401, text="invalid request")
        body = _readable_body(raw, request)
        listener = hot_listener(bot, body) if body is not None else None
        context = None
        if listener is not None:
            try:
                context = hot_path.context_of(body)
            except _UNREADABLE as exc:
                _refused(exc, raw)
                body = None
        if body is None:
            counted["rejected"].inc()
            return web.Response(status=400, text="unreadable request body")
        if context is not None:
            retry_num = request.headers.getall("X-Slack-Retry-Num", ())  # bolt reads the last one
            run_after_ack(listener, body, context, retry_num[-1] if retry_num else None)
            # what to_aiohttp_response makes of bolt's empty ack, BoltResponse(status=200, body="")
            response = web.Response(status=200, body="", content_type="text/plain")
        else:
            bolt_request = _readable_request(raw, request)
            if bolt_request is None:
                counted["rejected"].inc()
                return web.Response(status=400, text="unreadable request body")
            response = await to_aiohttp_response(await bolt_app.async_dispatch(bolt_request))
        surface = http_guard.surface_of(body)
        counted[surface].inc()
        timed[surface].observe(time.perf_counter() - started)
        return response

    web_app = http_guard.guarded(web.Application(client_max_size=http_guard.MAX_BODY_BYTES))
    web_app.add_routes(
        [web.post(path, slack_events), web.get("/healthz", healthz)]
        + oauth_routes(bolt_app)  # GET /slack/install and /slack/oauth_redirect in OAuth mode
    )
    delivery = bot.delivery
    web_app[DELIVERY] = delivery  # one keep-alive session for every Slack call, on the serving loop

    async def open_session(app: web.Application) -> None:
        await delivery.start()

    async def close_session(app: web.Application) -> None:  # after the drain: answers are done
        await delivery.close()

    web_app.on_startup.append(open_session)
    web_app.on_cleanup.append(close_session)
    return web_app


def build_health_app(connected) -> web.Application:
    """Socket Mode's health signal on PORT: GET /healthz, 200 while connected to Slack."""
    app = http_guard.guarded(web.Application())
    app["slack_connected"] = connected
    app.add_routes([web.get("/healthz", healthz)])
    return app
