"""bot.render's public names, and what importing the layers below it costs."""

from __future__ import annotations

import subprocess
import sys


def test_every_public_render_name_resolves():
    from bot import render

    assert render.__all__ and all(getattr(render, name) is not None for name in render.__all__)


def test_search_and_payload_load_without_slack():
    # The search says its notes with bot/render/words.py; that must not bring Block Kit along.
    code = "import sys, bot.search, bot.payload; print(sorted(m for m in sys.modules if m.startswith(('slack', 'bot.render.'))))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['bot.render.words']"
