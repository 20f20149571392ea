"""A slash command's answer drawn for a recent query is reused only for an equal result: the same
blocks and text as a fresh drawing, each reply its own list, and the memory bounded."""

from __future__ import annotations

import dataclasses

import pytest

from bot import api, render
from bot.render.blocks import SHOWN, SHOWN_ALL
from bot.slack import replies
from bot.slack.workers import AnswerPool


@pytest.fixture(autouse=True)
def nothing_drawn():
    replies._drawn.clear()
    yield
    replies._drawn.clear()


def fresh(query: str, language: str = "en") -> tuple[str, list[dict]]:
    result = api.lookup_result(query, lang=language, limit=SHOWN_ALL)
    blocks = render.lookup_blocks(result, language, share=bool(result.matches), shown=SHOWN)
    return render.fallback_text(result, language), blocks


@pytest.mark.parametrize("query", ["agora 433", "netease 404", "InvalidParameter", "no such thing 99999"])
async def test_a_repeated_query_is_answered_as_a_fresh_drawing_would(query):
    pool = AnswerPool()
    first = await replies.lookup_reply(query, "en", pool=pool, share=True)
    first.blocks.append({"type": "divider"})  # a reply's list is its own
    again = await replies.lookup_reply(query, "en", pool=pool, share=True)
    assert len(replies._drawn) == 1
    assert (again.text, again.blocks) == fresh(query)


async def test_a_drawing_is_not_reused_for_a_different_result():
    pool = AnswerPool()
    await replies.lookup_reply("agora 433", "en", pool=pool, share=True)
    [(key, (result, text, blocks))] = replies._drawn.items()
    other = dataclasses.replace(result, matches=result.matches[:0])
    replies._drawn[key] = (other, "stale", ({"type": "divider"},))
    again = await replies.lookup_reply("agora 433", "en", pool=pool, share=True)
    assert (again.text, again.blocks) == fresh("agora 433")


async def test_drawings_are_bounded(monkeypatch):
    monkeypatch.setattr(replies, "DRAWN_MAX", 5)
    pool = AnswerPool()
    for code in range(400, 420):
        await replies.lookup_reply(f"agora {code}", "en", pool=pool, share=True)
    assert len(replies._drawn) == 5
