"""An answer shed because too many are already waiting is logged and told as what it is, not as
"explain timed out" (which sends operators hunting for a slow paste)."""

from __future__ import annotations

import json
import logging

import pytest

from bot.slack import replies
from bot.slack.workers import AnswerPool
from testing.fake_slack import FakeSlack, SlackHarness, bot_on_loopback


@pytest.fixture
async def crowded(tmp_path):
    """The bot on loopback whose answer pool the test fills (max_queued 0: every answer is shed;
    inline_chars 0: no lookup or paste is short enough to be answered on the loop, outside the pool)."""
    pool = AnswerPool(max_queued=0, inline_chars=0, explain_inline_chars=0)
    async with FakeSlack() as fake:
        async with bot_on_loopback(fake, tmp_path, pool=pool) as (base_url, sender, web_app):
            yield SlackHarness(fake, sender, base_url, web_app), pool


def _messages(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name.startswith("errcode")]


async def test_a_shed_paste_is_logged_as_shed_and_the_asker_told_we_are_busy(crowded, caplog):
    slack, _ = crowded  # every answer finds the queue full
    caplog.set_level(logging.INFO)
    await slack.send.event(slack.send.message("AuthFailure.SignatureFailure", channel="DSHED"))
    [posted] = await slack.fake.wait_for("chat.postMessage")
    said = json.dumps(posted.args, ensure_ascii=False)
    assert "busy" in said.lower(), said
    assert not any("timed out" in m for m in _messages(caplog)), _messages(caplog)
    shed = [r for r in caplog.records if r.getMessage().startswith("answer shed")]
    assert shed and shed[0].operation == "explain" and shed[0].waiting >= 0


async def test_a_shed_lookup_and_follow_up_are_logged_as_shed(crowded, caplog):
    slack, pool = crowded
    caplog.set_level(logging.INFO)
    await slack.send.command("433")
    [answered] = await slack.fake.wait_for("response_url")
    assert "busy" in json.dumps(answered.args, ensure_ascii=False).lower()
    assert not any("timed out" in m for m in _messages(caplog))
    assert [r for r in caplog.records if r.getMessage().startswith("answer shed") and r.operation == "lookup"]
    # a follow-up in a known thread, shed too: no exception escapes the listener
    pool.max_queued = 1000
    reply = await replies.message_reply("hello there", pool=pool, direct=False, in_known_thread=True, vendor="agora")
    pool.max_queued = 0
    reply = await replies.message_reply("and 435?", pool=pool, direct=False, in_known_thread=True, vendor="agora")
    assert reply is None
    assert not [r for r in caplog.records if r.exc_info]


@pytest.fixture
async def full_pool(tmp_path):
    """The bot on loopback with its default answer pool, full (max_queued 0)."""
    pool = AnswerPool(max_queued=0)
    async with FakeSlack() as fake:
        async with bot_on_loopback(fake, tmp_path, pool=pool) as (base_url, sender, web_app):
            yield SlackHarness(fake, sender, base_url, web_app), pool


async def test_a_short_lookup_is_answered_on_the_loop_even_with_the_pool_full(full_pool):
    slack, _ = full_pool  # a lookup this short costs less than the hand-off to a thread
    await slack.send.command("agora 433")
    [answered] = await slack.fake.wait_for("response_url")
    said = json.dumps(answered.args, ensure_ascii=False)
    assert "433" in said and "busy" not in said.lower(), said


async def test_a_long_query_and_a_long_paste_still_wait_for_the_pool(full_pool):
    slack, pool = full_pool
    long_query = "agora 433 " + "x" * pool.inline_chars
    await slack.send.command(long_query)
    [answered] = await slack.fake.wait_for("response_url")
    assert "busy" in json.dumps(answered.args, ensure_ascii=False).lower()
    long_paste = "AuthFailure.SignatureFailure " + "x" * pool.explain_inline_chars
    await slack.send.event(slack.send.message(long_paste, channel="DLONG"))
    [posted] = await slack.fake.wait_for("chat.postMessage")
    assert "busy" in json.dumps(posted.args, ensure_ascii=False).lower()


async def test_a_short_paste_is_explained_on_the_loop_even_with_the_pool_full(full_pool):
    slack, pool = full_pool  # its explain (worst ~4-6 ms measured) costs less than the hand-off
    paste = '{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure"}}}'
    assert len(paste) <= pool.explain_inline_chars
    await slack.send.event(slack.send.message(paste, channel="DSHORT"))
    [posted] = await slack.fake.wait_for("chat.postMessage")
    said = json.dumps(posted.args, ensure_ascii=False)
    assert "SignatureFailure" in said and "busy" not in said.lower(), said

