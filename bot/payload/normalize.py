"""Undo what Slack and chat clients do to a paste, before any parsing.

Slack escapes only `&`, `<` and `>` (as `&amp;` `&lt;` `&gt;`), wraps links as `<url|label>`,
and people add ``` fences, `inline code`, smart quotes and chatter around the payload.
"""

from __future__ import annotations

import re

from bot.results import Hint, skip

MAX_CHARS = 65_536  # what we parse; the rest of a huge paste is skipped and said so

# Slack markup that uses raw angle brackets: links, mentions, channels, special commands.
# (no "<" inside: a run of "<http://" stops each attempt at the next "<", keeping the scan linear)
_SLACK_LINK = re.compile(r"<((?:https?|mailto|ftp):(?://)?[^|<>\s]{0,2000})(?:\|([^<>\n]{0,500}))?>")
_SLACK_REF = re.compile(r"<[@#!][A-Za-z0-9^._-]{1,80}(?:\|([^<>\n]{0,200}))?>")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u200c\u200d\u2060\ufeff]")
_REPLACEMENTS = tuple(
    {
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\uff02": '"',
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\uff07": "'",
        "\u00a0": " ", "\u3000": " ", "\u2028": "\n", "\u2029": "\n",
        "`": " ",  # inline code marks; fences are turned into line breaks first
    }.items()
)

_ASCII_REPLACEMENTS = tuple((char, replacement) for char, replacement in _REPLACEMENTS if char.isascii())  # an ASCII text's


# A markdown table's separator row ("|---|:---:|"); a page stored without its line breaks runs the
# header, this row and every body row together on one line
_SEPARATOR_ROW = re.compile(r"\|(?:[ \t]{0,8}:?-{3,40}:?[ \t]{0,8}\|){1,20}")
_ROW_GAP = re.compile(r"[ \t]{1,8}(?=\|)")
MAX_UNROLLED_ROWS = 500  # rows put back per paste


def _unroll_tables(text: str) -> str:
    """A markdown table run together on one line, its rows put back on lines of their own: the gap
    between one row's closing pipe and the next row's opening pipe becomes a line break (one
    character for one, so every offset stays). The separator says how many cells a row has."""
    if "|---" not in text and "| ---" not in text and "|:--" not in text:
        return text
    chars: list[str] | None = None
    done_until = rows = line_end = 0
    for separator in _SEPARATOR_ROW.finditer(text):
        if separator.start() < done_until:
            continue  # a run of rows already put back on their lines
        if separator.start() >= line_end:
            line_end = text.find("\n", separator.end())
            line_end = len(text) if line_end < 0 else line_end
        before = text[separator.start() - 1] if separator.start() > 0 else "\n"
        if before == "\n" and separator.end() >= line_end - 1:
            continue  # a table already on its lines
        chars = chars if chars is not None else list(text)
        if before in " \t":
            chars[separator.start() - 1] = "\n"  # the header ends here
        cells = separator.group(0).count("|") - 1
        pos = separator.end()
        while rows < MAX_UNROLLED_ROWS:
            gap = _ROW_GAP.match(text, pos, line_end)
            if gap is None:
                break
            rows += 1
            chars[gap.start()] = "\n"
            end = gap.end()
            for _ in range(cells):  # the row's cells: to its closing pipe
                end = text.find("|", end + 1, line_end)
                if end < 0:
                    break
            if end < 0:
                break
            pos = end + 1
        done_until = pos
    return "".join(chars) if chars is not None else text


def _link(match: re.Match) -> str:
    url, label = match.group(1), match.group(2)
    return label if label else url


def _ref(match: re.Match) -> str:
    return match.group(1) or " "


def clean(text: object, notes: list[Hint]) -> str:
    """The paste as the user meant it. Appends to `notes` what was cut."""
    if isinstance(text, (bytes, bytearray)):
        text = bytes(text).decode("utf-8", errors="replace")
    elif not isinstance(text, str):
        text = "" if text is None else str(text)
    if len(text) > MAX_CHARS:
        notes.append(skip("truncated", read=MAX_CHARS, total=len(text)))
        text = text[:MAX_CHARS]
    text = _CONTROL.sub(" ", text)
    if "<" in text:
        text = _SLACK_LINK.sub(_link, text)
        text = _SLACK_REF.sub(_ref, text)
    if "&" in text:
        # &amp; last, so a typed "&lt;" (sent by Slack as "&amp;lt;") stays "&lt;"
        text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    if "```" in text:
        text = text.replace("```", "\n")
    for char, replacement in _REPLACEMENTS if not text.isascii() else _ASCII_REPLACEMENTS:
        if char in text:  # str.replace per present char beats str.translate here
            text = text.replace(char, replacement)
    return _unroll_tables(text)


# A message's text as Slack sends it to the bot (not a paste yet): mentions, links, channels.
_MENTION = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>")
_LABELLED_LINK = re.compile(r"<((?:https?|mailto):[^<>|]+)\|([^<>]*)>")
_LINK = re.compile(r"<((?:https?|mailto):[^<>|]+)>")
_CHANNEL = re.compile(r"<#[CG][A-Z0-9]+(?:\|([^>]*))?>")
_SPECIAL = re.compile(r"<![a-z^][^>]*>")


def plain_text(slack_text: str) -> str:
    """A message's text as the user typed it: mentions dropped, links and Slack's escapes undone."""
    text = _MENTION.sub(" ", slack_text)
    text = _LABELLED_LINK.sub(lambda m: m.group(2) or m.group(1), text)
    text = _LINK.sub(r"\1", text)
    text = _CHANNEL.sub(lambda m: "#" + (m.group(1) or "channel"), text)
    text = _SPECIAL.sub(" ", text)
    return unescape(text).strip()


def unescape(slack_text: str) -> str:
    """Undo Slack's escaping of & < > (render.escape puts it back wherever text is shown)."""
    return slack_text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
