"""`/errcode QUERY`: ack at once, then the answer, visible to the asker only, via the response_url."""

from __future__ import annotations

import logging

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot import lang
from bot.slack import answers, delivery
from bot.slack.listeners.fields import COMMAND_STRINGS, strings_only
from bot.slack.locale import AskerLocales

log = logging.getLogger("errcode.slack")
COMMAND = "/errcode"


async def errcode_command(ack, command: dict, client: AsyncWebClient, locales: AskerLocales) -> None:
    await ack()  # within Slack's 3 seconds, whatever the lookup costs
    command = strings_only(command, COMMAND_STRINGS)
    # The asker's locale decides the language unless the query does (lang:xx, Chinese words).
    text = command.get("text") or ""
    locale = None if lang.query_decides(text) else await locales.get(
        client, command.get("user_id"), team=command.get("team_id")
    )
    reply = await answers.command_reply(text, locale=locale)
    url = command.get("response_url")
    if await delivery.respond(url, "command", response_type="ephemeral", **reply.message()):
        log.info("answered /errcode", extra={"channel": command.get("channel_id"), "matched": reply.answered})


def register(app: AsyncApp, locales: AskerLocales) -> None:
    async def on_command(ack, command: dict, client: AsyncWebClient) -> None:
        await errcode_command(ack, command, client, locales)

    app.command(COMMAND)(on_command)
