"""Bounded memories: events already seen, messages already answered, threads we answered in.

Everything a Slack user can make the bot remember is capped in size and age, so a busy
workspace (or a flood of events) never grows the process without bound. The memories of
SlackMemory are also compact: a full one costs a fraction of the ids it remembers
(tests/test_memory_reserve.py measures it), so nothing is reserved at start and the whole
bound, reached under load, is a few MB.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

_MISSING = object()
# Puts this close together share one (stamp, value) pair: a stamp this much early costs nothing
# next to lifetimes of minutes to days, and a busy memory stores one small key per item.
STAMP_GRAIN = 0.05


class BoundedMemory:
    """A map with least-recently-used eviction beyond `max_items` and expiry after `ttl` seconds.

    `compact`: keys are kept as their 64-bit hash, not themselves. Python salts str hashes per
    process, so no sender can pick two ids that collide; by chance, two of 50,000 ids share a
    hash about once in 10^10 full memories. For memories whose keys are never listed (ids seen)."""

    def __init__(
        self,
        max_items: int,
        ttl: float | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        compact: bool = False,
    ):
        if max_items < 1:
            raise ValueError("max_items must be at least 1")
        self.max_items = max_items
        self.ttl = ttl
        self._clock = clock
        self._items: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._key = hash if compact else _same
        self._last: tuple[float, Any] = (-float("inf"), _MISSING)

    def __len__(self) -> int:
        return len(self._items)

    def _expired(self, stamp: float) -> bool:
        return self.ttl is not None and self._clock() - stamp > self.ttl

    def get(self, key: Hashable, default: Any = None) -> Any:
        key = self._key(key)
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

    def _stamped(self, value: Any) -> tuple[float, Any]:
        now = self._clock()
        last_stamp, last_value = self._last
        if last_value is value and 0 <= now - last_stamp < STAMP_GRAIN:
            return self._last
        self._last = (now, value)
        return self._last

    def put(self, key: Hashable, value: Any = True) -> None:
        key = self._key(key)
        self._items[key] = self._stamped(value)
        self._items.move_to_end(key)
        while len(self._items) > self.max_items:
            self._items.popitem(last=False)

    def forget(self, key: Hashable) -> None:
        self._items.pop(self._key(key), None)

    def claim(self, key: Hashable) -> bool:
        """True the first time `key` is claimed (within its lifetime), False after: for dedup.

        Check and record happen with no await in between, so two concurrent deliveries of
        one event on the event loop can't both win."""
        if key in self:
            return False
        self.put(key)
        return True


def _same(key: Hashable) -> Hashable:
    return key


class SlackMemory:
    """What the bot remembers between Slack requests, all of it bounded."""

    def __init__(self, *, max_items: int = 10_000, max_events: int = 50_000):
        # Slack redelivers an event up to 5 minutes later: the cap holds that long at 150 events/s
        # (about 140 bytes an id, whatever its length: 7 MB when full); an hour's lifetime is
        # plenty for a retry.
        self.seen_events = BoundedMemory(max_events, ttl=3600, compact=True)
        # trigger_ids of commands and button presses: a replay is valid for the 5 minutes its
        # signature is; kept apart so a burst of commands can't push out event ids.
        self.seen_triggers = BoundedMemory(max_events, ttl=300, compact=True)
        # A mention in a channel comes twice (message + app_mention); answer each message once.
        self.answered_messages = BoundedMemory(max_items, ttl=3600, compact=True)
        # (channel, thread_ts) of threads we answered in -> vendor seen there ("" when unknown).
        self.threads = BoundedMemory(max_items, ttl=7 * 24 * 3600, compact=True)
        # Threads Slack's history showed we never answered in: not asked about again for a while.
        self.not_our_threads = BoundedMemory(max_items, ttl=600, compact=True)
