"""The asker's Slack locale (users.info with include_locale), for the answer language.

Asked lazily, once per user for a while (a bounded cache with a lifetime), with a short timeout,
never before the ack. Any trouble (no `users:read` scope, a slow or failing Slack) means "locale
unknown": the answer then follows ERRCODE_LANG or English, as bot.lang orders it. A missing scope
is remembered, so a workspace that did not grant it is not asked again on every request.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.memory import BoundedMemory

log = logging.getLogger("errcode.slack")

LOCALE_TIMEOUT = 1.0  # seconds; the answer waits at most this long for it
LOCALE_TTL = 6 * 3600.0  # a user's locale rarely changes; ask again after this
UNKNOWN_TTL = 600.0  # a failed ask is not repeated for this long
SCOPE_RETRY = 3600.0  # after `missing_scope`, nobody is asked for this long


class AskerLocales:
    """user id -> Slack locale ("en-US", "zh-CN"), or None when it can't be known."""

    def __init__(
        self,
        *,
        max_users: int = 5000,
        timeout: float = LOCALE_TIMEOUT,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.timeout = timeout
        self._clock = clock
        self._known = BoundedMemory(max_users, ttl=LOCALE_TTL, clock=clock)
        self._unknown = BoundedMemory(max_users, ttl=UNKNOWN_TTL, clock=clock)
        self._no_scope_until = 0.0

    async def get(self, client: AsyncWebClient, user: str | None) -> str | None:
        if not user:
            return None
        cached = self._known.get(user)
        if cached:
            return cached
        if user in self._unknown or self._clock() < self._no_scope_until:
            return None
        locale = await self._ask(client, user)
        if locale:
            self._known.put(user, locale)
        else:
            self._unknown.put(user)
        return locale

    async def _ask(self, client: AsyncWebClient, user: str) -> str | None:
        from bot.slack import delivery  # the one retry policy; imported late (delivery needs answers)

        try:
            outcome = await asyncio.wait_for(
                delivery.web_api("users.info", client.users_info, user=user, include_locale=True),
                timeout=self.timeout,
            )
        except asyncio.TimeoutError:
            log.info("users.info too slow; answering without the asker's locale")
            return None
        if outcome.error == "missing_scope":
            self._no_scope_until = self._clock() + SCOPE_RETRY
            log.warning("users.info needs the users:read scope; answering without the asker's locale")
            return None
        if not outcome.ok:
            log.info("users.info failed", extra=delivery.trouble(outcome))
            return None
        data = getattr(outcome.response, "data", None)
        profile = data.get("user") if isinstance(data, dict) else None
        locale = profile.get("locale") if isinstance(profile, dict) else None
        return locale if isinstance(locale, str) and locale else None
