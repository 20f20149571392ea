"""Slack's mrkdwn and Block Kit limits: escaping, clipping, links, and the last check of a message."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from urllib.parse import quote, unquote, urlsplit

from bot.render import kit, words

# Slack's limits (Block Kit reference): a section's text, a message's blocks, a header, a button.
SECTION_TEXT_MAX = 3000
BLOCKS_MAX = 50
HEADER_MAX = 150
BUTTON_TEXT_MAX = 75
BUTTON_VALUE_MAX = 2000
NOTIFY_MAX = 150  # the notification text: a phone shows a line or two, nobody reads 400 characters
_URL = re.compile(r"https?://[^\s<>()（）\[\]|]+[^\s<>()（）\[\].,;:!?。，；：|]")


# Characters that reorder or hide text: bidi embeddings/overrides/isolates, zero-width space,
# (non-)joiners, word joiner and invisible operators, marks, the BOM, soft hyphen, Mongolian vowel separator.
_INVISIBLE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# The asker's (or a vendor's) mrkdwn marks become look-alikes that Slack doesn't format: * ~ ` always,
# _ only at a word's edge (Connect_Failed and ERR_TIMEOUT keep theirs).
_MARKS = str.maketrans({"*": "\u2217", "~": "\u223c", "`": "\u02cb"})
_EDGE_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
# What Slack turns into a link by itself: a scheme, www., or a name ending in a common TLD.
_SCHEME = re.compile(r"(?i)\b([a-z][a-z0-9+.-]{1,15}):(?=//)")
_WWW = re.compile(r"(?i)\bwww\.")
_DOMAIN = re.compile(
    r"(?i)\b((?:[a-z0-9-]+\.)+)(com|net|org|io|co|me|ai|app|dev|info|biz|xyz|cn|ru|uk|de|jp|us|ly|gl|sh|to|cc|tv"
    r"|gov|edu|online|site|top|link|click|zip|mov|page|cloud|tech|so)\b"
)


# Answers escape the same catalog texts again and again (a popular entry's meaning, a vendor's
# name): escape() remembers what it made of texts up to this long, a bounded memory (a few MB at
# most, of any text a stranger sends).
ESCAPE_CACHE_ITEMS = 2048
ESCAPE_CACHE_CHARS = 1000


def escape(text: str, *, links: bool = False) -> str:
    """User or vendor text made safe to show in mrkdwn (see _escape)."""
    if len(text) <= ESCAPE_CACHE_CHARS:
        return _escape_remembered(text, links)
    return _escape(text, links)


def _escape(text: str, links: bool = False) -> str:
    """User or vendor text made safe to show in mrkdwn: `<!channel>` or `<@U123>` never becomes a
    ping (& < > escaped, as Slack asks), no bidi override or zero-width character survives, the
    text's own *bold*/_italic_/~strike~/`code` marks don't format, and bare URLs and domains are
    defanged (hxxp[:]//, www[.]) so Slack doesn't link them. `links=True` keeps URLs (the label of
    a link errcode itself makes).

    Each step runs only on a text that holds what it looks for (every answer escapes dozens of
    texts, most of them plain): the invisible characters are all non-ASCII, a scheme needs "://",
    www. and a domain need a dot (tests/render/test_mrkdwn_fast_paths.py: the same output)."""
    if not text.isascii():
        text = _INVISIBLE.sub("", text)
    if "*" in text or "~" in text or "`" in text:
        text = text.translate(_MARKS)
    if "_" in text:
        text = _EDGE_UNDERSCORE.sub("\uff3f", text)
    if not links:
        if "://" in text:
            text = _SCHEME.sub(lambda m: m.group(1).replace("t", "x", 2) + "[:]", text)
        if "." in text:
            text = _WWW.sub(lambda m: m.group(0)[:3] + "[.]", text)
            text = _DOMAIN.sub(lambda m: m.group(1).replace(".", "[.]") + m.group(2), text)
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


_escape_remembered = lru_cache(maxsize=ESCAPE_CACHE_ITEMS)(_escape)


def escape_keeping_code(text: str) -> str:
    """escape() for errcode's own sentences that quote codes in `backticks` (search hints): the
    spans stay code spans (inside one Slack formats nothing), the rest is escaped as user text."""
    parts = re.split(r"`([^`\n]*)`", text)
    return "".join(
        escape(part) if i % 2 == 0 else "`" + _plain_escape(part) + "`" for i, part in enumerate(parts)
    )


def _plain_escape(text: str) -> str:
    return _INVISIBLE.sub("", text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def visible(text: str) -> str:
    """Plain text (headers, button labels) with no bidi override or zero-width character."""
    return text if text.isascii() else _INVISIBLE.sub("", text)  # (the invisible ones are all non-ASCII)


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def code_span(code: str) -> str:
    return "`" + escape(code.replace("`", "'")) + "`"


def link(url: str | None, text: str) -> str:
    """`<url|text>` (a link errcode itself makes), or the escaped text alone when the address would
    break Slack's link syntax."""
    if url and url.startswith(("http://", "https://")) and not any(c in url for c in "<>| "):
        return f"<{url}|{escape(text, links=True)}>"
    return escape(text)


@lru_cache(maxsize=1024)  # the catalogs' few document addresses, asked for in every answer
def host(url: str | None) -> str | None:
    return urlsplit(url).hostname if url and url.startswith(("http://", "https://")) else None


def with_links(text: str, own_host: str | None = None) -> str:
    """Vendor text made safe (escape), where an address on the document's own site (`own_host`,
    from the catalog's reviewed url) is a link that reads as people read it (decoded, not
    %E5%BC%80…); any other address stays inert, as escape() leaves it."""
    if not own_host or "http" not in text:  # (_URL needs http:// or https://)
        return escape(text)
    out, last = [], 0
    for found in _URL.finditer(text):
        shown = found.group(0)
        if host(shown) != own_host:
            continue
        out.append(escape(text[last : found.start()]))
        raw = quote(shown, safe="/:?#[]@!$&'()*+,;=%~-._")  # the address Slack opens, encoded again
        out.append(link(raw, short_address(shown)))
        last = found.end()
    out.append(escape(text[last:]))
    return "".join(out)


_EMPTY_PARENS = re.compile(r"\s*\(\s*\)")  # what an address in parentheses leaves


def without_addresses(text: str) -> str:
    """A notification reads without addresses (nobody opens one from a phone's banner)."""
    if "http" in text:  # (_URL needs http:// or https://)
        text = _URL.sub("", text)
    return _EMPTY_PARENS.sub("", text) if "(" in text else text


def short_address(url: str) -> str:
    """How a long address reads as a link: `docs.agora.io/…/cloud_recording_rest#开通云端录制服务`."""
    parts = urlsplit(url)
    segments = [p for p in parts.path.split("/") if p]
    path = ("/…/" if len(segments) > 1 else "/") + segments[-1] if segments else ""
    shown = parts.netloc + path + (f"#{unquote(parts.fragment)}" if parts.fragment else "")
    return shown if len(shown) < len(url) else url


def note(text: str) -> dict:
    return kit.context(text if len(text) <= SECTION_TEXT_MAX else clip(text, SECTION_TEXT_MAX))


def finish(blocks: list[dict], tail: Sequence[dict] = (), lang: str | None = None) -> list[dict]:
    """Keep within Slack's block count (the tail, e.g. the buttons, always stays)."""
    room = BLOCKS_MAX - len(tail)
    if len(blocks) > room:
        left = len(blocks) - room + 1
        blocks = blocks[: room - 1] + [note(words.word(lang, "more_hidden", n=left))]
    return [*blocks, *tail]
