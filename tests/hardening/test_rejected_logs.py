"""Unauthenticated traffic is not copied into the logs: a flood of unsigned requests leaves a few
rate-limited lines without the body, and a client leaving mid-body is no ERROR traceback."""

from __future__ import annotations

import asyncio
import json
import logging
import time

from testing.fake_slack import SlackHarness
from testing.harness import raw_http, request_head

MARKER = "PRIVATE-USER-TEXT-7f3a"
RESPONSE_URL = "https://hooks.slack.com/commands/T0/123/SECRETRESPONSEURL"


async def test_a_flood_of_unsigned_requests_logs_a_few_lines_without_bodies(slack: SlackHarness, caplog):
    caplog.set_level(logging.DEBUG)
    # bolt pins its loggers' levels to the root's when the app is built: at DEBUG, as `errcode serve`
    # runs with ERRCODE_LOG_LEVEL=DEBUG, its signature check would log every body.
    for name in ("slack_bolt.AsyncRequestVerification", "slack_bolt.RequestVerification"):
        caplog.set_level(logging.DEBUG, logger=name)
    body = json.dumps(
        {"type": "event_callback", "event": {"type": "message", "text": MARKER}, "response_url": RESPONSE_URL}
    )
    stale = int(time.time()) - 3600
    for i in range(300):
        if i % 2:
            status, _ = await slack.send.post(body, "application/json", signature="v0=" + "0" * 64)
        else:  # correctly signed, but stale
            status, _ = await slack.send.post(body, "application/json", timestamp=stale)
        assert status == 401
    text = "\n".join(f"{r.name} {r.getMessage()} {r.__dict__}" for r in caplog.records)
    assert MARKER not in text
    assert "SECRETRESPONSEURL" not in text
    rejected = [r for r in caplog.records if "rejected" in r.getMessage() or "signature" in r.getMessage().lower()]
    assert 1 <= len(rejected) <= 5, [r.getMessage() for r in rejected]
    assert len(caplog.records) < 20, [r.getMessage()[:120] for r in caplog.records]


async def test_a_client_leaving_mid_body_is_not_an_error(slack: SlackHarness, caplog):
    caplog.set_level(logging.DEBUG)
    port = int(slack.base_url.rsplit(":", 1)[1])
    head = request_head(port, [("Content-Type", "application/json")], length=5000)
    for _ in range(20):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(head + b"\r\n" + b'{"type": "event_')
        await writer.drain()
        await asyncio.sleep(0.02)
        writer.transport.abort()
    await asyncio.sleep(0.3)
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert errors == [], [(r.name, r.getMessage()[:200]) for r in errors]
    assert len(caplog.records) <= 3, [r.getMessage()[:120] for r in caplog.records]
    # and the bot still answers
    answer = await raw_http(port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n")
    assert b" 200 " in answer[:20]
