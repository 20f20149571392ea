"""`/errcode QUERY`: ack at once, then the answer, visible to the asker only, via the response_url."""

from __future__ import annotations

import logging

from slack_bolt.async_app import AsyncApp

from bot.slack import answers, delivery

log = logging.getLogger("errcode.slack")
COMMAND = "/errcode"


async def errcode_command(ack, command: dict) -> None:
    await ack()  # within Slack's 3 seconds, whatever the lookup costs
    reply = await answers.command_reply(command.get("text") or "")
    url = command.get("response_url")
    if await delivery.respond(url, "command", response_type="ephemeral", **reply.message()):
        log.info("answered /errcode", extra={"channel": command.get("channel_id"), "matched": reply.answered})


def register(app: AsyncApp) -> None:
    app.command(COMMAND)(errcode_command)
