"""The App Home tab: how to use errcode and the catalogs it knows."""

from __future__ import annotations

import logging

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot import api, render
from bot.slack import answers, delivery

log = logging.getLogger("errcode.slack")


async def app_home_opened(event: dict, client: AsyncWebClient) -> None:
    if event.get("tab", "home") != "home" or not event.get("user"):
        return  # the Messages tab needs nothing from us
    knowledge = await answers.off_loop(api.knowledge, timeout=answers.LOOKUP_TIMEOUT, operation="home")
    view = render.home_view(render.catalog_lines(knowledge.loaded.catalogs))
    outcome = await delivery.web_api("views.publish", client.views_publish, user_id=event["user"], view=view)
    if not outcome.ok:
        delivery.failed("home", "views.publish", outcome)


def register(app: AsyncApp) -> None:
    app.event("app_home_opened")(app_home_opened)
