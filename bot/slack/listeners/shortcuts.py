"""The "Explain this error" message shortcut: on any message, in any conversation (errcode need
not be a member: Slack sends the message in the payload), the answer comes privately to whoever
asked, through the payload's response_url, with a Share button that posts it for everyone."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from slack_sdk.web.async_client import AsyncWebClient

from bot import api, render
from bot import insights as observe
from bot.render import insights as insight_words
from bot.slack import replies, stats
from bot.slack.listeners.actions import share_publicly
from bot.slack.listeners.fields import EVENT_STRINGS, part, string, strings_only

if TYPE_CHECKING:
    from bot.slack.app import SlackBot


log = logging.getLogger("errcode.slack")


async def explain_message(ack, shortcut: dict, client: AsyncWebClient, bot: SlackBot) -> None:
    await ack()
    message = strings_only(part(shortcut, "message"), EVENT_STRINGS)
    user = string(part(shortcut, "user"), "id")
    team = string(part(shortcut, "team"), "id") or string(part(shortcut, "user"), "team_id")
    text = await bot.files.message_text(message, client)
    locale = None if api.query_decides(text) else await bot.locales.get(client, user, team=team)
    observed: list = []
    reply = await replies.message_reply(
        text, pool=bot.pool, direct=True, locale=locale, observed=observed, share=True
    )
    if reply is None:  # message_reply answers every direct ask; kept for safety
        return
    reply = stats.offer_feedback(bot.insights, reply)
    private = await bot.delivery.respond(
        string(shortcut, "response_url"),
        "shortcut",
        response_type="ephemeral",
        replace_original=False,
        **reply.message(),
    )
    if not private and user:  # no response_url (or it failed): the answer in errcode's DM with them
        await bot.delivery.post_message(client, "shortcut", channel=user, **reply.message())
    log.info("answered the message shortcut", extra={"matched": reply.answered})
    await stats.record(bot.insights, team, reply, observed)


async def share_answer(ack, body: dict, action: dict, client: AsyncWebClient, bot: SlackBot) -> None:
    """Share of a private answer to a paste: the entries it showed, drawn again for the channel."""
    await ack()
    try:
        request = render.original_request(string(action, "value") or "")
    except (ValueError, TypeError, KeyError, IndexError):
        log.warning("share button with a value that is not ours")
        return
    try:
        reply = await bot.pool.run(
            replies.toggled_answer, request, share=False, timeout=replies.LOOKUP_TIMEOUT, operation="lookup"
        )
    except Exception:
        log.exception("shared answer failed")
        return
    language = request["lang"]
    user = string(part(body, "user"), "id")
    blocks = (([insight_words.shared_note(user, language)] if user else []) + reply.blocks)[:50]
    keys = request.get("e") or [k for f in request.get("f") or [] for k in f[2]]
    fingerprint = request.get("fp") if isinstance(request.get("fp"), str) else observe.fingerprint("")
    entry = tuple(keys[0][:4]) if keys else None
    reply = replies.Reply(
        reply.text,
        blocks,
        insight=observe.Insight(fingerprint, entry, ()),
        lang=language,
        answered=bool(keys),
    )
    await share_publicly(body, client, bot.delivery, stats.offer_feedback(bot.insights, reply), language)


def register(bot: SlackBot) -> None:
    async def on_shortcut(ack, shortcut: dict, client: AsyncWebClient) -> None:
        await explain_message(ack, shortcut, client, bot)

    async def on_share(ack, body: dict, action: dict, client: AsyncWebClient) -> None:
        await share_answer(ack, body, action, client, bot)

    bot.app.shortcut(insight_words.SHORTCUT_CALLBACK)(on_shortcut)
    bot.app.action(insight_words.SHARE_ANSWER_ACTION)(on_share)
