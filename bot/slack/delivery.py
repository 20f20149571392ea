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


async def post_reply_in_thread(
    client: AsyncWebClient, channel: str, thread_ts: str, reply: Reply, *, answers: str | None = None
) -> bool:
    """`answers`: the ts of the message answered, kept in the metadata so a retry can see, in
    Slack's history, that this very message was answered (answered_before)."""
    payload = {"vendor": reply.vendor or ""}
    if answers:
        payload["answers"] = answers
    metadata = {"event_type": ANSWER_EVENT_TYPE, "event_payload": payload}
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
    for message in reversed(history.get("messages") or []):
        metadata = message.get("metadata") or {}
        if metadata.get("event_type") == ANSWER_EVENT_TYPE and (
            not bot_id or message.get("bot_id") == bot_id
        ):
            return str((metadata.get("event_payload") or {}).get("vendor") or "")
    return None


async def answered_before(
    client: AsyncWebClient, channel: str, thread_ts: str, ts: str, bot_id: str | None
) -> bool:
    """From Slack's history: does the thread hold an errcode answer to the message `ts`?

    For a delivery that may have been answered already (a retry whose first holder died
    mid-post). An answer says which message it answers; an older answer without that field
    answers the thread's root. When the history can't be read, False: better twice than never."""
    try:
        history = await client.conversations_replies(
            channel=channel, ts=thread_ts, limit=200, include_all_metadata=True
        )
    except TROUBLE as exc:
        failed("thread_lookup", "conversations.replies", exc)
        return False
    for message in history.get("messages") or []:
        metadata = message.get("metadata") or {}
        if metadata.get("event_type") != ANSWER_EVENT_TYPE or (bot_id and message.get("bot_id") != bot_id):
            continue
        answered = (metadata.get("event_payload") or {}).get("answers")
        if answered == ts or (answered is None and ts == thread_ts):
            return True
    return False


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
        failed(surface, "response_url", f"HTTP {response.status_code} {response.body[:200]!r}")
        return False
    metrics.REPLIES.labels(surface, "ok").inc()
    return True


def failed(surface: str, call: str, exc: object) -> None:
    metrics.REPLIES.labels(surface, "failed").inc()
    metrics.ERRORS.labels(f"slack_{surface}").inc()
    detail = exc.response.get("error") if isinstance(exc, SlackApiError) else str(exc) or type(exc).__name__
    log.error("Slack call failed", extra={"call": call, "surface": surface, "error": detail})
