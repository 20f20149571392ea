"""Block Kit of an answer, as Slack shows it (slack_sdk's models validate every block)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.render.view import (
    _KIND_LABELS,
    _LABELS,
    MAX_FINDINGS_SHOWN,
    AnswerView,
    MatchView,
    explain_view,
    lookup_view,
)
from bot.vendors import vendor_display

SHARE_ACTION = "errcode_share"
ORIGINAL_ACTION = "errcode_original"  # "原文 / Original": the vendor's own words of a translated answer
SLACK_COMMAND = "/errcode"

# Slack's limits (Block Kit reference): a section's text, a message's blocks, a header, a button value.
SECTION_TEXT_MAX = 3000
BLOCKS_MAX = 50
HEADER_MAX = 150
BUTTON_VALUE_MAX = 2000
MESSAGE_TEXT_MAX = 3000  # the notification/fallback text; Slack allows more, nobody reads more


def escape(text: str) -> str:
    """Slack's mrkdwn escaping: `<!channel>` or `<@U123>` typed by a user never becomes a ping."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _code_span(code: str) -> str:
    return "`" + escape(code.replace("`", "'")) + "`"


def _match_mrkdwn(m: MatchView, labels: dict) -> str:
    name = f"  {escape(m.name)}" if m.name and m.name != m.code else ""
    kind = f"  _{_KIND_LABELS[m.kind]}_" if m.kind in _KIND_LABELS else ""
    lines = [f"*{escape(m.origin)}*", f"*{_code_span(m.code)}*{name}{kind}"]
    for key, value in (
        ("meaning", m.meaning),
        ("handling", m.handling),
        ("context", m.context),
        ("note", m.note),
    ):
        if value:
            lines.append(f"*{labels[key]}:* {escape(value)}")
    return clip("\n".join(lines), SECTION_TEXT_MAX)


def _source_context(m: MatchView, labels: dict) -> ContextBlock:
    source = m.source or m.url or "?"
    url = m.url or (source if source.startswith(("http://", "https://")) else None)
    shown = f"<{url}|{escape(source)}>" if url and not any(c in url for c in "<>|") else escape(source)
    parts = [f"{labels['source']}: {shown}"]
    if m.catalog:
        parts.append(f"catalog `{escape(m.catalog)}`")
    if m.section:
        parts.append(escape(m.section))
    return ContextBlock(elements=[MarkdownTextObject(text=clip(" · ".join(parts), SECTION_TEXT_MAX))])


def _match_blocks(m: MatchView, labels: dict) -> list[Block]:
    return [SectionBlock(text=MarkdownTextObject(text=_match_mrkdwn(m, labels))), _source_context(m, labels)]


def _note(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=clip(text, SECTION_TEXT_MAX))])


def _usage_mrkdwn(command: str = SLACK_COMMAND) -> str:
    return (
        f"Try a code (`{command} 433`), a symbolic name (`{command} AuthFailure.SignatureExpire`) "
        f"or words (`{command} 签名过期`); add a vendor to narrow (`{command} agora 433`). "
        f"`{command} vendors` lists the catalogs, `{command} help` explains more."
    )


def share_value(query: str, lang: str | None) -> str:
    """The Share button's value: enough to render the same answer again, within Slack's 2000 chars."""

    def encode(q: str) -> str:
        return json.dumps({"q": q, "lang": lang}, ensure_ascii=False, separators=(",", ":"))

    value = encode(query)
    while len(value) > BUTTON_VALUE_MAX:
        query = query[: max(0, len(query) - (len(value) - BUTTON_VALUE_MAX) - 8)]
        value = encode(query)
    return value


def _entry_keys(matches: Iterable[dict], limit: int) -> list[list]:
    return [
        [m.get("catalog"), str(m.get("code", "")), m.get("kind"), m.get("name"), m.get("score")]
        for m in list(matches)[:limit]
    ]


def original_value(result: dict, lang: str) -> str:
    """The "原文 / Original" button's value: the language to show and the entries shown (catalog,
    code, kind, name, score), so the same entries come back in the vendor's words even where the
    query can't be run again (a paste, a thread follow-up). Within Slack's 2000 chars."""
    if "findings" in result:
        findings = [
            [str(f.get("code", "")), f.get("vendor"), _entry_keys(f.get("matches") or [], 3)]
            for f in (result.get("findings") or [])[:MAX_FINDINGS_SHOWN]
        ]
        data: dict = {"lang": lang, "f": findings}
    else:
        data = {
            "lang": lang,
            "q": clip(str(result.get("query") or ""), 300),
            "e": _entry_keys(result.get("matches") or [], 10),
        }
    value = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    while len(value) > BUTTON_VALUE_MAX and (data.get("f") or data.get("e")):
        (data.get("f") or data.get("e")).pop()
        value = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return value


def original_request(value: str) -> dict:
    """The decoded value of an "原文 / Original" button; ValueError when it is not ours."""
    data = json.loads(value)
    if not isinstance(data, dict) or data.get("lang") not in _LABELS:
        raise ValueError("not an errcode original value")
    keys = data.get("e") if "e" in data else [k for f in data.get("f") or [] for k in f[2]]
    if not isinstance(keys, list) or not all(isinstance(k, list) and len(k) == 5 for k in keys):
        raise ValueError("not an errcode original value")
    return data


def _original_button(view: AnswerView, value: str) -> ButtonElement:
    return ButtonElement(text=view.labels["original"], action_id=ORIGINAL_ACTION, value=value)


def _finish(blocks: list[Block], tail: Sequence[Block] = ()) -> list[dict]:
    """Keep within Slack's block count (the tail, e.g. the Share button, always stays) and validate
    every block: slack_sdk's to_dict() raises on a block Slack would refuse."""
    room = BLOCKS_MAX - len(tail)
    if len(blocks) > room:
        blocks = blocks[: room - 1] + [_note("…more left out; narrow the query.")]
    return [b.to_dict() for b in [*blocks, *tail]]


def lookup_blocks(
    result: dict,
    lang: str | None = None,
    *,
    command: str = SLACK_COMMAND,
    share: bool = False,
    shared_by: str | None = None,
    original: bool = True,
) -> list[dict]:
    """Blocks for a lookup answer. `share`: add the Share button; `shared_by`: a user id credited on
    top; `original`: a "原文 / Original" button when the answer is a translation."""
    view = lookup_view(result, lang)
    lang = lang or result.get("lang")
    blocks: list[Block] = []
    if shared_by:
        cmd = f"`{command} {escape(clip(view.query, 200))}`"
        blocks.append(_note(view.labels["shared"].format(user=f"<@{escape(shared_by)}>", cmd=cmd)))
    if not view.matches:
        text = view.labels["no_match"].format(q=f"*{escape(clip(view.query, 300))}*")
        if view.suggestions:
            spans = ", ".join(_code_span(s) for s in view.suggestions)
            text += "\n" + view.labels["did_you_mean"].format(s=spans)
        blocks.append(SectionBlock(text=MarkdownTextObject(text=clip(text, SECTION_TEXT_MAX))))
        if view.hint:
            blocks.append(_note(escape(view.hint)))
        blocks.append(_note(_usage_mrkdwn(command)))
        return _finish(blocks)
    if len(view.matches) > 1:
        blocks.append(
            _note(
                view.labels["n_matches"].format(n=len(view.matches), q=f"*{escape(clip(view.query, 300))}*")
            )
        )
    for vendor, matches in view.groups:
        if len(view.groups) > 1:
            blocks.append(HeaderBlock(text=clip(vendor, HEADER_MAX)))
        for m in matches:
            blocks.extend(_match_blocks(m, view.labels))
    tail = []
    if view.hint:
        tail.append(escape(view.hint))
    if view.narrow_example:
        tail.append(view.labels["narrow"].format(x=f"`{command} {escape(view.narrow_example)}`"))
    if tail:
        blocks.append(_note("\n".join(tail)))
    elements: list[ButtonElement] = []
    if share:
        elements.append(
            ButtonElement(
                text=view.labels["share"],
                action_id=SHARE_ACTION,
                value=share_value(view.query, lang),
                style="primary",
            )
        )
    if original and view.original_lang:
        elements.append(_original_button(view, original_value(result, view.original_lang)))
    buttons: list[Block] = [DividerBlock(), ActionsBlock(elements=elements)] if elements else []
    return _finish(blocks, buttons)


def explain_blocks(result: dict, lang: str | None = None, *, original: bool = True) -> list[dict]:
    """Blocks for the errors found in a message: each finding, then its catalog entries; with a
    "原文 / Original" button when the answer is a translation (`original`)."""
    view = explain_view(result, lang)
    blocks: list[Block] = []
    for f in view.findings:
        head = view.labels["found"].format(code=_code_span(f.code)) + (
            f" ({escape(f.vendor)})" if f.vendor else ""
        )
        extra = []
        if f.message:
            extra.append(f"message: {escape(clip(f.message, 300))}")
        if f.request_id:
            extra.append(f"request id: {_code_span(clip(f.request_id, 100))}")
        extra.extend(escape(clip(detail, 300)) for detail in f.details)
        blocks.append(_note(head + ("  ·  " + "  ·  ".join(extra) if extra else "")))
        if not f.matches and not f.says_why:
            blocks.append(_note(view.labels["no_entry"]))
        for m in f.matches[:3]:
            blocks.extend(_match_blocks(m, view.labels))
        blocks.append(DividerBlock())
    if blocks and isinstance(blocks[-1], DividerBlock):
        blocks.pop()
    if view.more_findings:
        blocks.append(_note(view.labels["more_findings"].format(n=view.more_findings)))
    tail: list[Block] = []
    if original and view.original_lang:
        tail.append(
            ActionsBlock(elements=[_original_button(view, original_value(result, view.original_lang))])
        )
    return _finish(blocks, tail)


def fallback_text(result: dict, lang: str | None = None) -> str:
    """The message `text` Slack shows in notifications and where blocks can't be drawn."""
    if "findings" in result:
        view = explain_view(result, lang)
        ms = [f.matches[0] for f in view.findings if f.matches]
        why = [f"{f.code}: {f.details[0]}" for f in view.findings if not f.matches and f.says_why and f.details]
        if not ms and why:  # "401: Looks like a LiveKit error; errcode has no LiveKit catalog."
            return clip(escape("; ".join(why)), MESSAGE_TEXT_MAX)
    else:
        view = lookup_view(result, lang)
        ms = view.matches[:1]
        if not ms:
            return clip(f"Nothing in the catalogs matches {escape(view.query)}.", MESSAGE_TEXT_MAX)
    return clip(
        "; ".join(escape(f"{m.vendor} {m.title}: {m.meaning}") for m in ms) or "errcode", MESSAGE_TEXT_MAX
    )


# ---------------------------------------------------------------- help, vendors, App Home


@dataclass(frozen=True)
class CatalogLine:
    id: str
    vendor: str  # display name
    product: str | None
    entries: int
    source: str | None


def catalog_lines(catalogs: Sequence, lang: str | None = None) -> list[CatalogLine]:
    """From bot.catalogs.Catalog objects (knowledge().loaded.catalogs)."""
    return [
        CatalogLine(c.id, vendor_display(c.vendor, lang), c.product, len(c.entries), c.url or c.source)
        for c in catalogs
    ]


def vendors_text(lines: Sequence[CatalogLine]) -> str:
    if not lines:
        return "No catalogs are loaded."
    return "\n".join(f"{c.vendor} · {c.product or c.id} ({c.id}): {c.entries} entries" for c in lines)


def _vendors_mrkdwn(lines: Sequence[CatalogLine]) -> str:
    if not lines:
        return "No catalogs are loaded."
    total = sum(c.entries for c in lines)
    rows = [
        f"• *{escape(c.vendor)}* · {escape(c.product or c.id)} (`{escape(c.id)}`): {c.entries} entries"
        for c in lines
    ]
    return clip("\n".join(rows + [f"_{len(lines)} catalogs, {total} entries._"]), SECTION_TEXT_MAX)


def vendors_blocks(lines: Sequence[CatalogLine]) -> list[dict]:
    return _finish([SectionBlock(text=MarkdownTextObject(text=_vendors_mrkdwn(lines)))])


def _help_mrkdwn(command: str = SLACK_COMMAND) -> str:
    return (
        "*errcode* tells you what an RTC vendor's error code means and what to do about it.\n"
        f"• `{command} 433`, `{command} agora 433`, `{command} AuthFailure.SignatureExpire`, "
        f"`{command} 签名过期`: look something up (only you see the answer; *Share in channel* posts it).\n"
        f"• `{command} vendors`: the catalogs errcode knows. "
        "Answers come in your Slack language (a query in Chinese gets Chinese); "
        "`lang:zh` or `lang:en` in a query picks one, and *原文 / Original* shows the vendor's own words.\n"
        "• Paste an error (JSON, a log line, an SDK exception) in a channel I'm in, in a direct message, "
        'or mention me: I answer in the thread. Ask a follow-up there ("and 435?") and I keep the vendor.'
    )


def help_blocks(command: str = SLACK_COMMAND) -> list[dict]:
    return _finish([SectionBlock(text=MarkdownTextObject(text=_help_mrkdwn(command)))])


def usage_blocks(command: str = SLACK_COMMAND) -> list[dict]:
    return _finish(
        [
            SectionBlock(text=MarkdownTextObject(text=f"Give `{command}` something to look up.")),
            _note(_usage_mrkdwn(command)),
        ]
    )


def home_view(lines: Sequence[CatalogLine]) -> dict:
    """The App Home tab: how to use errcode and the catalogs it knows."""
    blocks: list[Block] = [
        HeaderBlock(text="errcode"),
        SectionBlock(text=MarkdownTextObject(text=_help_mrkdwn())),
        DividerBlock(),
        HeaderBlock(text="Catalogs"),
        SectionBlock(text=MarkdownTextObject(text=_vendors_mrkdwn(lines))),
    ]
    return {"type": "home", "blocks": _finish(blocks)}
