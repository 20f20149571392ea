"""Block Kit of a lookup answer: one header per vendor, its entries, the search's notes in one
context line, the next steps as buttons (Share, "N more", did-you-mean, narrow by vendor, the
other language). `/errcode 404` (two vendors, four entries) is six blocks.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.render import buttons, kit
from bot.render.blocks import (
    SHOWN,
    SLACK_COMMAND,
    button,
    group_blocks,
    query_buttons,
    toggle_button,
    usage_line,
)
from bot.render.mrkdwn import (
    SECTION_TEXT_MAX,
    clip,
    escape,
    escape_keeping_code,
    finish,
    note,
)
from bot.render.view import (
    lookup_view,
    suggestion_shown,
)
from bot.results import LookupResult


def lookup_blocks(
    result: LookupResult | Mapping,
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
    blocks: list[dict] = []
    if shared:
        cmd = f"`{command} {escape(clip(view.query, 200))}`"
        blocks.append(note(view.word("shared", user=f"<@{escape(shared_by)}>", cmd=cmd)))
    if not view.matches:
        text = view.word("no_match", q=f"*{escape(clip(view.query, 300))}*")
        blocks.append(kit.section(clip(text, SECTION_TEXT_MAX)))
        said = [escape_keeping_code(n) for n in view.notes + view.asker_notes]
        if view.suggestions:
            said.append(view.word("did_you_mean", s=", ".join(escape(suggestion_shown(s, view.lang)) for s in view.suggestions)))
        blocks.append(note("\n".join([*said, escape(usage_line(view.lang, command))])))
        tail = [kit.actions(query_buttons(view))] if view.suggestions else []
        return finish(blocks, tail, view.lang)
    for group in view.groups:
        blocks.extend(group_blocks(group, view))
    if view.notes or (view.asker_notes and not shared):
        said = list(view.notes) + ([] if shared else list(view.asker_notes))
        blocks.append(note(escape_keeping_code(" ".join(said))))
    elements: list[dict] = []
    if not shared:
        if share:
            value = buttons.share_value(view.query, view.lang, all_shown=all_shown)
            elements.append(button(view.word("share"), buttons.SHARE_ACTION, value, "primary"))
        hidden = view.hidden
        if hidden:
            value = buttons.query_value(view.query, view.lang, all_shown=True)
            elements.append(button(view.word("more", n=hidden), buttons.MORE_ACTION, value))
        if view.suggestions or view.narrow:
            elements.extend(query_buttons(view))
    toggle = toggle_button(view, result) if original else None
    if toggle:
        elements.append(toggle)
    return finish(blocks, [kit.actions(elements)] if elements else [], view.lang)
