"""The Block Kit parts every answer is drawn from: an entry's section, a vendor's header and its
document linked once, sections packed within Slack's 3000 characters, buttons.

lookup_blocks.py and explain_blocks.py put them together; notify.py is the notification text.
"""


from slack_sdk.models.blocks import (
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
    SECTION_TEXT_MAX,
    clip,
    code_span,
    escape,
    host,
    link,
    note,
    visible,
    with_links,
)
from bot.render.view import (
    AnswerView,
    MatchView,
    VendorGroup,
    suggestion_query,
    suggestion_shown,
)

SLACK_COMMAND = "/errcode"
SHOWN = 5  # matches shown at first; the rest behind the "N more" button
SHOWN_ALL = 20  # what "N more" shows (and what the Slack layer asks the search for)


def match_mrkdwn(m: MatchView, view: AnswerView, product: bool) -> str:
    head = f"{escape(m.product)} · " if product and m.product else ""
    name = f"  {escape(m.name)}" if m.name and m.name != m.code else ""
    kind = f"  _{escape(m.kind_label)}_" if m.kind_label else ""
    lines = [f"{head}*{code_span(m.code)}*{name}{kind}"]
    for key, value in (("meaning", m.meaning), ("handling", m.handling), ("context", m.context)):
        if value:
            lines.append(f"*{view.label(key)}* {with_links(value, host(m.source.url))}")  # a space ends bold in Slack
    return "\n".join(lines)


def source_mrkdwn(group: VendorGroup, view: AnswerView) -> str:
    said = []
    for s in group.sources:
        said.append(link(s.url, s.title) if s.url else f"{escape(s.title)} ({view.word('no_address')})")
    return f"_{view.label('source')} " + " · ".join(said) + "_"


def pack_sections(parts: list[str]) -> list[Block]:
    """Parts joined into as few sections as Slack's 3000 characters allow."""
    out: list[str] = []
    for part in parts:
        part = clip(part, SECTION_TEXT_MAX)
        if out and len(out[-1]) + 2 + len(part) <= SECTION_TEXT_MAX:
            out[-1] += "\n\n" + part
        else:
            out.append(part)
    return [SectionBlock(text=MarkdownTextObject(text=text)) for text in out]


def group_blocks(group: VendorGroup, view: AnswerView) -> list[Block]:
    entries = [match_mrkdwn(m, view, group.product is None) for m in group.matches]
    sections = pack_sections(entries)
    last = sections[-1].text.text + "\n" + source_mrkdwn(group, view)
    if len(last) <= SECTION_TEXT_MAX:
        sections[-1] = SectionBlock(text=MarkdownTextObject(text=last))
    else:
        sections.append(note(source_mrkdwn(group, view)))
    return [HeaderBlock(text=clip(visible(group.heading), HEADER_MAX)), *sections]


def button(text: str, action_id: str, value: str, style: str | None = None) -> ButtonElement:
    return ButtonElement(text=clip(visible(text), BUTTON_TEXT_MAX), action_id=action_id, value=value, style=style)


def toggle_button(view: AnswerView, result: dict) -> ButtonElement | None:
    target = view.toggle_lang
    if not target:
        return None
    own = next((m.own_lang for m in view.matches + [m for f in view.findings for m in f.matches]), None)
    value = buttons.toggle_value(result, target, shown=max(len(view.matches), 1))
    return button(words.toggle_label(target, own), buttons.ORIGINAL_ACTION, value)


def query_buttons(view: AnswerView) -> list[ButtonElement]:
    """Did-you-mean and narrow-by-vendor: each looks its query up (ids unique in the block)."""
    asks = [(suggestion_shown(s, view.lang), suggestion_query(s)) for s in view.suggestions]
    asks += [(view.word("narrow_to", vendor=vendor), query) for vendor, query in view.narrow]
    return [
        button(text, f"{buttons.QUERY_ACTION}_{i}", buttons.query_value(query, view.lang))
        for i, (text, query) in enumerate(asks[:10])
    ]


def usage_line(lang: str | None, command: str = SLACK_COMMAND) -> str:
    return words.word(lang, "usage", cmd=command) + " " + words.word(lang, "usage_more", cmd=command)
