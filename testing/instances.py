"""Two `errcode serve` processes sharing one Redis and one PostgreSQL database, one fake Slack.

The servers are the session's (testing/services.py); each test gets an empty Redis database and a
PostgreSQL database of its own, so nothing one test claimed is seen by the next.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import redis.asyncio as aioredis
from sqlalchemy.engine import make_url

from testing.fake_slack import BOT_TOKEN, SIGNING_SECRET, FakeSlack, SlackSender
from testing.served import Served

PASTE = '{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":"bad sig"},"RequestId":"r-%s"}}'


def fresh_database(postgres_url: str) -> str:
    """A new, empty PostgreSQL database on the session's server; its URL."""
    name = "errcode_" + uuid.uuid4().hex[:12]
    admin = make_url(postgres_url)
    with psycopg.connect(
        host=admin.host, port=admin.port, user=admin.username, dbname=admin.database, autocommit=True
    ) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return admin.set(database=name).render_as_string(hide_password=False)


async def empty_redis(redis_url: str) -> None:
    client = aioredis.Redis.from_url(redis_url)
    try:
        await client.flushdb()
    finally:
        await client.aclose()


@dataclass
class Pair:
    fake: FakeSlack
    env: dict
    tmp_path: Path
    servers: list[Served] = field(default_factory=list)
    senders: list[SlackSender] = field(default_factory=list)

    @property
    def a(self) -> SlackSender:
        return self.senders[0]

    @property
    def b(self) -> SlackSender:
        return self.senders[1]

    async def start(self, index: int) -> Served:
        """(Re)start instance `index` on its port (a restart keeps the port, as a deploy does)."""
        log = self.tmp_path / f"serve-{index}.log"
        if index < len(self.servers):
            env = {**self.env, "PORT": str(self.servers[index].port)}
            server = await Served(env, log).start()
            self.servers[index] = server
            self.senders[index].base_url = server.base_url
        else:
            server = await Served(dict(self.env), log).start()
            self.servers.append(server)
            sender = SlackSender(server.base_url, self.fake)
            if self.senders:  # one Slack: ids and timestamps never repeat across instances
                sender._event_ids = self.senders[0]._event_ids
                sender._ts = self.senders[0]._ts
                sender._triggers = self.senders[0]._triggers
            self.senders.append(sender)
        return server

    async def kill(self, index: int) -> None:
        """kill -9: no drain, no clean-up, its heartbeat simply stops."""
        server = self.servers[index]
        server.proc.send_signal(signal.SIGKILL)
        await server.proc.wait()
        await server.stop()  # only closes its log now

    def posts(self, thread_ts: str | None = None) -> list:
        calls = self.fake.calls_to("chat.postMessage")
        return [c for c in calls if thread_ts is None or c.args.get("thread_ts") == thread_ts]

    def log_errors(self) -> list[str]:
        out = []
        for server in self.servers:
            out += [json.dumps(r) for r in server.records() if r.get("level") in ("error", "critical")]
        return out


@contextlib.asynccontextmanager
async def two_instances(
    tmp_path: Path, redis_url: str, database_url: str, *, auth_test_fails: bool = False, **env
) -> AsyncIterator[Pair]:
    """Instances 0 and 1 (`pair.a`, `pair.b` send to them), single-workspace unless `env` says.
    `auth_test_fails`: Slack can't say who the bot is (auth.test 500s), so neither instance knows."""
    await empty_redis(redis_url)
    fake = await FakeSlack().start()
    if auth_test_fails:
        fake.fail("auth.test", 500, times=10_000)
    base = {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.api_url,
        "REDIS_URL": redis_url,
        "DATABASE_URL": database_url,
        "ERRCODE_LOG_FORMAT": "json",
        "ERRCODE_DATA_DIR": str(tmp_path / "data"),
    }
    pair = Pair(fake, {**base, **env}, tmp_path)
    try:
        await asyncio.gather(pair.start(0), pair.start(1))
        yield pair
    finally:
        for sender in pair.senders:
            await sender.close()
        for server in pair.servers:
            await server.stop()
        await fake.stop()
