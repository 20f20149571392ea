"""Build the bolt-python AsyncApp: the Web API client, retry dedup, and every listener."""

from __future__ import annotations

import asyncio
import logging
import time

from slack_bolt.async_app import AsyncApp
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.authorization.async_authorize import AsyncAuthorize
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from bot import logs, metrics
from bot.slack import delivery, listeners, retry
from bot.slack.memory import SlackMemory

log = logging.getLogger("errcode.slack")


def drop_redeliveries(memory: SlackMemory):
    """Global middleware: an event Slack delivers again (X-Slack-Retry-Num, same event_id) is acked
    and dropped, so a retry never produces a second reply. A command or button press sent twice
    (a replay within the 5 minutes its signature is valid: Slack itself never repeats them) is
    known by its trigger_id, unique per invocation, and dropped the same way."""

    async def drop_redelivered_events(body: dict, request, next) -> BoltResponse | None:
        event_id = body.get("event_id")
        trigger_id = body.get("trigger_id")
        logs.request_id.set(str(event_id or trigger_id or "-"))
        if body.get("type") == "event_callback":
            once, seen = (event_id if isinstance(event_id, str) and event_id else None), memory.seen_events
        else:
            once, seen = (
                (trigger_id if isinstance(trigger_id, str) and trigger_id else None),
                memory.seen_triggers,
            )
        if once and not seen.claim(once):
            metrics.DUPLICATES.inc()
            retry = (request.headers.get("x-slack-retry-num") or ["?"])[0]
            log.info("redelivered request dropped", extra={"once_id": once, "retry_num": retry})
            return BoltResponse(status=200, body="")
        return await next()

    return drop_redelivered_events


class BotIdentity(AsyncAuthorize):
    """Who the bot is (auth.test), asked once and remembered, never in the way of an ack.

    bolt's own single-workspace authorization calls auth.test before every ack until one call
    succeeds, so with Slack refusing connections, slow or rate-limiting, each request would wait
    for auth.test and its retries, past Slack's 3 seconds. Here a request waits at most
    ASK_TIMEOUT for it (only until Slack first answers, normally at start-up); meanwhile requests
    go on with the token alone (the bot's own messages are still known by their bot_id)."""

    ASK_TIMEOUT = 1.0
    ASK_AGAIN_AFTER = 10.0  # seconds between asks while Slack can't answer

    def __init__(self, client: AsyncWebClient):
        self.client = client
        self.auth: dict | None = None
        self._asking: asyncio.Future | None = None
        self._asked_at: float | None = None

    def remember(self, auth) -> None:
        self.auth = dict(getattr(auth, "data", auth) or {})

    async def _ask(self) -> None:
        outcome = await delivery.web_api("auth.test", self.client.auth_test)
        if outcome.ok:
            self.remember(outcome.response)
        else:
            log.warning(
                "auth.test failed; going on without the bot's identity",
                extra=delivery.trouble(outcome),
            )

    async def __call__(self, *, context, enterprise_id, team_id, user_id, **_) -> AuthorizeResult:
        if self.auth is None:
            now = time.monotonic()
            idle = self._asking is None or self._asking.done()
            if idle and (self._asked_at is None or now - self._asked_at >= self.ASK_AGAIN_AFTER):
                self._asked_at = now
                self._asking = asyncio.ensure_future(self._ask())
            if self._asking is not None and not self._asking.done():
                try:  # shielded: a slow auth.test goes on in the background and is remembered
                    await asyncio.wait_for(asyncio.shield(self._asking), self.ASK_TIMEOUT)
                except asyncio.TimeoutError:
                    pass
        auth = self.auth or {}
        return AuthorizeResult(
            enterprise_id=enterprise_id,
            team_id=team_id or auth.get("team_id"),
            bot_token=self.client.token,
            bot_id=auth.get("bot_id"),
            bot_user_id=auth.get("user_id"),
            user_id=user_id,
        )


def create_app(
    *,
    token: str,
    signing_secret: str | None = None,
    api_url: str | None = None,
    memory: SlackMemory | None = None,
    api_timeout: float = delivery.DEFAULT_TIMEOUT,
    max_retry_after: float = retry.DEFAULT_MAX_RETRY_AFTER,
) -> AsyncApp:
    """The errcode Slack app. `api_url` (SLACK_API_URL) sends every Web API call to that base URL;
    `api_timeout` (ERRCODE_SLACK_TIMEOUT) bounds each Web API / response_url call, in seconds;
    `max_retry_after` (ERRCODE_MAX_RETRY_AFTER): the longest 429 Retry-After waited out."""
    memory = memory or SlackMemory()
    delivery.timeout = api_timeout
    delivery.policy = retry.RetryPolicy(max_retry_after=max_retry_after)
    # The client is handed over without its token, so bolt runs our BotIdentity (multi-team
    # authorization) instead of its per-request auth.test; the token goes back right after.
    client = delivery.web_client(None, api_url, timeout=api_timeout)
    identity = BotIdentity(client)
    app = AsyncApp(
        client=client,
        authorize=identity,
        signing_secret=signing_secret,
        # Ack first, answer after: the answer may take longer than Slack's 3 seconds.
        process_before_response=False,
        # Bolt pins the level of a logger named after the app; a child name keeps it off "errcode".
        name="errcode.slack.bolt",
    )
    client.token = token
    app.errcode_identity = identity  # serve() hands it the auth.test it makes at start
    app.middleware(drop_redeliveries(memory))
    listeners.register(app, memory)
    return app
