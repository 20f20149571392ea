"""SIGTERM drains one `errcode serve` (no Redis): the answer already acked still goes out, new
connections are refused meanwhile, and the drain ends at ERRCODE_DRAIN_SECONDS. And a Slack
retry after a restart (nothing remembered in process) is answered only if the thread holds no
errcode answer to that message."""

from __future__ import annotations

import json
import time

import aiohttp

from testing.fake_slack import BOT_TOKEN, SIGNING_SECRET, FakeSlack, SlackSender, bot_on_loopback
from testing.served import Served

PASTE = json.dumps({"Response": {"Error": {"Code": "AuthFailure.SignatureFailure", "Message": "x"}}})
RETRY = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}


async def _served(fake: FakeSlack, tmp_path, **env) -> Served:
    base = {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.api_url,
        "ERRCODE_LOG_FORMAT": "json",
    }
    return await Served({**base, **env}, tmp_path / "serve.log").start()


async def test_sigterm_refuses_new_connections_and_finishes_the_answer_under_way(tmp_path):
    fake = await FakeSlack().start()
    server = await _served(fake, tmp_path)
    send = SlackSender(server.base_url, fake)
    try:
        fake.delay("chat.postMessage", 2.0)
        await send.event(send.message(PASTE))
        await fake.wait_for("chat.postMessage")
        server.proc.terminate()
        await server.wait_log("stopping: no new requests")
        refused = False
        try:
            async with aiohttp.ClientSession() as fresh:  # a new connection, not a kept-alive one
                await fresh.get(server.base_url + "/healthz")
        except aiohttp.ClientConnectionError:
            refused = True
        assert refused, "a stopping instance accepts no new connections"
        assert await server.wait_exit(15) == 0
        assert "answered in thread" in server.log() and '"msg": "drained"' in server.log()
    finally:
        await send.close()
        await server.stop()
        await fake.stop()


async def test_the_drain_ends_at_its_limit_and_still_exits_0(tmp_path):
    fake = await FakeSlack().start()
    server = await _served(fake, tmp_path, ERRCODE_DRAIN_SECONDS="1")
    send = SlackSender(server.base_url, fake)
    try:
        fake.delay("chat.postMessage", 30.0)  # Slack far slower than the drain allows
        await send.event(send.message(PASTE))
        await fake.wait_for("chat.postMessage")
        stopped = time.monotonic()
        server.proc.terminate()
        assert await server.wait_exit(15) == 0
        assert time.monotonic() - stopped < 6
        assert "drain time over; answers dropped" in server.log()
    finally:
        await send.close()
        await server.stop()
        await fake.stop()


async def test_a_retry_after_a_restart_is_answered_only_if_the_thread_holds_no_answer(tmp_path):
    fake = await FakeSlack().start()
    try:
        async with bot_on_loopback(fake, tmp_path) as (_, send, _):
            answered = send.message(PASTE)
            unanswered = send.message(PASTE)
            answered_body, unanswered_body = send.event_body(answered), send.event_body(unanswered)
            await send.post(answered_body, "application/json")
            await fake.wait_for("chat.postMessage")
        # A new process (nothing remembered); Slack retries both; only one was answered before.
        async with bot_on_loopback(fake, tmp_path) as (_, send, _):
            await send.post(answered_body, "application/json", headers=RETRY)
            await send.post(unanswered_body, "application/json", headers=RETRY)
            await fake.wait_for("chat.postMessage", 2)
            await fake.settle(0.5)
        threads = [c.args["thread_ts"] for c in fake.calls_to("chat.postMessage")]
        assert sorted(threads) == sorted([answered["ts"], unanswered["ts"]])
        assert len(fake.calls_to("conversations.replies")) == 2
    finally:
        await fake.stop()
