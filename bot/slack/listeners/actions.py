"""Buttons: "Share in channel" posts the answer where the command was run; "原文 / Original" shows
the vendor's own words of a translated answer."""

from __future__ import annotations

import dataclasses
import logging

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot import api, render
from bot import insights as observe
from bot.render import insights as insight_words
from bot.slack import answers, delivery, stats
from bot.slack.listeners.fields import part, string

log = logging.getLogger("errcode.slack")


async def share_in_channel(ack, body: dict, action: dict, client: AsyncWebClient, insights=None) -> None:
    await ack()
    try:
        query, language = answers.share_request(string(action, "value") or "")
    except ValueError:
        log.warning("share button with a value that is not ours")
        return
    user = string(part(body, "user"), "id")
    reply = await answers.lookup_reply(query, language, share=False, shared_by=user)
    await share_publicly(body, client, stats.offer_feedback(insights, reply), language)


async def share_publicly(
    body: dict, client: AsyncWebClient, reply: answers.Reply, language: str | None
) -> bool:
    """Post a private answer where it was asked for. The response_url works wherever the command
    or shortcut did, even where the bot is no member; chat.postMessage (with chat:write.public
    for public channels) is the fallback when it has expired (30 minutes) or fails, and when that
    fails too the asker is told why, privately."""
    response_url = string(body, "response_url")
    shared = await delivery.respond(
        response_url, "share", response_type="in_channel", replace_original=False, **reply.message()
    )
    channel = string(part(body, "channel"), "id") or string(part(body, "container"), "channel_id")
    if not shared and channel:
        error = await delivery.post_message_saying_why(client, "share", channel=channel, **reply.message())
        shared = error is None
        if not shared:
            text = insight_words.share_failed_text(channel, error, language)
            said = await delivery.respond(
                response_url, "share_failed", response_type="ephemeral", replace_original=False, text=text
            )
            user = string(part(body, "user"), "id")
            if not said and user:  # the response_url is gone too: a direct message says it
                await delivery.post_message(client, "share_failed", channel=user, text=text)
    if shared:  # the private copy has done its job
        await delivery.respond(response_url, "share_cleanup", delete_original=True)
    return shared


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
        if share and any(f["matches"] for f in findings):  # a private answer to a paste (the shortcut)
            value = insight_words.share_entries_value(result, language, observe.fingerprint(""))
            blocks = insight_words.with_share(blocks, value, language)
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


async def show_original(ack, body: dict, action: dict, client: AsyncWebClient, insights=None) -> None:
    await ack()
    try:
        request = render.original_request(string(action, "value") or "")
    except (ValueError, TypeError, KeyError, IndexError):
        log.warning("original button with a value that is not ours")
        return
    private = part(body, "container").get("is_ephemeral") is True
    try:
        reply = await answers.off_loop(
            original_answer, request, share=private, timeout=answers.LOOKUP_TIMEOUT, operation="lookup"
        )
    except answers.Shed as shed:
        shed.log()
        return
    except Exception:
        log.exception("original answer failed")
        return
    response_url = string(body, "response_url")
    user = string(part(body, "user"), "id")
    if string(part(body, "container"), "type") == "view" and user:  # the App Home's search answer
        from bot.slack.listeners.home import publish_home

        team = string(part(body, "team"), "id")
        await publish_home(client, user, team, request["lang"], insights, answer=reply.blocks)
        return
    if private:  # the asker's own answer turns into the original, Share and 👍/👎 buttons and all
        keys = request.get("e") or [k for f in request.get("f") or [] for k in f[2]]
        entry = tuple(keys[0][:4]) if keys else None
        insight = observe.Insight(observe.fingerprint(""), entry, ())
        reply = stats.offer_feedback(
            insights, dataclasses.replace(reply, insight=insight, lang=request["lang"])
        )
        await delivery.respond(response_url, "original", replace_original=True, **reply.message())
        return
    # A thread answer or a shared one: the original goes to the one who pressed, only.
    shown = await delivery.respond(
        response_url, "original", response_type="ephemeral", replace_original=False, **reply.message()
    )
    user = string(part(body, "user"), "id")
    channel = string(part(body, "channel"), "id") or string(part(body, "container"), "channel_id")
    if not shown and user and channel:
        thread_ts = string(part(body, "message"), "thread_ts") or string(part(body, "container"), "thread_ts")
        extra = {"thread_ts": thread_ts} if thread_ts else {}
        outcome = await delivery.web_api(
            "chat.postEphemeral",
            client.chat_postEphemeral,
            channel=channel,
            user=user,
            **extra,
            **reply.message(),
        )
        if not outcome.ok:
            delivery.failed("original", "chat.postEphemeral", outcome)


def register(app: AsyncApp, insights=None) -> None:
    async def on_share(ack, body: dict, action: dict, client: AsyncWebClient) -> None:
        await share_in_channel(ack, body, action, client, insights)

    app.action(render.SHARE_ACTION)(on_share)

    async def on_original(ack, body: dict, action: dict, client: AsyncWebClient) -> None:
        await show_original(ack, body, action, client, insights)

    app.action(render.ORIGINAL_ACTION)(on_original)
