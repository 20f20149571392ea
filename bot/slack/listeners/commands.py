"""`/errcode QUERY`: ack at once, then the answer, visible to the asker only, via the response_url."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from slack_sdk.web.async_client import AsyncWebClient

from bot import api
from bot.slack import replies, stats
from bot.slack.listeners.fields import COMMAND_STRINGS, strings_only

if TYPE_CHECKING:
    from bot.slack.app import SlackBot


log = logging.getLogger("errcode.slack")
COMMAND = "/errcode"


async def errcode_command(ack, command: dict, client: AsyncWebClient, bot: SlackBot) -> None:
    await ack()  # within Slack's 3 seconds, whatever the lookup costs
    command = strings_only(command, COMMAND_STRINGS)
    # The asker's locale decides the language unless the query does (lang:xx, Chinese words).
    text = command.get("text") or ""
    locale = None if api.query_decides(text) else await bot.locales.get(
        client, command.get("user_id"), team=command.get("team_id")
    )
    reply = stats.offer_feedback(bot.insights, await replies.command_reply(text, pool=bot.pool, locale=locale))
    url = command.get("response_url")
    if await bot.delivery.respond(url, "command", response_type="ephemeral", **reply.message()):
        log.info("answered /errcode", extra={"channel": command.get("channel_id"), "matched": reply.answered})
    await stats.record(bot.insights, command.get("team_id"), reply)


def register(bot: SlackBot) -> None:
    async def on_command(ack, command: dict, client: AsyncWebClient) -> None:
        await errcode_command(ack, command, client, bot)

    bot.listen_to_command(COMMAND, on_command)
