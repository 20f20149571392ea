"""Every listener of the app, registered in one place (the bolt-python starter template's layout)."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.slack.listeners import actions, commands, home, messages
from bot.slack.locale import AskerLocales
from bot.slack.memory import SlackMemory


def register(app: AsyncApp, memory: SlackMemory, locales: AskerLocales | None = None) -> None:
    locales = locales or AskerLocales()  # the askers' Slack locales: the answer language
    commands.register(app, locales)
    actions.register(app)
    messages.register(app, memory, locales)
    home.register(app, locales)
