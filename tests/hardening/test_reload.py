"""Catalog reloads through the running server (`errcode serve` as a process), no restart.

The poller (bot/reload.py, every 2 s) makes a valid change live within seconds; a broken file
keeps the last good catalogs answering and the log names file:line; SIGHUP reloads at once.
tests/test_reload.py tests the watcher itself in-process.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import textwrap
import time

import pytest

from testing.fake_slack import BOT_TOKEN, SIGNING_SECRET, FakeSlack, SlackSender
from testing.harness import free_port
from testing.served import Served

TEAM = textwrap.dedent(
    """\
    id: team-gateway
    vendor: acme
    product: Gateway
    language: en
    source: team wiki
    entries:
      - code: "ACME-{n}"
        kind: error
        meaning: gateway rejected the call, case {n}
        meaning_zh: 网关拒绝了调用 {n}
    """
)


@pytest.fixture
async def served(tmp_path):
    fake = await FakeSlack().start()
    catalogs = tmp_path / "catalogs"
    catalogs.mkdir()
    (catalogs / "team.yaml").write_text(TEAM.format(n=1), encoding="utf-8")
    env = {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.api_url,
        "ERRCODE_CATALOGS": str(catalogs),
        "ERRCODE_LOG_FORMAT": "json",
        "ERRCODE_METRICS_PORT": str(free_port()),
    }
    server = await Served(env, tmp_path / "serve.log").start()
    send = SlackSender(server.base_url, fake)
    try:
        yield server, send, catalogs / "team.yaml"
    finally:
        await send.close()
        await server.stop()
        await fake.stop()


async def _answer(send: SlackSender, query: str) -> str:
    n = len(send.fake.calls_to("response_url"))
    status, _ = await send.command(query)
    assert status == 200
    call = (await send.fake.wait_for("response_url", n + 1))[-1]
    return json.dumps(call.args, ensure_ascii=False)


async def _until_answer_has(send: SlackSender, query: str, needle: str, timeout: float) -> float:
    started = time.monotonic()
    while needle not in await _answer(send, query):
        if time.monotonic() - started > timeout:
            raise AssertionError(f"{needle!r} not answered for {query!r} within {timeout} s")
        await asyncio.sleep(0.2)
    return time.monotonic() - started


def _write_keeping_stat(path, text: str) -> None:
    """Change the content but keep size and mtime: only SIGHUP can notice."""
    before = path.stat()
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size == before.st_size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


async def test_catalog_changes_reach_the_running_server(served):
    server, send, team = served
    assert "gateway rejected the call, case 1" in await _answer(send, "ACME-1")

    # A valid change: live within seconds (the poller looks every 2 s).
    team.write_text(TEAM.format(n=2), encoding="utf-8")
    os.utime(team, (time.time() + 5, time.time() + 5))
    took = await _until_answer_has(send, "ACME-2", "case 2", timeout=8)
    assert took < 8

    # A broken file: the last good catalogs keep answering; the log says file and line.
    team.write_text(TEAM.format(n=3) + "  - code: [unclosed\n", encoding="utf-8")
    os.utime(team, (time.time() + 10, time.time() + 10))
    log = await server.wait_log("still serving the last good catalogs", timeout=8)
    rejected = [r for r in server.records() if "catalog reload rejected" in r.get("msg", "")]
    assert rejected and all(f"{team}:" in r["msg"] for r in rejected), log[-2000:]
    assert "case 2" in await _answer(send, "ACME-2")
    assert "case 3" not in await _answer(send, "ACME-3")
    async with send.session.get(server.base_url + "/healthz") as resp:
        assert resp.status == 200
    async with send.session.get(server.metrics_url) as resp:
        metrics = await resp.text()
    assert 'errcode_catalog_reloads_total{outcome="rejected"} 1.0' in metrics
    assert 'errcode_catalog_reloads_total{outcome="ok"} 1.0' in metrics

    # Fixed again, but written so the poller can't see it (same size and mtime): SIGHUP reloads.
    team.write_text(TEAM.format(n=4), encoding="utf-8")
    os.utime(team, (time.time() + 20, time.time() + 20))
    await _until_answer_has(send, "ACME-4", "case 4", timeout=8)
    _write_keeping_stat(team, TEAM.format(n=5))
    await asyncio.sleep(2.5)  # a poll passes: nothing changed as far as it can tell
    assert "case 5" not in await _answer(send, "ACME-5")
    server.proc.send_signal(signal.SIGHUP)
    took = await _until_answer_has(send, "ACME-5", "case 5", timeout=3)
    assert took < 2
    assert any("reloaded (SIGHUP)" in r.get("msg", "") for r in server.records())
