"""Shared pytest fixtures. Each area keeps its fixtures in its own module, imported here."""

from tests.slack_fake import slack  # noqa: F401  (the bot on loopback against a fake Slack)
from tests.services import postgres_url, redis_url  # noqa: F401,E402  (real servers on loopback)
