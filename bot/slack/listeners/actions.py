"""Buttons: "Share in channel" posts the answer where the command was run; "原文 / Original" shows
the vendor's own words of a translated answer."""

from __future__ import annotations

import logging

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot import api, render
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


def original_answer(request: dict, *, share: bool) -> answers.Reply:
    """The same entries in the vendor's own language (CPU-light: a dict walk over the entries)."""
    language = request["lang"]
    if "f" in request:
        findings = [
            {
                "code": code,
                "vendor": vendor,
                "message": None,
                "request_id": None,
                "matches": api.matches_by_key(keys, lang=language),
            }
            for code, vendor, keys in request["f"]
        ]
        result = {"findings": findings, "lang": language}
        blocks = render.explain_blocks(result, language, original=False)
    else:
        result = {
            "query": request.get("q") or "",
            "matches": api.matches_by_key(request["e"], lang=language),
            "lang": language,
        }
        blocks = render.lookup_blocks(
            result, language, share=share and bool(result["matches"]), original=False
        )
    return answers.Reply(render.fallback_text(result, language), blocks)


async def show_original(ack, body: dict, action: dict, client: AsyncWebClient) -> None:
    await ack()
    try:
        request = render.original_request(action.get("value") or "")
    except (ValueError, TypeError, KeyError, IndexError):
        log.warning("original button with a value that is not ours")
        return
    private = bool((body.get("container") or {}).get("is_ephemeral"))
    try:
        reply = await answers.off_loop(
            original_answer, request, share=private, timeout=answers.LOOKUP_TIMEOUT, operation="lookup"
        )
    except Exception:
        log.exception("original answer failed")
        return
    response_url = body.get("response_url")
    if private:  # the asker's own /errcode answer turns into the original, Share button and all
        await delivery.respond(response_url, "original", replace_original=True, **reply.message())
        return
    # A thread answer or a shared one: the original goes to the one who pressed, only.
    shown = await delivery.respond(
        response_url, "original", response_type="ephemeral", replace_original=False, **reply.message()
    )
    user = (body.get("user") or {}).get("id")
    channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")
    if not shown and user and channel:
        thread_ts = (body.get("message") or {}).get("thread_ts") or (body.get("container") or {}).get(
            "thread_ts"
        )
        extra = {"thread_ts": thread_ts} if thread_ts else {}
        outcome = await delivery.web_api(
            "chat.postEphemeral", client.chat_postEphemeral, channel=channel, user=user, **extra, **reply.message()
        )
        if not outcome.ok:
            delivery.failed("original", "chat.postEphemeral", outcome)


def register(app: AsyncApp) -> None:
    app.action(render.SHARE_ACTION)(share_in_channel)
    app.action(render.ORIGINAL_ACTION)(show_original)
