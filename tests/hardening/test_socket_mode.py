"""Socket Mode on a bad day: an app token Slack refuses stops `errcode serve` with status 2 and a
clear message (no retry loop of tracebacks); with PORT set, GET /healthz says whether the
WebSocket is up; a connection Slack drops is replaced with a fresh URL from apps.connections.open."""

from __future__ import annotations

import asyncio
import time

import aiohttp

from testing.fake_slack import APP_TOKEN, BOT_TOKEN, FakeSlack
from testing.harness import free_port
from testing.served import Served


def _env(fake: FakeSlack, app_token: str = APP_TOKEN, **extra) -> dict:
    return {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_APP_TOKEN": app_token,
        "SLACK_API_URL": fake.api_url,
        "ERRCODE_LOG_FORMAT": "json",
        **extra,
    }


async def test_a_refused_app_token_exits_2_with_a_clear_message(tmp_path):
    fake = await FakeSlack().start()
    server = await Served(_env(fake, "xapp-1-A0-refused-token"), tmp_path / "serve.log").start(wait_healthy=False)
    try:
        assert await server.wait_exit(20) == 2
    finally:
        await server.stop()
        await fake.stop()
    log = server.log()
    assert "Slack refused SLACK_APP_TOKEN (invalid_auth)" in log
    assert "Traceback" not in log
    assert len(fake.calls_to("apps.connections.open")) == 1


async def test_socket_mode_answers_healthz_on_port_and_reconnects_with_a_fresh_url(tmp_path):
    fake = await FakeSlack().start()
    port = free_port()
    server = Served(_env(fake, PORT=str(port), ERRCODE_HOST="127.0.0.1"), tmp_path / "serve.log")
    await server.start(wait_healthy=False)
    try:
        await fake.wait_for("socket.connected", timeout=20)
        await server.wait_healthy()  # 200 once connected
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://127.0.0.1:{port}/healthz") as resp:
                assert resp.status == 200
                assert (await resp.json())["ok"] is True
            async with session.post(f"http://127.0.0.1:{port}/slack/events", data=b"{}") as resp:
                assert resp.status in (404, 405)  # Socket Mode takes nothing over HTTP
        opened = len(fake.calls_to("apps.connections.open"))
        for ws in list(fake._sockets):  # Slack drops the connection (a refresh, a deploy)
            await ws.close()
        deadline = time.monotonic() + 30
        while len(fake.calls_to("socket.connected")) < 2 and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        assert len(fake.calls_to("socket.connected")) >= 2, "never reconnected"
        assert len(fake.calls_to("apps.connections.open")) > opened, "reconnected without a fresh URL"
    finally:
        await server.stop()
        await fake.stop()
    assert "Traceback" not in server.log()
