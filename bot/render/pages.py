"""The pages that are not answers: help, usage, the catalogs list and the App Home, in zh and en."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.render import kit, words
from bot.render.blocks import SLACK_COMMAND, usage_line
from bot.render.mrkdwn import SECTION_TEXT_MAX, clip, escape, finish, note
from bot.vendors import vendor_display


@dataclass(frozen=True)
class CatalogLine:
    id: str
    vendor_id: str
    vendor: str  # display name
    product: str | None
    entries: int
    source: str | None  # the document's title, or its file name where it has none
    url: str | None


def catalog_lines(catalogs: Sequence, lang: str | None = None) -> list[CatalogLine]:
    """From bot.catalogs.Catalog objects (knowledge().loaded.catalogs)."""
    return [
        CatalogLine(
            c.id, c.vendor, vendor_display(c.vendor, lang), c.product, len(c.entries),
            c.title(lang) if hasattr(c, "title") else c.source, c.url,
        )
        for c in catalogs
    ]


def _line(c: CatalogLine, lang: str | None) -> str:
    return words.word(lang, "catalog_line", vendor=c.vendor, product=c.product or c.id, id=c.id, n=c.entries)


def vendors_text(lines: Sequence[CatalogLine], lang: str | None = None) -> str:
    if not lines:
        return words.word(lang, "no_catalogs")
    return "\n".join(_line(c, lang) for c in lines)


def _vendors_mrkdwn(lines: Sequence[CatalogLine], lang: str | None) -> str:
    if not lines:
        return words.word(lang, "no_catalogs")
    total = sum(c.entries for c in lines)
    rows = [f"• {escape(_line(c, lang))}" for c in lines]
    rows.append("_" + words.word(lang, "catalogs_total", n=len(lines), total=total) + "_")
    return clip("\n".join(rows), SECTION_TEXT_MAX)


def vendors_blocks(lines: Sequence[CatalogLine], lang: str | None = None) -> list[dict]:
    return finish([kit.section(_vendors_mrkdwn(lines, lang))], lang=lang)


def help_mrkdwn(lang: str | None = None, command: str = SLACK_COMMAND) -> str:
    say = lambda key, **v: words.word(lang, key, **v)  # noqa: E731
    query = "签名过期" if lang == "zh" else "signature expired"
    examples = ("、" if lang == "zh" else ", ").join(
        f"`{command} {q}`" for q in ("433", "agora 433", "AuthFailure.SignatureExpire", query)
    )
    lines = [
        f"*{say('help_intro')}*",
        "• " + say("help_lookup", examples=examples, share=f"*{say('share')}*"),
        "• " + say("help_vendors", cmd=f"`{command} {'目录' if lang == 'zh' else 'vendors'}`"),
        "• " + say("help_lang", zh="`lang:zh`", en="`lang:en`", toggle=f"*{say('to_english' if lang == 'zh' else 'to_original')}*"),
        "• " + say("help_paste", example=f"“{say('follow_up_example')}”"),
    ]
    return "\n".join(lines)


def help_blocks(lang: str | None = None, command: str = SLACK_COMMAND) -> list[dict]:
    return finish([kit.section(help_mrkdwn(lang, command))], lang=lang)


def usage_blocks(lang: str | None = None, command: str = SLACK_COMMAND) -> list[dict]:
    blocks: list[dict] = [
        kit.section(words.word(lang, "usage_empty", cmd=f"`{command}`")),
        note(escape(usage_line(lang, command))),
    ]
    return finish(blocks, lang=lang)


def greeting_blocks(lang: str | None = None) -> list[dict]:
    return finish([kit.section(words.word(lang, "greeting"))], lang=lang)


def home_view(lines: Sequence[CatalogLine], lang: str | None = None) -> dict:
    """The App Home tab: how to use errcode and the catalogs it knows."""
    blocks: list[dict] = [
        kit.header("errcode"),
        kit.section(help_mrkdwn(lang)),
        kit.divider(),
        kit.header(words.word(lang, "catalogs_title")),
        kit.section(_vendors_mrkdwn(lines, lang)),
    ]
    return {"type": "home", "blocks": finish(blocks, lang=lang)}
