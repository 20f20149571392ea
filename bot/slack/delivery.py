"""Getting replies to Slack, and surviving when Slack is slow, rate-limiting or down.

slack_sdk's own retry handlers retry 429s (after Retry-After), connection errors and 500/503s
a bounded number of times; whatever still fails is logged and counted, never raised into the
listener, so one failed reply can't crash the process or hold up other requests.
"""

from __future__ import annotations

import asyncio
import logging

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot import metrics
from bot.slack.answers import Reply

log = logging.getLogger("errcode.slack")
MAX_RETRIES = 2  # per kind of trouble; with Retry-After a 429 costs the reply a few seconds at most
DEFAULT_TIMEOUT = 15.0
# Seconds one Web API / response_url call may take (ERRCODE_SLACK_TIMEOUT; create_app sets it).
# A call that times out is not retried: Slack may have posted it, and a reply must not come twice.
timeout = DEFAULT_TIMEOUT


_BACKOFF = BackoffRetryIntervalCalculator(backoff_factor=0.5)  # slack_sdk's default for its handlers


def _counted(handler_class: type[AsyncRetryHandler], reason: str) -> AsyncRetryHandler:
    class Counted(handler_class):  # type: ignore[misc, valid-type]
        async def prepare_for_next_attempt_async(self, **kwargs) -> None:
            metrics.RETRIES.labels(reason).inc()
            log.warning("Slack API call retried", extra={"reason": reason})
            await super().prepare_for_next_attempt_async(**kwargs)

    return Counted(max_retry_count=MAX_RETRIES)


def retry_handlers() -> list[AsyncRetryHandler]:
    return [
        _counted(AsyncRateLimitErrorRetryHandler, "rate_limited"),
        _counted(AsyncConnectionErrorRetryHandler, "connection_error"),
        _counted(AsyncServerErrorRetryHandler, "server_error"),
    ]


def web_client(
    token: str | None, base_url: str | None = None, *, timeout: float = DEFAULT_TIMEOUT
) -> AsyncWebClient:
    """The bot's Web API client; `base_url` (SLACK_API_URL) sends every call elsewhere."""
    kwargs = {"base_url": base_url} if base_url else {}
    return AsyncWebClient(token=token, timeout=timeout, retry_handlers=retry_handlers(), **kwargs)


# Replies on their way to Slack at once. A slow or absent Slack holds each for up to
# `timeout` x (MAX_RETRIES + 1); beyond this many, a new reply is dropped (logged and counted)
# rather than queued, so an outage under load can't grow the process without bound.
MAX_IN_FLIGHT = 2000
_in_flight = 0  # only touched on the event loop's thread


class Backlogged(Exception):
    """MAX_IN_FLIGHT replies are already waiting for Slack."""


class _InFlight:
    def __enter__(self) -> None:
        global _in_flight
        if _in_flight >= MAX_IN_FLIGHT:
            raise Backlogged(f"{_in_flight} replies already waiting for Slack")
        _in_flight += 1
        metrics.IN_FLIGHT.set(_in_flight)

    def __exit__(self, *exc) -> None:
        global _in_flight
        _in_flight -= 1
        metrics.IN_FLIGHT.set(_in_flight)


def in_flight() -> int:
    return _in_flight


TROUBLE = (SlackApiError, aiohttp.ClientError, asyncio.TimeoutError, OSError, Backlogged)


async def post_message(client: AsyncWebClient, surface: str, **message) -> bool:
    """chat.postMessage; True when Slack took it. Failures are logged, never raised."""
    try:
        with _InFlight():
            await client.chat_postMessage(unfurl_links=False, unfurl_media=False, **message)
    except TROUBLE as exc:
        failed(surface, "chat.postMessage", exc)
        return False
    except Exception as exc:  # a bug must not take down the listener task silently
        log.exception("chat.postMessage failed unexpectedly")
        failed(surface, "chat.postMessage", exc)
        return False
    metrics.REPLIES.labels(surface, "ok").inc()
    return True


# Our thread answers carry message metadata (no extra scope needed), so a follow-up is recognised
# from Slack's own history after a restart or on another instance, not only from this process's memory.
ANSWER_EVENT_TYPE = "errcode_answer"


async def post_reply_in_thread(client: AsyncWebClient, channel: str, thread_ts: str, reply: Reply) -> bool:
    metadata = {"event_type": ANSWER_EVENT_TYPE, "event_payload": {"vendor": reply.vendor or ""}}
    return await post_message(
        client, "message", channel=channel, thread_ts=thread_ts, metadata=metadata, **reply.message()
    )


async def answered_thread_vendor(client: AsyncWebClient, channel: str, thread_ts: str, bot_id: str | None):
    """From Slack's history: None when we never answered in the thread, else the vendor seen ("" unknown)."""
    try:
        history = await client.conversations_replies(
            channel=channel, ts=thread_ts, limit=200, include_all_metadata=True
        )
    except TROUBLE as exc:
        failed("thread_lookup", "conversations.replies", exc)
        return None
    messages = history.get("messages") if isinstance(getattr(history, "data", history), dict) else None
    for message in reversed(messages if isinstance(messages, list) else []):
        metadata = message.get("metadata") if isinstance(message, dict) else None
        if not isinstance(metadata, dict):
            continue
        if metadata.get("event_type") == ANSWER_EVENT_TYPE and (
            not bot_id or message.get("bot_id") == bot_id
        ):
            payload = metadata.get("event_payload")
            return str((payload.get("vendor") if isinstance(payload, dict) else "") or "")
    return None


async def respond(response_url: str | None, surface: str, **message) -> bool:
    """Post to a response_url (slash commands, buttons). True when Slack took it."""
    if not response_url:
        return False
    client = AsyncWebhookClient(url=response_url, timeout=timeout, retry_handlers=retry_handlers())
    try:
        with _InFlight():
            for attempt in range(MAX_RETRIES + 1):
                response = await client.send_dict(message)
                # slack_sdk's webhook client consults retry handlers for 429s and connection
                # errors only; a 500/503 from a response_url gets the same bounded backoff here.
                if response.status_code not in (500, 503) or attempt == MAX_RETRIES:
                    break
                metrics.RETRIES.labels("server_error").inc()
                log.warning("Slack API call retried", extra={"reason": "server_error"})
                await asyncio.sleep(_BACKOFF.calculate_sleep_duration(attempt))
    except TROUBLE as exc:
        failed(surface, "response_url", exc)
        return False
    if response.status_code != 200:
        failed(surface, "response_url", _WebhookTrouble(response.status_code, response.body))
        return False
    metrics.REPLIES.labels(surface, "ok").inc()
    return True


class _WebhookTrouble(Exception):
    """A response_url answered something other than 200 (its body may be anything)."""

    def __init__(self, status: int, body: object):
        super().__init__(f"HTTP {status}")
        text = body if isinstance(body, str) else ""
        self.response = {"error": text[:100].strip() or f"http_{status}"}
        self.status = status


def failed(surface: str, call: str, exc: object) -> None:
    metrics.REPLIES.labels(surface, "failed").inc()
    metrics.ERRORS.labels(f"slack_{surface}").inc()
    log.error("Slack call failed", extra={"call": call, "surface": surface, **trouble(exc)})


def trouble(exc: object) -> dict:
    """{"status": HTTP status or None, "error": Slack's error code or a short description} of any
    failure: a SlackApiError whose response is a SlackResponse, a dict, a str, bytes, an aiohttp
    ClientResponse (Slack answered something that is not JSON) or None; a network error; a str."""
    response = getattr(exc, "response", None) if isinstance(exc, BaseException) else None
    status = getattr(response, "status_code", None) or getattr(response, "status", None) or getattr(exc, "status", None)
    data = getattr(response, "data", response)
    error = data.get("error") if isinstance(data, dict) else None
    if not isinstance(error, str) or not error:
        if isinstance(exc, SlackApiError):
            error = "not_json" if response is not None and not isinstance(data, dict) else "unknown_error"
        elif isinstance(exc, BaseException):
            error = str(exc)[:200] or type(exc).__name__
        else:
            error = str(exc)[:200] if exc is not None else "unknown_error"
    return {"status": status if isinstance(status, int) else None, "error": error[:200]}
