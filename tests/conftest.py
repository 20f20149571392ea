"""Shared pytest fixtures. Each area keeps its fixtures in its own module, imported here."""

from testing.fake_slack import slack  # noqa: F401  (the bot on loopback against a fake Slack)
from testing.services import postgres_url, redis_url  # noqa: F401  (real Redis and PostgreSQL on loopback)
