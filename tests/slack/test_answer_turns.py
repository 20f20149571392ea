"""Answer stages take turns behind the acks (bot/slack/workers.py: Turns): one stage per turn of
the event loop, after what the loop already had to do (a request's handler, woken by its bytes),
and a flood of short answers is shed rather than queued without bound."""

from __future__ import annotations

import asyncio

from bot.slack import replies
from bot.slack.workers import AnswerPool, Turns


async def test_a_stage_runs_after_what_the_loop_already_had_to_do():
    turns, order = Turns(), []

    async def stage(name: str) -> None:
        await turns.take()
        order.append(name)
        # what this stage sets going (another request's handler, say) comes before the next stage
        asyncio.get_running_loop().call_soon(order.append, f"after {name}")

    stages = [asyncio.create_task(stage(name)) for name in ("a", "b", "c")]
    await asyncio.sleep(0)  # every stage waits for its turn now
    asyncio.get_running_loop().call_soon(order.append, "ack")
    await asyncio.gather(*stages)
    await asyncio.sleep(0)
    assert order == ["ack", "a", "after a", "b", "after b", "c", "after c"]


async def test_a_cancelled_answer_gives_up_its_turn():
    turns, order = Turns(), []

    async def stage(name: str) -> None:
        await turns.take()
        order.append(name)

    first, second = asyncio.create_task(stage("first")), asyncio.create_task(stage("second"))
    await asyncio.sleep(0)
    first.cancel()
    await asyncio.gather(first, second, return_exceptions=True)
    assert order == ["second"] and len(turns) == 0


async def test_short_answers_past_the_turns_bound_are_shed_with_a_busy_reply():
    pool = AnswerPool(max_turns=2)
    answers = await asyncio.gather(*(replies.command_reply("agora 433", pool=pool) for _ in range(5)))
    busy = replies.busy(None).text
    assert [a.text == busy for a in answers].count(True) == 3
    assert all("433" in str(a.blocks) for a in answers if a.text != busy)
