"""The one retry policy (bot/slack/retry.py), counted call by call on a real fake Slack.

For each kind of failure: how many times one call reaches Slack, and what the reply becomes.
Re-sent only where Slack cannot have acted (no connection; 429 within ERRCODE_MAX_RETRY_AFTER);
a post that Slack may have taken (dropped after sending, 5xx, timeout) is never sent twice
blind: a thread reply looks at the thread first. At most 3 attempts per call, always.

CI runs this file against the locked slack_sdk and again against the newest slack-sdk and
slack-bolt, so an upstream change to slack_sdk's own retries turns this red, not a user's day.
"""

from __future__ import annotations

import asyncio
import time

import pytest

from bot.slack import retry
from bot.slack.delivery import Delivery
from bot.slack.replies import Reply
from testing.fake_slack import BOT_TOKEN, FakeSlack
from testing.harness import free_port, sample

CHANNEL, THREAD = "CRETRY", "1700000000.000001"
REPLY = Reply("AuthFailure: the signature is wrong", [], vendor="tencent", answered=True)


@pytest.fixture
async def fake():
    fake = await FakeSlack().start()
    yield fake
    await fake.stop()


# The served policy, with the API timeout short enough for a test to wait it out.
delivery = Delivery(timeout=2.0)


@pytest.fixture(autouse=True)
async def quick_policy(monkeypatch):
    """Each test: the served policy, over a keep-alive session opened on its loop (as served)."""
    monkeypatch.setattr(delivery, "policy", retry.RetryPolicy())
    await delivery.start()
    yield
    await delivery.close()


def _client(fake: FakeSlack, url: str | None = None):
    return delivery.web_client(BOT_TOKEN, url or fake.api_url)


def _posted(fake: FakeSlack) -> int:
    """Messages Slack actually holds in the thread."""
    return sum(1 for m in fake.messages.get(CHANNEL, []) if m.get("thread_ts") == THREAD)


async def _thread_reply(fake: FakeSlack, url: str | None = None) -> tuple[bool, float]:
    started = time.monotonic()
    ok = await delivery.post_reply_in_thread(_client(fake, url), CHANNEL, THREAD, REPLY, answers=THREAD)
    return ok, time.monotonic() - started


async def test_a_thread_reply_slack_refuses_to_connect_to_is_tried_three_times(fake):
    port = free_port()
    ok, took = await _thread_reply(fake, f"http://127.0.0.1:{port}/api/")
    assert not ok
    assert took < 3.0  # 0.5 s + 1 s of backoff
    assert sample("errcode_slack_calls_given_up_total", reason="attempts_exhausted") >= 1


async def test_a_refused_call_counts_three_attempts():
    attempts = 0

    async def refused():
        nonlocal attempts
        attempts += 1
        raise ConnectionRefusedError

    outcome = await retry.call(refused, "test", retry.RetryPolicy(backoff=(0.01, 0.01)))
    assert (attempts, outcome.fate, outcome.attempts) == (3, retry.Fate.NOT_SENT, 3)


async def test_a_thread_reply_rate_limited_twice_is_sent_on_the_third_attempt(fake):
    fake.fail("chat.postMessage", 429, times=2, retry_after=1)
    ok, took = await _thread_reply(fake)
    assert ok and _posted(fake) == 1
    assert len(fake.calls_to("chat.postMessage")) == 3
    assert took >= 1.9  # Retry-After honoured each time


async def test_a_thread_reply_rate_limited_three_times_is_given_up_after_three(fake):
    fake.fail("chat.postMessage", 429, times=10, retry_after=0)
    ok, _ = await _thread_reply(fake)
    assert not ok and _posted(fake) == 0
    assert len(fake.calls_to("chat.postMessage")) == 3


async def test_a_retry_after_past_the_cap_gives_up_at_once(fake):
    before = sample("errcode_slack_calls_given_up_total", reason="retry_after_too_long")
    fake.fail("chat.postMessage", 429, times=1, retry_after=3600)
    ok, took = await _thread_reply(fake)
    assert not ok and took < 1.0
    assert len(fake.calls_to("chat.postMessage")) == 1
    assert sample("errcode_slack_calls_given_up_total", reason="retry_after_too_long") == before + 1


async def test_the_retry_after_cap_is_a_setting(fake, monkeypatch):
    monkeypatch.setattr(delivery, "policy", retry.RetryPolicy(max_retry_after=0.5))
    fake.fail("chat.postMessage", 429, times=1, retry_after=1)
    ok, _ = await _thread_reply(fake)
    assert not ok and len(fake.calls_to("chat.postMessage")) == 1


async def test_a_thread_reply_answered_500_is_looked_for_before_it_is_sent_again(fake):
    fake.fail("chat.postMessage", 500, times=1)  # Slack failed and did not post it
    ok, _ = await _thread_reply(fake)
    assert ok and _posted(fake) == 1
    assert len(fake.calls_to("chat.postMessage")) == 2
    assert len(fake.calls_to("conversations.replies")) == 1


async def test_a_thread_reply_answered_500_every_time_costs_three_posts_at_most(fake):
    fake.fail("chat.postMessage", 500, times=10)
    ok, _ = await _thread_reply(fake)
    assert not ok and _posted(fake) == 0
    assert len(fake.calls_to("chat.postMessage")) == 3
    assert len(fake.calls_to("conversations.replies")) == 2


async def test_a_thread_reply_dropped_after_slack_posted_it_is_not_sent_twice(fake):
    fake.drop("chat.postMessage", acted=True)
    ok, _ = await _thread_reply(fake)
    assert ok
    assert len(fake.calls_to("chat.postMessage")) == 1
    assert len(fake.calls_to("conversations.replies")) == 1
    assert _posted(fake) == 1


async def test_a_thread_reply_dropped_before_slack_posted_it_is_sent_once_more(fake):
    fake.drop("chat.postMessage", acted=False)
    ok, _ = await _thread_reply(fake)
    assert ok and _posted(fake) == 1
    assert len(fake.calls_to("chat.postMessage")) == 2


async def test_a_thread_reply_is_not_sent_again_when_the_thread_cannot_be_read(fake):
    fake.drop("chat.postMessage", acted=False)
    fake.fail("conversations.replies", 500, times=1)
    ok, _ = await _thread_reply(fake)
    assert not ok
    assert len(fake.calls_to("chat.postMessage")) == 1


async def test_a_timed_out_thread_reply_is_never_sent_again(fake, monkeypatch):
    fake.delay("chat.postMessage", 5.0)
    quick = Delivery(timeout=0.5)
    await quick.start()
    client = quick.web_client(BOT_TOKEN, fake.api_url)
    ok = await quick.post_reply_in_thread(client, CHANNEL, THREAD, REPLY, answers=THREAD)
    await quick.close()
    assert not ok
    assert len(fake.calls_to("chat.postMessage")) == 1
    assert not fake.calls_to("conversations.replies")


async def test_a_channel_post_dropped_after_sending_is_never_sent_again(fake):
    fake.drop("chat.postMessage", acted=False)
    assert not await delivery.post_message(_client(fake), "share", channel=CHANNEL, text="x")
    assert len(fake.calls_to("chat.postMessage")) == 1


async def _respond(fake: FakeSlack, url: str | None = None) -> tuple[bool, float]:
    started = time.monotonic()
    ok = await delivery.respond(url or fake.response_url(), "command", text="answer")
    return ok, time.monotonic() - started


@pytest.mark.parametrize(
    "failure, attempts, delivered",
    [
        (("fail", 500, 10, None), 1, False),  # Slack may have posted it: never re-sent
        (("fail", 503, 10, None), 1, False),
        (("drop", 0, 1, None), 1, False),
        (("fail", 429, 1, 1), 2, True),
        (("fail", 429, 10, 0), 3, False),
        (("fail", 429, 1, 3600), 1, False),  # past ERRCODE_MAX_RETRY_AFTER
        (("fail", 404, 1, None), 1, False),  # an expired response_url: refused
    ],
    ids=["500", "503", "dropped", "429-once", "429-storm", "429-retry-after-3600", "404"],
)
async def test_response_url_attempts_per_failure(fake, failure, attempts, delivered):
    kind, status, times, retry_after = failure
    if kind == "drop":
        fake.drop("response_url", times=times)
    else:
        fake.fail("response_url", status, times=times, retry_after=retry_after)
    ok, took = await _respond(fake)
    assert ok is delivered
    assert len(fake.calls_to("response_url")) == attempts
    assert took < 5.0


async def test_a_response_url_nobody_answers_is_tried_three_times(fake):
    ok, took = await _respond(fake, f"http://127.0.0.1:{free_port()}/respond/cmd")
    assert not ok and took < 3.0


async def test_web_api_clients_leave_retries_to_the_policy(fake):
    client = _client(fake)
    assert client.retry_handlers == []
    fake.fail("auth.test", 500, times=1)
    outcome = await delivery.web_api("auth.test", client.auth_test)
    assert outcome.fate is retry.Fate.UNKNOWN and outcome.attempts == 1
    assert len(fake.calls_to("auth.test")) == 1


async def test_garbage_from_slack_is_an_outcome_not_an_exception(fake):
    async def garbage():
        raise ValueError("Expecting value: line 1 column 1")

    outcome = await retry.call(garbage, "test", retry.RetryPolicy())
    assert outcome.fate is retry.Fate.UNKNOWN and outcome.attempts == 1
    await asyncio.sleep(0)
