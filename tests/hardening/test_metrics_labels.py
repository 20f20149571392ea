"""Strangers can't grow /metrics: request labels come from a fixed set whatever `type` a body
claims, signed or not, and /metrics is not served on the public port."""

from __future__ import annotations

import json
import time
from urllib.parse import urlencode

import aiohttp

from bot import metrics
from testing.fake_slack import FakeSlack, SlackHarness, SlackSender
from testing.harness import free_port
from testing.served import Served

SURFACES = {"command", "event", "block_actions", "view_submission", "shortcut", "options", "other", "rejected"}


def _surfaces() -> set[str]:
    found = set()
    for family in metrics.REGISTRY.collect():
        if family.name in ("errcode_requests", "errcode_ack_seconds"):
            found |= {s.labels["surface"] for s in family.samples if "surface" in s.labels}
    return found


async def test_unsigned_bodies_never_become_labels(slack: SlackHarness):
    for i in range(40):
        body = json.dumps({"type": f"evil-{i}-" + "x" * 2000, "command": None})
        status, _ = await slack.send.post(body, "application/json", signature="v0=" + "0" * 64)
        assert status == 401
    form = urlencode({"payload": json.dumps({"type": "stranger-type"})})
    assert (await slack.send.post(form, "application/x-www-form-urlencoded", signature="v0=bad"))[0] == 401
    assert _surfaces() <= SURFACES, _surfaces() - SURFACES


async def test_signed_bodies_of_unknown_types_are_counted_as_other(slack: SlackHarness):
    before = metrics.REGISTRY.get_sample_value("errcode_requests_total", {"surface": "other"}) or 0
    for i in range(5):
        body = json.dumps({"type": f"made-up-{i}-" + "y" * 500, "token": "t"})
        await slack.send.post(body, "application/json")
    await slack.send.command("433")
    form = urlencode(
        {"payload": json.dumps({"type": "block_actions", "user": {"id": "U1"}, "actions": [], "trigger_id": "t.9"})}
    )
    await slack.send.post(form, "application/x-www-form-urlencoded")
    assert _surfaces() <= SURFACES, _surfaces() - SURFACES
    assert (metrics.REGISTRY.get_sample_value("errcode_requests_total", {"surface": "other"}) or 0) >= before + 5
    assert metrics.REGISTRY.get_sample_value("errcode_requests_total", {"surface": "block_actions"})


async def test_metrics_have_their_own_port_and_the_public_one_does_not_serve_them(tmp_path):
    fake = await FakeSlack().start()
    metrics_port = free_port()
    env = {
        "SLACK_BOT_TOKEN": fake.bot_token,
        "SLACK_SIGNING_SECRET": "test-signing-secret-0123456789abcdef",
        "SLACK_API_URL": fake.api_url,
        "ERRCODE_HOST": "127.0.0.1",
        "ERRCODE_METRICS_PORT": str(metrics_port),
        "ERRCODE_LOG_FORMAT": "json",
    }
    server = await Served(env, tmp_path / "serve.log").start()
    send = SlackSender(server.base_url, fake)
    try:
        assert (await send.command("433"))[0] == 200
        async with aiohttp.ClientSession() as session:
            async with session.get(server.base_url + "/metrics") as resp:
                assert resp.status == 404
            async with session.get(server.base_url + "/healthz") as resp:
                assert resp.status == 200
            async with session.get(f"http://127.0.0.1:{metrics_port}/metrics") as resp:
                assert resp.status == 200
                assert 'errcode_requests_total{surface="command"} 1.0' in await resp.text()
            # the metrics port serves nothing else
            async with session.post(f"http://127.0.0.1:{metrics_port}/slack/events", data=b"{}") as resp:
                assert resp.status in (404, 405)
    finally:
        await send.close()
        await server.stop()
        await fake.stop()


async def test_without_a_metrics_port_no_metrics_listener_is_opened(tmp_path):
    fake = await FakeSlack().start()
    env = {
        "SLACK_BOT_TOKEN": fake.bot_token,
        "SLACK_SIGNING_SECRET": "test-signing-secret-0123456789abcdef",
        "SLACK_API_URL": fake.api_url,
        "ERRCODE_HOST": "127.0.0.1",
        "ERRCODE_LOG_FORMAT": "json",
    }
    server = await Served(env, tmp_path / "serve.log").start()
    try:
        async with aiohttp.ClientSession() as session:
            async with session.get(server.base_url + "/metrics") as resp:
                assert resp.status == 404
        deadline = time.monotonic() + 5
        while "listening" not in server.log() and time.monotonic() < deadline:
            time.sleep(0.05)
        listening = [r for r in server.records() if r.get("msg") == "listening"]
        assert listening and listening[0].get("metrics") == "off"
    finally:
        await server.stop()
        await fake.stop()
