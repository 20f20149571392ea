"""The Block Kit parts every answer is drawn from: an entry's section, a vendor's header and its
document linked once, sections packed within Slack's 3000 characters, buttons.

lookup_blocks.py and explain_blocks.py put them together; notify.py is the notification text.
"""

from __future__ import annotations

from bot.render import buttons, kit, words
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
    Source,
    VendorGroup,
    suggestion_query,
    suggestion_shown,
)

SLACK_COMMAND = "/errcode"
SHOWN = 5  # matches shown at first; the rest behind the "N more" button
SHOWN_ALL = 20  # what "N more" shows (and what the Slack layer asks the search for)


# What an entry's section and a vendor's source line say, remembered per view (views are shared
# per entry, bot.render.view) and language: the same entries are drawn again and again. Keyed by
# the view's id, the view held beside its text (so the id is never another's). Bounded.
DRAWN_PARTS_MAX = 4096
_parts: dict[tuple, tuple[object, str]] = {}


def match_mrkdwn(m: MatchView, view: AnswerView, product: bool) -> str:
    key = (id(m), view.lang, product)
    drawn = _parts.get(key)
    if drawn is not None and drawn[0] is m:
        return drawn[1]
    text = _match_mrkdwn(m, view, product)
    if len(_parts) >= DRAWN_PARTS_MAX:
        _parts.clear()
    _parts[key] = (m, text)
    return text


def _match_mrkdwn(m: MatchView, view: AnswerView, product: bool) -> str:
    head = f"{escape(m.product)} · " if product and m.product else ""
    name = f"  {escape(m.name)}" if m.name and m.name != m.code else ""
    kind = f"  _{escape(m.kind_label)}_" if m.kind_label else ""
    lines = [f"{head}*{code_span(m.code)}*{name}{kind}"]
    for key, value in (("meaning", m.meaning), ("handling", m.handling), ("context", m.context)):
        if value:
            lines.append(f"*{view.label(key)}* {with_links(value, host(m.source.url))}")  # a space ends bold in Slack
    return "\n".join(lines)


def source_mrkdwn(group: VendorGroup, view: AnswerView) -> str:
    return sources_mrkdwn(group.sources, view)


def sources_mrkdwn(sources: tuple[Source, ...], view: AnswerView) -> str:
    """"Source: <document> · <document>", each document of a vendor once."""
    key = (sources, view.lang)
    drawn = _parts.get(key)
    if drawn is not None:
        return drawn[1]
    text = _sources_mrkdwn(sources, view)
    if len(_parts) >= DRAWN_PARTS_MAX:
        _parts.clear()
    _parts[key] = (None, text)
    return text


def _sources_mrkdwn(sources: tuple[Source, ...], view: AnswerView) -> str:
    said = []
    for s in sources:
        said.append(link(s.url, s.title) if s.url else f"{escape(s.title)} ({view.word('no_address')})")
    return f"_{view.label('source')} " + " · ".join(said) + "_"


def pack_sections(parts: list[str]) -> list[dict]:
    """Parts joined into as few sections as Slack's 3000 characters allow."""
    out: list[str] = []
    for part in parts:
        part = clip(part, SECTION_TEXT_MAX)
        if out and len(out[-1]) + 2 + len(part) <= SECTION_TEXT_MAX:
            out[-1] += "\n\n" + part
        else:
            out.append(part)
    return [kit.section(text) for text in out]


def _one_entry_texts(m: MatchView, view: AnswerView) -> tuple[str, str, str | None]:
    """(header, section, note or None) of a one-entry group (most answers), said once per view."""
    key = (id(m), view.lang, "group")
    drawn = _parts.get(key)
    if drawn is not None and drawn[0] is m:
        return drawn[1]
    group = VendorGroup(m.vendor_id, m.vendor, m.product, (m,), (m.source,), m.vendor_id == "rtc-platform")
    source = source_mrkdwn(group, view)
    entry = clip(match_mrkdwn(m, view, False), SECTION_TEXT_MAX)  # (its product, if any, is in the header)
    last = entry + "\n" + source
    texts = (clip(visible(group.heading), HEADER_MAX), *((last, None) if len(last) <= SECTION_TEXT_MAX else (entry, source)))
    if len(_parts) >= DRAWN_PARTS_MAX:
        _parts.clear()
    _parts[key] = (m, texts)
    return texts


def group_blocks(group: VendorGroup, view: AnswerView) -> list[dict]:
    ms = group.matches
    if len(ms) == 1 and group.vendor is ms[0].vendor and group.product is ms[0].product and group.sources == (ms[0].source,):
        # (most answers: one entry, its source in the same section; group_by_vendor's group of it)
        header, section, source = _one_entry_texts(ms[0], view)
        if source is None:
            return [kit.header(header), kit.section(section)]
        return [kit.header(header), kit.section(section), note(source)]
    product = group.product is None
    source = source_mrkdwn(group, view)
    header = kit.header(clip(visible(group.heading), HEADER_MAX))
    sections = pack_sections([match_mrkdwn(m, view, product) for m in group.matches])
    last = sections[-1]["text"]["text"] + "\n" + source
    if len(last) <= SECTION_TEXT_MAX:
        sections[-1] = kit.section(last)
    else:
        sections.append(note(source))
    return [header, *sections]


def button(text: str, action_id: str, value: str, style: str | None = None) -> dict:
    shown = _labels_shown.get(text)
    if shown is None:
        shown = clip(visible(text), BUTTON_TEXT_MAX)
        if len(_labels_shown) >= DRAWN_PARTS_MAX:
            _labels_shown.clear()
        _labels_shown[text] = shown
    return kit.button(shown, action_id, value, style)


_labels_shown: dict[str, str] = {}  # a button's label as shown: the same few words in every answer


def toggle_button(view: AnswerView, result) -> dict | None:
    shown = view.shown
    if not shown:  # (view.toggle_lang, said here with the list at hand)
        return None
    first = shown[0]
    if len(shown) == 1:
        target = first.original_lang
    else:
        target = next((m.original_lang for m in shown if m.original_lang), None)
    target = target or ("en" if view.lang == "zh" else "zh")
    own = first.original_lang or first.lang  # (MatchView.own_lang)
    value = buttons.toggle_value(result, target, shown=max(len(view.matches), 1))
    return button(words.toggle_label(target, own), buttons.ORIGINAL_ACTION, value)


def query_buttons(view: AnswerView) -> list[dict]:
    """Did-you-mean and narrow-by-vendor: each looks its query up (ids unique in the block)."""
    if not view.suggestions and not view.narrow:  # (most answers)
        return []
    asks = [(suggestion_shown(s, view.lang), suggestion_query(s)) for s in view.suggestions]
    asks += [(view.word("narrow_to", vendor=vendor), query) for vendor, query in view.narrow]
    return [
        button(text, f"{buttons.QUERY_ACTION}_{i}", buttons.query_value(query, view.lang))
        for i, (text, query) in enumerate(asks[:10])
    ]


def usage_line(lang: str | None, command: str = SLACK_COMMAND) -> str:
    return words.word(lang, "usage", cmd=command) + " " + words.word(lang, "usage_more", cmd=command)
