"""The public Python face of errcode: `lookup` and `explain` (see INTERFACE.md).

The command line and the Slack layer both call these; they hold no Slack code.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from bot.catalogs import LoadResult, load_catalogs
from bot.search import SearchIndex


@dataclass(frozen=True)
class Knowledge:
    """Everything a lookup needs, swapped as one piece on reload."""

    loaded: LoadResult
    index: SearchIndex


_lock = threading.Lock()
_knowledge: Knowledge | None = None


def build(extra: str | None = None) -> Knowledge:
    """Load catalogs and build the index. Raises CatalogError if a bundled catalog is invalid."""
    loaded = load_catalogs(extra)
    return Knowledge(loaded, SearchIndex(loaded.catalogs))


def knowledge() -> Knowledge:
    global _knowledge
    current = _knowledge
    if current is None:
        with _lock:
            if _knowledge is None:
                _knowledge = build()
            current = _knowledge
    return current


def install(new: Knowledge | None) -> None:
    """Swap in freshly built knowledge (reload), or None to load lazily again."""
    global _knowledge
    with _lock:
        _knowledge = new


def lookup(query: str, *, limit: int = 5, lang: str | None = None) -> dict:
    """`{"query": str, "matches": [Match, ...]}`, best first; no match is `[]`."""
    return knowledge().index.lookup(query, limit=limit, lang=lang)


def explain(text: str, *, lang: str | None = None) -> dict:
    """`{"findings": [Finding, ...]}`: every error found in pasted text, in text order."""
    from bot.payload import explain as explain_payload  # built by the payload issue

    return explain_payload(knowledge().index, text, lang=lang)
