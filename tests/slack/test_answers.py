"""bot.slack.answers: Slack text cleanup and the off-loop answer pool."""

from __future__ import annotations

import asyncio
import time

import pytest

from bot.slack import answers


def test_plain_text_undoes_slack_formatting():
    text = '<@U123ABC> see &lt;b&gt; &amp; <https://x.test/a|the log> <#C42|ops> <!here> {"code": 433}'
    assert answers.plain_text(text) == 'see <b> & the log #ops   {"code": 433}'


async def test_slow_work_times_out_without_blocking_the_loop():
    ticks = 0

    async def ticker():
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    task = asyncio.create_task(ticker())
    started = time.monotonic()
    with pytest.raises(asyncio.TimeoutError):
        await answers.off_loop(time.sleep, 0.5, timeout=0.1, operation="test")
    task.cancel()
    assert time.monotonic() - started < 0.4
    assert ticks >= 5  # the loop kept running while the work sat in its thread


async def test_a_flood_is_shed_not_queued(monkeypatch):
    monkeypatch.setattr(answers, "MAX_QUEUED", 2)
    slow = [
        asyncio.create_task(answers.off_loop(time.sleep, 0.3, timeout=2, operation="test")) for _ in range(2)
    ]
    await asyncio.sleep(0.05)
    with pytest.raises(asyncio.TimeoutError):
        await answers.off_loop(time.sleep, 0, timeout=2, operation="test")
    await asyncio.gather(*slow)
    assert await answers.off_loop(lambda: 42, timeout=2, operation="test") == 42


@pytest.mark.parametrize(
    "text, code",
    [("那435呢？", "435"), ("and InvalidParameter?", "InvalidParameter"), ("what about SignatureFailure", None)],
)
async def test_follow_ups_as_people_type_them_are_answered(text, code):
    assert answers.may_be_follow_up(text)
    reply = await answers.message_reply(text, direct=False, in_known_thread=True, vendor=None)
    assert reply is not None and reply.answered
    if code:
        assert code in reply.text


async def test_an_unknown_code_in_an_answered_thread_is_said_to_be_unknown():
    reply = await answers.message_reply("and 4242?", direct=False, in_known_thread=True, vendor="agora")
    assert reply is not None and not reply.answered
    assert "4242" in reply.text and "not in the catalogs" in reply.text
    zh = await answers.message_reply("那4242呢？", direct=False, in_known_thread=True, vendor="agora", locale="zh-CN")
    assert zh is not None and "目录里没有" in zh.text


async def test_chatter_outside_answered_threads_still_gets_nothing():
    assert await answers.message_reply("and 4242?", direct=False, in_known_thread=False) is None


async def test_an_uncovered_vendor_in_an_answered_thread_gets_no_other_vendors_entry():
    pasted = await answers.message_reply(
        "livekit-client: could not connect, got 401 error from the server",
        direct=False, in_known_thread=True, vendor="agora",
    )
    assert pasted is not None and not pasted.answered and "no LiveKit catalog" in pasted.text
    asked = await answers.message_reply("and livekit 401?", direct=False, in_known_thread=True, vendor="agora")
    assert asked is not None and not asked.answered and "no LiveKit catalog" in asked.text
