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
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot import metrics
from bot.slack.answers import Reply

log = logging.getLogger("errcode.slack")
MAX_RETRIES = 2  # per kind of trouble; with Retry-After a 429 costs the reply a few seconds at most


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


def web_client(token: str, base_url: str | None = None, *, timeout: int = 15) -> AsyncWebClient:
    """The bot's Web API client; `base_url` (SLACK_API_URL) sends every call elsewhere."""
    kwargs = {"base_url": base_url} if base_url else {}
    return AsyncWebClient(token=token, timeout=timeout, retry_handlers=retry_handlers(), **kwargs)


TROUBLE = (SlackApiError, aiohttp.ClientError, asyncio.TimeoutError, OSError)


async def post_message(client: AsyncWebClient, surface: str, **message) -> bool:
    """chat.postMessage; True when Slack took it. Failures are logged, never raised."""
    try:
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
    for message in reversed(history.get("messages") or []):
        metadata = message.get("metadata") or {}
        if metadata.get("event_type") == ANSWER_EVENT_TYPE and (
            not bot_id or message.get("bot_id") == bot_id
        ):
            return str((metadata.get("event_payload") or {}).get("vendor") or "")
    return None


async def respond(response_url: str | None, surface: str, **message) -> bool:
    """Post to a response_url (slash commands, buttons). True when Slack took it."""
    if not response_url:
        return False
    client = AsyncWebhookClient(url=response_url, timeout=15, retry_handlers=retry_handlers())
    try:
        response = await client.send_dict(message)
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
