"""Words and blocks of the feedback buttons, the "what was wrong?" modal, the App Home and
`errcode stats`, in zh and en. Kept apart from the answer renderer so each grows on its own."""

from __future__ import annotations

import json
from collections.abc import Sequence

from bot.render import kit
from bot.render.buttons import _dump
from bot.render.mrkdwn import BLOCKS_MAX, BUTTON_VALUE_MAX, HEADER_MAX, SECTION_TEXT_MAX, clip, escape
from bot.render.pages import help_blocks
from bot.render.words import feedback_words

FEEDBACK_UP = "errcode_feedback_up"
FEEDBACK_DOWN = "errcode_feedback_down"
FEEDBACK_MODAL = "errcode_feedback_reason"
SHARE_ANSWER_ACTION = "errcode_share_answer"  # Share from the message shortcut: the entries, not the text
HOME_SEARCH_ACTION = "errcode_home_search"
HOME_SEARCH_BLOCK = "errcode_home_search"
SHORTCUT_CALLBACK = "errcode_explain"

def words(lang: str | None) -> dict:
    """Feedback, sharing, App Home and stats words in `lang` (render/words.py holds them)."""
    return feedback_words(lang)


def _button(text: str, action_id: str, value: str, style: str | None = None) -> dict:
    return kit.button(text, action_id, value, style)


def feedback_value(entry: tuple | None, fingerprint: str, lang: str | None) -> str:
    """What a 👍/👎 carries back: the entry shown and the fingerprint of the question, no text;
    within Slack's 2000 characters (a long name is left out, then the entry)."""
    language = "zh" if lang == "zh" else "en"
    value = _dump({"e": list(entry) if entry else None, "fp": fingerprint, "lang": language})
    if len(value) <= BUTTON_VALUE_MAX:  # (always, but for a name of near 2000 characters)
        return value
    for shown in ([*entry[:3], None] if entry else None, None):
        value = _dump({"e": shown, "fp": fingerprint, "lang": language})
        if len(value) <= BUTTON_VALUE_MAX:
            return value
    return value


def feedback_request(value: str) -> dict:
    """The decoded 👍/👎 value; ValueError when it is not ours."""
    data = json.loads(value)
    if not isinstance(data, dict) or not isinstance(data.get("fp"), str) or len(data["fp"]) != 32:
        raise ValueError("not an errcode feedback value")
    entry = data.get("e")
    if entry is not None and not (
        isinstance(entry, list) and len(entry) == 4 and all(x is None or isinstance(x, str) for x in entry)
    ):
        raise ValueError("not an errcode feedback value")
    return data


def with_buttons(blocks: list[dict], buttons: list[dict], *, first: bool = False) -> list[dict]:
    """`blocks` with `buttons` in the last actions block (before its own when `first`), or in a
    new one at the end; within Slack's 50 blocks and 25 elements."""
    blocks = list(blocks)
    last = blocks[-1] if blocks else None
    if last is not None and last.get("type") == "actions" and len(last.get("elements", ())) + len(buttons) <= 25:
        own = last["elements"]
        blocks[-1] = {**last, "elements": [*buttons, *own] if first else [*own, *buttons]}
        return blocks
    if len(blocks) >= BLOCKS_MAX:
        blocks = blocks[: BLOCKS_MAX - 1]
    return [*blocks, {"type": "actions", "elements": buttons}]


def with_feedback(blocks: list[dict], entry: tuple | None, fingerprint: str, lang: str | None) -> list[dict]:
    """The answer's blocks with 👍/👎 at the end: beside its buttons when it has some."""
    w = words(lang)
    value = feedback_value(entry, fingerprint, lang)
    return with_buttons(
        blocks, [kit.button(w["helpful"], FEEDBACK_UP, value), kit.button(w["not_helpful"], FEEDBACK_DOWN, value)]
    )


def share_entries_value(result, lang: str, fingerprint: str) -> str:
    """The Share button of a private answer to a paste: the entries shown (as "原文 / Original"
    carries them) and the fingerprint, never the pasted text."""
    from bot.render.buttons import original_value

    data = json.loads(original_value(result, lang))
    data["fp"] = fingerprint
    value = _dump(data)
    while len(value) > BUTTON_VALUE_MAX and (data.get("f") or data.get("e")):
        (data.get("f") or data.get("e")).pop()
        value = _dump(data)
    return value


def with_share(blocks: list[dict], value: str, lang: str | None) -> list[dict]:
    from bot.render import words as word_table

    label = word_table.word(lang, "share")
    return with_buttons(blocks, [_button(label, SHARE_ANSWER_ACTION, value, "primary")], first=True)


def shared_note(user: str, lang: str | None) -> dict:
    return _context(words(lang)["shared_answer"].format(user=f"<@{escape(user)}>"))


def feedback_modal(feedback_id: int, lang: str | None) -> dict:
    w = words(lang)
    options = [
        {"text": {"type": "plain_text", "text": label}, "value": reason}
        for reason, label in w["reasons"].items()
    ]
    return {
        "type": "modal",
        "callback_id": FEEDBACK_MODAL,
        "private_metadata": json.dumps({"id": feedback_id, "lang": "zh" if lang == "zh" else "en"}),
        "title": {"type": "plain_text", "text": w["modal_title"]},
        "submit": {"type": "plain_text", "text": w["modal_submit"]},
        "close": {"type": "plain_text", "text": w["modal_cancel"]},
        "blocks": [
            {
                "type": "input",
                "block_id": "reason",
                "label": {"type": "plain_text", "text": w["modal_question"]},
                "element": {"type": "radio_buttons", "action_id": "reason", "options": options},
            }
        ],
    }


def share_failed_text(channel: str, error: str, lang: str | None) -> str:
    w = words(lang)
    return w["share_failed"].format(channel=escape(channel), why=w["why"].get(error, w["why"][""]))


# ---------------------------------------------------------------- App Home and stats


def import_command(vendor: str) -> str:
    """The command that drafts a catalog from the vendor's (or product's: agora/rtc-sdk) page."""
    vendor, _, product = (vendor or "VENDOR").partition("/")
    catalog = f"{vendor}-{product}" if product else f"{vendor}-errors"
    return f"errcode catalogs import PAGE_OR_URL --id {catalog} --vendor {vendor}"


def _code_line(c, w: dict, lang: str | None, *, unknown: bool) -> str:
    from bot.vendors import product_display, vendor_display

    vendor = (
        (product_display(c.vendor, lang) or vendor_display(c.vendor, lang))
        if c.vendor
        else w["vendor_unknown"]
    )
    line = f"`{escape(c.code)}` · {escape(vendor)} · {w['times'].format(n=c.count)}"
    if unknown:
        line += f" · {w['kinds'].get(c.kind, c.kind)}"
    return line


def _section(text: str) -> dict:
    return kit.section(clip(text, SECTION_TEXT_MAX))


def _header(text: str) -> dict:
    return kit.header(clip(text, HEADER_MAX))


def _context(text: str) -> dict:
    return kit.context(clip(text, SECTION_TEXT_MAX))


def home_view(catalogs: Sequence, report, lang: str | None, *, answer: list[dict] | None = None) -> dict:
    """The App Home: a search box (its answer under it), the catalogs (bundled and the workspace's
    own), the week's top codes, what was asked and is in no catalog, and the 👎'd answers."""
    from bot.vendors import vendor_display

    w = words(lang)
    blocks: list[dict] = [
        _header(w["home_title"]),
        _section(w["home_intro"]),
        {
            "type": "input",
            "block_id": HOME_SEARCH_BLOCK,
            "dispatch_action": True,
            "label": {"type": "plain_text", "text": w["search_label"]},
            "element": {
                "type": "plain_text_input",
                "action_id": HOME_SEARCH_ACTION,
                "multiline": False,
                "max_length": 3000,
                "placeholder": {"type": "plain_text", "text": clip(w["search_hint"], 150)},
                "dispatch_action_config": {"trigger_actions_on": ["on_enter_pressed"]},
            },
        },
    ]
    if answer:
        blocks += [_context(f"*{w['search_result']}*"), *answer[:20], {"type": "divider"}]
    blocks += help_blocks(lang)  # how to ask: /errcode, pastes, mentions, the shortcut
    rows = [
        f"• *{escape(vendor_display(c.vendor, lang))}* · {escape(c.product or c.id)} (`{escape(c.id)}`): "
        f"{w['entries'].format(n=len(c.entries))} · _{w['bundled'] if c.bundled else w['own']}_"
        for c in catalogs
    ]
    blocks += [_header(w["catalogs"]), _section("\n".join(rows) or w["nothing_yet"])]
    top = [_code_line(c, w, lang, unknown=False) for c in report.top_codes] if report else []
    blocks += [_header(w["top_codes"]), _section("\n".join(f"• {t}" for t in top) or w["nothing_yet"])]
    unknown = report.unknown if report else []
    blocks += [_header(w["unknown"])]
    if unknown:
        blocks.append(_section("\n".join(f"• {_code_line(c, w, lang, unknown=True)}" for c in unknown)))
        vendors = list(dict.fromkeys(c.vendor for c in unknown if c.vendor)) or [""]
        blocks.append(
            _context("\n".join(w["import_hint"].format(cmd=f"`{import_command(v)}`") for v in vendors[:5]))
        )
    else:
        blocks.append(_section(w["nothing_yet"]))
    down = report.downvoted if report else []
    lines = [f"• `{escape(d.entry or '-')}` · 👎 {d.downs} · 👍 {d.ups}" + _reasons(d, w) for d in down]
    blocks += [_header(w["downvoted"]), _section("\n".join(lines) or w["nothing_yet"])]
    return {"type": "home", "blocks": blocks[:BLOCKS_MAX]}


def _reasons(d, w: dict) -> str:
    if not d.reasons:
        return ""
    return " · " + ", ".join(
        f"{w['reasons'].get(r, r)} {n}" for r, n in sorted(d.reasons.items(), key=lambda x: -x[1])
    )


def stats_text(report, lang: str | None = None) -> str:
    """`errcode stats`: plain text, the same sections as the Home."""
    w = words(lang)
    width = max([len(c.code) for c in report.top_codes + report.unknown] + [4])
    out = [w["stats_title"].format(since=report.since.strftime("%Y-%m-%d %H:%M")), "", w["stats_top"] + ":"]
    out += [f"  {c.count:>5}  {c.code:<{width}}  {c.vendor or '-'}" for c in report.top_codes]
    if not report.top_codes:
        out.append("  " + w["nothing_yet"])
    out += ["", w["stats_unknown"] + ":"]
    for c in report.unknown:
        out.append(
            f"  {c.count:>5}  {c.code:<{width}}  {c.vendor or '-':<10}  {w['kinds'].get(c.kind, c.kind):<26}"
            f"  {c.first_seen:%Y-%m-%d %H:%M} .. {c.last_seen:%Y-%m-%d %H:%M}"
        )
    if not report.unknown:
        out.append("  " + w["nothing_yet"])
    for vendor in list(dict.fromkeys(c.vendor for c in report.unknown if c.vendor))[:5]:
        out.append("  " + w["import_hint"].format(cmd=import_command(vendor)))
    out += ["", w["stats_down"] + ":"]
    for d in report.downvoted:
        out.append(
            f"  👎 {d.downs:>3}  👍 {d.ups:>3}  {d.entry or '-'}" + _reasons(d, w).replace(" · ", "  ")
        )
    if not report.downvoted:
        out.append("  " + w["nothing_yet"])
    out += ["", w["votes"].format(up=report.votes[0], down=report.votes[1])]
    return "\n".join(out)


def stats_json(report) -> dict:
    def code(c) -> dict:
        return {
            "kind": c.kind,
            "code": c.code,
            "vendor": c.vendor or None,
            "count": c.count,
            "first_seen": c.first_seen.isoformat() + "Z",
            "last_seen": c.last_seen.isoformat() + "Z",
        }

    return {
        "since": report.since.isoformat() + "Z",
        "top_codes": [code(c) for c in report.top_codes],
        "unknown": [{**code(c), "import": import_command(c.vendor)} for c in report.unknown],
        "downvoted": [
            {"entry": d.entry or None, "down": d.downs, "up": d.ups, "reasons": d.reasons}
            for d in report.downvoted
        ],
        "votes": {"up": report.votes[0], "down": report.votes[1]},
    }
