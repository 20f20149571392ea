"""How an answer looks: the one renderer shared by the command line and Slack.

A lookup or explain result (the dicts of INTERFACE.md) is first turned into a view model
(`AnswerView`, bot.render.view); the plain text the CLI prints (text.py) and the Block Kit
Slack shows (blocks.py, pages.py) are both drawn from it, with every word from words.py.
This module only re-exports.
"""

from bot.render.blocks import SLACK_COMMAND, explain_blocks, fallback_text, lookup_blocks, usage_line
from bot.render.buttons import (
    MORE_ACTION,
    ORIGINAL_ACTION,
    QUERY_ACTION,
    QUERY_ACTION_PATTERN,
    SHARE_ACTION,
    original_request,
    original_value,
    query_request,
    share_value,
    toggle_request,
    toggle_value,
)
from bot.render.mrkdwn import BUTTON_VALUE_MAX, clip, escape
from bot.render.pages import (
    CatalogLine,
    catalog_lines,
    greeting_blocks,
    help_blocks,
    home_view,
    usage_blocks,
    vendors_blocks,
    vendors_text,
)
from bot.render.text import CLI_COMMAND, explain_text, lookup_text, oneline_text, usage_text
from bot.render.view import (
    AnswerView,
    FindingView,
    MatchView,
    VendorGroup,
    explain_view,
    has_answer,
    lookup_view,
    match_view,
)

__all__ = [
    "BUTTON_VALUE_MAX",
    "CLI_COMMAND",
    "MORE_ACTION",
    "ORIGINAL_ACTION",
    "QUERY_ACTION",
    "QUERY_ACTION_PATTERN",
    "SHARE_ACTION",
    "SLACK_COMMAND",
    "AnswerView",
    "CatalogLine",
    "FindingView",
    "MatchView",
    "VendorGroup",
    "catalog_lines",
    "clip",
    "escape",
    "explain_blocks",
    "explain_text",
    "explain_view",
    "fallback_text",
    "greeting_blocks",
    "has_answer",
    "help_blocks",
    "home_view",
    "lookup_blocks",
    "lookup_text",
    "lookup_view",
    "match_view",
    "oneline_text",
    "original_request",
    "original_value",
    "query_request",
    "share_value",
    "toggle_request",
    "toggle_value",
    "usage_blocks",
    "usage_line",
    "usage_text",
    "vendors_blocks",
    "vendors_text",
]
