"""Where errcode keeps state: shared state (in process, or Redis with REDIS_URL) and the
database (installations and OAuth state, DATABASE_URL)."""

from __future__ import annotations

import os
from collections.abc import Mapping

from bot.store.shared import SPACES, Claim, SharedState, Space, key_of


def shared_state(env: Mapping[str, str] | None = None, *, memory=None) -> SharedState:
    """RedisState when REDIS_URL is set, else MemoryState over `memory` (a SlackMemory)."""
    env = os.environ if env is None else env
    url = env.get("REDIS_URL", "").strip()
    if url:
        from bot.store.redis import RedisState

        return RedisState(url)
    from bot.store.memory import MemoryState

    return MemoryState(memory)


__all__ = ["SPACES", "Claim", "SharedState", "Space", "key_of", "shared_state"]
