"""What the bot says: bot.api called off the event loop, rendered by bot.render.

Lookups and explains are CPU work on user-sized input (a 45,000-character paste), so they run in
a small thread pool of their own with a timeout: the event loop keeps serving other requests, and
aiohttp's DNS lookups (which use the default executor) never queue behind them.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import logging
import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from bot import api, insights, lang, metrics, render
from bot.render import insights as insight_words
from bot.render import view as render_view
from bot.render import words
from bot.render.blocks import SHOWN, SHOWN_ALL
from bot.vendors import vendor_for_word

log = logging.getLogger("errcode.slack")

LOOKUP_TIMEOUT = 10.0
EXPLAIN_TIMEOUT = 20.0
MAX_TEXT_CHARS = 100_000  # Slack cuts a message at 40,000; anything longer is not a Slack message
_executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="errcode-answer")


@dataclass(frozen=True)
class Reply:
    text: str  # notification / fallback text
    blocks: list[dict]
    vendor: str | None = None  # vendor of the best match: narrows follow-ups in the thread
    answered: bool = False  # holds at least one catalog match
    # What the answer adds to the workspace's stats (no user text), and its language: an answer
    # with an insight can take 👍/👎 buttons (with_feedback).
    insight: insights.Insight | None = None
    lang: str | None = None

    def message(self) -> dict:
        return {"text": self.text, "blocks": self.blocks}


def with_feedback(reply: Reply) -> Reply:
    """The answer with 👍/👎 buttons, when it is an answer (not help or a note)."""
    if reply.insight is None:
        return reply
    blocks = insight_words.with_feedback(reply.blocks, reply.insight.entry, reply.insight.fingerprint, reply.lang)
    return dataclasses.replace(reply, blocks=blocks)


def _covered() -> set[str]:
    return insights.covered_vendors(api.knowledge().loaded.catalogs)


# Answers waiting for the pool; beyond either bound a flood is shed, not queued. Sized so a
# half-second stall at 300 requests/s (150 short answers) is absorbed, not shed (64 was not),
# while at most MAX_QUEUED_CHARS of pasted text wait in memory.
MAX_QUEUED = 1000
MAX_QUEUED_CHARS = 4_000_000
_queued = 0  # only touched on the event loop's thread
_queued_chars = 0


class Shed(asyncio.TimeoutError):
    """Not even started: MAX_QUEUED answers (or MAX_QUEUED_CHARS of text) are already waiting.
    (A TimeoutError, so callers that only know timeouts still give up cleanly.)"""

    def __init__(self, operation: str, waiting: int, waiting_chars: int):
        super().__init__(f"{waiting} answers already waiting")
        self.operation, self.waiting, self.waiting_chars = operation, waiting, waiting_chars

    def log(self) -> None:
        log.warning(
            "answer shed: too many answers waiting",
            extra={"operation": self.operation, "waiting": self.waiting, "waiting_chars": self.waiting_chars},
        )


async def off_loop(fn, *args, timeout: float, operation: str, **kwargs):
    """Run `fn` in the answer pool; raises TimeoutError after `timeout` seconds, and TimeoutError
    at once (Shed) when MAX_QUEUED answers are already waiting (a flood of pastes is shed, not queued).

    A timed-out call keeps its thread until it returns (Python can't kill a thread); the pool
    bound keeps a flood of heavy pastes from taking more than its four threads."""
    global _queued, _queued_chars
    chars = sum(len(a) for a in args if isinstance(a, str))
    if _queued >= MAX_QUEUED or _queued_chars + chars > MAX_QUEUED_CHARS:
        metrics.ERRORS.labels("overloaded").inc()
        raise Shed(operation, _queued, _queued_chars)
    loop = asyncio.get_running_loop()
    started = time.perf_counter()
    _queued += 1
    _queued_chars += chars
    try:
        return await asyncio.wait_for(
            loop.run_in_executor(_executor, functools.partial(fn, *args, **kwargs)), timeout
        )
    finally:
        _queued -= 1
        _queued_chars -= chars
        metrics.ANSWER_LATENCY.labels(operation).observe(time.perf_counter() - started)


def _note(text: str) -> Reply:
    return Reply(text=text, blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": text}}])


def too_slow(language: str | None) -> Reply:
    return _note(words.word(language, "too_slow"))


def busy(language: str | None) -> Reply:
    return _note(words.word(language, "busy"))


def broken(language: str | None) -> Reply:
    return _note(words.word(language, "broken"))


# ------------------------------------------------------------------ slash command


def parse_query(text: str, locale: str | None = None) -> tuple[str, str]:
    """(query without a `lang:xx` token, answer language); `locale`: the asker's Slack locale."""
    query, language = lang.resolve(text.strip(), locale=locale)
    return query.strip(), language


async def lookup_reply(
    query: str,
    language: str | None,
    *,
    share: bool,
    shared_by: str | None = None,
    all_shown: bool = False,
) -> Reply:
    """`all_shown`: every match found (the "N more" button), not the first SHOWN."""
    try:
        result = await off_loop(
            api.lookup, query, lang=language, limit=SHOWN_ALL, timeout=LOOKUP_TIMEOUT, operation="lookup"
        )
    except Shed as shed:
        shed.log()
        return busy(language)
    except asyncio.TimeoutError:
        log.warning("lookup timed out", extra={"chars": len(query)})
        return too_slow(language)
    except Exception:
        log.exception("lookup failed")
        metrics.ERRORS.labels("lookup").inc()
        return broken(language)
    answered = bool(result.get("matches"))
    blocks = render.lookup_blocks(
        result, language, share=share and answered, shared_by=shared_by, shown=SHOWN, all_shown=all_shown
    )
    vendor = result["matches"][0].get("vendor") if answered else None
    insight = insights.observe_lookup(query, result, _covered())
    return Reply(render.fallback_text(result, language), blocks, vendor, answered, insight, language)


async def command_reply(text: str, *, locale: str | None = None) -> Reply:
    """The answer to `/errcode TEXT`: usage, help, vendors, or a lookup with a Share button."""
    query, language = parse_query(unescape(text[:MAX_TEXT_CHARS]), locale)
    word = query.lower()
    if not query:
        return Reply(words.word(language, "usage_title", cmd="/errcode"), render.usage_blocks(language))
    if words.is_help(word):
        return help_reply(language)
    if word in ("vendors", "catalogs", "list", "厂商", "目录"):
        lines = render.catalog_lines(api.knowledge().loaded.catalogs, language)
        return Reply(render.vendors_text(lines, language), render.vendors_blocks(lines, language))
    return await lookup_reply(query, language, share=True)


def help_reply(language: str | None) -> Reply:
    return Reply(words.word(language, "help_title"), render.help_blocks(language))


def share_request(value: str) -> tuple[str, str | None]:
    """The (query, lang) a Share button carries; ValueError when it is not ours."""
    query, language, _ = render.query_request(value)
    return query, language


# ------------------------------------------------------------------ messages

_MENTION = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>")
_LABELLED_LINK = re.compile(r"<((?:https?|mailto):[^<>|]+)\|([^<>]*)>")
_LINK = re.compile(r"<((?:https?|mailto):[^<>|]+)>")
_CHANNEL = re.compile(r"<#[CG][A-Z0-9]+(?:\|([^>]*))?>")
_SPECIAL = re.compile(r"<![a-z^][^>]*>")
# Codes a follow-up may name: 435, AuthFailure.SignatureExpire, Connect_Failed, serviceIdle
# (ASCII boundaries: "那435呢？" has no space around the code; InvalidParameter starts with a capital)
_CODE_TOKEN = re.compile(
    r"(?<![A-Za-z0-9_.])(?:\d{1,6}|[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)+|[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+"
    r"|[a-z]+[A-Z][A-Za-z0-9]*|[A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+)(?![A-Za-z0-9_]|\.[A-Za-z0-9])"
)


def plain_text(slack_text: str) -> str:
    """A message's text as the user typed it: mentions dropped, links and Slack's escapes undone."""
    text = _MENTION.sub(" ", slack_text)
    text = _LABELLED_LINK.sub(lambda m: m.group(2) or m.group(1), text)
    text = _LINK.sub(r"\1", text)
    text = _CHANNEL.sub(lambda m: "#" + (m.group(1) or "channel"), text)
    text = _SPECIAL.sub(" ", text)
    return unescape(text).strip()


def unescape(slack_text: str) -> str:
    """Undo Slack's escaping of & < > (render.escape puts it back wherever text is shown)."""
    return slack_text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _prefer_vendor(result: dict, vendor: str | None) -> dict:
    """In a thread about one vendor, a finding whose payload named no vendor keeps that vendor's matches."""
    if not vendor:
        return result
    findings = []
    for finding in result.get("findings") or []:
        matches = finding.get("matches") or []
        if not finding.get("vendor"):
            matches = [m for m in matches if m.get("vendor") == vendor] or matches
        findings.append({**finding, "matches": matches})
    return {**result, "findings": findings}


FOLLOW_UP_MAX_CHARS = 200  # "and 435?", "what about SignatureExpire" — not a paragraph of chatter
FOLLOW_UP_MIN_SCORE = 90  # exact codes and their symbolic tails; no typo guesses in a conversation


def may_be_follow_up(slack_text: str) -> bool:
    """Short and naming something code-like: worth checking whether its thread is one we answered."""
    text = plain_text(slack_text[: FOLLOW_UP_MAX_CHARS * 4])
    return len(text) <= FOLLOW_UP_MAX_CHARS and bool(_CODE_TOKEN.search(text))


def _follow_up_lookup(text: str, vendor: str | None, language: str | None) -> dict:
    """Codes named in a short follow-up ("and 435?"), the thread's vendor first."""
    if len(text) > FOLLOW_UP_MAX_CHARS:
        return {"query": text, "matches": []}
    named = [v for v in map(vendor_for_word, re.findall(r"[\w.-]+", text)) if v]
    vendor = named[0] if named else vendor  # "and netease 404?" overrides the thread's vendor
    index = api.knowledge().index
    if vendor and vendor not in {c.vendor for c in index.catalogs}:  # "and livekit 401?": no one else's entry
        return {"query": text, "matches": [], "unknown": None, "uncovered": vendor}
    for token in dict.fromkeys(_CODE_TOKEN.findall(text)):
        matches = index.matches_for_code(token, vendor, limit=5, lang=language)
        matches = [m for m in matches if (m.get("score") or 0) >= FOLLOW_UP_MIN_SCORE]
        if vendor:
            matches = [m for m in matches if m.get("vendor") == vendor] or matches
        if matches:
            return {"query": token, "matches": matches}
    return {"query": text, "matches": [], "unknown": _asked_code(text, index)}


def _asked_code(text: str, index) -> str | None:
    """The code a follow-up asks about, read by the lookup grammar (bot.search.query): "and 4242?"
    asks; "retrying in 5 minutes" does not (a quantity), nor does a sentence about something else."""
    from bot.search.query import parse

    parsed = parse(text, index.index.vendor_words, index.index.catalog_ids)
    if len(parsed.content_words) > 3:
        return None
    return next((c.text for c in parsed.codes if c.kind != "number" or len(c.text) >= 2), None)


async def message_reply(
    slack_text: str,
    *,
    direct: bool,
    in_known_thread: bool = False,
    vendor: str | None = None,
    locale: str | None = None,
    observed: list | None = None,
    share: bool = False,
) -> Reply | None:
    """The answer to a message, or None when it should get no reply. `observed` gets the paste's
    insight even when nothing is said (codes found in a channel paste that no entry holds).

    direct: a mention or a direct message (the user asked us, so always answer);
    in_known_thread / vendor: a follow-up in a thread we answered, and the vendor seen there;
    share: a private answer (the message shortcut) gets a Share button."""
    text = plain_text(slack_text[:MAX_TEXT_CHARS])
    if not text:
        return help_reply(lang.answer_language(locale=locale)) if direct else None
    _, language = lang.resolve(text[:2000], locale=locale, paste=True)
    if direct and words.is_help(text):  # "@errcode help", "帮助" in a direct message
        return help_reply(language)
    if direct and words.is_greeting(text):  # "hi": a short hello, not the no-match lecture
        return Reply(words.word(language, "greeting"), render.greeting_blocks(language))
    try:
        result = await off_loop(
            api.explain, text, lang=language, timeout=EXPLAIN_TIMEOUT, operation="explain"
        )
    except Shed as shed:
        shed.log()
        return busy(language) if direct else None
    except asyncio.TimeoutError:
        log.warning("explain timed out", extra={"chars": len(text)})
        return too_slow(language) if direct else None
    except Exception:
        log.exception("explain failed")
        metrics.ERRORS.labels("explain").inc()
        return broken(language) if direct else None
    result = _prefer_vendor(result, vendor)
    found = [f for f in result.get("findings") or [] if f.get("matches")]
    insight = insights.observe_explain(text, result, _covered())
    if observed is not None:
        observed.append(insight)
    if found:
        best = found[0]
        blocks = render.explain_blocks(result, language)
        if share:
            value = insight_words.share_entries_value(result, language or "en", insight.fingerprint)
            blocks = insight_words.with_share(blocks, value, language)
        return Reply(
            render.fallback_text(result, language),
            blocks,
            best.get("vendor") or best["matches"][0].get("vendor"),
            True,
            insight,
            language,
        )
    said = [f for f in result.get("findings") or [] if f.get("uncovered") or f.get("not_in_catalogs")]
    if said and (in_known_thread or direct):  # whose it looks like, or that the vendor's catalogs lack it
        blocks = render.explain_blocks(result, language)
        return Reply(render.fallback_text(result, language), blocks, None, False, insight, language)
    if in_known_thread:
        try:
            follow = await off_loop(
                _follow_up_lookup, text, vendor, language, timeout=LOOKUP_TIMEOUT, operation="lookup"
            )
        except Shed as shed:
            shed.log()
            return None
        except asyncio.TimeoutError:
            log.warning("follow-up lookup timed out", extra={"chars": len(text)})
            return None
        if follow["matches"]:
            blocks = render.lookup_blocks(follow, language)
            return Reply(
                render.fallback_text(follow, language),
                blocks,
                follow["matches"][0].get("vendor"),
                True,
                insights.observe_lookup(text, follow, _covered()),
                language,
            )
        unknown = insights.observe_lookup(text, follow, _covered(), vendor=vendor)
        if follow.get("uncovered"):
            note = _note(render_view.uncovered_text(follow["uncovered"], language))
            return dataclasses.replace(note, insight=unknown, lang=language)
        if follow.get("unknown"):  # a code named in an answered thread: say it is unknown, not nothing
            note = _note(render_view.not_in_catalogs_text(render.escape(follow["unknown"]), language))
            return dataclasses.replace(note, insight=unknown, lang=language)
    if direct:
        if result.get("findings"):  # codes found, none in the catalogs: say so
            blocks = render.explain_blocks(result, language)
            return Reply(render.fallback_text(result, language), blocks, None, False, insight, language)
        query, language = parse_query(text[:2000], locale)
        return await lookup_reply(query, language, share=share)
    return None
