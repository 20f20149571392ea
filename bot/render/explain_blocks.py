"""Block Kit of the errors found in a message: one header per vendor, each finding under it with
its entries, the vendor's document linked once; "N more" when the text holds more than shown.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.render import buttons, kit
from bot.render.blocks import button, group_blocks, match_mrkdwn, pack_sections, sources_mrkdwn, toggle_button
from bot.render.mrkdwn import (
    HEADER_MAX,
    SECTION_TEXT_MAX,
    clip,
    code_span,
    escape,
    finish,
    note,
    visible,
)
from bot.render.view import (
    AnswerView,
    FindingView,
    explain_view,
    group_by_vendor,
)
from bot.results import ExplainResult


def _finding_line(f: FindingView, view: AnswerView, under: str | None = None) -> str:
    """`under`: the vendor whose header the finding stands under (not said again)."""
    named = f.vendor and f.vendor != under
    head = view.word("found", code=code_span(f.code)) + (f" ({escape(f.vendor)})" if named else "")
    extra = []
    if f.message:
        extra.append(f"{view.label('message')}{view.gap}{escape(clip(f.message, 300))}")
    if f.request_id:
        extra.append(f"{view.label('request_id')}{view.gap}{code_span(clip(f.request_id, 100))}")
    if f.details:
        extra.extend(escape(clip(detail, 300)) for detail in f.details)
    return head + ("  ·  " + "  ·  ".join(extra) if extra else "")


FINDINGS_SHOWN_ALL = 15  # what "N more" shows of a long paste (each finding's keys fit a button value)


def explain_blocks(
    result: ExplainResult | Mapping, lang: str | None = None, *, original: bool = True, max_findings: int | None = None
) -> list[dict]:
    """Blocks for the errors found in a message: one header per vendor, each finding under it
    with its entries, the vendor's document linked once; "N more" when the text holds more than
    shown, and the language toggle when `original`."""
    view = explain_view(result, lang, **({"max_findings": max_findings} if max_findings else {}))
    by_vendor: dict[str, list[FindingView]] = {}  # findings whose entries are one vendor's
    several: list[FindingView] = []  # no vendor in sight: each vendor's entries under its own header
    bare: list[FindingView] = []
    for f in view.findings:
        if len(f.matches) == 1:  # (most findings: one entry, one vendor)
            m = f.matches[0]
            by_vendor.setdefault(m.vendor_id or m.vendor, []).append(f)
            continue
        vendors = {m.vendor_id or m.vendor for m in f.matches[:3]}
        if len(vendors) == 1:
            by_vendor.setdefault(vendors.pop(), []).append(f)
        else:
            (several if vendors else bare).append(f)
    blocks: list[dict] = []
    for findings in by_vendor.values():
        # one vendor's entries (by_vendor's key): its group's heading, of one product or of several
        first = findings[0].matches[0]
        shown = findings[0].matches[:3] if len(findings) == 1 else [m for f in findings for m in f.matches[:3]]
        product = first.product if len(shown) == 1 or len({m.product for m in shown}) == 1 else None
        heading = f"{first.vendor} · {product}" if first.vendor and product else first.vendor or product or ""
        blocks.append(kit.header(clip(visible(heading), HEADER_MAX)))  # (VendorGroup.heading)
        for f in findings:
            blocks.append(note(_finding_line(f, view, first.vendor)))
            if len(f.matches) == 1:  # (pack_sections of one part)
                blocks.append(kit.section(clip(match_mrkdwn(f.matches[0], view, product is None), SECTION_TEXT_MAX)))
            else:
                blocks.extend(pack_sections([match_mrkdwn(m, view, product is None) for m in f.matches[:3]]))
        sources = (first.source,) if len(shown) == 1 else tuple(dict.fromkeys(m.source for m in shown))
        blocks.append(note(sources_mrkdwn(sources, view)))
    for f in several:
        blocks.append(note(_finding_line(f, view)))
        for group in group_by_vendor(f.matches[:3]):
            blocks.extend(group_blocks(group, view))
    for f in bare:
        line = _finding_line(f, view)
        blocks.append(note(line if f.says_why else line + "\n" + view.word("no_entry")))
    elements: list[dict] = []
    if view.more_findings:
        blocks.append(note(view.word("more_findings", n=view.more_findings)))
        value = buttons.toggle_value(result, view.lang, max_findings=FINDINGS_SHOWN_ALL)
        elements.append(button(view.word("more", n=view.more_findings), buttons.MORE_ACTION, value))
    toggle = toggle_button(view, result) if original else None
    if toggle:
        elements.append(toggle)
    return finish(blocks, [kit.actions(elements)] if elements else [], view.lang)
