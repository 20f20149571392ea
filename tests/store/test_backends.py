"""The shared state's two backends (in process, Redis) and the database (SQLite, PostgreSQL),
against real servers: atomic claims, takeover only from a dead holder, every key expiring,
Redis trouble never raised, the schema created once and left alone on the next start."""

from __future__ import annotations

import asyncio

import pytest
from slack_sdk.oauth.installation_store import Installation
from sqlalchemy import inspect

from bot.store import SPACES, Claim
from bot.store.database import DatabaseError, database_url, open_database
from bot.store.memory import MemoryState
from bot.store.redis import RedisState
from testing.instances import empty_redis, fresh_database
from testing.services import free_port


@pytest.fixture
async def redis_pair(redis_url):
    await empty_redis(redis_url)
    first, second = RedisState(redis_url), RedisState(redis_url)
    await first.start()
    await second.start()
    yield first, second
    await first.close()
    await second.close()


async def test_a_claim_is_won_once_and_is_done_after_its_work():
    state = MemoryState()
    assert await state.claim("messages", "C1:1.0") is Claim.NEW
    assert await state.claim("messages", "C1:1.0") is Claim.HELD
    await state.done("messages", "C1:1.0")
    assert await state.claim("messages", "C1:1.0") is Claim.DONE


async def test_redis_claims_are_atomic_across_instances(redis_pair):
    first, second = redis_pair
    outcomes = await asyncio.gather(*(s.claim("events", "Ev1") for s in (first, second) * 10))
    assert outcomes.count(Claim.NEW) == 1 and outcomes.count(Claim.HELD) == 19
    await first.done("events", "Ev1")
    assert await second.claim("events", "Ev1") is Claim.DONE


async def test_only_a_dead_holders_claim_is_taken_over(redis_pair, redis_url):
    first, second = redis_pair
    assert await first.claim("messages", "C1:2.0") is Claim.NEW
    assert await first.claim("triggers", "t1") is Claim.NEW
    assert await second.claim("messages", "C1:2.0") is Claim.HELD  # first is alive
    await first.close()  # its heartbeat is gone, as after kill -9 and ALIVE_TTL
    assert await second.claim("messages", "C1:2.0") is Claim.TAKEN_OVER
    assert await second.claim("messages", "C1:2.0") is Claim.HELD  # now second's own
    # A trigger_id is never taken over: Slack does not repeat commands, only a replay does.
    assert await second.claim("triggers", "t1", takeover=False) is Claim.HELD


async def test_every_redis_key_expires_with_its_spaces_lifetime(redis_pair):
    first, _ = redis_pair
    for space in SPACES:
        await first.claim(space, "k")
        await first.put(space, "v", "x")
    await first.done("messages", "k")
    keys = [k async for k in first.client.scan_iter("errcode:*")]
    assert len(keys) == 3 * len(SPACES) + 2  # each space's index, and the two heartbeats
    for key in keys:
        ttl = await first.client.ttl(key)
        kind, space = key.split(":")[1:3]
        expected = 5 if kind == "alive" else int(SPACES[space if kind == "index" else kind].ttl)
        assert 0 < ttl <= expected, key


async def test_redis_spaces_keep_their_caps_dropping_the_oldest(redis_url):
    from bot.store import Space

    await empty_redis(redis_url)
    state = RedisState(redis_url, spaces={"messages": Space(3, 3600), "threads": Space(2, 3600)})
    try:
        for i in range(5):
            assert await state.claim("messages", f"m{i}") is Claim.NEW
            await state.update(put=[("threads", f"t{i}", "agora")])
        assert [await state.get("threads", f"t{i}") for i in range(5)] == [None, None, None, "agora", "agora"]
        assert await state.claim("messages", "m4") is Claim.HELD
        assert await state.claim("messages", "m0") is Claim.NEW  # pushed out, as in process
        assert len([k async for k in state.client.scan_iter("errcode:messages:*")]) == 3
    finally:
        await state.close()


async def test_redis_trouble_is_survived_not_raised():
    state = RedisState(f"redis://127.0.0.1:{free_port()}/0")  # nobody listens there
    assert await state.claim("events", "Ev1") is Claim.UNKNOWN  # the caller goes on, warily
    assert Claim.UNKNOWN.won and Claim.UNKNOWN.uncertain
    assert await state.get("threads", "C:1") is None
    await state.put("threads", "C:1", "agora")
    await state.done("events", "Ev1")
    await state.start()
    await state.close()


async def test_the_memory_backend_keeps_the_caps():
    state = MemoryState()
    for space, limits in SPACES.items():
        assert state.spaces[space].max_items == limits.cap and state.spaces[space].ttl == limits.ttl


def test_database_urls():
    assert database_url({"DATABASE_URL": "postgres://u:p@h/db"}).drivername == "postgresql+psycopg"
    assert database_url({"DATABASE_URL": "postgresql://u:p@h/db"}).drivername == "postgresql+psycopg"
    assert database_url({"DATABASE_URL": "sqlite:///x.db"}).drivername == "sqlite+aiosqlite"
    for bad in ("mysql://u:p@h/db", "not a url"):
        with pytest.raises(DatabaseError) as raised:
            database_url({"DATABASE_URL": bad})
        assert "p@h" not in str(raised.value)


def _installation(team: str) -> Installation:
    return Installation(
        app_id="AERRCODE", team_id=team, user_id="UINSTALLER", bot_token=f"xoxb-{team}", bot_id="B1",
        bot_user_id="U1", bot_scopes="chat:write",
    )


async def _second_start_changes_nothing(env: dict) -> None:
    first = await open_database(env, client_id="1111.2222")
    await first.installations.async_save(_installation("T1"))

    def schema(conn):
        inspector = inspect(conn)
        return {t: [c["name"] for c in inspector.get_columns(t)] for t in inspector.get_table_names()}

    async with first.engine.connect() as conn:
        before = await conn.run_sync(schema)
    await first.close()
    assert {"slack_bots", "slack_installations", "slack_oauth_states"} <= set(before)
    second = await open_database(env, client_id="1111.2222")
    async with second.engine.connect() as conn:
        assert await conn.run_sync(schema) == before
    bot = await second.installations.async_find_bot(enterprise_id=None, team_id="T1")
    assert bot is not None and bot.bot_token == "xoxb-T1"
    await second.close()


async def test_the_default_database_is_a_sqlite_file_under_the_data_dir(tmp_path):
    env = {"ERRCODE_DATA_DIR": str(tmp_path / "data")}
    await _second_start_changes_nothing(env)
    assert (tmp_path / "data" / "errcode.db").is_file()


async def test_postgresql_by_the_same_variable(postgres_url):
    await _second_start_changes_nothing({"DATABASE_URL": fresh_database(postgres_url)})


async def test_with_redis_down_a_paste_is_still_answered_and_its_retry_dropped(tmp_path):
    from testing.fake_slack import FakeSlack, bot_on_loopback

    fake = await FakeSlack().start()
    state = RedisState(f"redis://127.0.0.1:{free_port()}/0")  # unreachable
    try:
        async with bot_on_loopback(fake, tmp_path, state=state) as (_, send, _):
            event = send.message('{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure"}}}')
            body = send.event_body(event)
            assert (await send.post(body, "application/json"))[0] == 200
            await fake.wait_for("chat.postMessage")
            retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
            assert (await send.post(body, "application/json", headers=retry))[0] == 200
            await fake.settle(0.5)
            assert len(fake.calls_to("chat.postMessage")) == 1
    finally:
        await fake.stop()
