"""Text helpers for the importer: clean markdown inline text, and tell an error's meaning from advice.

Vendor pages mix what an error is with what to do about it, often in one sentence
("参数不合法，请确保参数类型…"). `split_advice` separates them by the words advice starts
with, so that no advice is invented where a page has none.
"""

from __future__ import annotations

import re

LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]*)\)")
# Only real HTML tags: `Basic <Authorization>` in a page is text, not markup.
HTML_TAG = re.compile(r"</?(?:span|a|b|i|u|em|strong|code|font|div|p|sup|sub|small|br)(?:\s[^>]*)?/?>", re.I)
BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
QUOTES = "`\"'“”‘’"

# A clause that starts with one of these gives advice: 请 (not 请求), 需/需要, 建议, 如需, 你需要, 检查, 确保.
ADVICE_START = re.compile(
    r"^(?:请(?!求)|你需要|需|建议|如需|检查|确保|务必|please\b|make sure\b|check\b|try\b)", re.I
)
# A sentence that holds one of these anywhere states a rule the user must follow.
ADVICE_ANYWHERE = re.compile(r"必须|务必|不得")
# Chinese sentences end at 。！？; English ones at ". " before a capital.
SENTENCE_END = re.compile(r"(?<=[。！？])|(?<=[a-z0-9)][.!?])\s+(?=[A-Z])")
CLAUSE_SPLIT = re.compile(r"(，|；|, |; )")


def clean_inline(text: str) -> str:
    """One table cell or bullet text as plain text: <br> as newlines, links as 'text (url)'."""
    text = BR.sub("\n", text)

    def link(m: re.Match[str]) -> str:
        label, target = m.group(1), m.group(2)
        if not target or target.startswith("#"):  # an anchor inside the page: the label says it
            return label
        return f"{label} ({target})"

    text = LINK.sub(link, text)
    text = HTML_TAG.sub("", text)
    return "\n".join(part.strip() for part in text.split("\n")).strip()


def clean_code(text: str) -> str:
    """A code as the page writes it, without backticks or quotes: `"invalid appid"` -> invalid appid."""
    code = HTML_TAG.sub("", text).strip()
    while code and (code[0] in QUOTES or code[-1] in QUOTES):
        code = code.strip(QUOTES).strip()
    return code


BLANK_CELLS = {"", "-", "--", "—", "–", "/", "无", "无。", "暂无", "n/a", "na", "none", "null"}


def is_blank(text: str) -> bool:
    """A cell that says nothing: empty, a dash, 无, N/A."""
    return text.strip().strip("`").strip().lower() in BLANK_CELLS


def clean_heading(text: str) -> str:
    text = HTML_TAG.sub("", text)
    text = LINK.sub(lambda m: m.group(1), text)
    return text.strip().strip("#").strip()


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(text) if s.strip()]


def clauses(sentence: str) -> list[tuple[str, str]]:
    """(separator before, clause) pairs; the first separator is ''."""
    parts = CLAUSE_SPLIT.split(sentence)
    out = [("", parts[0])]
    for i in range(1, len(parts), 2):
        out.append((parts[i], parts[i + 1]))
    return out


def is_advice(sentence: str) -> bool:
    if ADVICE_ANYWHERE.search(sentence):
        return True
    return any(ADVICE_START.match(clause.strip()) for _, clause in clauses(sentence))


def split_advice(text: str) -> tuple[str, str | None, str | None]:
    """(meaning, handling, context) of one description.

    The first sentence states the error; from its first advice clause on, it is handling.
    Later sentences are handling when they advise, context (when/why it happens) otherwise.
    A description that is all advice stays the meaning: the page gives nothing else.
    """
    parts = sentences(text)
    if not parts:
        return text.strip(), None, None
    first, rest = parts[0], parts[1:]
    meaning, handling, context = first, [], []
    pieces = clauses(first)
    for index, (_, clause) in enumerate(pieces):
        if index and ADVICE_START.match(clause.strip()):
            meaning = "".join(sep + c for sep, c in pieces[:index]).strip()
            handling.append("".join(sep + c for sep, c in pieces[index:])[len(pieces[index][0]) :].strip())
            break
    if not meaning.strip("，,；; "):  # nothing before the advice: the page gives nothing else
        meaning, handling = first, []
    for sentence in rest:
        (handling if is_advice(sentence) else context).append(sentence)
    return meaning, _join_sentences(handling), _join_sentences(context)


def _join_sentences(parts: list[str]) -> str | None:
    # Chinese sentences run on without a space; keep a space after Latin punctuation only.
    text = ""
    for part in parts:
        if text and not text.endswith(("。", "！", "？", "\n")):
            text += " "
        text += part
    return text.strip() or None


SUCCESS = {"成功", "执行成功", "操作成功", "请求成功", "调用成功", "没有错误", "无错误", "success", "succeeded",
           "successful operation", "the operation succeeds", "the operation succeeded", "operation succeeded",
           "ok", "no error", "no errors", "no error occurs", "提示操作成功", "操作成功，没有错误"}  # fmt: skip


def is_success(meaning: str) -> bool:
    """A meaning that says the call worked: the entry is kind success, not an error."""
    return meaning.strip().rstrip("。.！!").strip().lower() in SUCCESS


def meaning_is_instruction(meaning: str) -> bool:
    """A 'meaning' cell that only tells the reader what to do (请重新发起请求)."""
    return bool(re.match(r"^(?:请(?!求)|please\b)", meaning.strip(), re.I))
