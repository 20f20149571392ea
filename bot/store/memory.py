"""The embedded backend: shared state kept in this process's bounded memories (no Redis).

One instance only: a claim's holder is always this process, so it is alive and never taken over.
After a restart the memories are empty; a Slack retry then is "uncertain" to the listener, which
asks Slack's history before answering again (bot/slack/listeners/messages.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from bot.slack.memory import BoundedMemory, SlackMemory
from bot.store.shared import DONE, SPACES, Claim, SharedState

_MISSING = object()


class MemoryState(SharedState):
    backend = "memory"

    def __init__(
        self,
        memory: SlackMemory | None = None,
        *,
        spaces: dict[str, BoundedMemory] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.memory = memory or SlackMemory()
        m = self.memory
        # SlackMemory's own memories (their caps chosen by whoever built it: tests shrink them).
        self.spaces: dict[str, BoundedMemory] = {
            "events": m.seen_events,
            "triggers": m.seen_triggers,
            "messages": m.answered_messages,
            "threads": m.threads,
            "not_ours": m.not_our_threads,
        }
        for name, space in SPACES.items():
            if name not in self.spaces:
                self.spaces[name] = BoundedMemory(space.cap, ttl=space.ttl, clock=clock)
        self.spaces.update(spaces or {})

    async def claim(self, space: str, key: str, *, takeover: bool = True) -> Claim:
        # No await between the check and the record: two deliveries on the loop can't both win.
        memory = self.spaces[space]
        value = memory.get(key, _MISSING)
        if value is _MISSING:
            memory.put(key, "held")
            return Claim.NEW
        return Claim.DONE if value == DONE else Claim.HELD

    async def done(self, space: str, key: str) -> None:
        self.spaces[space].put(key, DONE)

    async def get(self, space: str, key: str) -> str | None:
        return self.spaces[space].get(key)

    async def put(self, space: str, key: str, value: str = "1") -> None:
        self.spaces[space].put(key, value)

    async def delete(self, space: str, key: str) -> None:
        self.spaces[space].forget(key)
