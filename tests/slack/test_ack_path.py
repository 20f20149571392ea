"""A slash command or an event is acked by the HTTP handler itself, before bolt runs: the ack never
waits for bolt's middleware (dedupe, authorization) or its 10 ms ack polling, and bolt, after it,
still answers once per trigger_id / event_id. Slack's url_verification challenge is still bolt's."""

from __future__ import annotations

import asyncio
import json
import time
from urllib.parse import urlencode

from bot.store.memory import MemoryState
from testing.fake_slack import SIGNING_SECRET, FakeSlack, bot_on_loopback, slack_signature


class HeldClaims(MemoryState):
    """Shared state whose claims of commands (or events) wait until the test lets them go."""

    def __init__(self, space: str = "triggers") -> None:
        super().__init__()
        self.space = space
        self.release = asyncio.Event()
        self.claimed = asyncio.Event()

    async def claim(self, space, key, *, takeover=True):
        if space == self.space:
            self.claimed.set()
            await self.release.wait()
        return await super().claim(space, key, takeover=takeover)


async def test_a_command_is_acked_while_bolt_still_holds_it(tmp_path):
    fake = await FakeSlack().start()
    state = HeldClaims()
    try:
        async with bot_on_loopback(fake, tmp_path, state=state) as (_, send, _):
            status, body = await asyncio.wait_for(send.command("agora 433"), 5)
            assert (status, body) == (200, "")
            await asyncio.wait_for(state.claimed.wait(), 5)  # bolt got it, after the ack
            assert not fake.calls_to("response_url")
            state.release.set()
            [answer] = await fake.wait_for("response_url", 1)
            assert "433" in answer.args.get("text", "")
    finally:
        await fake.stop()


async def test_a_replayed_command_is_acked_and_answered_once(tmp_path):
    fake = await FakeSlack().start()
    try:
        async with bot_on_loopback(fake, tmp_path) as (_, send, _):
            form = urlencode(send.command_form("agora 433"))
            for _ in range(2):  # the same trigger_id twice
                assert await send.post(form, "application/x-www-form-urlencoded") == (200, "")
            await fake.wait_for("response_url", 1)
            await fake.settle(0.5)
            assert len(fake.calls_to("response_url")) == 1
    finally:
        await fake.stop()


async def test_an_event_is_acked_while_bolt_still_holds_it(tmp_path):
    fake = await FakeSlack().start()
    state = HeldClaims("events")
    try:
        async with bot_on_loopback(fake, tmp_path, state=state) as (_, send, _):
            event = send.message("agora 433 failed", channel="DASKER", user="UASKER")
            status, body = await asyncio.wait_for(send.event(event), 5)
            assert (status, body) == (200, "")
            await asyncio.wait_for(state.claimed.wait(), 5)  # bolt got it, after the ack
            assert not fake.calls_to("chat.postMessage")
            state.release.set()
            [answer] = await fake.wait_for("chat.postMessage", 1)
            assert "433" in str(answer.args)
    finally:
        await fake.stop()


async def test_a_redelivered_event_is_acked_and_answered_once(tmp_path):
    fake = await FakeSlack().start()
    try:
        async with bot_on_loopback(fake, tmp_path) as (_, send, _):
            event = send.message("agora 433 failed", channel="DASKER", user="UASKER")
            assert await send.event(event, event_id="EvSAME") == (200, "")
            assert await send.event(event, event_id="EvSAME", retry_num=1) == (200, "")
            await fake.wait_for("chat.postMessage", 1)
            await fake.settle(0.5)
            assert len(fake.calls_to("chat.postMessage")) == 1
    finally:
        await fake.stop()


async def test_the_url_verification_challenge_is_still_answered_by_bolt(tmp_path):
    fake = await FakeSlack().start()
    try:
        async with bot_on_loopback(fake, tmp_path) as (_, send, _):
            body = json.dumps({"token": "t", "challenge": "c-123", "type": "url_verification"})
            status, text = await send.post(body, "application/json")
            assert status == 200 and "c-123" in text
    finally:
        await fake.stop()


async def test_the_handlers_ack_is_the_one_bolt_would_give(tmp_path):
    from slack_bolt.adapter.aiohttp import to_aiohttp_response
    from slack_bolt.response import BoltResponse

    bolts = await to_aiohttp_response(BoltResponse(status=200, body=""))
    fake = await FakeSlack().start()
    try:
        async with bot_on_loopback(fake, tmp_path) as (base_url, send, _):
            form = urlencode(send.command_form("agora 433"))
            ts = str(int(time.time()))
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "X-Slack-Request-Timestamp": ts,
                "X-Slack-Signature": slack_signature(SIGNING_SECRET, ts, form),
            }
            async with send.session.post(f"{base_url}/slack/events", data=form.encode(), headers=headers) as resp:
                assert resp.status == bolts.status and await resp.text() == bolts.text == ""
                assert resp.headers["Content-Type"] == bolts.headers["Content-Type"]
    finally:
        await fake.stop()
