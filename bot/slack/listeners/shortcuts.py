"""The "Explain this error" message shortcut: on any message, in any conversation (errcode need
not be a member: Slack sends the message in the payload), the answer comes privately to whoever
asked, through the payload's response_url, with a Share button that posts it for everyone."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot import insights as observe
from bot import lang, render
from bot.render import insights as insight_words
from bot.slack import answers, files, stats
from bot.slack.delivery import Delivery
from bot.slack.listeners.actions import original_answer, share_publicly
from bot.slack.listeners.fields import EVENT_STRINGS, part, string, strings_only
from bot.slack.locale import AskerLocales

if TYPE_CHECKING:  # SQLAlchemy is loaded only where a store is opened
    from bot.store.insights import InsightStore


log = logging.getLogger("errcode.slack")


async def explain_message(
    ack,
    shortcut: dict,
    client: AsyncWebClient,
    delivery: Delivery,
    locales: AskerLocales,
    insights: InsightStore | None,
) -> None:
    await ack()
    message = strings_only(part(shortcut, "message"), EVENT_STRINGS)
    user = string(part(shortcut, "user"), "id")
    team = string(part(shortcut, "team"), "id") or string(part(shortcut, "user"), "team_id")
    text = await files.message_text(message, client, delivery)
    locale = None if lang.query_decides(text) else await locales.get(client, user, team=team)
    observed: list = []
    reply = await answers.message_reply(text, direct=True, locale=locale, observed=observed, share=True)
    if reply is None:  # message_reply answers every direct ask; kept for safety
        return
    reply = stats.offer_feedback(insights, reply)
    private = await delivery.respond(
        string(shortcut, "response_url"),
        "shortcut",
        response_type="ephemeral",
        replace_original=False,
        **reply.message(),
    )
    if not private and user:  # no response_url (or it failed): the answer in errcode's DM with them
        await delivery.post_message(client, "shortcut", channel=user, **reply.message())
    log.info("answered the message shortcut", extra={"matched": reply.answered})
    await stats.record(insights, team, reply, observed)


async def share_answer(
    ack, body: dict, action: dict, client: AsyncWebClient, delivery: Delivery, insights: InsightStore | None
) -> None:
    """Share of a private answer to a paste: the entries it showed, drawn again for the channel."""
    await ack()
    try:
        request = render.original_request(string(action, "value") or "")
    except (ValueError, TypeError, KeyError, IndexError):
        log.warning("share button with a value that is not ours")
        return
    try:
        reply = await answers.off_loop(
            original_answer, request, share=False, timeout=answers.LOOKUP_TIMEOUT, operation="lookup"
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
    reply = answers.Reply(
        reply.text,
        blocks,
        insight=observe.Insight(fingerprint, entry, ()),
        lang=language,
        answered=bool(keys),
    )
    await share_publicly(body, client, delivery, stats.offer_feedback(insights, reply), language)


def register(app: AsyncApp, delivery: Delivery, locales: AskerLocales, insights: InsightStore | None = None) -> None:
    async def on_shortcut(ack, shortcut: dict, client: AsyncWebClient) -> None:
        await explain_message(ack, shortcut, client, delivery, locales, insights)

    async def on_share(ack, body: dict, action: dict, client: AsyncWebClient) -> None:
        await share_answer(ack, body, action, client, delivery, insights)

    app.shortcut(insight_words.SHORTCUT_CALLBACK)(on_shortcut)
    app.action(insight_words.SHARE_ANSWER_ACTION)(on_share)
