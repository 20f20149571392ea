"""Buttons: Share posts the answer where the command was run; the language toggle shows the same
entries in the other language (both ways); "N more" shows the rest; did-you-mean and vendor
narrowing look their query up. Each is a short function; `register` lists them all.

A private (/errcode) answer is replaced by what the button shows; on a thread or shared
answer, only the one who pressed sees it.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from typing import TYPE_CHECKING

from slack_sdk.web.async_client import AsyncWebClient

from bot import insights as observe
from bot import render
from bot.render import insights as insight_words
from bot.slack import replies, stats
from bot.slack.listeners.fields import part, string
from bot.slack.workers import Shed

if TYPE_CHECKING:
    from bot.slack.app import SlackBot
    from bot.slack.delivery import Delivery

log = logging.getLogger("errcode.slack")


def _is_private(body: dict) -> bool:
    return part(body, "container").get("is_ephemeral") is True


def _channel(body: dict) -> str | None:
    return string(part(body, "channel"), "id") or string(part(body, "container"), "channel_id")


def _user(body: dict) -> str | None:
    return string(part(body, "user"), "id")


async def _show(
    body: dict, client: AsyncWebClient, delivery: Delivery, reply: replies.Reply, surface: str
) -> None:
    """The asker's own private answer turns into `reply`; elsewhere the presser alone sees it."""
    response_url = string(body, "response_url")
    if _is_private(body):
        await delivery.respond(response_url, surface, replace_original=True, **reply.message())
        return
    shown = await delivery.respond(
        response_url, surface, response_type="ephemeral", replace_original=False, **reply.message()
    )
    user, channel = _user(body), _channel(body)
    if shown or not user or not channel:
        return
    thread_ts = string(part(body, "message"), "thread_ts") or string(part(body, "container"), "thread_ts")
    extra = {"thread_ts": thread_ts} if thread_ts else {}
    outcome = await delivery.web_api(
        "chat.postEphemeral", client.chat_postEphemeral, channel=channel, user=user, **extra, **reply.message()
    )
    if not outcome.ok:
        delivery.failed(surface, "chat.postEphemeral", outcome)


def _query(action: dict) -> tuple[str, str | None, bool] | None:
    try:
        return render.query_request(string(action, "value") or "")
    except (ValueError, TypeError):
        log.warning("button with a value that is not ours", extra={"action_id": string(action, "action_id")})
        return None


async def share_in_channel(ack, body: dict, action: dict, client: AsyncWebClient, bot: SlackBot) -> None:
    await ack()
    asked = _query(action)
    if asked is None:
        return
    query, language, all_shown = asked
    reply = await replies.lookup_reply(
        query, language, pool=bot.pool, share=False, shared_by=_user(body), all_shown=all_shown
    )
    await share_publicly(body, client, bot.delivery, stats.offer_feedback(bot.insights, reply), language)


async def share_publicly(
    body: dict, client: AsyncWebClient, delivery: Delivery, reply: replies.Reply, language: str | None
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


async def show_more(ack, body: dict, action: dict, client: AsyncWebClient, bot: SlackBot) -> None:
    """The rest of a lookup (its query again, all shown) or of a long paste (its findings' entries)."""
    await ack()
    value = string(action, "value") or ""
    if '"f":' in value:
        await _show_findings(body, client, value, bot)
        return
    asked = _query(action)
    if asked is not None:
        query, language, _ = asked
        reply = await replies.lookup_reply(query, language, pool=bot.pool, share=_is_private(body), all_shown=True)
        await _show(body, client, bot.delivery, reply, "more")


async def _show_findings(body: dict, client: AsyncWebClient, value: str, bot: SlackBot) -> None:
    try:
        request = render.toggle_request(value)
        reply = await bot.pool.run(
            replies.toggled_answer, request, share=False, every=True, timeout=replies.LOOKUP_TIMEOUT,
            operation="lookup",
        )
    except Shed as shed:
        shed.log()
        return
    except Exception:
        log.warning("more button with a value that is not ours")
        return
    await _show(body, client, bot.delivery, reply, "more")


async def look_up(ack, body: dict, action: dict, client: AsyncWebClient, bot: SlackBot) -> None:
    """Did-you-mean and narrow-by-vendor buttons."""
    await ack()
    asked = _query(action)
    if asked is not None:
        query, language, _ = asked
        reply = await replies.lookup_reply(query, language, pool=bot.pool, share=_is_private(body))
        await _show(body, client, bot.delivery, reply, "query")


async def toggle_language(ack, body: dict, action: dict, client: AsyncWebClient, bot: SlackBot) -> None:
    await ack()
    try:
        request = render.toggle_request(string(action, "value") or "")
    except (ValueError, TypeError, KeyError, IndexError):
        log.warning("language button with a value that is not ours")
        return
    try:
        reply = await bot.pool.run(
            replies.toggled_answer, request, share=_is_private(body), timeout=replies.LOOKUP_TIMEOUT,
            operation="lookup",
        )
    except Shed as shed:
        shed.log()
        return
    except Exception:
        log.exception("language toggle failed")
        return
    user = _user(body)
    if string(part(body, "container"), "type") == "view" and user:  # the App Home's search answer
        from bot.slack.listeners.home import publish_home

        team = string(part(body, "team"), "id")
        await publish_home(client, bot.delivery, user, team, request["lang"], bot.insights, bot.pool, answer=reply.blocks)
        return
    if _is_private(body):  # the asker's own answer turns into the other language, 👍/👎 and all
        keys = request.get("e") or [k for f in request.get("f") or [] for k in f[2]]
        entry = tuple(keys[0][:4]) if keys else None
        insight = observe.Insight(observe.fingerprint(""), entry, ())
        reply = stats.offer_feedback(bot.insights, dataclasses.replace(reply, insight=insight, lang=request["lang"]))
    await _show(body, client, bot.delivery, reply, "original")


def register(bot: SlackBot) -> None:
    async def on_share(ack, body: dict, action: dict, client: AsyncWebClient) -> None:
        await share_in_channel(ack, body, action, client, bot)

    async def on_toggle(ack, body: dict, action: dict, client: AsyncWebClient) -> None:
        await toggle_language(ack, body, action, client, bot)

    async def on_more(ack, body: dict, action: dict, client: AsyncWebClient) -> None:
        await show_more(ack, body, action, client, bot)

    async def on_query(ack, body: dict, action: dict, client: AsyncWebClient) -> None:
        await look_up(ack, body, action, client, bot)

    bot.app.action(render.SHARE_ACTION)(on_share)
    bot.app.action(render.ORIGINAL_ACTION)(on_toggle)
    bot.app.action(render.MORE_ACTION)(on_more)
    bot.app.action(re.compile(render.QUERY_ACTION_PATTERN))(on_query)
