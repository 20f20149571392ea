"""A short follow-up in a thread errcode answered ("and 435?", "那435呢？"): the codes it names,
looked up with the thread's vendor first, exact codes only (no typo guesses in a conversation)."""

from __future__ import annotations

import re
from types import MappingProxyType

from bot.codes import code_tokens, has_code
from bot.results import LookupResult
from bot.search.engine import SearchIndex
from bot.vendors import vendor_for_word

FOLLOW_UP_MAX_CHARS = 200  # "and 435?", "what about SignatureExpire" — not a paragraph of chatter
FOLLOW_UP_MIN_SCORE = 90  # exact codes and their symbolic tails
def may_be_follow_up(text: str) -> bool:
    """Short and naming something code-shaped (bot.codes): worth checking whether its thread is
    one we answered ("and 435?", "那435呢？", "what about SignatureFailure")."""
    return len(text) <= FOLLOW_UP_MAX_CHARS and has_code(text)


def follow_up(index: SearchIndex, text: str, vendor: str | None, lang: str | None) -> LookupResult:
    """Codes named in a short follow-up, the thread's `vendor` first: a lookup result, with
    `unknown` (a code asked about that no catalog holds) or `uncovered` (a vendor named that no
    loaded catalog covers) when nothing matched."""
    if len(text) > FOLLOW_UP_MAX_CHARS:
        return LookupResult(query=text, lang=lang, full=False)
    named = [v for v in map(vendor_for_word, re.findall(r"[\w.-]+", text)) if v]
    vendor = named[0] if named else vendor  # "and netease 404?" overrides the thread's vendor
    if vendor and vendor not in {c.vendor for c in index.catalogs}:  # "and livekit 401?": no one else's entry
        whose = MappingProxyType({"vendor": vendor, "product": None})
        return LookupResult(query=text, lang=lang, uncovered=whose, full=False)
    for token in code_tokens(text):
        matches = [m for m in index.code_matches(token, vendor, limit=5, lang=lang) if m.score >= FOLLOW_UP_MIN_SCORE]
        if vendor:
            matches = [m for m in matches if m.vendor == vendor] or matches
        if matches:
            return LookupResult(query=token, matches=tuple(matches), lang=lang, full=False)
    return LookupResult(query=text, lang=lang, unknown=_asked_code(text, index), full=False)


def _asked_code(text: str, index: SearchIndex) -> str | None:
    """The code a follow-up asks about, read by the lookup grammar (bot.search.query): "and 4242?"
    asks; "retrying in 5 minutes" does not (a quantity), nor does a sentence about something else."""
    parsed = index.parse(text)
    if len(parsed.content_words) > 3:
        return None
    return next((c.text for c in parsed.codes if c.kind != "number" or len(c.text) >= 2), None)
