"""Which language to answer in (issue: bilingual answers).

Order: an explicit choice (`--lang`, `lang:en` in the query) wins; otherwise a query written in
Chinese is answered in Chinese; otherwise the asker's Slack locale where known; otherwise
ERRCODE_LANG; otherwise English.
"""

from __future__ import annotations

import os
import re

SUPPORTED = ("zh", "en")
DEFAULT = "en"
ENV_LANG = "ERRCODE_LANG"

# `lang:en`, `lang=zh`, `--lang en` written inside a query (Slack users can't pass flags).
_LANG_TOKEN = re.compile(
    r"(?:^|\s)(?:--lang[=\s]+|lang[:=：]\s*)(zh|en|cn|中文|英文|chinese|english)(?=\s|$)", re.I
)
_ALIASES = {"zh": "zh", "cn": "zh", "中文": "zh", "chinese": "zh", "en": "en", "英文": "en", "english": "en"}
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


_REGION = re.compile(r"[-_]")  # "zh-CN", "en_US": the language before it


def language_code(lang: str | None) -> str | None:
    """'zh-CN', 'en_US', 'EN' -> 'zh'/'en'; anything else -> None."""
    if not lang:
        return None
    code = _CODES.get(lang)  # (every answer asks for its locale's and its choice's, a few values)
    if code is None and lang not in _CODES:
        code = _ALIASES.get(_REGION.split(lang.strip().lower(), maxsplit=1)[0])
        if len(_CODES) < _CODES_MAX and isinstance(lang, str):
            _CODES[lang] = code
    return code


_CODES_MAX = 256  # languages and locales said before (any text a caller passes: bounded)
_CODES: dict[str, str | None] = {}


def split_lang_token(query: str) -> tuple[str, str | None]:
    """Remove a `lang:xx` token from the query; return (rest, lang or None)."""
    match = _LANG_TOKEN.search(query)
    if not match:
        return query, None
    rest = (query[: match.start()] + " " + query[match.end() :]).strip()
    return re.sub(r"\s{2,}", " ", rest), _ALIASES[match.group(1).lower()]


def is_chinese(text: str) -> bool:
    """True when the text holds Chinese characters: the asker is writing Chinese."""
    return bool(_CJK.search(text))


# Quoted strings and JSON values in a paste are the vendor's words, not the asker's.
_QUOTED = re.compile(r'"(?:[^"\\\n]|\\.){0,2000}"|\'(?:[^\'\\\n]|\\.){0,2000}\'')


def asker_words(text: str) -> str:
    """A paste without its quoted strings: what the asker wrote around the payload.

    An English speaker pasting `{"code":404,"desc":"房间不存在"}` gets English; a Chinese speaker
    writing `这个报错怎么办 {...}` gets Chinese."""
    return _QUOTED.sub(" ", text)


def query_decides(text: str) -> bool:
    """True when the text alone fixes the language (a lang: token, or Chinese words): then the
    asker's locale need not be asked for."""
    return bool(_LANG_TOKEN.search(text)) or is_chinese(asker_words(text[:4000]))


def answer_language(
    query: str = "", *, explicit: str | None = None, locale: str | None = None, env: str | None = None
) -> str:
    """The answer language by the documented order. `explicit` is --lang or a parsed lang: token."""
    chosen = language_code(explicit)
    if chosen:
        return chosen
    if is_chinese(query):
        return "zh"
    chosen = language_code(locale)
    if chosen:
        return chosen
    chosen = language_code(os.environ.get(ENV_LANG) if env is None else env)
    return chosen or DEFAULT


def cut_lang_token(paste: str) -> tuple[str, str | None]:
    """(the paste without its `lang:xx` token, its lines and spacing kept; the token's language or None)."""
    match = _LANG_TOKEN.search(paste)
    if not match:
        return paste, None
    return paste[: match.start()] + " " + paste[match.end() :], _ALIASES[match.group(1).lower()]


def resolve(
    query: str, *, explicit: str | None = None, locale: str | None = None, paste: bool = False
) -> tuple[str, str]:
    """(query without its `lang:xx` token, answer language). `paste`: judge only the asker's own
    words (quoted strings left out), so a vendor's Chinese message in a payload decides nothing."""
    if paste:  # cut the token out, keep the paste's lines and spacing as they are
        rest, token = cut_lang_token(query)
        chosen = language_code(explicit or token)
        if chosen:  # the asker's words would decide nothing: not read
            return rest, chosen
        seen = asker_words(rest[:4000])
    else:
        rest, token = split_lang_token(query)
        seen = rest
    return rest, answer_language(seen, explicit=explicit or token, locale=locale)
