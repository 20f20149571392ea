"""Secrets never reach the logs: `errcode serve` runs at DEBUG with recognisable fake tokens
through every path (commands, events, buttons, 429, 500, Slack refusing connections, bodies no
Slack sends, forged requests, catalog reload errors, a refused token at start, Socket Mode with a
refused app token), and not one token, nor its distinctive middle, appears in what it logged.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import time

from testing.fake_slack import FakeSlack, SlackSender
from testing.harness import free_port
from testing.served import Served

BOT = "xoxb-1111-TESTTOKENBOT-2222-9f8e7d6c5b4a"
SECRET = "TESTSIGNINGSECRET-0a1b2c3d4e5f60718293"
APP = "xapp-1-A0TEST-3333-TESTTOKENAPP-4444"
REFUSED = "xoxb-5555-TESTTOKENREFUSED-6666"
# The parts that would give a token away even if a prefix were cut or the text re-encoded.
MARKERS = ("TESTTOKENBOT", "TESTSIGNINGSECRET", "0a1b2c3d4e5f60718293", "TESTTOKENAPP", "TESTTOKENREFUSED")


def assert_no_secrets(text: str) -> None:
    for secret in (BOT, SECRET, APP, REFUSED, *MARKERS):
        assert secret not in text, f"{secret} leaked into the log"


async def _until(predicate, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)


async def test_no_token_reaches_the_logs_on_any_path(tmp_path):
    fake = await FakeSlack(bot_token=BOT, app_token=APP).start()
    port = fake.port
    catalogs = tmp_path / "catalogs"
    catalogs.mkdir()
    team = catalogs / "team.yaml"
    team.write_text(
        "id: team-x\nvendor: acme\nproduct: X\nlanguage: en\nsource: wiki\n"
        "entries:\n  - code: ACME-1\n    kind: error\n    meaning: bad things\n",
        encoding="utf-8",
    )
    env = {
        "SLACK_BOT_TOKEN": BOT,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake.api_url,
        "ERRCODE_CATALOGS": str(catalogs),
        "ERRCODE_LOG_LEVEL": "DEBUG",
        "ERRCODE_LOG_FORMAT": "json",
        "ERRCODE_SLACK_TIMEOUT": "2",
        "ERRCODE_METRICS_PORT": str(free_port()),
    }
    server = await Served(env, tmp_path / "serve.log").start()
    send = SlackSender(server.base_url, fake, secret=SECRET)
    try:
        # The ordinary paths: a command, its Share button, a paste, a DM, a mention.
        await send.command("agora 433")
        [private] = await fake.wait_for("response_url")
        share = next(
            e["value"]
            for b in private.args["blocks"]
            for e in b.get("elements") or []
            if e.get("action_id") == "errcode_share"
        )
        await send.action(share)
        await send.event(send.message('{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure"}}}'))
        await send.event(send.message("433", channel="DSECRET"))
        await send.event({**send.message("<@UERRCODEBOT> 433", channel="CMENTION"), "type": "app_mention"})
        await fake.wait_for("chat.postMessage", 3)

        # Slack misbehaving: 429s, 500s, then refusing connections altogether.
        fake.fail("chat.postMessage", 429, times=2, retry_after=1)
        await send.event(send.message("AuthFailure.SignatureExpire", channel="DSECRET"))
        fake.fail("response_url", 500, times=5)
        await send.command("433")
        await fake.wait_for("chat.postMessage", 6, timeout=8)
        await fake.stop()
        await send.command("433")
        await send.event(send.message("AuthFailure.SignatureFailure", channel="DSECRET"))
        await server.wait_log("connection_error")
        fake = await FakeSlack(bot_token=BOT, app_token=APP).start(port)
        send.fake = fake
        await fake.wait_for("chat.postMessage", timeout=8)

        # Requests no Slack sends: forged, stale, unreadable, a bad timestamp.
        await send.post(
            "token=x&command=/errcode&text=433", "application/x-www-form-urlencoded", signature="v0=bad"
        )
        await send.command("433", timestamp=int(time.time()) - 3600)
        await send.post('{"type": "event_callback", ', "application/json")
        await send.post("[]", "application/json")
        await send.post("{}", "application/json", headers={"X-Slack-Request-Timestamp": "soon"})
        async with send.session.get(server.metrics_url) as resp:
            assert resp.status == 200

        # A broken catalog, then SIGHUP: the reload errors are logged.
        team.write_text("id: [broken\n", encoding="utf-8")
        os.utime(team, (time.time() + 5, time.time() + 5))
        server.proc.send_signal(signal.SIGHUP)
        await server.wait_log("still serving the last good catalogs")
    finally:
        await send.close()
        await server.stop()
    log = server.log()
    records = server.records()
    # The paths really ran, at DEBUG, with the libraries logging their requests...
    assert any(r["level"] == "debug" and r["logger"].startswith("slack_sdk") for r in records)
    for needle in ("retried", "Slack call failed", "unreadable request refused", "catalog reload rejected"):
        assert needle in log, needle
    # slack_sdk logged its request headers (it masks the token itself; bot/logs.py scrubs anything
    # token-shaped besides, in every message, traceback and extra field).
    assert "'Authorization': '(redacted)'" in log
    # ... and no secret is in any of it.
    assert_no_secrets(log)
    assert all(isinstance(r, dict) for r in records)
    await fake.stop()


async def test_no_token_in_the_log_when_slack_refuses_it_at_start(tmp_path):
    fake = await FakeSlack(bot_token=BOT, app_token=APP).start()
    try:
        env = {
            "SLACK_BOT_TOKEN": REFUSED,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": fake.api_url,
            "ERRCODE_LOG_LEVEL": "DEBUG",
            "ERRCODE_LOG_FORMAT": "text",  # the development format too
        }
        server = await Served(env, tmp_path / "refused.log").start(wait_healthy=False)
        assert await server.wait_exit() == 2
        await server.stop()
        assert "invalid_auth" in server.log()
        assert_no_secrets(server.log())

        # Socket Mode with an app token Slack refuses: it logs its trouble, never the token.
        env = {
            "SLACK_BOT_TOKEN": BOT,
            "SLACK_APP_TOKEN": "xapp-1-A0TEST-3333-TESTTOKENAPP-4445",
            "SLACK_API_URL": fake.api_url,
            "ERRCODE_LOG_LEVEL": "DEBUG",
            "ERRCODE_LOG_FORMAT": "json",
        }
        server = await Served(env, tmp_path / "socket.log").start(wait_healthy=False)
        await _until(lambda: len(fake.calls_to("apps.connections.open")) >= 1, 15)
        await asyncio.sleep(0.5)
        await server.stop()
        assert server.proc.returncode != -signal.SIGKILL, "SIGTERM must stop it while it can't connect"
        assert fake.calls_to("apps.connections.open")
        assert_no_secrets(server.log())
        assert "TESTTOKENAPP-4445" not in server.log()
        json.dumps(server.log())
    finally:
        await fake.stop()
