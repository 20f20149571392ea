"""Buttons: Share posts the answer where the command was run; the language toggle shows the same
entries in the other language (both ways); "N more" shows the rest; did-you-mean and vendor
narrowing look their query up. Each is a short function; `register` lists them all.

A private (/errcode) answer is replaced by what the button shows; on a thread or shared
answer, only the one who pressed sees it.
"""

from __future__ import annotations

import logging
import re

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot import api, render
from bot.slack import answers, delivery
from bot.slack.listeners.fields import part, string

log = logging.getLogger("errcode.slack")


def _is_private(body: dict) -> bool:
    return part(body, "container").get("is_ephemeral") is True


def _channel(body: dict) -> str | None:
    return string(part(body, "channel"), "id") or string(part(body, "container"), "channel_id")


def _user(body: dict) -> str | None:
    return string(part(body, "user"), "id")


async def _show(body: dict, client: AsyncWebClient, reply: answers.Reply, surface: str) -> None:
    """The asker's own private answer turns into `reply`; elsewhere the presser alone sees it."""
    response_url = string(body, "response_url")
    if _is_private(body):
        await delivery.respond(response_url, surface, replace_original=True, **reply.message())
        return
    shown = await delivery.respond(
        response_url, surface, response_type="ephemeral", replace_original=False, **reply.message()
    )
    user, channel = _user(body), _channel(body)
    if shown or not user or not channel:
        return
    thread_ts = string(part(body, "message"), "thread_ts") or string(part(body, "container"), "thread_ts")
    extra = {"thread_ts": thread_ts} if thread_ts else {}
    outcome = await delivery.web_api(
        "chat.postEphemeral", client.chat_postEphemeral, channel=channel, user=user, **extra, **reply.message()
    )
    if not outcome.ok:
        delivery.failed(surface, "chat.postEphemeral", outcome)


def _query(action: dict) -> tuple[str, str | None, bool] | None:
    try:
        return render.query_request(string(action, "value") or "")
    except (ValueError, TypeError):
        log.warning("button with a value that is not ours", extra={"action_id": string(action, "action_id")})
        return None


async def share_in_channel(ack, body: dict, action: dict, client: AsyncWebClient) -> None:
    await ack()
    asked = _query(action)
    if asked is None:
        return
    query, language, all_shown = asked
    reply = await answers.lookup_reply(query, language, share=False, shared_by=_user(body), all_shown=all_shown)
    response_url = string(body, "response_url")
    # The response_url works wherever the command did, even where the bot is no member;
    # chat.postMessage is the fallback when it has expired (30 minutes) or fails.
    shared = await delivery.respond(
        response_url, "share", response_type="in_channel", replace_original=False, **reply.message()
    )
    if not shared and _channel(body):
        shared = await delivery.post_message(client, "share", channel=_channel(body), **reply.message())
    if shared:  # the private copy has done its job
        await delivery.respond(response_url, "share_cleanup", delete_original=True)


async def show_more(ack, body: dict, action: dict, client: AsyncWebClient) -> None:
    """The rest of a lookup (its query again, all shown) or of a long paste (its findings' entries)."""
    await ack()
    value = string(action, "value") or ""
    if '"f":' in value:
        await _show_findings(body, client, value)
        return
    asked = _query(action)
    if asked is not None:
        query, language, _ = asked
        reply = await answers.lookup_reply(query, language, share=_is_private(body), all_shown=True)
        await _show(body, client, reply, "more")


async def _show_findings(body: dict, client: AsyncWebClient, value: str) -> None:
    try:
        request = render.toggle_request(value)
        reply = await answers.off_loop(
            toggled_answer, request, share=False, every=True, timeout=answers.LOOKUP_TIMEOUT, operation="lookup"
        )
    except answers.Shed as shed:
        shed.log()
        return
    except Exception:
        log.warning("more button with a value that is not ours")
        return
    await _show(body, client, reply, "more")


async def look_up(ack, body: dict, action: dict, client: AsyncWebClient) -> None:
    """Did-you-mean and narrow-by-vendor buttons."""
    await ack()
    asked = _query(action)
    if asked is not None:
        query, language, _ = asked
        reply = await answers.lookup_reply(query, language, share=_is_private(body))
        await _show(body, client, reply, "query")


def toggled_answer(request: dict, *, share: bool, every: bool = False) -> answers.Reply:
    """The same entries in the other language (CPU-light: a dict walk over the entries)."""
    language = request["lang"]
    if "f" in request:
        findings = [
            {"code": code, "vendor": vendor, "message": None, "request_id": None,
             "matches": api.matches_by_key(keys, lang=language)}
            for code, vendor, keys in request["f"]
        ]
        result: dict = {"findings": findings, "lang": language}
        blocks = render.explain_blocks(result, language, max_findings=len(findings) if every else None)
    else:
        result = {
            "query": request.get("q") or "",
            "matches": api.matches_by_key(request["e"], lang=language),
            "lang": language,
        }
        blocks = render.lookup_blocks(result, language, share=share and bool(result["matches"]), shown=None)
    return answers.Reply(render.fallback_text(result, language), blocks)


original_answer = toggled_answer  # its first name


async def toggle_language(ack, body: dict, action: dict, client: AsyncWebClient) -> None:
    await ack()
    try:
        request = render.toggle_request(string(action, "value") or "")
    except (ValueError, TypeError, KeyError, IndexError):
        log.warning("language button with a value that is not ours")
        return
    try:
        reply = await answers.off_loop(
            toggled_answer, request, share=_is_private(body), timeout=answers.LOOKUP_TIMEOUT, operation="lookup"
        )
    except answers.Shed as shed:
        shed.log()
        return
    except Exception:
        log.exception("language toggle failed")
        return
    await _show(body, client, reply, "original")


def register(app: AsyncApp) -> None:
    app.action(render.SHARE_ACTION)(share_in_channel)
    app.action(render.ORIGINAL_ACTION)(toggle_language)
    app.action(render.MORE_ACTION)(show_more)
    app.action(re.compile(render.QUERY_ACTION_PATTERN))(look_up)
