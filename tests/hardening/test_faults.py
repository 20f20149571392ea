"""Slack faults: refused connections, a slow Web API, 500s and 429 storms, and the bounds.

In each: the bot acks within Slack's 3 s, /healthz stays 200, the replies reach Slack once it
recovers after a bounded number of retries (each reply exactly once), and nothing queues without
bound. Retries follow errcode's one retry policy (bot/slack/retry.py; counted call by call in
tests/slack/test_retry_policy.py).
"""

from __future__ import annotations

import asyncio
import time

from bot.slack import retry
from bot.slack.locale import AskerLocales
from bot.slack.memory import SlackMemory
from testing.fake_slack import FakeSlack
from testing.harness import ACK_BUDGET, bot_against, free_port, sample

ATTEMPTS = retry.MAX_ATTEMPTS  # the most calls one reply may cost
RETRIES = ATTEMPTS - 1


def _retries(reason: str) -> float:
    return sample("errcode_slack_api_retries_total", reason=reason)


async def _until(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


def _history(fake: FakeSlack, channel: str = "CFAULT") -> dict[str, int]:
    """thread_ts -> messages Slack actually took there (failed calls post nothing)."""
    counts: dict[str, int] = {}
    for message in fake.messages.get(channel, []):
        counts[message["thread_ts"]] = counts.get(message["thread_ts"], 0) + 1
    return counts


async def test_slack_refusing_connections_then_coming_back(tmp_path):
    port = free_port()  # nobody listens: every call is refused
    fake = FakeSlack()
    fake.port = port  # response_urls point there too
    async with bot_against(fake, tmp_path, api_url=f"http://127.0.0.1:{port}/api/") as bot:
        before = _retries("connection_error")
        status, took = await bot.timed(bot.send.command("agora 433"))
        assert status == 200 and took < ACK_BUDGET, took
        paste = bot.paste()
        status, took = await bot.timed(bot.send.event(paste))
        assert status == 200 and took < ACK_BUDGET, took
        assert await bot.healthy()
        # Both replies are failing and being retried: now Slack comes back, on the same port.
        await _until(lambda: _retries("connection_error") >= before + 2, 5, "the first retries")
        await fake.start(port)
        [answer] = await fake.wait_for("response_url", timeout=5)
        assert "433" in str(answer.args["blocks"])
        [reply] = await fake.wait_for("chat.postMessage", timeout=5)
        assert reply.args["thread_ts"] == paste["ts"]
        await fake.settle(0.5)
        assert len(fake.calls_to("response_url")) == 1 and _history(fake) == {paste["ts"]: 1}
        # auth.test, users.info and the two replies: each retried at most MAX_RETRIES times.
        assert _retries("connection_error") - before <= 4 * RETRIES
        assert await bot.healthy()


async def test_slack_answering_500_is_never_sent_blind_a_second_time(tmp_path):
    fake = await FakeSlack().start()
    async with bot_against(fake, tmp_path) as bot:
        before = _retries("not_in_thread")
        fake.fail("chat.postMessage", 500, times=RETRIES)  # recovers on the last try
        fake.fail("response_url", 500, times=1)
        paste = bot.paste()
        for request in (bot.send.event(paste), bot.send.command("agora 433")):
            status, took = await bot.timed(request)
            assert status == 200 and took < ACK_BUDGET
        # The thread reply is looked for in the thread after each 500, then sent again.
        await fake.wait_for("chat.postMessage", ATTEMPTS, timeout=6)
        assert await bot.healthy()
        await fake.settle(0.3)
        assert _history(fake) == {paste["ts"]: 1}
        assert len(fake.calls_to("conversations.replies")) == RETRIES
        assert _retries("not_in_thread") - before == RETRIES
        # A response_url that answered 500 may have posted: never sent again.
        assert len(fake.calls_to("response_url")) == 1

        # Down for good: each reply gives up after ATTEMPTS calls, counted, and the bot goes on.
        failed_before = sample("errcode_replies_total", surface="message", outcome="failed")
        fake.fail("chat.postMessage", 500, times=1000)
        lost = bot.paste("AuthFailure.SignatureExpire")
        status, took = await bot.timed(bot.send.event(lost))
        assert status == 200 and took < ACK_BUDGET
        await _until(
            lambda: sample("errcode_replies_total", surface="message", outcome="failed") > failed_before,
            8,
            "the reply to be given up",
        )
        attempts = [c for c in fake.calls_to("chat.postMessage") if c.args.get("thread_ts") == lost["ts"]]
        assert len(attempts) == ATTEMPTS
        fake.fail("chat.postMessage", 500, times=0)  # Slack is back
        again = bot.paste("AuthFailure.SignatureExpire")
        await bot.send.event(again)
        await _until(lambda: _history(fake).get(again["ts"]) == 1, 5, "the reply after recovery")
        assert await bot.healthy()


async def test_a_storm_of_429s_is_waited_out_with_retry_after(tmp_path):
    fake = await FakeSlack().start()
    async with bot_against(fake, tmp_path) as bot:
        before = _retries("rate_limited")
        storm = 20
        fake.fail("chat.postMessage", 429, times=storm, retry_after=1)
        pastes = [bot.paste() for _ in range(storm)]
        acks = await asyncio.gather(*(bot.timed(bot.send.event(p)) for p in pastes))
        assert all(status == 200 and took < ACK_BUDGET for status, took in acks), acks
        assert await bot.healthy()
        await _until(lambda: len(_history(fake)) == storm, 8, "every reply after the storm")
        await fake.settle(0.3)
        assert _history(fake) == {p["ts"]: 1 for p in pastes}, "each reply exactly once"
        per_thread: dict[str, int] = {}
        for call in fake.calls_to("chat.postMessage"):
            per_thread[call.args["thread_ts"]] = per_thread.get(call.args["thread_ts"], 0) + 1
        assert max(per_thread.values()) <= ATTEMPTS
        assert _retries("rate_limited") - before == storm
        # Retry-After was honoured: no retry came sooner than a second after its 429.
        first, retried = {}, {}
        for call in fake.calls_to("chat.postMessage"):
            (retried if call.args["thread_ts"] in first else first)[call.args["thread_ts"]] = call.at
        assert min(retried[t] - first[t] for t in retried) >= 0.9

        # A storm that outlasts the retries: bounded attempts, the bot keeps acking.
        fake.fail("chat.postMessage", 429, times=1000, retry_after=1)
        lost = bot.paste("AuthFailure.SignatureExpire")
        status, took = await bot.timed(bot.send.event(lost))
        assert status == 200 and took < ACK_BUDGET
        status, took = await bot.timed(bot.send.command("agora 433"))  # other surfaces unaffected
        assert status == 200 and took < ACK_BUDGET
        await fake.wait_for("response_url", timeout=3)
        await _until(
            lambda: (
                len([c for c in fake.calls_to("chat.postMessage") if c.args.get("thread_ts") == lost["ts"]])
                == ATTEMPTS
            ),
            6,
            "the attempts",
        )
        await fake.settle(1.3)  # a further retry would come after Retry-After
        assert len(
            [c for c in fake.calls_to("chat.postMessage") if c.args.get("thread_ts") == lost["ts"]]
        ) == (ATTEMPTS)
        assert lost["ts"] not in _history(fake)
        assert await bot.healthy()


async def test_a_slow_slack_delays_neither_acks_nor_other_answers(tmp_path):
    fake = await FakeSlack().start()
    async with bot_against(fake, tmp_path) as bot:
        fake.delay("chat.postMessage", 1.5)  # slow, but within the API timeout
        slow = bot.paste()
        status, took = await bot.timed(bot.send.event(slow))
        assert status == 200 and took < 0.5
        started = time.monotonic()
        status, took = await bot.timed(bot.send.command("agora 433"))
        assert status == 200 and took < 0.5
        [answer] = await fake.wait_for("response_url", timeout=3)
        assert answer.at - started < 1.0, "the command's answer did not wait for the slow call"
        assert not _history(fake), "the slow reply is still on its way"
        assert await bot.healthy()
        await _until(lambda: _history(fake) == {slow["ts"]: 1}, 5, "the slow reply")


async def test_slack_answering_in_10_s_is_given_up_at_the_api_timeout(tmp_path):
    fake = await FakeSlack().start()
    # ERRCODE_SLACK_TIMEOUT=1: a call Slack answers in 10 s is abandoned after 1 s (not retried:
    # Slack may post it still, and a reply must not come twice).
    async with bot_against(fake, tmp_path, api_timeout=1.0) as bot:
        fake.delay("chat.postMessage", 10.0)
        failed_before = sample("errcode_replies_total", surface="message", outcome="failed")
        stuck = bot.paste()
        started = time.monotonic()
        status, took = await bot.timed(bot.send.event(stuck))
        assert status == 200 and took < ACK_BUDGET
        await _until(
            lambda: sample("errcode_replies_total", surface="message", outcome="failed") > failed_before,
            4,
            "the slow call to be abandoned",
        )
        assert time.monotonic() - started < 3.0
        assert len(fake.calls_to("chat.postMessage")) == 1
        assert bot.delivery.in_flight() == 0
        assert await bot.healthy()
        fresh = bot.paste("AuthFailure.SignatureExpire")  # Slack answers promptly again
        await bot.send.event(fresh)
        await _until(lambda: _history(fake).get(fresh["ts"]) == 1, 3, "the next reply")


async def test_replies_waiting_for_slack_are_bounded(tmp_path, monkeypatch):
    fake = await FakeSlack().start()
    async with bot_against(fake, tmp_path) as bot:
        monkeypatch.setattr(bot.delivery, "max_in_flight", 3)
        fake.delay("chat.postMessage", 30.0, times=100)  # Slack hangs
        backlog_before = sample("errcode_errors_total", where="slack_message")
        pastes = [bot.paste() for _ in range(6)]
        for paste in pastes:
            status, took = await bot.timed(bot.send.event(paste))
            assert status == 200 and took < ACK_BUDGET
        await fake.wait_for("chat.postMessage", 3, timeout=3)
        await _until(
            lambda: sample("errcode_errors_total", where="slack_message") - backlog_before >= 3, 3, "shedding"
        )
        await fake.settle(0.3)
        assert len(fake.calls_to("chat.postMessage")) == 3, "only MAX_IN_FLIGHT replies wait for Slack"
        assert bot.delivery.in_flight() == 3
        assert sample("errcode_slack_replies_in_flight") == 3
        assert await bot.healthy()


async def test_memories_stay_at_their_caps_through_the_server(tmp_path):
    fake = await FakeSlack().start()
    memory = SlackMemory(max_items=5, max_events=7)
    async with bot_against(fake, tmp_path, memory=memory) as bot:
        pastes = [bot.paste() for _ in range(12)]
        for paste in pastes:
            assert (await bot.send.event(paste))[0] == 200
        await _until(lambda: len(_history(fake)) == 12, 5, "every reply")
        assert len(memory.seen_events) == 7
        assert len(memory.answered_messages) == 5
        assert len(memory.threads) == 5
        for _ in range(9):  # commands are remembered by trigger_id (replays), bounded too
            assert (await bot.send.command("433"))[0] == 200
        await fake.wait_for("response_url", 9)
        assert len(memory.seen_triggers) == 7


async def test_asker_locales_are_bounded(tmp_path):
    fake = await FakeSlack().start()
    async with bot_against(fake, tmp_path) as bot:
        from slack_sdk.web.async_client import AsyncWebClient

        from testing.fake_slack import BOT_TOKEN

        for i in range(10):
            fake.locales[f"UL{i}"] = "zh-CN"
        locales = AskerLocales(max_users=3)
        client = AsyncWebClient(token=BOT_TOKEN, base_url=fake.api_url)
        for i in range(10):
            assert await locales.get(client, f"UL{i}") == "zh-CN"
        for i in range(10, 20):  # unknown users are remembered as unknown, bounded too
            assert await locales.get(client, f"UL{i}") is None
        assert len(locales._known) == 3 and len(locales._unknown) == 3
        assert await bot.healthy()
