"""What each surface gets: a Reply (text, blocks, what it answered) from bot.api, drawn by bot.render.

The work runs in the answer pool (bot/slack/workers.py), off the event loop (a short lookup, µs of
work, on it); the language, the Slack text made plain, follow-ups and the entries a button names
are bot.api's.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import weakref
from collections import OrderedDict
from dataclasses import dataclass

from bot import api, insights, metrics, render
from bot.render import insights as insight_words
from bot.render import words
from bot.render.blocks import SHOWN, SHOWN_ALL
from bot.slack.workers import AnswerPool, Shed

log = logging.getLogger("errcode.slack")

LOOKUP_TIMEOUT = 10.0
EXPLAIN_TIMEOUT = 20.0
MAX_TEXT_CHARS = 100_000  # Slack cuts a message at 40,000; anything longer is not a Slack message


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
    return Reply(**{**vars(reply), "blocks": blocks})  # (dataclasses.replace, without its walk of the fields)


def _covered() -> set[str]:
    """The vendors of the catalogs served, found once per knowledge (a reload swaps it whole)."""
    global _covered_of
    knowledge = api.knowledge()
    known = _covered_of
    if known[0] is None or known[0]() is not knowledge:
        known = _covered_of = (weakref.ref(knowledge), frozenset(insights.covered_vendors(knowledge.loaded.catalogs)))
    return known[1]


_covered_of: tuple = (None, frozenset())  # (the knowledge, weakly, and its vendors): replaced whole


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
    query, language = api.query_and_language(text.strip(), locale=locale)
    return query.strip(), language


async def lookup_reply(
    query: str,
    language: str | None,
    *,
    pool: AnswerPool,
    share: bool,
    shared_by: str | None = None,
    all_shown: bool = False,
) -> Reply:
    """`all_shown`: every match found (the "N more" button), not the first SHOWN."""
    try:
        result = await pool.run(
            api.lookup_result, query, lang=language, limit=SHOWN_ALL, timeout=LOOKUP_TIMEOUT, operation="lookup",
            short_inline=True,
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
    answered = bool(result.matches)
    key = (query, language, share, shared_by, all_shown)
    drawn = _drawn.get(key)
    if drawn is not None and drawn[0] == result:
        _drawn.move_to_end(key)
        text, blocks = drawn[1], list(drawn[2])
        _DRAWN_HIT.inc()
    else:
        _DRAWN_MISS.inc()
        blocks = render.lookup_blocks(
            result, language, share=share and answered, shared_by=shared_by, shown=SHOWN, all_shown=all_shown
        )
        text = render.fallback_text(result, language)
        _drawn[key] = (result, text, tuple(blocks))
        if len(_drawn) > DRAWN_MAX:
            _drawn.popitem(last=False)
    vendor = result.matches[0].vendor if answered else None
    insight = insights.observe_lookup(query, result, _covered())
    return Reply(text, blocks, vendor, answered, insight, language)


# The answers drawn for recent queries: a code asked again ("433", "agora 433") gets the same
# result, and drawing it (Block Kit and its text, 100-300 µs) is most of a slash command's own
# work. Drawing is a function of the result and the options alone, so a drawing is reused only
# for a result equal to the one it was drawn from (whatever a catalog reload changed). Bounded:
# DRAWN_MAX queries, a few KB each. Nothing downstream changes a reply's blocks in place (the
# buttons added after are new lists and dicts), and each reply gets its own list.
DRAWN_MAX = 256
_DRAWN_HIT, _DRAWN_MISS = metrics.DRAWN_ANSWERS.labels("hit"), metrics.DRAWN_ANSWERS.labels("miss")
_drawn: OrderedDict[tuple, tuple] = OrderedDict()


async def command_reply(text: str, *, pool: AnswerPool, locale: str | None = None) -> Reply:
    """The answer to `/errcode TEXT`: usage, help, vendors, or a lookup with a Share button."""
    query, language = parse_query(api.unescape(text[:MAX_TEXT_CHARS]), locale)
    word = query.lower()
    if not query:
        return Reply(words.word(language, "usage_title", cmd="/errcode"), render.usage_blocks(language))
    if words.is_help(word):
        return help_reply(language)
    if word in ("vendors", "catalogs", "list", "厂商", "目录"):
        lines = render.catalog_lines(api.catalogs(), language)
        return Reply(render.vendors_text(lines, language), render.vendors_blocks(lines, language))
    return await lookup_reply(query, language, pool=pool, share=True)


def help_reply(language: str | None) -> Reply:
    return Reply(words.word(language, "help_title"), render.help_blocks(language))


def share_request(value: str) -> tuple[str, str | None]:
    """The (query, lang) a Share button carries; ValueError when it is not ours."""
    query, language, _ = render.query_request(value)
    return query, language


# ------------------------------------------------------------------ messages


async def message_reply(
    slack_text: str,
    *,
    pool: AnswerPool,
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
    text = api.plain_text(slack_text[:MAX_TEXT_CHARS])
    if not text:
        return help_reply(api.default_language(locale)) if direct else None
    _, language = api.paste_and_language(text[:2000], locale=locale)
    if direct and words.is_help(text):  # "@errcode help", "帮助" in a direct message
        return help_reply(language)
    if direct and words.is_greeting(text):  # "hi": a short hello, not the no-match lecture
        return Reply(words.word(language, "greeting"), render.greeting_blocks(language))
    try:
        result = await pool.run(
            api.explain_result, text, lang=language, prefer_vendor=vendor, timeout=EXPLAIN_TIMEOUT,
            operation="explain", short_inline=True,
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
    found = [f for f in result.findings if f.matches]
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
            best.vendor or best.matches[0].vendor,
            True,
            insight,
            language,
        )
    said = [f for f in result.findings if f.uncovered is not None or f.not_in_catalogs]
    if said and (in_known_thread or direct):  # whose it looks like, or that the vendor's catalogs lack it
        blocks = render.explain_blocks(result, language)
        return Reply(render.fallback_text(result, language), blocks, None, False, insight, language)
    if in_known_thread:
        gave_up, follow = await _follow_up_reply(text, vendor, language, pool)
        if gave_up or follow is not None:
            return follow
    if direct:
        if result.findings:  # codes found, none in the catalogs: say so
            blocks = render.explain_blocks(result, language)
            return Reply(render.fallback_text(result, language), blocks, None, False, insight, language)
        query, language = parse_query(text[:2000], locale)
        return await lookup_reply(query, language, pool=pool, share=share)
    return None


async def _follow_up_reply(
    text: str, vendor: str | None, language: str, pool: AnswerPool
) -> tuple[bool, Reply | None]:
    """A short follow-up in a thread we answered ("and 435?"): its codes, the thread's vendor first.
    (gave up: shed or timed out, so nothing more is tried; the reply, or None when nothing matched)."""
    try:
        follow = await pool.run(
            api.follow_up, text, vendor=vendor, lang=language, timeout=LOOKUP_TIMEOUT, operation="lookup",
            short_inline=True,
        )
    except Shed as shed:
        shed.log()
        return True, None
    except asyncio.TimeoutError:
        log.warning("follow-up lookup timed out", extra={"chars": len(text)})
        return True, None
    if follow.matches:
        blocks = render.lookup_blocks(follow, language)
        return False, Reply(
            render.fallback_text(follow, language),
            blocks,
            follow.matches[0].vendor,
            True,
            insights.observe_lookup(text, follow, _covered()),
            language,
        )
    unknown = insights.observe_lookup(text, follow, _covered(), vendor=vendor)
    if follow.uncovered:
        note = _note(render.uncovered_text(follow.uncovered.get("vendor"), language, follow.uncovered.get("product")))
        return False, dataclasses.replace(note, insight=unknown, lang=language)
    if follow.unknown:  # a code named in an answered thread: say it is unknown, not nothing
        note = _note(render.not_in_catalogs_text(render.escape(follow.unknown), language))
        return False, dataclasses.replace(note, insight=unknown, lang=language)
    return False, None


def toggled_answer(request: dict, *, share: bool, every: bool = False) -> Reply:
    """The same entries in the other language (CPU-light: a dict walk over the entries)."""
    language = request["lang"]
    if "f" in request:
        result = api.explain_entries(request["f"], lang=language)
        findings = result.findings
        blocks = render.explain_blocks(result, language, max_findings=len(findings) if every else None)
        if share and any(f.matches for f in findings):  # a private answer to a paste (the shortcut)
            value = insight_words.share_entries_value(result, language, insights.fingerprint(""))
            blocks = insight_words.with_share(blocks, value, language)
    else:
        result = api.lookup_entries(request["e"], query=request.get("q") or "", lang=language)
        blocks = render.lookup_blocks(result, language, share=share and bool(result.matches), shown=None)
    return Reply(render.fallback_text(result, language), blocks)
