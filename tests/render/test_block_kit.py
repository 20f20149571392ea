"""Block Kit is built as plain dicts (no slack_sdk models on the hot path), and every block render
produces is one Slack accepts: slack_sdk's own models parse it, validate it, and give back exactly
the same dict (so nothing is dropped or added on the way to Slack)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot import api, render
from bot.render import insights as insight_words
from tests.render.test_one_language import PASTES as ONE_LANGUAGE_PASTES

LANGS = ("zh", "en")
QUERIES = ("433", "404", "AuthFailure", "SignatureExpir", "99999", "livekit 401", "agora", "tencent 4000")
PASTES = (*ONE_LANGUAGE_PASTES[:4], " ".join(f'{{"code": {c}}} agora' for c in (432, 433, 435, 53, 62, 65, 7, 1001)))


@pytest.fixture(scope="module")
def bundled():
    api.install(api.build(""))
    yield api.knowledge()
    api.install(None)


def _accepted(blocks: list[dict]) -> None:
    assert blocks and len(blocks) <= 50
    for block in blocks:
        parsed = Block.parse(block)
        assert parsed is not None, block
        parsed.validate_json()  # raises on what Slack would refuse (lengths, counts, missing fields)
        assert parsed.to_dict() == block  # the same dict slack_sdk would have sent


def _answers(lang: str):
    for query in QUERIES:
        result = api.lookup(query, lang=lang, limit=20)
        yield render.lookup_blocks(result, lang, share=True)
        yield render.lookup_blocks(result, lang, shared_by="U0ASKER")
        yield render.lookup_blocks(result, lang, all_shown=True)
    for paste in PASTES:
        result = api.explain(paste, lang=lang)
        if result["findings"]:
            yield render.explain_blocks(result, lang)
            yield insight_words.with_feedback(render.explain_blocks(result, lang), None, "f" * 32, lang)
    yield render.help_blocks(lang)
    yield render.usage_blocks(lang)
    yield render.greeting_blocks(lang)
    yield render.vendors_blocks(render.catalog_lines(api.catalogs(), lang), lang)


@pytest.mark.parametrize("lang", LANGS)
def test_every_answer_is_blocks_slack_accepts(bundled, lang):
    drawn = list(_answers(lang))
    assert len(drawn) > 30
    for blocks in drawn:
        _accepted(blocks)


@pytest.mark.parametrize("lang", LANGS)
def test_the_app_home_is_a_view_slack_accepts(bundled, lang):
    answer = render.lookup_blocks(api.lookup("433", lang=lang), lang)
    home = insight_words.home_view(api.catalogs(), None, lang, answer=answer)
    View(**home).validate_json()
    _accepted(home["blocks"])


def test_answers_are_drawn_without_slack_sdk_models():
    code = (
        "import sys; from bot import render; render.lookup_blocks; render.explain_blocks; render.help_blocks; "
        "print(sorted(m for m in sys.modules if m.startswith('slack_sdk')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
