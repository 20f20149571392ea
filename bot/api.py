"""The public Python face of errcode: `lookup` and `explain` (see INTERFACE.md).

The command line and the Slack layer both call these; they hold no Slack code.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from bot import lang as answer_lang
from bot.catalogs import LoadResult
from bot.search import SearchIndex


@dataclass(frozen=True)
class Knowledge:
    """Everything a lookup needs, swapped as one piece on reload."""

    loaded: LoadResult
    index: SearchIndex


_VENDOR_MESSAGE = re.compile(
    r"(?:message|Message|msg|errmsg|desc|reason|Reason)\s{0,8}[:=]\s{0,8}[^\n]{0,2000}?(?=\s{0,8},?\s{0,8}"
    r"(?:requestId|RequestId|errorCode|code|Code)\s{0,8}[:=]|\n|$)"
)
_lock = threading.Lock()
_knowledge: Knowledge | None = None


def build(extra: str | None = None) -> Knowledge:
    """Load catalogs and build the index (through bot.compiled's cache in ERRCODE_DATA_DIR, when it
    can be written). Raises CatalogError if a bundled catalog is invalid."""
    from bot import compiled

    loaded, index = compiled.load(extra)
    return Knowledge(loaded, index)


def knowledge() -> Knowledge:
    global _knowledge
    current = _knowledge
    if current is None:
        with _lock:
            if _knowledge is None:
                _knowledge = build()
            current = _knowledge
    return current


def current() -> Knowledge | None:
    """The knowledge being served, or None before the first load (never loads)."""
    return _knowledge


def install(new: Knowledge | None) -> None:
    """Swap in freshly built knowledge (reload), or None to load lazily again."""
    global _knowledge
    with _lock:
        _knowledge = new


def lookup(query: str, *, limit: int = 5, lang: str | None = None, locale: str | None = None) -> dict:
    """`{"query": str, "matches": [Match, ...], "lang": str}`, best first; no match is `[]`.

    The answer language (bot.lang): `lang`, else a `lang:xx` token in the query (taken out before
    searching), else Chinese for a query written in Chinese, else `locale` (the asker's Slack
    locale), else ERRCODE_LANG, else English. Matches in another language than their catalog's
    carry the vendor's own words in "original"."""
    rest, language = answer_lang.resolve(query or "", explicit=lang, locale=locale)
    return knowledge().index.lookup(rest, limit=limit, lang=language)


def explain(text: str, *, lang: str | None = None, locale: str | None = None) -> dict:
    """`{"findings": [Finding, ...], "lang": str}`: every error found in pasted text, in text order.

    Same language order as `lookup`; only the asker's own words count as "written in Chinese",
    not a vendor's Chinese message quoted inside the payload."""
    from bot.payload import explain as explain_payload  # built by the payload issue

    raw = text if isinstance(text, str) else ""
    rest, _ = answer_lang.resolve(raw, explicit=lang, locale=locale, paste=True)
    # the vendor's message in an SDK string or log line ("message:签名过期") is not the asker's words,
    # just as a quoted JSON value is not: the same error gets the same language whatever its shape
    _, language = answer_lang.resolve(_VENDOR_MESSAGE.sub(" ", raw), explicit=lang, locale=locale, paste=True)
    result = explain_payload(knowledge().index, rest if isinstance(text, str) else text, lang=language)
    result.setdefault("lang", language)
    return result


def matches_by_key(keys: list, *, lang: str | None = None) -> list[dict]:
    """Matches for entries named by (catalog, code, kind, name, score), in `lang`: the "原文 /
    Original" button brings back exactly the entries an answer showed. Unknown keys are skipped
    (a catalog reloaded since)."""
    from bot.search import match_dict

    by_key = {(e.catalog, e.code, e.kind, e.name): e for e in knowledge().index.entries}
    found = []
    for key in keys:
        if not isinstance(key, (list, tuple)) or len(key) != 5:
            continue
        entry = by_key.get(tuple(key[:4]))
        if entry is not None:
            score = key[4] if isinstance(key[4], (int, float)) and not isinstance(key[4], bool) else 0.0
            found.append(match_dict(entry, score, lang))
    return found
