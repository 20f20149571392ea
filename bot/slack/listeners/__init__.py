"""Every listener of the app, registered in one place (the bolt-python starter template's layout)."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.slack.listeners import actions, commands, home, messages
from bot.slack.locale import AskerLocales
from bot.store import SharedState


def register(app: AsyncApp, state: SharedState, locales: AskerLocales | None = None) -> None:
    locales = locales or AskerLocales(state=state)  # the askers' Slack locales: the answer language
    commands.register(app, locales)
    actions.register(app)
    messages.register(app, state, locales)
    home.register(app, locales)
