"""An answer shed because too many are already waiting is logged and told as what it is, not as
"explain timed out" (which sends operators hunting for a slow paste)."""

from __future__ import annotations

import json
import logging

from bot.slack import answers
from testing.fake_slack import SlackHarness


def _messages(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name.startswith("errcode")]


async def test_a_shed_paste_is_logged_as_shed_and_the_asker_told_we_are_busy(slack: SlackHarness, caplog, monkeypatch):
    caplog.set_level(logging.INFO)
    monkeypatch.setattr(answers, "MAX_QUEUED", 0)  # every answer finds the queue full
    await slack.send.event(slack.send.message("AuthFailure.SignatureFailure", channel="DSHED"))
    [posted] = await slack.fake.wait_for("chat.postMessage")
    said = json.dumps(posted.args, ensure_ascii=False)
    assert "busy" in said.lower(), said
    assert not any("timed out" in m for m in _messages(caplog)), _messages(caplog)
    shed = [r for r in caplog.records if r.getMessage().startswith("answer shed")]
    assert shed and shed[0].operation == "explain" and shed[0].waiting >= 0


async def test_a_shed_lookup_and_follow_up_are_logged_as_shed(slack: SlackHarness, caplog, monkeypatch):
    caplog.set_level(logging.INFO)
    monkeypatch.setattr(answers, "MAX_QUEUED", 0)
    await slack.send.command("433")
    [answered] = await slack.fake.wait_for("response_url")
    assert "busy" in json.dumps(answered.args, ensure_ascii=False).lower()
    assert not any("timed out" in m for m in _messages(caplog))
    assert [r for r in caplog.records if r.getMessage().startswith("answer shed") and r.operation == "lookup"]
    # a follow-up in a known thread, shed too: no exception escapes the listener
    monkeypatch.setattr(answers, "MAX_QUEUED", 1000)
    reply = await answers.message_reply("hello there", direct=False, in_known_thread=True, vendor="agora")
    monkeypatch.setattr(answers, "MAX_QUEUED", 0)
    reply = await answers.message_reply("and 435?", direct=False, in_known_thread=True, vendor="agora")
    assert reply is None
    assert not [r for r in caplog.records if r.exc_info]
