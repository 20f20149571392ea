"""Slack (or a proxy in front of it) answering with something that is not Slack's JSON: a 500
outage page, JSON cut short, an HTML error. errcode logs one line with the status and the error
and goes on: it starts, answers, skips the locale, and never raises from its own error handling."""

from __future__ import annotations

import asyncio
import logging

from slack_sdk.errors import SlackApiError

from bot.slack import delivery
from testing.fake_slack import SIGNING_SECRET, FakeSlack, SlackSender
from testing.harness import bot_against
from testing.served import Served


def _tracebacks(caplog) -> list[str]:
    return [
        f"{r.name}: {r.getMessage()[:300]}"
        for r in caplog.records
        if r.exc_info or "Traceback" in r.getMessage()
    ]


async def test_serve_starts_when_auth_test_answers_500_text_plain(tmp_path):
    fake = await FakeSlack().start()
    fake.garble("auth.test", 500, body="upstream connect error", times=10)
    env = {
        "SLACK_BOT_TOKEN": fake.bot_token,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.api_url,
        "ERRCODE_HOST": "127.0.0.1",
        "ERRCODE_LOG_FORMAT": "json",
        "ERRCODE_SLACK_TIMEOUT": "2",
    }
    server = await Served(env, tmp_path / "serve.log").start()  # healthy, not a crash loop
    send = SlackSender(server.base_url, fake)
    try:
        assert (await send.command("433"))[0] == 200
        await fake.wait_for("response_url")
    finally:
        await send.close()
        await server.stop()
        await fake.stop()
    assert "Traceback" not in server.log()
    warned = [r for r in server.records() if r.get("msg", "").startswith("auth.test failed")]
    assert warned and warned[0].get("status") == 500, server.log()[-2000:]


def test_failed_takes_any_error_shape(caplog):
    caplog.set_level(logging.INFO)
    shapes = [
        SlackApiError("failed", "a plain string body"),
        SlackApiError("failed", None),
        SlackApiError("failed", {"ok": False, "error": "channel_not_found"}),
        SlackApiError("failed", b"\x00binary"),
        "HTTP 502 'Bad Gateway'",
        ValueError("bad"),
        None,
    ]
    for shape in shapes:
        delivery.failed("command", "chat.postMessage", shape)
    lines = [r for r in caplog.records if r.getMessage() == "Slack call failed"]
    assert len(lines) == len(shapes)
    assert lines[2].error == "channel_not_found"
    assert _tracebacks(caplog) == []


async def test_a_command_is_answered_when_users_info_is_not_json(tmp_path, caplog):
    caplog.set_level(logging.INFO)
    fake = await FakeSlack().start()
    fake.locales["UASKER"] = "zh-CN"
    fake.garble("users.info", 200, body='{"ok": true, "user": {"locale": ', content_type="application/json")
    async with bot_against(fake, tmp_path) as bot:
        assert (await bot.send.command("433"))[0] == 200
        await fake.wait_for("response_url", timeout=5)
    assert _tracebacks(caplog) == []


async def test_thread_history_and_home_tab_that_are_not_json_are_one_line_each(tmp_path, caplog):
    caplog.set_level(logging.INFO)
    fake = await FakeSlack().start()
    fake.garble("conversations.replies", 200, body="<html>502 Bad Gateway</html>", content_type="text/html")
    fake.garble("views.publish", 200, body="{not json", content_type="application/json")
    async with bot_against(fake, tmp_path) as bot:
        # a follow-up in a thread the bot may have answered: history is asked, and is garbage
        message = bot.send.message("and 433?", channel="CGENERAL", thread_ts="1600000000.000001")
        assert (await bot.send.event(message))[0] == 200
        await fake.wait_for("conversations.replies", timeout=5)
        home = {"type": "app_home_opened", "user": "UHOME", "channel": "DHOME", "tab": "home"}
        assert (await bot.send.event(home))[0] == 200
        await fake.wait_for("views.publish", timeout=5)
        await asyncio.sleep(0.5)
    assert _tracebacks(caplog) == []
    failed = [r for r in caplog.records if r.getMessage() == "Slack call failed"]
    calls = {getattr(r, "call", None) for r in failed}
    assert {"conversations.replies", "views.publish"} <= calls, [r.__dict__ for r in failed]
    assert all(getattr(r, "status", None) for r in failed)
