"""`errcode serve` itself, as a process: HTTP mode and Socket Mode against the fake Slack.

The other Slack tests run the same web app in-process; these start the real command with only
environment variables, as the Procfile does, and use the bundled catalogs.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import sys

import pytest

from testing.fake_slack import APP_TOKEN, BOT_TOKEN, SIGNING_SECRET, FakeSlack, SlackSender


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
async def fake_slack():
    fake = await FakeSlack().start()
    yield fake
    await fake.stop()


async def _start_serve(env: dict) -> asyncio.subprocess.Process:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ERRCODE_"))}
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "serve",
        env={**clean, "ERRCODE_LOG_FORMAT": "json", **env},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def _stop(proc: asyncio.subprocess.Process) -> str:
    if proc.returncode is None:
        proc.terminate()
    _, err = await asyncio.wait_for(proc.communicate(), 10)
    return err.decode(errors="replace")


async def test_errcode_serve_http_mode(fake_slack: FakeSlack):
    port = _free_port()
    proc = await _start_serve(
        {
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "PORT": str(port),
            "SLACK_API_URL": fake_slack.api_url,
        }
    )
    sender = SlackSender(f"http://127.0.0.1:{port}", fake_slack)
    try:
        for _ in range(200):  # up to 10 s to import and load the catalogs
            try:
                async with sender.session.get(sender.base_url + "/healthz") as resp:
                    if resp.status == 200:
                        health = await resp.json()
                        break
            except OSError:
                pass
            await asyncio.sleep(0.05)
        else:
            raise AssertionError("errcode serve did not become healthy: " + await _stop(proc))
        assert health["ok"] and health["entries"] > 0
        status, _ = await sender.command("agora 433 lang:zh")
        assert status == 200
        [call] = await fake_slack.wait_for("response_url")
        assert "resource ID 过期" in json.dumps(call.args["blocks"], ensure_ascii=False)
    finally:
        await sender.close()
        log = await _stop(proc)
    assert BOT_TOKEN not in log and SIGNING_SECRET not in log


async def test_errcode_serve_socket_mode(fake_slack: FakeSlack):
    proc = await _start_serve(
        {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_APP_TOKEN": APP_TOKEN, "SLACK_API_URL": fake_slack.api_url}
    )
    sender = SlackSender("http://unused", fake_slack)
    try:
        try:
            await fake_slack.wait_for("socket.connected", timeout=15)
        except AssertionError:
            raise AssertionError("no Socket Mode connection: " + await _stop(proc)) from None
        [opened] = fake_slack.calls_to("apps.connections.open")
        envelope = await fake_slack.push("slash_commands", sender.command_form("agora 433 lang:zh"))
        [call] = await fake_slack.wait_for("response_url")
        assert call.args["response_type"] == "ephemeral"
        assert "resource ID 过期" in json.dumps(call.args["blocks"], ensure_ascii=False)
        [ack] = await fake_slack.wait_for("socket.ack")
        assert ack.args["envelope_id"] == envelope
        event = sender.message(
            '{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":"bad sig"},"RequestId":"r-1"}}'
        )
        await fake_slack.push("events_api", json.loads(sender.event_body(event)))
        [reply] = await fake_slack.wait_for("chat.postMessage")
        assert reply.args["thread_ts"] == event["ts"]
        assert "AuthFailure.SignatureFailure" in json.dumps(reply.args["blocks"])
    finally:
        await sender.close()
        log = await _stop(proc)
    assert BOT_TOKEN not in log and APP_TOKEN not in log


async def test_errcode_serve_stops_when_slack_refuses_the_token(fake_slack: FakeSlack):
    wrong = "xoxb-test-9999-a-token-slack-does-not-know"
    proc = await _start_serve(
        {
            "SLACK_BOT_TOKEN": wrong,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "PORT": str(_free_port()),
            "SLACK_API_URL": fake_slack.api_url,
        }
    )
    out, err = await asyncio.wait_for(proc.communicate(), 20)
    assert proc.returncode == 2
    assert "invalid_auth" in err.decode()
    assert wrong not in (out + err).decode() and SIGNING_SECRET not in (out + err).decode()
