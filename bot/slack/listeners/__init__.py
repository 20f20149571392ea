"""Every listener of the app, registered in one place (the bolt-python starter template's layout)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_bolt.async_app import AsyncApp

from bot.slack.delivery import Delivery
from bot.slack.listeners import actions, commands, feedback, home, messages, shortcuts
from bot.slack.locale import AskerLocales
from bot.store import SharedState

if TYPE_CHECKING:  # SQLAlchemy is loaded only where a store is opened
    from bot.store.insights import InsightStore


def register(
    app: AsyncApp,
    state: SharedState,
    locales: AskerLocales | None = None,
    insights: InsightStore | None = None,
    *,
    delivery: Delivery,
) -> None:
    """`insights`: where feedback and what errcode could not answer are kept (None: nowhere, and
    answers carry no 👍/👎)."""
    locales = locales or AskerLocales(state=state, delivery=delivery)  # the askers' Slack locales: the answer language
    commands.register(app, delivery, locales, insights)
    actions.register(app, delivery, insights)
    messages.register(app, state, delivery, locales, insights)
    shortcuts.register(app, delivery, locales, insights)
    feedback.register(app, delivery, insights)
    home.register(app, delivery, locales, insights)
