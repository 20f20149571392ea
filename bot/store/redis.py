"""Shared state in Redis (REDIS_URL), so several `errcode serve` instances agree on it.

Every key is written with an expiry (its space's lifetime, SPACES), so nothing outlives it, and
each space keeps the cap it has in process: a sorted set per space (`errcode:index:<space>`, by
write time) lets the script that writes a key drop the space's oldest keys beyond the cap.
A once-only claim is one atomic script (SET NX EX, else look at the holder). Each instance keeps
a heartbeat key alive for ALIVE_TTL seconds while it runs: a claim whose holder's heartbeat has
expired (kill -9, a lost host) may be taken over.

Redis trouble never takes an answer down: a claim then is Claim.UNKNOWN (a first delivery is
answered, after a look at Slack's history; a retry is dropped), a read counts as absent, a write
as skipped; each is logged and counted.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from bot import metrics
from bot.store.shared import DONE, SPACES, Claim, SharedState, Space, holder_id

log = logging.getLogger("errcode.store")

ALIVE_TTL = 5  # seconds a holder counts as alive after its last heartbeat
HEARTBEAT_EVERY = 1.0
TIMEOUT = 2.0  # seconds one Redis call may take (event-loop lag included): inside Slack's 3-second ack

# Record KEYS[1] in its space's index KEYS[2]; beyond the cap, the oldest keys go (LRU by write).
_REMEMBER = """
local function remember(key, index, ttl, cap, now)
  redis.call('ZADD', index, now, key)
  redis.call('ZREMRANGEBYSCORE', index, '-inf', now - ttl)
  local over = redis.call('ZCARD', index) - cap
  if over > 0 then
    local oldest = redis.call('ZPOPMIN', index, over)
    for i = 1, #oldest, 2 do redis.call('DEL', oldest[i]) end
  end
  redis.call('EXPIRE', index, ttl)
end
"""
# KEYS: the claim, its index. ARGV: this holder, lifetime (s), heartbeat key prefix,
# may take over (1/0), cap, now (s)
_CLAIM = _REMEMBER + """
local ttl, cap, now = tonumber(ARGV[2]), tonumber(ARGV[5]), tonumber(ARGV[6])
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ttl) then
  remember(KEYS[1], KEYS[2], ttl, cap, now)
  return 'new'
end
local holder = redis.call('GET', KEYS[1])
if not holder then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ttl)
  remember(KEYS[1], KEYS[2], ttl, cap, now)
  return 'new'
end
if holder == 'done' then return 'done' end
if holder == ARGV[1] or ARGV[4] == '0' then return 'held' end
if redis.call('EXISTS', ARGV[3] .. holder) == 1 then return 'held' end
redis.call('SET', KEYS[1], ARGV[1], 'KEEPTTL')
return 'taken_over'
"""
# KEYS: the key, its index. ARGV: value, lifetime (s), cap, now (s)
_PUT = _REMEMBER + """
local ttl = tonumber(ARGV[2])
redis.call('SET', KEYS[1], ARGV[1], 'EX', ttl)
remember(KEYS[1], KEYS[2], ttl, tonumber(ARGV[3]), tonumber(ARGV[4]))
"""
_TROUBLE = (RedisError, OSError, asyncio.TimeoutError)


class RedisState(SharedState):
    backend = "redis"

    def __init__(
        self,
        url: str,
        *,
        prefix: str = "errcode:",
        holder: str | None = None,
        spaces: dict[str, Space] | None = None,
    ):
        self.client = aioredis.Redis.from_url(
            url, decode_responses=True, socket_timeout=TIMEOUT, socket_connect_timeout=TIMEOUT
        )
        self.prefix = prefix
        self.holder = holder or holder_id()
        self.spaces = {**SPACES, **(spaces or {})}
        self._claim = self.client.register_script(_CLAIM)
        self._put = self.client.register_script(_PUT)
        self._heartbeat: asyncio.Task | None = None

    def _key(self, space: str, key: str) -> str:
        return f"{self.prefix}{space}:{key}"

    @property
    def _alive_prefix(self) -> str:
        return f"{self.prefix}alive:"

    def _ttl(self, space: str) -> int:
        return max(1, int(self.spaces[space].ttl))

    def _put_args(self, space: str, key: str, value: str) -> dict:
        return {
            "keys": [self._key(space, key), f"{self.prefix}index:{space}"],
            "args": [value, self._ttl(space), self.spaces[space].cap, time.time()],
        }

    def _trouble(self, operation: str, exc: BaseException) -> None:
        metrics.ERRORS.labels("redis").inc()
        log.warning("Redis unavailable", extra={"operation": operation, "error": type(exc).__name__})

    async def claim(self, space: str, key: str, *, takeover: bool = True) -> Claim:
        try:
            outcome = await self._claim(
                keys=[self._key(space, key), f"{self.prefix}index:{space}"],
                args=[
                    self.holder,
                    self._ttl(space),
                    self._alive_prefix,
                    "1" if takeover else "0",
                    self.spaces[space].cap,
                    time.time(),
                ],
            )
        except _TROUBLE as exc:
            self._trouble("claim", exc)
            return Claim.UNKNOWN
        return Claim(outcome)

    async def done(self, space: str, key: str) -> None:
        # KEEPTTL: the claim lives out the lifetime it was taken with.
        await self._write("done", self.client.set(self._key(space, key), DONE, keepttl=True, xx=True))

    async def get(self, space: str, key: str) -> str | None:
        try:
            return await self.client.get(self._key(space, key))
        except _TROUBLE as exc:
            self._trouble("get", exc)
            return None

    async def put(self, space: str, key: str, value: str = "1") -> None:
        await self._write("put", self._put(**self._put_args(space, key, value)))

    async def delete(self, space: str, key: str) -> None:
        await self._write("delete", self.client.delete(self._key(space, key)))

    async def get_many(self, items: list[tuple[str, str]]) -> list[str | None]:
        try:
            return await self.client.mget([self._key(space, key) for space, key in items])
        except _TROUBLE as exc:
            self._trouble("get", exc)
            return [None] * len(items)

    async def update(self, *, done=(), put=(), delete=()) -> None:
        try:
            pipe = self.client.pipeline(transaction=False)
            for space, key in done:
                pipe.set(self._key(space, key), DONE, keepttl=True, xx=True)
            for space, key, value in put:
                await self._put(**self._put_args(space, key, value), client=pipe)  # queued, not sent
            for space, key in delete:
                pipe.delete(self._key(space, key))
            await pipe.execute()
        except _TROUBLE as exc:
            self._trouble("update", exc)

    async def _write(self, operation: str, call) -> None:
        try:
            await call
        except _TROUBLE as exc:
            self._trouble(operation, exc)

    # -- this holder's heartbeat
    async def beat(self) -> None:
        await self._write("heartbeat", self.client.set(self._alive_prefix + self.holder, "1", ex=ALIVE_TTL))

    async def _beat_forever(self) -> None:
        while True:
            await self.beat()
            await asyncio.sleep(HEARTBEAT_EVERY)

    async def start(self) -> None:
        await self.beat()
        if self._heartbeat is None:
            self._heartbeat = asyncio.ensure_future(self._beat_forever())

    async def close(self) -> None:
        if self._heartbeat is not None:
            self._heartbeat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._heartbeat
            self._heartbeat = None
        # A clean stop (after the drain): claims this process still holds may be taken over at once.
        await self._write("close", self.client.delete(self._alive_prefix + self.holder))
        with contextlib.suppress(*_TROUBLE):
            await self.client.aclose()
