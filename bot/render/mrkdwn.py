"""Slack's mrkdwn and Block Kit limits: escaping, clipping, links, and the last check of a message."""

from __future__ import annotations

import re
from collections.abc import Sequence

from slack_sdk.models.blocks import Block, ContextBlock, MarkdownTextObject

from bot.render import words

# Slack's limits (Block Kit reference): a section's text, a message's blocks, a header, a button.
SECTION_TEXT_MAX = 3000
BLOCKS_MAX = 50
HEADER_MAX = 150
BUTTON_TEXT_MAX = 75
BUTTON_VALUE_MAX = 2000
NOTIFY_MAX = 150  # the notification text: a phone shows a line or two, nobody reads 400 characters
_URL = re.compile(r"https?://[^\s<>()（）\[\]|]+[^\s<>()（）\[\].,;:!?。，；：|]")


def escape(text: str) -> str:
    """Slack's mrkdwn escaping: `<!channel>` or `<@U123>` typed by a user never becomes a ping."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def code_span(code: str) -> str:
    return "`" + escape(code.replace("`", "'")) + "`"


def link(url: str | None, text: str) -> str:
    """`<url|text>`, or the escaped text alone when the address would break Slack's link syntax."""
    if url and url.startswith(("http://", "https://")) and not any(c in url for c in "<>| "):
        return f"<{url}|{escape(text)}>"
    return escape(text)


def with_links(text: str) -> str:
    """Escaped text whose addresses are links, shown as people read them (decoded, not %E5%BC%80…)."""
    from urllib.parse import quote

    out, last = [], 0
    for found in _URL.finditer(text):
        out.append(escape(text[last : found.start()]))
        shown = found.group(0)
        raw = quote(shown, safe="/:?#[]@!$&'()*+,;=%~-._")  # the address Slack opens, encoded again
        out.append(link(raw, short_address(shown)))
        last = found.end()
    out.append(escape(text[last:]))
    return "".join(out)


def short_address(url: str) -> str:
    """How a long address reads as a link: `docs.agora.io/…/cloud_recording_rest#开通云端录制服务`."""
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(url)
    segments = [p for p in parts.path.split("/") if p]
    path = ("/…/" if len(segments) > 1 else "/") + segments[-1] if segments else ""
    shown = parts.netloc + path + (f"#{unquote(parts.fragment)}" if parts.fragment else "")
    return shown if len(shown) < len(url) else url


def short_addresses(text: str) -> str:
    return _URL.sub(lambda m: short_address(m.group(0)), text)


def note(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=clip(text, SECTION_TEXT_MAX))])


def finish(blocks: list[Block], tail: Sequence[Block] = (), lang: str | None = None) -> list[dict]:
    """Keep within Slack's block count (the tail, e.g. the buttons, always stays) and validate
    every block: slack_sdk's to_dict() raises on a block Slack would refuse."""
    room = BLOCKS_MAX - len(tail)
    if len(blocks) > room:
        left = len(blocks) - room + 1
        blocks = blocks[: room - 1] + [note(words.word(lang, "more_hidden", n=left))]
    return [b.to_dict() for b in [*blocks, *tail]]
