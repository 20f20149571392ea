"""How an answer looks: the one renderer shared by the command line and Slack.

A lookup or explain result (the dicts of INTERFACE.md) is first turned into a small view model
(`AnswerView`: groups of `MatchView`s, hints, suggestions); the plain text the CLI prints and the
Block Kit blocks Slack shows are both drawn from it, so `errcode lookup` and `/errcode` show the
same content: vendor and product, code and name, meaning, handling, source.
"""

from bot.render.blocks import (
    BUTTON_VALUE_MAX,
    ORIGINAL_ACTION,
    SHARE_ACTION,
    SLACK_COMMAND,
    CatalogLine,
    catalog_lines,
    clip,
    escape,
    explain_blocks,
    fallback_text,
    help_blocks,
    home_view,
    lookup_blocks,
    original_request,
    original_value,
    share_value,
    usage_blocks,
    vendors_blocks,
    vendors_text,
)
from bot.render.text import CLI_COMMAND, explain_text, lookup_text
from bot.render.view import (
    AnswerView,
    FindingView,
    MatchView,
    explain_view,
    has_answer,
    lookup_view,
    match_view,
)

__all__ = [
    "BUTTON_VALUE_MAX",
    "CLI_COMMAND",
    "ORIGINAL_ACTION",
    "SHARE_ACTION",
    "SLACK_COMMAND",
    "AnswerView",
    "CatalogLine",
    "FindingView",
    "MatchView",
    "catalog_lines",
    "clip",
    "escape",
    "explain_blocks",
    "explain_text",
    "explain_view",
    "fallback_text",
    "has_answer",
    "help_blocks",
    "home_view",
    "lookup_blocks",
    "lookup_text",
    "lookup_view",
    "match_view",
    "original_request",
    "original_value",
    "share_value",
    "usage_blocks",
    "vendors_blocks",
    "vendors_text",
]
