"""How an answer looks: the one renderer shared by the command line and Slack.

A lookup or explain result (the dicts of INTERFACE.md) is first turned into a view model
(`AnswerView`, bot.render.view); the plain text the CLI prints (text.py) and the Block Kit
Slack shows (blocks.py, pages.py) are both drawn from it, with every word from words.py.
This module only re-exports, lazily: the search imports words.py alone,
without Block Kit and slack_sdk.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "AnswerView": "bot.render.view",
    "BUTTON_VALUE_MAX": "bot.render.mrkdwn",
    "CLI_COMMAND": "bot.render.text",
    "CatalogLine": "bot.render.pages",
    "FindingView": "bot.render.view",
    "MORE_ACTION": "bot.render.buttons",
    "MatchView": "bot.render.view",
    "ORIGINAL_ACTION": "bot.render.buttons",
    "QUERY_ACTION": "bot.render.buttons",
    "QUERY_ACTION_PATTERN": "bot.render.buttons",
    "SHARE_ACTION": "bot.render.buttons",
    "SLACK_COMMAND": "bot.render.blocks",
    "VendorGroup": "bot.render.view",
    "catalog_lines": "bot.render.pages",
    "clip": "bot.render.mrkdwn",
    "escape": "bot.render.mrkdwn",
    "explain_blocks": "bot.render.explain_blocks",
    "explain_text": "bot.render.text",
    "explain_view": "bot.render.view",
    "fallback_text": "bot.render.notify",
    "greeting_blocks": "bot.render.pages",
    "has_answer": "bot.render.view",
    "help_blocks": "bot.render.pages",
    "home_view": "bot.render.pages",
    "lookup_blocks": "bot.render.lookup_blocks",
    "lookup_text": "bot.render.text",
    "lookup_view": "bot.render.view",
    "match_view": "bot.render.view",
    "oneline_text": "bot.render.text",
    "original_request": "bot.render.buttons",
    "original_value": "bot.render.buttons",
    "query_request": "bot.render.buttons",
    "share_value": "bot.render.buttons",
    "toggle_request": "bot.render.buttons",
    "toggle_value": "bot.render.buttons",
    "usage_blocks": "bot.render.pages",
    "usage_line": "bot.render.blocks",
    "usage_text": "bot.render.text",
    "vendors_blocks": "bot.render.pages",
    "vendors_text": "bot.render.pages",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'bot.render' has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value  # once found, a plain attribute
    return value
