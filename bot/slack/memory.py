"""Bounded memories: events already seen, messages already answered, threads we answered in.

Everything a Slack user can make the bot remember is capped in size and age, so a busy
workspace (or a flood of events) never grows the process without bound.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

_MISSING = object()


class _Reserved(str):
    """A placeholder key that holds a slot of a reserved memory until a real key takes it."""


class BoundedMemory:
    """A map with least-recently-used eviction beyond `max_items` and expiry after `ttl` seconds."""

    def __init__(
        self,
        max_items: int,
        ttl: float | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        reserve: bool = False,
    ):
        if max_items < 1:
            raise ValueError("max_items must be at least 1")
        self.max_items = max_items
        self.ttl = ttl
        self._clock = clock
        self._items: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._reserved = 0
        if reserve:
            # Take the memory's full size at start: placeholders (as long as a Slack id) give
            # their slots to real keys, so the process's memory is flat from the first request
            # instead of creeping up until the cap is reached, and any growth is a real leak.
            stamp = -float("inf")
            for i in range(max_items):
                self._items[_Reserved(f"\0reserved-{i:024d}")] = (stamp, True)
            self._reserved = max_items

    def __len__(self) -> int:
        return len(self._items) - self._reserved

    def _expired(self, stamp: float) -> bool:
        return self.ttl is not None and self._clock() - stamp > self.ttl

    def get(self, key: Hashable, default: Any = None) -> Any:
        item = self._items.get(key, _MISSING)
        if item is _MISSING:
            return default
        stamp, value = item
        if self._expired(stamp):
            del self._items[key]
            return default
        self._items.move_to_end(key)
        return value

    def __contains__(self, key: Hashable) -> bool:
        return self.get(key, _MISSING) is not _MISSING

    def put(self, key: Hashable, value: Any = True) -> None:
        self._items[key] = (self._clock(), value)
        self._items.move_to_end(key)
        while len(self._items) > self.max_items:
            key, _ = self._items.popitem(last=False)
            if type(key) is _Reserved:
                self._reserved -= 1

    def forget(self, key: Hashable) -> None:
        self._items.pop(key, None)

    def claim(self, key: Hashable) -> bool:
        """True the first time `key` is claimed (within its lifetime), False after: for dedup.

        Check and record happen with no await in between, so two concurrent deliveries of
        one event on the event loop can't both win."""
        if key in self:
            return False
        self.put(key)
        return True


class SlackMemory:
    """What the bot remembers between Slack requests, all of it bounded."""

    def __init__(self, *, max_items: int = 10_000, max_events: int = 50_000, reserve: bool = False):
        # Slack redelivers an event up to 5 minutes later: the cap holds that long at 150 events/s
        # (about 250 bytes an event id: 12 MB when full); an hour's lifetime is plenty for a retry.
        self.seen_events = BoundedMemory(max_events, ttl=3600, reserve=reserve)
        # trigger_ids of commands and button presses: a replay is valid for the 5 minutes its
        # signature is; kept apart so a burst of commands can't push out event ids.
        self.seen_triggers = BoundedMemory(max_events, ttl=300, reserve=reserve)
        # A mention in a channel comes twice (message + app_mention); answer each message once.
        self.answered_messages = BoundedMemory(max_items, ttl=3600, reserve=reserve)
        # (channel, thread_ts) of threads we answered in -> vendor seen there ("" when unknown).
        self.threads = BoundedMemory(max_items, ttl=7 * 24 * 3600, reserve=reserve)
        # Threads Slack's history showed we never answered in: not asked about again for a while.
        self.not_our_threads = BoundedMemory(max_items, ttl=600, reserve=reserve)
