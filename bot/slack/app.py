"""Build the bolt-python AsyncApp: the Web API client, retry dedup, and every listener."""

from __future__ import annotations

import logging

from slack_bolt.async_app import AsyncApp
from slack_bolt.response import BoltResponse

from bot import logs, metrics
from bot.slack import delivery, listeners
from bot.slack.memory import SlackMemory

log = logging.getLogger("errcode.slack")


def drop_redeliveries(memory: SlackMemory):
    """Global middleware: an event Slack delivers again (X-Slack-Retry-Num, same event_id) is acked
    and dropped, so a retry never produces a second reply."""

    async def drop_redelivered_events(body: dict, request, next) -> BoltResponse | None:
        event_id = body.get("event_id")
        logs.request_id.set(event_id or body.get("trigger_id") or "-")
        if body.get("type") == "event_callback" and event_id and not memory.seen_events.claim(event_id):
            metrics.DUPLICATES.inc()
            retry = (request.headers.get("x-slack-retry-num") or ["?"])[0]
            log.info("redelivered event dropped", extra={"event_id": event_id, "retry_num": retry})
            return BoltResponse(status=200, body="")
        return await next()

    return drop_redelivered_events


def create_app(
    *,
    token: str,
    signing_secret: str | None = None,
    api_url: str | None = None,
    memory: SlackMemory | None = None,
) -> AsyncApp:
    """The errcode Slack app. `api_url` (SLACK_API_URL) sends every Web API call to that base URL."""
    memory = memory or SlackMemory()
    app = AsyncApp(
        client=delivery.web_client(token, api_url),
        signing_secret=signing_secret,
        # Ack first, answer after: the answer may take longer than Slack's 3 seconds.
        process_before_response=False,
        # Bolt pins the level of a logger named after the app; a child name keeps it off "errcode".
        name="errcode.slack.bolt",
    )
    app.middleware(drop_redeliveries(memory))
    listeners.register(app, memory)
    return app
