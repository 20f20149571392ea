"""The message `text` Slack shows in notifications and where blocks can't be drawn: short."""

from __future__ import annotations

from collections.abc import Mapping

from bot.render import words
from bot.render.mrkdwn import (
    NOTIFY_MAX,
    clip,
    escape,
    without_addresses,
)
from bot.render.view import (
    explain_view,
    match_view,
)
from bot.results import ExplainResult, LookupResult, as_lookup


def fallback_text(result: LookupResult | ExplainResult | Mapping, lang: str | None = None) -> str:
    """The message `text` Slack shows in notifications and where blocks can't be drawn: short."""
    if isinstance(result, ExplainResult) or (isinstance(result, Mapping) and "findings" in result):
        view = explain_view(result, lang)
        ms = [f.matches[0] for f in view.findings if f.matches]
        why = [f"{f.code}: {f.details[0]}" for f in view.findings if not f.matches and f.says_why and f.details]
        if not ms and why:  # "401: Looks like a LiveKit error; errcode has no LiveKit catalog."
            return clip(escape("; ".join(why)), NOTIFY_MAX)
    else:  # only the best match is said: its view alone (lookup_view's first match is the best)
        result = as_lookup(result)
        lang = words.language(lang or result.lang)
        if not result.matches:
            return clip(escape(words.word(lang, "notify_none", q=result.query)), NOTIFY_MAX)
        ms = [match_view(result.matches[0], lang)]
    said = "; ".join(f"{m.vendor} {m.title}: {m.meaning}" for m in ms) or "errcode"
    return escape(clip(without_addresses(said), NOTIFY_MAX))
