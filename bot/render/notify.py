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
    MAX_FINDINGS_SHOWN,
    finding_details,
    match_view,
)
from bot.results import ExplainResult, Finding, LookupResult, Match, as_explain, as_lookup


def _first_shown(finding: Finding) -> Match:
    """The entry explain_view shows first for a finding (view._finding_matches' order)."""
    if finding.vendor and len(finding.matches) > 1:
        own = next((m for m in finding.matches if m.vendor == finding.vendor), None)
        if own is not None:
            return own
    return finding.matches[0]


# The notification text of a lookup's best match, remembered per view (views are shared per entry:
# bot.render.view), the view held beside it. Bounded.
SAID_MAX = 4096
_said: dict[int, tuple[object, str]] = {}


def _said_of(m) -> str:
    said = _said.get(id(m))
    if said is not None and said[0] is m:
        return said[1]
    text = escape(clip(without_addresses(f"{m.vendor} {m.title}: {m.meaning}"), NOTIFY_MAX))
    if len(_said) >= SAID_MAX:
        _said.clear()
    _said[id(m)] = (m, text)
    return text


def fallback_text(result: LookupResult | ExplainResult | Mapping, lang: str | None = None) -> str:
    """The message `text` Slack shows in notifications and where blocks can't be drawn: short."""
    if type(result) is LookupResult and result.matches:  # (the usual answer: its best match, said once)
        return _said_of(match_view(result.matches[0], words.language(lang or result.lang)))
    if type(result) is ExplainResult and len(result.findings) == 1 and result.findings[0].matches:
        # (most pastes: one finding, with entries: its first, said once)
        return _said_of(match_view(_first_shown(result.findings[0]), words.language(lang or result.lang)))
    if isinstance(result, ExplainResult) or (isinstance(result, Mapping) and "findings" in result):
        # What explain_view shows of each finding it shows, viewed for those findings alone: the
        # first entry (the revealed vendor's first, else the first), or why there is none.
        result = as_explain(result)
        lang = words.language(lang or result.lang)
        shown = result.findings[:MAX_FINDINGS_SHOWN]
        ms = [match_view(_first_shown(f), lang) for f in shown if f.matches]
        why = [
            f"{f.code}: {details[0]}"
            for f in shown
            if not f.matches and (f.uncovered is not None or f.not_in_catalogs) and (details := finding_details(f, lang))
        ]
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
