"""Shared pytest fixtures. Each area keeps its fixtures in its own module, imported here."""

from tests.slack_fake import slack  # noqa: F401  (the bot on loopback against a fake Slack)
