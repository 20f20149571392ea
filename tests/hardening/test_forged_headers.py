"""Forged signature headers no Slack sends, and signed payloads whose fields have the wrong type:
a 401 (or an ack) every time, never a 500, a traceback or an exception in a listener."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from urllib.parse import urlencode

import pytest

from testing.fake_slack import SIGNING_SECRET, SlackHarness
from testing.harness import raw_http, request_head, status_of


def _sign(body: bytes, timestamp: str) -> str:
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(SIGNING_SECRET.encode(), base, hashlib.sha256).hexdigest()


def _port(slack: SlackHarness) -> int:
    return int(slack.base_url.rsplit(":", 1)[1])


def _no_tracebacks(caplog) -> None:
    bad = [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info or "Traceback" in r.getMessage()]
    assert bad == [], [(r.name, r.getMessage()[:300]) for r in bad]


FORGED_HEADERS = {
    # str.isdigit() accepts superscripts; int() does not
    "superscript timestamp": lambda now, sig: [("X-Slack-Request-Timestamp", "²³"), ("X-Slack-Signature", sig)],
    "arabic-indic digits": lambda now, sig: [
        ("X-Slack-Request-Timestamp", "١٧٠٠٠٠٠٠٠٠"),
        ("X-Slack-Signature", sig),
    ],
    # the server read the first, bolt the last
    "two timestamps": lambda now, sig: [
        ("X-Slack-Request-Timestamp", "1"),
        ("X-Slack-Request-Timestamp", str(now)),
        ("X-Slack-Signature", sig),
    ],
    "two signatures": lambda now, sig: [
        ("X-Slack-Request-Timestamp", str(now)),
        ("X-Slack-Signature", "v0=" + "0" * 64),
        ("X-Slack-Signature", sig),
    ],
    # hmac.compare_digest raises TypeError on a non-ASCII str
    "non-ASCII signature": lambda now, sig: [
        ("X-Slack-Request-Timestamp", str(now)),
        ("X-Slack-Signature", ("v0=" + "é" * 64).encode("utf-8")),
    ],
    "latin-1 signature bytes": lambda now, sig: [
        ("X-Slack-Request-Timestamp", str(now)),
        ("X-Slack-Signature", b"v0=\xff\xfe" + b"0" * 62),
    ],
    "negative timestamp": lambda now, sig: [("X-Slack-Request-Timestamp", "-5"), ("X-Slack-Signature", sig)],
    "huge timestamp": lambda now, sig: [("X-Slack-Request-Timestamp", "9" * 400), ("X-Slack-Signature", sig)],
}


@pytest.mark.parametrize("name", list(FORGED_HEADERS))
async def test_forged_signature_headers_get_401_without_a_traceback(slack: SlackHarness, caplog, name):
    caplog.set_level(logging.DEBUG)
    body = urlencode(slack.send.command_form("433")).encode()
    now = int(time.time())
    headers = [("Content-Type", "application/x-www-form-urlencoded")]
    headers += FORGED_HEADERS[name](now, _sign(body, str(now)))
    answer = await raw_http(_port(slack), request_head(_port(slack), headers, length=len(body)), body)
    assert status_of(answer) == 401, answer[:300]
    await slack.fake.settle(0.2)
    assert slack.fake.calls_to("response_url") == []
    _no_tracebacks(caplog)


def _event(slack: SlackHarness, event: dict) -> str:
    return slack.send.event_body(event)


WRONGLY_TYPED_EVENTS = {
    "text is a number": {"type": "message", "channel": "CGENERAL", "user": "UHUMAN", "text": 5, "ts": "1.2"},
    "text is a list": {"type": "message", "channel": "DASKER", "user": "UHUMAN", "text": ["433"], "ts": "1.3"},
    "blocks only, no text": {
        "type": "message",
        "channel": "DASKER",
        "user": "UHUMAN",
        "ts": "1.4",
        "blocks": [{"type": "rich_text", "elements": [{"type": "rich_text_section", "elements": []}]}],
    },
    "mention with a dict text": {"type": "app_mention", "channel": "CGENERAL", "user": "U1", "text": {"a": 1}, "ts": "1.5"},
    "user is a number": {"type": "message", "channel": "DASKER", "user": 7, "text": "433", "ts": "1.6"},
    "event is a string": "message",
    "ts is a number": {"type": "message", "channel": "DASKER", "user": "U1", "text": "433", "ts": 1.7},
    "thread_ts is a list": {
        "type": "message",
        "channel": "CGENERAL",
        "user": "U1",
        "text": "AuthFailure.SignatureFailure",
        "ts": "1.8",
        "thread_ts": ["x"],
    },
    "channel is null": {"type": "message", "channel": None, "user": "U1", "text": "433", "ts": "1.9"},
    "app_home_opened with a numeric tab": {"type": "app_home_opened", "user": "U1", "tab": 3},
}


@pytest.mark.parametrize("name", list(WRONGLY_TYPED_EVENTS))
async def test_wrongly_typed_signed_events_are_acked_and_never_raise(slack: SlackHarness, caplog, name):
    caplog.set_level(logging.DEBUG)
    status, _ = await slack.send.post(_event(slack, WRONGLY_TYPED_EVENTS[name]), "application/json")
    # 400: a shape bolt itself can't read (it indexes into ids), refused before bolt like any unreadable body
    assert status == (400 if name in ("user is a number", "event is a string") else 200)
    await slack.fake.settle(0.4)
    _no_tracebacks(caplog)


async def test_wrongly_typed_signed_interactions_are_acked_and_never_raise(slack: SlackHarness, caplog):
    caplog.set_level(logging.DEBUG)
    payloads = [
        {"type": "block_actions", "user": {"id": "U1"}, "actions": "not a list", "trigger_id": "t.1"},
        {"type": "block_actions", "user": "U1", "actions": [{"action_id": "errcode_share", "value": 5}], "trigger_id": "t.2"},
        {"type": "block_actions", "user": {"id": "U1"}, "actions": [{"action_id": "errcode_original", "value": None}], "trigger_id": "t.3"},
    ]
    for payload in payloads:
        form = urlencode({"payload": json.dumps(payload)})
        status, _ = await slack.send.post(form, "application/x-www-form-urlencoded")
        assert status in (200, 400), payload  # 400: a shape bolt's own matchers would crash on
    await slack.fake.settle(0.4)
    _no_tracebacks(caplog)
