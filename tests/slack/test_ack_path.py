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
    state = HeldClaims()
    async with FakeSlack() as fake:
        async with bot_on_loopback(fake, tmp_path, state=state) as (_, send, _):
            status, body = await asyncio.wait_for(send.command("agora 433"), 5)
            assert (status, body) == (200, "")
            await asyncio.wait_for(state.claimed.wait(), 5)  # bolt got it, after the ack
            assert not fake.calls_to("response_url")
            state.release.set()
            [answer] = await fake.wait_for("response_url", 1)
            assert "433" in answer.args.get("text", "")


async def test_a_replayed_command_is_acked_and_answered_once(tmp_path):
    async with FakeSlack() as fake:
        async with bot_on_loopback(fake, tmp_path) as (_, send, _):
            form = urlencode(send.command_form("agora 433"))
            for _ in range(2):  # the same trigger_id twice
                assert await send.post(form, "application/x-www-form-urlencoded") == (200, "")
            await fake.wait_for("response_url", 1)
            await fake.settle(0.5)
            assert len(fake.calls_to("response_url")) == 1


async def test_an_event_is_acked_while_bolt_still_holds_it(tmp_path):
    state = HeldClaims("events")
    async with FakeSlack() as fake:
        async with bot_on_loopback(fake, tmp_path, state=state) as (_, send, _):
            event = send.message("agora 433 failed", channel="DASKER", user="UASKER")
            status, body = await asyncio.wait_for(send.event(event), 5)
            assert (status, body) == (200, "")
            await asyncio.wait_for(state.claimed.wait(), 5)  # bolt got it, after the ack
            assert not fake.calls_to("chat.postMessage")
            state.release.set()
            [answer] = await fake.wait_for("chat.postMessage", 1)
            assert "433" in str(answer.args)


async def test_a_redelivered_event_is_acked_and_answered_once(tmp_path):
    async with FakeSlack() as fake:
        async with bot_on_loopback(fake, tmp_path) as (_, send, _):
            event = send.message("agora 433 failed", channel="DASKER", user="UASKER")
            assert await send.event(event, event_id="EvSAME") == (200, "")
            assert await send.event(event, event_id="EvSAME", retry_num=1) == (200, "")
            await fake.wait_for("chat.postMessage", 1)
            await fake.settle(0.5)
            assert len(fake.calls_to("chat.postMessage")) == 1


async def test_the_url_verification_challenge_is_still_answered_by_bolt(tmp_path):
    async with FakeSlack() as fake:
        async with bot_on_loopback(fake, tmp_path) as (_, send, _):
            body = json.dumps({"token": "t", "challenge": "c-123", "type": "url_verification"})
            status, text = await send.post(body, "application/json")
            assert status == 200 and "c-123" in text


async def test_the_handlers_ack_is_the_one_bolt_would_give(tmp_path):
    from slack_bolt.adapter.aiohttp import to_aiohttp_response
    from slack_bolt.response import BoltResponse

    bolts = await to_aiohttp_response(BoltResponse(status=200, body=""))
    async with FakeSlack() as fake:
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


async def test_a_listener_failing_after_its_ack_is_logged_with_its_traceback_and_the_next_is_answered(
    tmp_path, caplog, monkeypatch
):
    import logging

    from bot.slack import replies

    answer = replies.command_reply
    calls = []

    async def fails_first(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("listener bug")
        return await answer(*args, **kwargs)

    monkeypatch.setattr(replies, "command_reply", fails_first)
    caplog.set_level(logging.INFO)
    async with FakeSlack() as fake:
        async with bot_on_loopback(fake, tmp_path) as (_, send, _):
            assert await send.command("agora 433") == (200, "")
            assert await send.command("agora 433") == (200, "")
            [answered] = await fake.wait_for("response_url", 1)
            assert "433" in answered.args.get("text", "")
    [failed] = [r for r in caplog.records if r.getMessage() == "request failed after its ack"]
    assert failed.error == "RuntimeError" and failed.exc_info and failed.exc_info[0] is RuntimeError


async def test_the_bots_own_message_is_acked_and_never_answered(tmp_path):
    from testing.fake_slack import BOT_USER_ID

    async with FakeSlack() as fake:
        async with bot_on_loopback(fake, tmp_path) as (_, send, _):
            own = send.message("agora 433 failed", channel="DASKER", user=BOT_USER_ID)  # no bot_id: bolt's check
            assert await send.event(own) == (200, "")
            asker = send.message("agora 433 failed", channel="DASKER", user="UASKER")
            assert await send.event(asker) == (200, "")
            [answer] = await fake.wait_for("chat.postMessage", 1)
            await fake.settle(0.3)
            assert len(fake.calls_to("chat.postMessage")) == 1 and answer.args["metadata"]["event_payload"]["answers"] == asker["ts"]


async def test_replies_carry_the_workspace_as_bolts_client_per_request_did(tmp_path):
    from testing.fake_slack import TEAM_ID

    async with FakeSlack() as fake:
        async with bot_on_loopback(fake, tmp_path) as (_, send, _):
            await send.event(send.message("agora 433 failed", channel="DASKER", user="UASKER"))
            [answer] = await fake.wait_for("chat.postMessage", 1)
            assert answer.args.get("team_id") == TEAM_ID
