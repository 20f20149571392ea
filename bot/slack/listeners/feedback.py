"""👍 / 👎 on an answer: the vote is kept per workspace (bot/store/insights.py) with the entry
shown and the question's fingerprint, never its text. A 👎 opens "what was wrong?" (views.open),
whose fixed choices are kept beside the vote."""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING

from slack_sdk.web.async_client import AsyncWebClient

from bot import api
from bot.insights import REASONS
from bot.render import insights as insight_words
from bot.slack.delivery import Delivery
from bot.slack.listeners.fields import part, string

if TYPE_CHECKING:  # SQLAlchemy is loaded only where a store is opened
    from bot.slack.app import SlackBot
    from bot.store.insights import InsightStore


log = logging.getLogger("errcode.slack")


def _known_entry(entry) -> tuple | None:
    """The entry a button names, if the catalogs hold it: a button's value never reaches the
    database unless it names a real entry."""
    if not isinstance(entry, list) or len(entry) != 4:
        return None
    found = api.entries_by_key([[*entry, 0]])
    return tuple(entry) if found else None


async def vote(
    ack, body: dict, action: dict, client: AsyncWebClient, delivery: Delivery, store: InsightStore, up: bool
) -> None:
    await ack()
    try:
        request = insight_words.feedback_request(string(action, "value") or "")
    except (ValueError, TypeError):
        log.warning("feedback button with a value that is not ours")
        return
    team = string(part(body, "team"), "id") or string(part(body, "user"), "team_id")
    if not team:
        return
    language = request.get("lang")
    feedback_id = await store.vote(team, _known_entry(request.get("e")), request["fp"], 1 if up else -1)
    trigger = string(body, "trigger_id")
    if not up and feedback_id is not None and trigger:
        view = insight_words.feedback_modal(feedback_id, language)
        outcome = await delivery.web_api("views.open", client.views_open, trigger_id=trigger, view=view)
        if outcome.ok:
            return
        delivery.failed("feedback", "views.open", outcome)
    text = insight_words.words(language)["thanks" if feedback_id is not None else "not_kept"]
    await delivery.respond(
        string(body, "response_url"), "feedback", response_type="ephemeral", replace_original=False, text=text
    )


async def reason_given(ack, body: dict, view: dict, store: InsightStore) -> None:
    await ack()  # closes the modal
    try:
        meta = json.loads(string(view, "private_metadata") or "{}")
        feedback_id = int(meta["id"])
    except (ValueError, TypeError, KeyError):
        log.warning("feedback modal with metadata that is not ours")
        return
    chosen = part(part(part(part(view, "state"), "values"), "reason"), "reason")
    reason = string(part(chosen, "selected_option"), "value")
    team = string(part(body, "team"), "id") or string(part(body, "user"), "team_id")
    if team and reason in REASONS:
        await store.give_reason(team, feedback_id, reason)


def register(bot: SlackBot) -> None:
    app, store, delivery = bot.app, bot.insights, bot.delivery
    if store is None:
        return  # no database, no buttons (bot/slack/stats.offer_feedback)

    async def on_up(ack, body: dict, action: dict, client: AsyncWebClient) -> None:
        await vote(ack, body, action, client, delivery, store, True)

    async def on_down(ack, body: dict, action: dict, client: AsyncWebClient) -> None:
        await vote(ack, body, action, client, delivery, store, False)

    async def on_reason(ack, body: dict, view: dict) -> None:
        await reason_given(ack, body, view, store)

    app.action(insight_words.FEEDBACK_UP)(on_up)
    app.action(insight_words.FEEDBACK_DOWN)(on_down)
    app.view(insight_words.FEEDBACK_MODAL)(on_reason)
