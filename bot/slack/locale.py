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
from typing import TYPE_CHECKING

from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.memory import BoundedMemory
from bot.store.shared import SharedState, key_of

if TYPE_CHECKING:  # delivery needs answers, which needs this module
    from bot.slack.delivery import Delivery

log = logging.getLogger("errcode.slack")

LOCALE_TIMEOUT = 1.0  # seconds; the answer waits at most this long for it
LOCALE_TTL = 6 * 3600.0  # a user's locale rarely changes; ask again after this
UNKNOWN_TTL = 600.0  # a failed ask is not repeated for this long
SCOPE_RETRY = 3600.0  # after `missing_scope`, nobody is asked for this long


class AskerLocales:
    """(team, user id) -> Slack locale ("en-US", "zh-CN"), or None when it can't be known.

    Kept in `state` (shared by the instances on one REDIS_URL) when given, else in bounded
    memories of its own."""

    def __init__(
        self,
        *,
        max_users: int = 5000,
        timeout: float = LOCALE_TIMEOUT,
        clock: Callable[[], float] = time.monotonic,
        state: SharedState | None = None,
        delivery: Delivery | None = None,
    ):
        self.timeout = timeout
        # users.info goes through the app's Delivery (its session and retry policy).
        if delivery is None:
            from bot.slack.delivery import Delivery

            delivery = Delivery()
        self.delivery = delivery
        if state is None:
            from bot.store.memory import MemoryState

            self._known = BoundedMemory(max_users, ttl=LOCALE_TTL, clock=clock)
            self._unknown = BoundedMemory(max_users, ttl=UNKNOWN_TTL, clock=clock)
            no_scope = BoundedMemory(max_users, ttl=SCOPE_RETRY, clock=clock)
            state = MemoryState(
                spaces={"locales": self._known, "locales_unknown": self._unknown, "no_scope": no_scope}
            )
        self.state = state

    async def get(self, client: AsyncWebClient, user: str | None, *, team: str | None = None) -> str | None:
        if not user:
            return None
        team = team or "-"
        key = key_of(team, user)
        cached, unknown, no_scope = await self.state.get_many(
            [("locales", key), ("locales_unknown", key), ("no_scope", team)]
        )
        if cached:
            return cached
        if unknown is not None or no_scope is not None:
            return None
        locale = await self._ask(client, user, team)
        if locale:
            await self.state.put("locales", key, locale)
        else:
            await self.state.put("locales_unknown", key)
        return locale

    async def _ask(self, client: AsyncWebClient, user: str, team: str) -> str | None:
        from bot.slack.delivery import trouble

        try:
            outcome = await asyncio.wait_for(
                self.delivery.web_api("users.info", client.users_info, user=user, include_locale=True),
                timeout=self.timeout,
            )
        except asyncio.TimeoutError:
            log.info("users.info too slow; answering without the asker's locale")
            return None
        if outcome.error == "missing_scope":
            await self.state.put("no_scope", team)  # lives SCOPE_RETRY
            log.warning("users.info needs the users:read scope; answering without the asker's locale")
            return None
        if not outcome.ok:
            log.info("users.info failed", extra=trouble(outcome))
            return None
        data = getattr(outcome.response, "data", None)
        profile = data.get("user") if isinstance(data, dict) else None
        locale = profile.get("locale") if isinstance(profile, dict) else None
        return locale if isinstance(locale, str) and locale else None
