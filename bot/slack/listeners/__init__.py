"""Every listener of the app, registered in one place (the bolt-python starter template's layout)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.slack.listeners import actions, commands, feedback, home, messages, shortcuts

if TYPE_CHECKING:
    from bot.slack.app import SlackBot


def register(bot: SlackBot) -> None:
    """Each surface's listeners, handed the bot's parts (bot/slack/app.py: SlackBot)."""
    commands.register(bot)
    actions.register(bot)
    messages.register(bot)
    shortcuts.register(bot)
    feedback.register(bot)
    home.register(bot)
