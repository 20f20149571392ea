"""Two `errcode serve` instances sharing Redis and PostgreSQL: every message answered exactly once,
whichever instance Slack's deliveries, retries and replays reach, through kill -9 and SIGTERM."""

from __future__ import annotations

import asyncio
import time
from urllib.parse import urlencode

import pytest

from testing.fake_slack import BOT_USER_ID
from testing.instances import PASTE, fresh_database, two_instances


@pytest.fixture
def database_url(postgres_url):
    return fresh_database(postgres_url)


async def _until(predicate, timeout: float = 8.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.05)


async def test_a_retry_or_a_concurrent_delivery_on_the_other_instance_is_not_answered_again(
    tmp_path, redis_url, database_url
):
    async with two_instances(tmp_path, redis_url, database_url) as pair:
        event = pair.a.message(PASTE % 1)
        body = pair.a.event_body(event)
        assert (await pair.a.post(body, "application/json"))[0] == 200
        await pair.fake.wait_for("chat.postMessage")
        retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
        assert (await pair.b.post(body, "application/json", headers=retry))[0] == 200
        await pair.fake.settle(0.5)
        # Dropped by the shared claim, not found out afterwards from Slack's history.
        assert pair.fake.calls_to("conversations.replies") == []
        # The same event reaching both at once (Slack retried before the first ack came back).
        second = pair.a.event_body(pair.a.message(PASTE % 2))
        results = await asyncio.gather(
            pair.a.post(second, "application/json"), pair.b.post(second, "application/json", headers=retry)
        )
        assert [status for status, _ in results] == [200, 200]
        await pair.fake.wait_for("chat.postMessage", 2)
        await pair.fake.settle(1.0)
        assert len(pair.posts(event["ts"])) == 1
        assert len(pair.posts()) == 2
        assert pair.log_errors() == []


async def test_a_replayed_command_on_the_other_instance_is_answered_once(tmp_path, redis_url, database_url):
    async with two_instances(tmp_path, redis_url, database_url) as pair:
        body = urlencode(pair.a.command_form("agora 433"))
        assert (await pair.a.post(body, "application/x-www-form-urlencoded"))[0] == 200
        assert (await pair.b.post(body, "application/x-www-form-urlencoded"))[0] == 200
        await pair.fake.wait_for("response_url")
        await pair.fake.settle(1.0)
        assert len(pair.fake.calls_to("response_url")) == 1


async def test_a_mention_and_its_message_twin_split_across_instances_get_one_answer(
    tmp_path, redis_url, database_url
):
    # Neither instance knows the bot's user id, so the `message` twin is not recognised as a mention.
    async with two_instances(tmp_path, redis_url, database_url, auth_test_fails=True) as pair:
        message = pair.a.message(f"<@{BOT_USER_ID}> what is this? " + PASTE % 1, channel="CTWIN")
        mention = {**message, "type": "app_mention"}
        mention.pop("channel_type")
        await asyncio.gather(pair.a.event(message), pair.b.event(mention))
        await pair.fake.wait_for("chat.postMessage")
        await pair.fake.settle(1.0)
        assert len(pair.posts(message["ts"])) == 1


async def test_a_follow_up_is_answered_by_either_instance(tmp_path, redis_url, database_url):
    async with two_instances(tmp_path, redis_url, database_url) as pair:
        root = pair.a.message(PASTE % 1, channel="CFOLLOW")
        await pair.a.event(root)
        await pair.fake.wait_for("chat.postMessage")
        await pair.b.event(pair.b.message("and AuthFailure.SignatureExpire?", channel="CFOLLOW", thread_ts=root["ts"]))
        await pair.fake.wait_for("chat.postMessage", 2)
        await pair.a.event(pair.a.message("and 433?", channel="CFOLLOW", thread_ts=root["ts"]))
        await pair.fake.wait_for("chat.postMessage", 3)
        assert all(p.args["thread_ts"] == root["ts"] for p in pair.posts())
        # Known from the shared state: no instance had to read Slack's history for it.
        assert pair.fake.calls_to("conversations.replies") == []


async def test_not_ours_on_one_instance_does_not_hide_a_thread_the_other_answered(
    tmp_path, redis_url, database_url
):
    async with two_instances(tmp_path, redis_url, database_url) as pair:
        root = pair.a.message("lunch at noon?", channel="CNOTOURS")
        await pair.a.event(root)
        # A follow-up-like message in a thread errcode never answered: A looks it up, "not ours".
        await pair.a.event(pair.a.message("and 433?", channel="CNOTOURS", thread_ts=root["ts"]))
        await pair.fake.wait_for("conversations.replies")
        await pair.fake.settle(0.5)
        assert pair.posts() == []
        # Someone mentions errcode in that thread; B answers there.
        mention = {
            **pair.b.message(f"<@{BOT_USER_ID}> agora 433", channel="CNOTOURS", thread_ts=root["ts"]),
            "type": "app_mention",
        }
        await pair.b.event(mention)
        await pair.fake.wait_for("chat.postMessage")
        await pair.servers[1].wait_log("answered in thread")  # B has recorded the thread as ours
        # Now a follow-up reaches A, which had cached the thread as not ours: it answers.
        follow_up = pair.a.message("and 435?", channel="CNOTOURS", thread_ts=root["ts"])
        await pair.a.event(follow_up)
        await pair.fake.wait_for("chat.postMessage", 2)
        assert pair.posts()[-1].args["metadata"]["event_payload"]["answers"] == follow_up["ts"]


async def _retry_after_holder_died(pair, event, body) -> None:
    """Slack's retry (after its own timeout: the dead holder's heartbeat has expired by then)."""
    from bot.store.redis import ALIVE_TTL

    await asyncio.sleep(ALIVE_TTL + 0.5)
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert (await pair.a.post(body, "application/json", headers=retry))[0] == 200


async def test_kill_9_during_the_post_then_the_retry_is_answered_once(tmp_path, redis_url, database_url):
    async with two_instances(tmp_path, redis_url, database_url) as pair:
        # The post reaches Slack, but the instance dies before it learns so.
        pair.fake.delay("chat.postMessage", 1.0)
        event = pair.a.message(PASTE % 1, channel="CKILL")
        body = pair.a.event_body(event)
        await pair.a.post(body, "application/json")
        await pair.fake.wait_for("chat.postMessage")
        await pair.kill(0)
        await _until(lambda: pair.fake.messages.get("CKILL"), what="the post to land")
        await pair.start(0)
        await _retry_after_holder_died(pair, event, body)
        await _until(lambda: pair.fake.calls_to("conversations.replies"), what="the history check")
        await pair.fake.settle(1.0)
        assert len(pair.posts(event["ts"])) == 1, "the retry found the answer in the thread"
        assert len(pair.fake.messages["CKILL"]) == 1

        # The same, but the post never reached Slack: the retry answers it.
        pair.fake.delay("chat.postMessage", 1.0)
        lost = pair.b.message(PASTE % 2, channel="CLOST")
        lost_body = pair.b.event_body(lost)
        await pair.b.post(lost_body, "application/json")
        await _until(lambda: len(pair.posts(lost["ts"])) == 1, what="the post")
        await pair.kill(1)
        await _until(lambda: pair.fake.messages.get("CLOST"), what="the post to be processed")
        pair.fake.messages["CLOST"].clear()  # as if it never reached Slack
        await _retry_after_holder_died(pair, lost, lost_body)
        await _until(lambda: pair.fake.messages.get("CLOST"), what="the retry's answer")
        assert len(pair.fake.messages["CLOST"]) == 1


async def test_sigterm_finishes_the_answers_already_acked_then_exits_0(tmp_path, redis_url, database_url):
    async with two_instances(tmp_path, redis_url, database_url, ERRCODE_DRAIN_SECONDS="8") as pair:
        pair.fake.delay("chat.postMessage", 2.0)  # a slow Slack: the answer is under way at SIGTERM
        event = pair.a.message(PASTE % 1, channel="CDRAIN")
        body = pair.a.event_body(event)
        assert (await pair.a.post(body, "application/json"))[0] == 200
        await pair.fake.wait_for("chat.postMessage")
        server = pair.servers[0]
        stopped = time.monotonic()
        server.proc.terminate()
        assert await server.wait_exit(15) == 0
        assert time.monotonic() - stopped >= 1.0, "it waited for the answer"
        assert "answered in thread" in server.log() and "drained" in server.log()
        assert len(pair.fake.messages["CDRAIN"]) == 1
        # A retry on the other instance finds it done.
        retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
        assert (await pair.b.post(body, "application/json", headers=retry))[0] == 200
        await pair.fake.settle(1.0)
        assert len(pair.posts(event["ts"])) == 1


async def test_an_instance_that_cannot_ask_who_the_bot_is_learns_it_from_the_other(
    tmp_path, redis_url, database_url
):
    async with two_instances(tmp_path, redis_url, database_url) as pair:
        await pair.a.command("433")  # A knows the bot (auth.test at start) and shares it
        await pair.fake.wait_for("response_url")
        pair.fake.fail("auth.test", 500, times=10_000)
        await pair.servers[1].stop()
        await pair.start(1)  # B restarts while Slack can't answer auth.test
        message = pair.b.message(f"<@{BOT_USER_ID}> what is this? " + PASTE % 1, channel="CWHO")
        await pair.b.event(message)  # the `message` twin of a mention: B must leave it to app_mention
        await pair.fake.settle(1.0)
        assert pair.posts() == []
        await pair.b.event({**message, "type": "app_mention"})
        await pair.fake.wait_for("chat.postMessage")
