"""The public Python face of errcode, and the only door the CLI and the Slack layer use.

`lookup` and `explain` return the dicts of INTERFACE.md; `lookup_result` and `explain_result`
the same answers typed (bot/results.py), as the CLI's text and the Slack layer use them; dicts
are made here, at the edge, and nowhere before. Around them: the answer language
(decided here, once, for every surface), a Slack message's text made plain, follow-ups in an
answered thread, the entries a button names again, and the catalogs. No Slack code here.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from bot import lang as answer_lang
from bot.catalogs import CatalogError
from bot.knowledge import Knowledge, KnowledgeHolder, build
from bot.render import words
from bot.results import ExplainResult, Finding, LookupResult, Match, as_explain
from bot.search import follow_up as follow_ups
from bot.search import match_dict
from bot.search.engine import match_of

__all__ = [
    "build", "catalog_entries", "CatalogError", "catalogs", "current", "default_language", "entries_by_key",
    "explain", "explain_entries", "explain_result", "follow_up", "holder", "install", "Knowledge",
    "knowledge", "lookup", "lookup_entries", "lookup_result", "may_be_follow_up", "paste_and_language",
    "plain_text", "query_and_language", "query_decides", "unescape",
]

# the vendor's message in an SDK string or log line ("message:签名过期") is not the asker's words,
# just as a quoted JSON value is not: the same error gets the same language whatever its shape
_VENDOR_MESSAGE = re.compile(
    r"(?:message|Message|msg|errmsg|desc|reason|Reason)\s{0,8}[:=]\s{0,8}[^\n]{0,2000}?(?=\s{0,8},?\s{0,8}"
    r"(?:requestId|RequestId|errorCode|code|Code)\s{0,8}[:=]|\n|$)"
)
_holder = KnowledgeHolder()  # the one swapped state: the catalogs being served and their index


# -- the knowledge ----------------------------------------------------------------------------


def holder() -> KnowledgeHolder:
    return _holder


def knowledge() -> Knowledge:
    """The knowledge being served, loaded on first use. Raises CatalogError (bundled catalogs invalid)."""
    return _holder.get()


def current() -> Knowledge | None:
    """The knowledge being served, or None before the first load (never loads)."""
    return _holder.current()


def install(new: Knowledge | None) -> None:
    """Swap in freshly built knowledge (reload), or None to load lazily again."""
    _holder.install(new)


def catalogs() -> tuple:
    """The catalogs being served (bundled and team), in load order."""
    return tuple(knowledge().loaded.catalogs)


# -- the answer language, decided once --------------------------------------------------------


def query_and_language(text: str, *, lang: str | None = None, locale: str | None = None) -> tuple[str, str]:
    """(query without its `lang:xx` token, answer language) for a lookup (bot.lang's order):
    `lang`, else the token, else Chinese for a query written in Chinese, else `locale` (the asker's
    Slack locale), else ERRCODE_LANG, else English."""
    return answer_lang.resolve(text or "", explicit=lang, locale=locale)


def paste_and_language(text: str, *, lang: str | None = None, locale: str | None = None) -> tuple[str, str]:
    """(paste without its `lang:xx` token, answer language) for a paste: only the asker's own words
    count as "written in Chinese", not a vendor's message quoted inside the payload."""
    if answer_lang.language_code(lang):  # chosen: the vendor's messages decide nothing (the Slack
        # layer's explain, its language judged on the paste's head already)
        return answer_lang.resolve(text, explicit=lang, locale=locale, paste=True)
    rest, _ = answer_lang.cut_lang_token(text)  # the language: judged on the paste without the vendor's messages
    _, language = answer_lang.resolve(_VENDOR_MESSAGE.sub(" ", text), explicit=lang, locale=locale, paste=True)
    return rest, language


def query_decides(text: str) -> bool:
    """True when the text alone fixes the language: the asker's locale need not be asked for."""
    return answer_lang.query_decides(text)


def default_language(locale: str | None = None) -> str:
    """The answer language when there is no text to judge (an empty mention, a button)."""
    return answer_lang.answer_language(locale=locale)


# -- Slack's text, made plain once ------------------------------------------------------------


def plain_text(slack_text: str) -> str:
    """A Slack message's text as the user typed it: mentions dropped, links and escapes undone."""
    from bot.payload.normalize import plain_text as plain

    return plain(slack_text)


def unescape(slack_text: str) -> str:
    """Undo Slack's escaping of & < > (a slash command's text)."""
    from bot.payload.normalize import unescape as unescaped

    return unescaped(slack_text)


# -- answers ----------------------------------------------------------------------------------


def lookup(query: str, *, limit: int = 5, lang: str | None = None, locale: str | None = None) -> dict:
    """`{"query": str, "matches": [Match, ...], "lang": str}`, best first; no match is `[]`.

    The answer language: see `query_and_language` (a `lang:xx` token is taken out before
    searching). Matches in another language than their catalog's carry the vendor's own words in
    "original"; `hint` says the search's notes in the answer's language."""
    return lookup_result(query, limit=limit, lang=lang, locale=locale).to_dict()


def lookup_result(query: str, *, limit: int = 5, lang: str | None = None, locale: str | None = None) -> LookupResult:
    """`lookup`'s answer, typed."""
    rest, language = query_and_language(query or "", lang=lang, locale=locale)
    return _with_hint(knowledge().index.search(rest, limit=limit, lang=language), language)


def _with_hint(result: LookupResult, language: str | None) -> LookupResult:
    return dataclasses.replace(result, hint=words.hints_text(result.hints, language)) if result.hints else result


def explain(
    text: str, *, lang: str | None = None, locale: str | None = None, prefer_vendor: str | None = None
) -> dict:
    """`{"findings": [Finding, ...], "lang": str}`: every error found in pasted text, in text order.

    Same language order as `lookup`, judged by `paste_and_language`. `prefer_vendor` (the vendor
    seen in a Slack thread): a finding whose payload named no vendor keeps that vendor's matches."""
    return explain_result(text, lang=lang, locale=locale, prefer_vendor=prefer_vendor).to_dict()


def explain_result(
    text: str, *, lang: str | None = None, locale: str | None = None, prefer_vendor: str | None = None
) -> ExplainResult:
    """`explain`'s answer, typed."""
    from bot.payload import explain as explain_payload

    raw = text if isinstance(text, str) else ""
    rest, language = paste_and_language(raw, lang=lang, locale=locale)
    found = explain_payload(knowledge().index, rest if isinstance(text, str) else text, lang=language)
    result = as_explain({**found, "lang": found.get("lang", language)})
    if result.skips:
        result = dataclasses.replace(result, skipped=words.skips_text(result.skips, result.lang))
    return _preferring(result, prefer_vendor)


def _preferring(result: ExplainResult, vendor: str | None) -> ExplainResult:
    if not vendor:
        return result
    findings = tuple(
        f if f.vendor else dataclasses.replace(f, matches=tuple(m for m in f.matches if m.vendor == vendor) or f.matches)
        for f in result.findings
    )
    return dataclasses.replace(result, findings=findings)


def may_be_follow_up(slack_text: str) -> bool:
    """Short and naming something code-like: worth checking whether its thread is one we answered."""
    return follow_ups.may_be_follow_up(plain_text(slack_text[: follow_ups.FOLLOW_UP_MAX_CHARS * 4]))


def follow_up(text: str, *, vendor: str | None = None, lang: str | None = None) -> LookupResult:
    """A short follow-up in an answered thread ("and 435?"): a lookup result of the codes it names,
    the thread's `vendor` first; with `unknown` (a code no catalog holds) or `uncovered` (a vendor
    named that no catalog covers) when nothing matched."""
    return _with_hint(follow_ups.follow_up(knowledge().index, text, vendor, lang), lang)


# -- the entries a button names again ---------------------------------------------------------


def entries_by_key(keys: list, *, lang: str | None = None) -> tuple[Match, ...]:
    """Matches for entries named by (catalog, code, kind, name, score), in `lang`: the "原文 /
    Original" button brings back exactly the entries an answer showed. Unknown keys are skipped
    (a catalog reloaded since)."""
    by_key = {(e.catalog, e.code, e.kind, e.name): e for e in knowledge().index.entries}
    found = []
    for key in keys:
        if not isinstance(key, (list, tuple)) or len(key) != 5:
            continue
        entry = by_key.get(tuple(key[:4]))
        if entry is not None:
            score = key[4] if isinstance(key[4], (int, float)) and not isinstance(key[4], bool) else 0.0
            found.append(match_of(entry, score, lang))
    return tuple(found)


def lookup_entries(keys: list, *, query: str, lang: str) -> LookupResult:
    """A lookup result holding exactly the entries `keys` name (a toggled lookup answer)."""
    return LookupResult(query=query, matches=entries_by_key(keys, lang=lang), lang=lang, full=False)


def explain_entries(findings: Sequence, *, lang: str) -> ExplainResult:
    """An explain result of (code, vendor, entry keys) findings (a toggled or "more" paste answer)."""
    return ExplainResult(
        findings=tuple(
            Finding(code=code, vendor=vendor, matches=entries_by_key(keys, lang=lang)) for code, vendor, keys in findings
        ),
        lang=lang,
        full=False,
    )


def catalog_entries(which: str, *, lang: str | None = None) -> dict | None:
    """`errcode list VENDOR|CATALOG`: every entry of that catalog or vendor as a lookup result
    (score 100), or None when no loaded catalog is that one."""
    from bot.vendors import vendor_for_word

    wanted = which.strip().lower()
    vendor = vendor_for_word(wanted) or wanted
    loaded = catalogs()
    chosen = [c for c in loaded if c.id == wanted] or [c for c in loaded if c.vendor == vendor]
    if not chosen:
        return None
    return {"query": which, "matches": [match_dict(e, 100.0, lang) for c in chosen for e in c.entries]}
