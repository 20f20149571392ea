"""`/errcode QUERY`: ack at once, then the answer, visible to the asker only, via the response_url."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.slack import answers, delivery

COMMAND = "/errcode"


async def errcode_command(ack, command: dict) -> None:
    await ack()  # within Slack's 3 seconds, whatever the lookup costs
    reply = await answers.command_reply(command.get("text") or "")
    await delivery.respond(
        command.get("response_url"), "command", response_type="ephemeral", **reply.message()
    )


def register(app: AsyncApp) -> None:
    app.command(COMMAND)(errcode_command)
