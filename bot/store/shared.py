"""What every instance must agree on, behind one interface with two backends.

`MemoryState` (bot/store/memory.py) keeps it in this process, in the bounded memories of
bot/slack/memory.py: the embedded default, for one instance. `RedisState` (bot/store/redis.py)
keeps it in Redis when REDIS_URL is set, so several `errcode serve` instances share it.

Each kind of state is a *space* with the same cap and lifetime in both backends (SPACES).
A once-only space (event ids, trigger_ids, answered messages) is claimed atomically: the first
claimer holds the key until it marks it done; a later claimer learns whether the holder is
alive, and may take over a claim whose holder died (in Redis: its heartbeat key expired).
"""

from __future__ import annotations

import enum
import os
import socket
import uuid
from abc import ABC, abstractmethod
from dataclasses import dataclass


@dataclass(frozen=True)
class Space:
    cap: int  # at most this many keys (in process; Redis bounds them by lifetime and maxmemory)
    ttl: float  # seconds a key lives


HOUR = 3600.0
# The caps and lifetimes the in-process memories had (bot/slack/memory.py, bot/slack/locale.py).
SPACES: dict[str, Space] = {
    "events": Space(50_000, HOUR),  # event ids: Slack retries for 5 minutes; an hour is plenty
    "triggers": Space(50_000, 300),  # trigger_ids: a replayed signature is valid for 5 minutes
    "messages": Space(10_000, HOUR),  # (channel, ts) answered: a mention comes twice
    "threads": Space(10_000, 7 * 24 * HOUR),  # (channel, thread_ts) we answered in -> vendor
    "not_ours": Space(10_000, 600),  # threads Slack's history showed we never answered in
    "locales": Space(5000, 6 * HOUR),  # (team, user) -> Slack locale
    "locales_unknown": Space(5000, 600),  # (team, user) whose locale could not be asked
    "no_scope": Space(1000, HOUR),  # teams that did not grant users:read
    "identity": Space(1000, 24 * HOUR),  # team -> the bot's auth.test (bot_id, user_id)
}

DONE = "done"  # the value of a once-only key whose work is finished


class Claim(enum.Enum):
    NEW = "new"  # first claim: do the work
    TAKEN_OVER = "taken_over"  # the holder died before it finished: the work may be half-done
    HELD = "held"  # a live holder (maybe this process) has it: leave it
    DONE = "done"  # finished already
    UNKNOWN = "unknown"  # the store could not say (Redis unreachable or too slow): go on, warily

    @property
    def won(self) -> bool:
        return self in (Claim.NEW, Claim.TAKEN_OVER, Claim.UNKNOWN)

    @property
    def uncertain(self) -> bool:
        """The work may have been done already (by a holder that died, or unseen)."""
        return self in (Claim.TAKEN_OVER, Claim.UNKNOWN)


def key_of(*parts: object) -> str:
    """One key from its parts ("C123", "1700000000.000100" -> "C123:1700000000.000100")."""
    return ":".join("" if p is None else str(p) for p in parts)


def holder_id() -> str:
    """Who this process is, as a claim's holder: unique per start, so a restart is a new holder."""
    return f"i:{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class SharedState(ABC):
    """The state the Slack layer keeps between requests. Every method is a coroutine; none
    raises on a backend outage in a way that takes the bot down (callers log and go on)."""

    backend: str

    @abstractmethod
    async def claim(self, space: str, key: str, *, takeover: bool = True) -> Claim:
        """Take `key` once. With `takeover`, a claim whose holder died is taken over."""

    @abstractmethod
    async def done(self, space: str, key: str) -> None:
        """Mark a claimed key finished: later claims get Claim.DONE for the rest of its lifetime."""

    @abstractmethod
    async def get(self, space: str, key: str) -> str | None: ...

    @abstractmethod
    async def put(self, space: str, key: str, value: str = "1") -> None: ...

    @abstractmethod
    async def delete(self, space: str, key: str) -> None: ...

    async def get_many(self, items: list[tuple[str, str]]) -> list[str | None]:
        """Several (space, key) read at once (Redis: one round trip)."""
        return [await self.get(space, key) for space, key in items]

    async def update(
        self,
        *,
        done: list[tuple[str, str]] = (),
        put: list[tuple[str, str, str]] = (),
        delete: list[tuple[str, str]] = (),
    ) -> None:
        """Several writes at once (Redis: one round trip, not a transaction)."""
        for space, key in done:
            await self.done(space, key)
        for space, key, value in put:
            await self.put(space, key, value)
        for space, key in delete:
            await self.delete(space, key)

    async def start(self) -> None:
        """Begin what the backend runs in the background (Redis: this holder's heartbeat)."""
        return None

    async def close(self) -> None:
        """Stop it; a finished process is no longer a live holder."""
        return None
