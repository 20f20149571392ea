"""The App Home tab: a search box that answers in the tab, the catalogs this workspace has
(bundled and its own), the week's top codes, what was asked and is in no catalog, and the 👎'd
answers; in the user's Slack language."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from slack_sdk.web.async_client import AsyncWebClient

from bot import api
from bot.render import insights as insight_words
from bot.slack import replies, stats
from bot.slack.listeners.fields import EVENT_STRINGS, part, string, strings_only
from bot.slack.locale import AskerLocales
from bot.slack.workers import Shed

if TYPE_CHECKING:  # SQLAlchemy is loaded only where a store is opened
    from bot.slack.app import SlackBot
    from bot.slack.delivery import Delivery
    from bot.slack.workers import AnswerPool
    from bot.store.insights import InsightStore


log = logging.getLogger("errcode.slack")
WEEK = timedelta(days=7)


async def _language(
    locales: AskerLocales | None, client: AsyncWebClient, user: str, team: str | None, text: str = ""
):
    locale = None
    if locales is not None and not api.query_decides(text):
        locale = await locales.get(client, user, team=team)
    return api.query_and_language(text[:2000], locale=locale)[1], locale


async def publish_home(
    client: AsyncWebClient,
    delivery: Delivery,
    user: str,
    team: str | None,
    language: str,
    store: InsightStore | None,
    pool: AnswerPool,
    answer: list[dict] | None = None,
) -> None:
    report = None
    if store is not None and team:
        try:
            report = await store.report(team, since=WEEK)
        except Exception:
            log.exception("stats for the App Home unavailable")
    try:
        catalogs = await pool.run(api.catalogs, timeout=replies.LOOKUP_TIMEOUT, operation="home")
    except Shed as shed:
        shed.log()
        return
    except asyncio.TimeoutError:
        log.warning("home tab timed out")
        return
    view = insight_words.home_view(catalogs, report, language, answer=answer)
    outcome = await delivery.web_api("views.publish", client.views_publish, user_id=user, view=view)
    if not outcome.ok:
        delivery.failed("home", "views.publish", outcome)


async def app_home_opened(event: dict, context, client: AsyncWebClient, bot: SlackBot) -> None:
    event = strings_only(event, EVENT_STRINGS)
    if event.get("tab", "home") != "home" or not event.get("user"):
        return  # the Messages tab needs nothing from us
    team = context.team_id if context is not None else None
    language, _ = await _language(bot.locales, client, event["user"], team)
    await publish_home(client, bot.delivery, event["user"], team, language, bot.insights, bot.pool)


async def home_search(ack, body: dict, action: dict, client: AsyncWebClient, bot: SlackBot) -> None:
    """The search box's Enter: the answer, under the box, in the Home tab."""
    await ack()
    user = string(part(body, "user"), "id")
    team = string(part(body, "team"), "id") or string(part(body, "user"), "team_id")
    text = (string(action, "value") or "")[: replies.MAX_TEXT_CHARS]
    if not user:
        return
    language, locale = await _language(bot.locales, client, user, team, text)
    store = bot.insights
    reply = None
    if text.strip():
        observed: list = []
        reply = await replies.message_reply(text, pool=bot.pool, direct=True, locale=locale, observed=observed)
        await stats.record(store, team, reply, observed)
        if reply is not None:
            reply = stats.offer_feedback(store, reply)
            language = reply.lang or language
    await publish_home(client, bot.delivery, user, team, language, store, bot.pool, answer=reply.blocks if reply else None)


def register(bot: SlackBot) -> None:
    async def on_home(event: dict, context, client: AsyncWebClient) -> None:
        await app_home_opened(event, context, client, bot)

    async def on_search(ack, body: dict, action: dict, client: AsyncWebClient) -> None:
        await home_search(ack, body, action, client, bot)

    bot.listen_to_event("app_home_opened", on_home)
    bot.app.action(insight_words.HOME_SEARCH_ACTION)(on_search)
