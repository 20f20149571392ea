"""Shared pytest fixtures. Each area keeps its fixtures in its own module, imported here."""

from tests.services import postgres_url, redis_url  # noqa: F401  (real Redis and PostgreSQL on loopback)
from tests.slack_fake import slack  # noqa: F401  (the bot on loopback against a fake Slack)
