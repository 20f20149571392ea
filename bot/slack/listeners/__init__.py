"""Every listener of the app, registered in one place (the bolt-python starter template's layout)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.slack.listeners import actions, commands, feedback, home, messages, shortcuts

if TYPE_CHECKING:
    from bot.slack.app import SlackBot


def register(bot: SlackBot) -> None:
    """Each surface's listeners, handed the bot's parts (bot/slack/app.py: SlackBot).

    bolt tries listeners in this order until one matches, each try a kwargs injection and a
    matcher call (~10-20 µs): the command (one listener) and the message events (two) come
    before the buttons, shortcuts and views. No two listeners match the same request, so the
    order changes nothing else."""
    commands.register(bot)
    messages.register(bot)
    actions.register(bot)
    shortcuts.register(bot)
    feedback.register(bot)
    home.register(bot)
