"""Block Kit of an answer, as Slack shows it (slack_sdk's models validate every block).

One header per vendor; that vendor's entries in one section, its document's title linked once
under them; the search's notes in one context line; the next steps as buttons (Share, "N more",
did-you-mean, narrow by vendor, the other language). `/errcode 404` (two vendors, four
entries) is six blocks.
"""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.render import buttons, words
from bot.render.mrkdwn import (
    BUTTON_TEXT_MAX,
    HEADER_MAX,
    NOTIFY_MAX,
    SECTION_TEXT_MAX,
    clip,
    code_span,
    escape,
    escape_keeping_code,
    finish,
    host,
    link,
    note,
    visible,
    with_links,
    without_addresses,
)
from bot.render.view import (
    AnswerView,
    FindingView,
    MatchView,
    VendorGroup,
    explain_view,
    group_by_vendor,
    lookup_view,
    suggestion_query,
    suggestion_shown,
)

SLACK_COMMAND = "/errcode"
SHOWN = 5  # matches shown at first; the rest behind the "N more" button
SHOWN_ALL = 20  # what "N more" shows (and what the Slack layer asks the search for)


def _match_mrkdwn(m: MatchView, view: AnswerView, product: bool) -> str:
    head = f"{escape(m.product)} · " if product and m.product else ""
    name = f"  {escape(m.name)}" if m.name and m.name != m.code else ""
    kind = f"  _{escape(m.kind_label)}_" if m.kind_label else ""
    lines = [f"{head}*{code_span(m.code)}*{name}{kind}"]
    for key, value in (("meaning", m.meaning), ("handling", m.handling), ("context", m.context)):
        if value:
            lines.append(f"*{view.label(key)}* {with_links(value, host(m.source.url))}")  # a space ends bold in Slack
    return "\n".join(lines)


def _source_mrkdwn(group: VendorGroup, view: AnswerView) -> str:
    said = []
    for s in group.sources:
        said.append(link(s.url, s.title) if s.url else f"{escape(s.title)} ({view.word('no_address')})")
    return f"_{view.label('source')} " + " · ".join(said) + "_"


def _sections(parts: list[str]) -> list[Block]:
    """Parts joined into as few sections as Slack's 3000 characters allow."""
    out: list[str] = []
    for part in parts:
        part = clip(part, SECTION_TEXT_MAX)
        if out and len(out[-1]) + 2 + len(part) <= SECTION_TEXT_MAX:
            out[-1] += "\n\n" + part
        else:
            out.append(part)
    return [SectionBlock(text=MarkdownTextObject(text=text)) for text in out]


def _group_blocks(group: VendorGroup, view: AnswerView) -> list[Block]:
    entries = [_match_mrkdwn(m, view, group.product is None) for m in group.matches]
    sections = _sections(entries)
    last = sections[-1].text.text + "\n" + _source_mrkdwn(group, view)
    if len(last) <= SECTION_TEXT_MAX:
        sections[-1] = SectionBlock(text=MarkdownTextObject(text=last))
    else:
        sections.append(note(_source_mrkdwn(group, view)))
    return [HeaderBlock(text=clip(visible(group.heading), HEADER_MAX)), *sections]


def _button(text: str, action_id: str, value: str, style: str | None = None) -> ButtonElement:
    return ButtonElement(text=clip(visible(text), BUTTON_TEXT_MAX), action_id=action_id, value=value, style=style)


def _toggle(view: AnswerView, result: dict) -> ButtonElement | None:
    target = view.toggle_lang
    if not target:
        return None
    own = next((m.own_lang for m in view.matches + [m for f in view.findings for m in f.matches]), None)
    value = buttons.toggle_value(result, target, shown=max(len(view.matches), 1))
    return _button(words.toggle_label(target, own), buttons.ORIGINAL_ACTION, value)


def _query_buttons(view: AnswerView) -> list[ButtonElement]:
    """Did-you-mean and narrow-by-vendor: each looks its query up (ids unique in the block)."""
    asks = [(suggestion_shown(s, view.lang), suggestion_query(s)) for s in view.suggestions]
    asks += [(view.word("narrow_to", vendor=vendor), query) for vendor, query in view.narrow]
    return [
        _button(text, f"{buttons.QUERY_ACTION}_{i}", buttons.query_value(query, view.lang))
        for i, (text, query) in enumerate(asks[:10])
    ]


def lookup_blocks(
    result: dict,
    lang: str | None = None,
    *,
    command: str = SLACK_COMMAND,
    share: bool = False,
    shared_by: str | None = None,
    original: bool = True,
    shown: int | None = SHOWN,
    all_shown: bool = False,
) -> list[dict]:
    """Blocks for a lookup answer. `share`: add the Share button; `shared_by`: a user id credited
    on top (a shared copy: no hints meant for the asker, no buttons but the language toggle);
    `original`: the language toggle; `shown`: matches shown before "N more"."""
    view = lookup_view(result, lang, shown=None if all_shown else shown)
    shared = bool(shared_by)
    blocks: list[Block] = []
    if shared:
        cmd = f"`{command} {escape(clip(view.query, 200))}`"
        blocks.append(note(view.word("shared", user=f"<@{escape(shared_by)}>", cmd=cmd)))
    if not view.matches:
        text = view.word("no_match", q=f"*{escape(clip(view.query, 300))}*")
        blocks.append(SectionBlock(text=MarkdownTextObject(text=clip(text, SECTION_TEXT_MAX))))
        said = [escape_keeping_code(n) for n in view.notes + view.asker_notes]
        if view.suggestions:
            said.append(view.word("did_you_mean", s=", ".join(escape(suggestion_shown(s, view.lang)) for s in view.suggestions)))
        blocks.append(note("\n".join([*said, escape(usage_line(view.lang, command))])))
        tail = [ActionsBlock(elements=_query_buttons(view))] if view.suggestions else []
        return finish(blocks, tail, view.lang)
    for group in view.groups:
        blocks.extend(_group_blocks(group, view))
    said = list(view.notes) + ([] if shared else list(view.asker_notes))
    if said:
        blocks.append(note(escape_keeping_code(" ".join(said))))
    elements: list[ButtonElement] = []
    if share and not shared:
        value = buttons.share_value(view.query, view.lang, all_shown=all_shown)
        elements.append(_button(view.word("share"), buttons.SHARE_ACTION, value, "primary"))
    if view.hidden and not shared:
        value = buttons.query_value(view.query, view.lang, all_shown=True)
        elements.append(_button(view.word("more", n=view.hidden), buttons.MORE_ACTION, value))
    if not shared:
        elements.extend(_query_buttons(view))
    toggle = _toggle(view, result) if original else None
    if toggle:
        elements.append(toggle)
    return finish(blocks, [ActionsBlock(elements=elements)] if elements else [], view.lang)


def usage_line(lang: str | None, command: str = SLACK_COMMAND) -> str:
    return words.word(lang, "usage", cmd=command) + " " + words.word(lang, "usage_more", cmd=command)


def _finding_line(f: FindingView, view: AnswerView, under: str | None = None) -> str:
    """`under`: the vendor whose header the finding stands under (not said again)."""
    named = f.vendor and f.vendor != under
    head = view.word("found", code=code_span(f.code)) + (f" ({escape(f.vendor)})" if named else "")
    extra = []
    if f.message:
        extra.append(f"{view.label('message')}{view.gap}{escape(clip(f.message, 300))}")
    if f.request_id:
        extra.append(f"{view.label('request_id')}{view.gap}{code_span(clip(f.request_id, 100))}")
    extra.extend(escape(clip(detail, 300)) for detail in f.details)
    return head + ("  ·  " + "  ·  ".join(extra) if extra else "")


FINDINGS_SHOWN_ALL = 15  # what "N more" shows of a long paste (each finding's keys fit a button value)


def explain_blocks(
    result: dict, lang: str | None = None, *, original: bool = True, max_findings: int | None = None
) -> list[dict]:
    """Blocks for the errors found in a message: one header per vendor, each finding under it
    with its entries, the vendor's document linked once; "N more" when the text holds more than
    shown, and the language toggle when `original`."""
    view = explain_view(result, lang, **({"max_findings": max_findings} if max_findings else {}))
    by_vendor: dict[str, list[FindingView]] = {}  # findings whose entries are one vendor's
    several: list[FindingView] = []  # no vendor in sight: each vendor's entries under its own header
    bare: list[FindingView] = []
    for f in view.findings:
        vendors = {m.vendor_id or m.vendor for m in f.matches[:3]}
        if len(vendors) == 1:
            by_vendor.setdefault(vendors.pop(), []).append(f)
        else:
            (several if vendors else bare).append(f)
    blocks: list[Block] = []
    for findings in by_vendor.values():
        group = group_by_vendor([m for f in findings for m in f.matches[:3]])[0]
        blocks.append(HeaderBlock(text=clip(visible(group.heading), HEADER_MAX)))
        for f in findings:
            blocks.append(note(_finding_line(f, view, group.vendor)))
            one = group_by_vendor(f.matches[:3])
            blocks.extend(_sections([_match_mrkdwn(m, view, group.product is None) for g in one for m in g.matches]))
        sources = VendorGroup(group.vendor_id, group.vendor, group.product, (),
                              tuple(dict.fromkeys(m.source for f in findings for m in f.matches[:3])), group.unnamed)
        blocks.append(note(_source_mrkdwn(sources, view)))
    for f in several:
        blocks.append(note(_finding_line(f, view)))
        for group in group_by_vendor(f.matches[:3]):
            blocks.extend(_group_blocks(group, view))
    for f in bare:
        line = _finding_line(f, view)
        blocks.append(note(line if f.says_why else line + "\n" + view.word("no_entry")))
    elements: list[ButtonElement] = []
    if view.more_findings:
        blocks.append(note(view.word("more_findings", n=view.more_findings)))
        value = buttons.toggle_value(result, view.lang, max_findings=FINDINGS_SHOWN_ALL)
        elements.append(_button(view.word("more", n=view.more_findings), buttons.MORE_ACTION, value))
    toggle = _toggle(view, result) if original else None
    if toggle:
        elements.append(toggle)
    return finish(blocks, [ActionsBlock(elements=elements)] if elements else [], view.lang)


def fallback_text(result: dict, lang: str | None = None) -> str:
    """The message `text` Slack shows in notifications and where blocks can't be drawn: short."""
    if "findings" in result:
        view = explain_view(result, lang)
        ms = [f.matches[0] for f in view.findings if f.matches]
        why = [f"{f.code}: {f.details[0]}" for f in view.findings if not f.matches and f.says_why and f.details]
        if not ms and why:  # "401: Looks like a LiveKit error; errcode has no LiveKit catalog."
            return clip(escape("; ".join(why)), NOTIFY_MAX)
    else:
        view = lookup_view(result, lang)
        ms = view.matches[:1]
        if not ms:
            return clip(escape(view.word("notify_none", q=view.query)), NOTIFY_MAX)
    said = "; ".join(f"{m.vendor} {m.title}: {m.meaning}" for m in ms) or "errcode"
    return escape(clip(without_addresses(said), NOTIFY_MAX))
