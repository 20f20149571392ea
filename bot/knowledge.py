"""The loaded catalogs and their index, and the one holder that swaps them on reload.

`Knowledge` is everything a lookup needs, built as one piece; `KnowledgeHolder` is the only state
the process swaps while it runs (bot/reload.py installs a fresh build; the CLI and the Slack
layer read it through bot.api). Nothing else in bot/ keeps state that answers depend on at module
level: bot/render's bounded memo tables of drawn parts are keyed by everything a part is drawn from,
so they change how fast an answer is drawn, never what it says.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from bot.catalogs import LoadResult
from bot.search import SearchIndex


@dataclass(frozen=True)
class Knowledge:
    """Everything a lookup needs, swapped as one piece on reload."""

    loaded: LoadResult
    index: SearchIndex


def build(extra: str | None = None) -> Knowledge:
    """Load catalogs and build the index (through bot.compiled's cache in ERRCODE_DATA_DIR, when it
    can be written). Raises CatalogError if a bundled catalog is invalid."""
    from bot import compiled

    # the first answer waits for no record, analysis or text index: a forked child makes and writes them
    loaded, index = compiled.load(extra, write_index_later=True)
    return Knowledge(loaded, index)


class KnowledgeHolder:
    """The knowledge being served: loaded on first use, swapped whole by a reload.

    `reported` remembers the team-catalog problems already logged, so a reload that sees the same
    broken file again does not log it again."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._current: Knowledge | None = None
        self.reported: set[str] = set()

    def get(self) -> Knowledge:
        current = self._current
        if current is None:
            with self._lock:
                if self._current is None:
                    self._current = build()
                current = self._current
        return current

    def current(self) -> Knowledge | None:
        """The knowledge being served, or None before the first load (never loads)."""
        return self._current

    def install(self, new: Knowledge | None) -> None:
        """Swap in freshly built knowledge (reload), or None to load lazily again."""
        with self._lock:
            self._current = new
