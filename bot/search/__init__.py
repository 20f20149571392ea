"""Search across every catalog. PLACEHOLDER: exact code lookup only, replaced by the search issue."""

from __future__ import annotations

from collections.abc import Sequence

from bot.catalogs import Catalog, Entry


def match_dict(entry: Entry, score: float, lang: str | None = None, **extra) -> dict:
    """The public Match shape (INTERFACE.md), in the asked language where the entry has it."""
    text = entry.text(lang)
    match = {
        "catalog": entry.catalog,
        "vendor": entry.vendor,
        "code": entry.code,
        "name": entry.name,
        "kind": entry.kind,
        "meaning": text.meaning,
        "handling": text.handling,
        "score": round(float(score), 1),
        "product": entry.product,
        "context": text.context,
        "section": entry.section,
        "note": entry.note,
        "source": entry.source,
        "url": entry.url,
        "lang": lang if text.translated else entry.language,
    }
    match.update(extra)
    return match


class SearchIndex:
    def __init__(self, catalogs: Sequence[Catalog]):
        self.catalogs = tuple(catalogs)
        self.by_code: dict[str, list[Entry]] = {}
        for catalog in self.catalogs:
            for entry in catalog.entries:
                self.by_code.setdefault(entry.code.lower(), []).append(entry)

    def matches_for_code(self, code: str, vendor: str | None = None, *, limit: int = 5, lang=None) -> list[dict]:
        entries = self.by_code.get(code.strip().lower(), [])
        if vendor:
            entries = [e for e in entries if e.vendor == vendor] or entries
        return [match_dict(e, 100, lang) for e in entries[:limit]]

    def lookup(self, query: str, *, limit: int = 5, lang: str | None = None) -> dict:
        return {"query": query, "matches": self.matches_for_code(query, limit=limit, lang=lang)}
