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
