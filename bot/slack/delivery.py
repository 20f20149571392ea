"""Getting replies to Slack, and surviving when Slack is slow, rate-limiting or down.

Every call goes through one Delivery, built at start: one keep-alive session and the one retry
policy of bot/slack/retry.py (slack_sdk's own retry handlers are off); whatever still fails is
logged and counted, never raised into the listener, so one failed reply can't crash the process
or hold up other requests.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import functools
import logging

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot import metrics
from bot.slack import retry
from bot.slack.replies import Reply

log = logging.getLogger("errcode.slack")
DEFAULT_TIMEOUT = 15.0
# Replies on their way to Slack at once. A slow or absent Slack holds each for up to
# `timeout` x retry.MAX_ATTEMPTS; beyond this many, a new reply is dropped (logged and counted)
# rather than queued, so an outage under load can't grow the process without bound.
MAX_IN_FLIGHT = 2000


class Backlogged(Exception):
    """MAX_IN_FLIGHT replies are already waiting for Slack."""


TROUBLE = (SlackApiError, aiohttp.ClientError, asyncio.TimeoutError, OSError, Backlogged)


# Our thread answers carry message metadata (no extra scope needed), so a follow-up is recognised
# from Slack's own history after a restart or on another instance, not only from this process's
# memory, and a reply whose post was lost on the way can be looked for before it is sent again.
ANSWER_EVENT_TYPE = "errcode_answer"


def _plain(message: dict) -> bool:
    """A message of plain JSON values with a text: slack_sdk's chat_postMessage would send it as is."""
    text = message.get("text")
    return (
        isinstance(text, str)
        and bool(text.strip())
        and "attachments" not in message
        and None not in message.values()
        and all(type(block) is dict for block in message.get("blocks") or ())
        and (message.get("metadata") is None or type(message["metadata"]) is dict)
    )


def answer_metadata(vendor: str | None, answers: str | None) -> dict:
    payload = {"vendor": vendor or ""}
    if answers:
        payload["answers"] = answers  # the ts of the message this answers
    return {"event_type": ANSWER_EVENT_TYPE, "event_payload": payload}


class Delivery:
    """Every call this process makes to Slack: built once at start (create_app) and handed to
    whoever talks to Slack.

    - `timeout` (ERRCODE_SLACK_TIMEOUT): seconds one Web API / response_url call may take. A call
      that times out is not re-sent: Slack may post it still, and a reply must not come twice.
    - `policy` (ERRCODE_MAX_RETRY_AFTER): the one retry policy of bot/slack/retry.py.
    - One keep-alive aiohttp session for every call (Web API, response_url, file downloads),
      opened on the serving loop by `start` and closed by `close`; before `start` (or after
      `close`) each call opens a connection of its own, as slack_sdk does by default.
    - At most MAX_IN_FLIGHT replies waiting for Slack at once."""

    def __init__(
        self,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        policy: retry.RetryPolicy | None = None,
        max_in_flight: int = MAX_IN_FLIGHT,
    ):
        self.timeout = timeout
        self.policy = policy or retry.RetryPolicy()
        self.max_in_flight = max_in_flight
        self.session: aiohttp.ClientSession | None = None
        self._in_flight = 0  # only touched on the event loop's thread
        self._clients: list[AsyncWebClient] = []  # their calls go over `session`
        # What every response_url call is sent with (its proxy read from the environment once,
        # its User-Agent made once), copied per call with that call's url.
        self._webhook = AsyncWebhookClient(url="", timeout=self.timeout, retry_handlers=[])

    # -- the session
    def web_client(self, token: str | None, base_url: str | None = None) -> AsyncWebClient:
        """A Web API client whose calls go over this delivery's session; `base_url`
        (SLACK_API_URL) sends every call elsewhere. `retry_handlers=[]`: slack_sdk never re-sends
        on its own; bot/slack/retry.py decides. (bolt copies the session into the client it
        makes for each request.)"""
        kwargs = {"base_url": base_url} if base_url else {}
        client = AsyncWebClient(
            token=token, timeout=self.timeout, retry_handlers=[], session=self.session, **kwargs
        )
        self._clients.append(client)
        return client

    async def start(self) -> None:
        """Open the keep-alive session on the running loop (idempotent)."""
        if self.session is not None and not self.session.closed:
            return
        # limit=0: as many connections as calls in flight (MAX_IN_FLIGHT bounds the replies), as
        # with a connection per call; keep-alive reuses them.
        self.session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=0),
            timeout=aiohttp.ClientTimeout(total=self.timeout),
        )
        for client in self._clients:
            client.session = self.session

    async def close(self) -> None:
        session, self.session = self.session, None
        for client in self._clients:
            client.session = None
        if session is not None and not session.closed:
            await session.close()

    # -- replies waiting for Slack
    def in_flight(self) -> int:
        return self._in_flight

    @contextlib.contextmanager
    def _one_in_flight(self):
        if self._in_flight >= self.max_in_flight:
            raise Backlogged(f"{self._in_flight} replies already waiting for Slack")
        self._in_flight += 1
        metrics.IN_FLIGHT.set(self._in_flight)
        try:
            yield
        finally:
            self._in_flight -= 1
            metrics.IN_FLIGHT.set(self._in_flight)

    # -- calls
    async def web_api(self, what: str, method, /, **kwargs) -> retry.Outcome:
        """One Web API call (`method` is a bound AsyncWebClient method) under the retry policy."""
        return await retry.call(lambda: method(**kwargs), what, self.policy)

    async def post_message(self, client: AsyncWebClient, surface: str, **message) -> bool:
        """chat.postMessage; True when Slack took it. Failures are logged, never raised.
        A post whose fate is unknown (dropped, timed out, 5xx) is not re-sent: it may be in the channel."""
        try:
            with self._one_in_flight():
                outcome = await self._post(client, **message)
        except Backlogged as exc:
            failed(surface, "chat.postMessage", exc)
            return False
        if outcome.ok:
            return _ok(surface)
        failed(surface, "chat.postMessage", outcome)
        return False

    async def post_message_saying_why(self, client: AsyncWebClient, surface: str, **message) -> str | None:
        """chat.postMessage like post_message; None when Slack took it, else Slack's error code
        ("not_in_channel", ...; "" when there is none), so the asker can be told why."""
        try:
            with self._one_in_flight():
                outcome = await self._post(client, **message)
        except Backlogged as exc:
            failed(surface, "chat.postMessage", exc)
            return ""
        if outcome.ok:
            _ok(surface)
            return None
        failed(surface, "chat.postMessage", outcome)
        return outcome.error or ""

    async def _post(self, client: AsyncWebClient, *, max_attempts: int | None = None, **message) -> retry.Outcome:
        if _plain(message):
            # What chat_postMessage would send, without its per-call passes over the blocks
            # (model objects to dicts, None values dropped, a missing text warned of): ours are
            # plain dicts with a text already (tests/slack/test_delivery_body.py).
            body = {**message, "unfurl_links": False, "unfurl_media": False}
            send = lambda: client.api_call("chat.postMessage", json=body)  # noqa: E731
        else:
            send = lambda: client.chat_postMessage(unfurl_links=False, unfurl_media=False, **message)  # noqa: E731
        return await retry.call(send, "chat.postMessage", self.policy, max_attempts=max_attempts)

    async def post_reply_in_thread(
        self,
        client: AsyncWebClient,
        channel: str,
        thread_ts: str | None,
        reply: Reply,
        *,
        answers: str | None = None,
    ) -> bool:
        """The answer in a thread (or inline when `thread_ts` is None: a direct message); `answers`,
        the ts of the message answered, goes into its metadata. When a post's fate is unknown (the
        connection dropped after sending, or Slack answered 5xx) the thread is read first: the answer
        is posted again only if it is not there. A timed-out post is not re-sent (Slack may still be
        posting it)."""
        policy = self.policy
        message = dict(reply.message(), channel=channel)
        if thread_ts:  # None: inline, where no thread can be read back either
            message["thread_ts"] = thread_ts
        message["metadata"] = answer_metadata(reply.vendor, answers)
        try:
            with self._one_in_flight():
                attempts, outcome = 0, None
                while attempts < policy.max_attempts:
                    outcome = await self._post(client, max_attempts=policy.max_attempts - attempts, **message)
                    attempts += outcome.attempts
                    if (
                        outcome.fate is not retry.Fate.UNKNOWN
                        or outcome.reason == "timeout"
                        or not (answers and thread_ts)
                    ):
                        break
                    if attempts >= policy.max_attempts:
                        break
                    found = await self.thread_answer(client, channel, thread_ts, answers)
                    if found is None:  # the thread can't be read: a second copy is worse than none
                        break
                    if found:
                        log.info("thread reply found in the thread after a failed post", extra={"channel": channel})
                        return _ok("message")
                    metrics.RETRIES.labels("not_in_thread").inc()
                    log.warning("thread reply not in the thread after a failed post; posting again")
        except Backlogged as exc:
            failed("message", "chat.postMessage", exc)
            return False
        if outcome is not None and outcome.ok:
            return _ok("message")
        failed("message", "chat.postMessage", outcome)
        return False

    async def _thread_messages(self, client: AsyncWebClient, channel: str, thread_ts: str) -> list[dict] | None:
        outcome = await self.web_api(
            "conversations.replies",
            client.conversations_replies,
            channel=channel,
            ts=thread_ts,
            limit=200,
            include_all_metadata=True,
        )
        if not outcome.ok:
            failed("thread_lookup", "conversations.replies", outcome)
            return None
        data = getattr(outcome.response, "data", None)
        messages = data.get("messages") if isinstance(data, dict) else None
        return [m for m in messages if isinstance(m, dict)] if isinstance(messages, list) else []

    async def thread_answer(
        self, client: AsyncWebClient, channel: str, thread_ts: str, ts: str, bot_id: str | None = None
    ) -> bool | None:
        """Whether the thread holds our answer to the message `ts`; None when it can't be read.
        An older answer without `answers` in its metadata answers the thread's root."""
        messages = await self._thread_messages(client, channel, thread_ts)
        if messages is None:
            return None
        return any(
            payload.get("answers") == ts or (payload.get("answers") is None and ts == thread_ts)
            for payload in _our_answers(messages, bot_id)
        )

    async def answered_thread_vendor(self, client: AsyncWebClient, channel: str, thread_ts: str, bot_id: str | None):
        """From Slack's history: None when we never answered in the thread, else the vendor seen ("" unknown)."""
        messages = await self._thread_messages(client, channel, thread_ts)
        for payload in reversed(list(_our_answers(messages or [], bot_id))):
            return str(payload.get("vendor") or "")
        return None

    async def answered_before(
        self, client: AsyncWebClient, channel: str, thread_ts: str, ts: str, bot_id: str | None
    ) -> bool:
        """From Slack's history: does the thread hold an errcode answer to the message `ts`?

        For a delivery that may have been answered already (a retry whose first holder died
        mid-post). When the history can't be read, False: better twice than never."""
        return bool(await self.thread_answer(client, channel, thread_ts, ts, bot_id))

    async def respond(self, response_url: str | None, surface: str, **message) -> bool:
        """Post to a response_url (slash commands, buttons). True when Slack took it.
        A 5xx or a dropped connection is not re-sent (Slack may have posted it): the caller's
        fallback, if it has one, comes at once."""
        if not response_url:
            return False
        client = copy.copy(self._webhook)  # the url differs per call; the rest is built once
        client.url, client.session = response_url, self.session
        try:
            with self._one_in_flight():
                outcome = await retry.call(lambda: client.send_dict(message), "response_url", self.policy)
        except Backlogged as exc:
            failed(surface, "response_url", exc)
            return False
        if outcome.ok:
            return _ok(surface)
        failed(surface, "response_url", outcome)
        return False

    @staticmethod
    def failed(surface: str, call: str, what: object) -> None:
        """A call that failed for good: logged and counted (the module's `failed`)."""
        failed(surface, call, what)


@functools.cache
def _replies(surface: str, outcome: str):
    """The counter of one surface's replies (labels() takes a lock and builds a key per call;
    surfaces and outcomes are this code's own few words)."""
    return metrics.REPLIES.labels(surface, outcome)


def _ok(surface: str) -> bool:
    _replies(surface, "ok").inc()
    return True


def _our_answers(messages: list[dict], bot_id: str | None = None):
    for message in messages:
        metadata = message.get("metadata")
        if not isinstance(metadata, dict) or metadata.get("event_type") != ANSWER_EVENT_TYPE:
            continue
        if bot_id and message.get("bot_id") != bot_id:
            continue
        payload = metadata.get("event_payload")
        yield payload if isinstance(payload, dict) else {}


def failed(surface: str, call: str, what: object) -> None:
    _replies(surface, "failed").inc()
    metrics.ERRORS.labels(f"slack_{surface}").inc()
    log.error("Slack call failed", extra={"call": call, "surface": surface, **trouble(what)})


def trouble(what: object) -> dict:
    """{"status": HTTP status or None, "error": Slack's error code or a short description} of any
    failure: a retry Outcome; a SlackApiError whose response is a SlackResponse, a dict, a str,
    bytes, an aiohttp ClientResponse (Slack answered something that is not JSON) or None; a network
    error; a str. Never the response body or the message (they may hold user text)."""
    if isinstance(what, retry.Outcome):
        return {"status": what.status, "error": (what.error or what.fate.value)[:200]}
    response = getattr(what, "response", None) if isinstance(what, BaseException) else None
    status = (
        getattr(response, "status_code", None) or getattr(response, "status", None) or getattr(what, "status", None)
    )
    data = getattr(response, "data", response)
    error = data.get("error") if isinstance(data, dict) else None
    if not isinstance(error, str) or not error:
        if isinstance(what, SlackApiError):
            error = "not_json" if response is not None and not isinstance(data, dict) else "unknown_error"
        elif isinstance(what, BaseException):
            error = str(what)[:200] or type(what).__name__
        else:
            error = str(what)[:200] if what is not None else "unknown_error"
    return {"status": status if isinstance(status, int) else None, "error": error[:200]}
