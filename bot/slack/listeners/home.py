"""The App Home tab: how to use errcode and the catalogs it knows."""

from __future__ import annotations

import asyncio
import logging

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot import api, lang, render
from bot.slack import answers, delivery
from bot.slack.listeners.fields import EVENT_STRINGS, strings_only
from bot.slack.locale import AskerLocales

log = logging.getLogger("errcode.slack")


async def app_home_opened(
    event: dict, client: AsyncWebClient, locales: AskerLocales | None = None, team: str | None = None
) -> None:
    event = strings_only(event, EVENT_STRINGS)
    if event.get("tab", "home") != "home" or not event.get("user"):
        return  # the Messages tab needs nothing from us
    locale = await locales.get(client, event["user"], team=team) if locales is not None else None
    language = lang.answer_language(locale=locale)  # the App Home in the user's Slack language
    try:
        knowledge = await answers.off_loop(api.knowledge, timeout=answers.LOOKUP_TIMEOUT, operation="home")
    except answers.Shed as shed:
        shed.log()
        return
    except asyncio.TimeoutError:
        log.warning("home tab timed out")
        return
    view = render.home_view(render.catalog_lines(knowledge.loaded.catalogs, language), language)
    outcome = await delivery.web_api("views.publish", client.views_publish, user_id=event["user"], view=view)
    if not outcome.ok:
        delivery.failed("home", "views.publish", outcome)


def register(app: AsyncApp, locales: AskerLocales | None = None) -> None:
    async def on_home_opened(event: dict, context, client: AsyncWebClient) -> None:
        await app_home_opened(event, client, locales, team=context.team_id)

    app.event("app_home_opened")(on_home_opened)
