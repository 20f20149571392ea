"""The "Share in channel" button: post the same answer where the command was run."""

from __future__ import annotations

import logging

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot import render
from bot.slack import answers, delivery

log = logging.getLogger("errcode.slack")


async def share_in_channel(ack, body: dict, action: dict, client: AsyncWebClient) -> None:
    await ack()
    try:
        query, language = answers.share_request(action.get("value") or "")
    except ValueError:
        log.warning("share button with a value that is not ours")
        return
    user = (body.get("user") or {}).get("id")
    reply = await answers.lookup_reply(query, language, share=False, shared_by=user)
    response_url = body.get("response_url")
    # The response_url works wherever the command did, even where the bot is no member;
    # chat.postMessage is the fallback when it has expired (30 minutes) or fails.
    shared = await delivery.respond(
        response_url, "share", response_type="in_channel", replace_original=False, **reply.message()
    )
    if not shared:
        channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")
        if channel:
            shared = await delivery.post_message(client, "share", channel=channel, **reply.message())
    if shared:  # the private copy has done its job
        await delivery.respond(response_url, "share_cleanup", delete_original=True)


def register(app: AsyncApp) -> None:
    app.action(render.SHARE_ACTION)(share_in_channel)
