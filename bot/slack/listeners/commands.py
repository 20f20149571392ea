"""`/errcode QUERY`: ack at once, then the answer, visible to the asker only, via the response_url."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot import lang
from bot.slack import answers, stats
from bot.slack.delivery import Delivery
from bot.slack.listeners.fields import COMMAND_STRINGS, strings_only
from bot.slack.locale import AskerLocales

if TYPE_CHECKING:  # SQLAlchemy is loaded only where a store is opened
    from bot.store.insights import InsightStore


log = logging.getLogger("errcode.slack")
COMMAND = "/errcode"


async def errcode_command(
    ack,
    command: dict,
    client: AsyncWebClient,
    delivery: Delivery,
    locales: AskerLocales,
    insights: InsightStore | None = None,
) -> None:
    await ack()  # within Slack's 3 seconds, whatever the lookup costs
    command = strings_only(command, COMMAND_STRINGS)
    # The asker's locale decides the language unless the query does (lang:xx, Chinese words).
    text = command.get("text") or ""
    locale = None if lang.query_decides(text) else await locales.get(
        client, command.get("user_id"), team=command.get("team_id")
    )
    reply = stats.offer_feedback(insights, await answers.command_reply(text, locale=locale))
    url = command.get("response_url")
    if await delivery.respond(url, "command", response_type="ephemeral", **reply.message()):
        log.info("answered /errcode", extra={"channel": command.get("channel_id"), "matched": reply.answered})
    await stats.record(insights, command.get("team_id"), reply)


def register(app: AsyncApp, delivery: Delivery, locales: AskerLocales, insights: InsightStore | None = None) -> None:
    async def on_command(ack, command: dict, client: AsyncWebClient) -> None:
        await errcode_command(ack, command, client, delivery, locales, insights)

    app.command(COMMAND)(on_command)
