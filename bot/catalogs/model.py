"""The catalog data model: plain, immutable records with no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

KINDS = ("error", "http_status", "service_status", "server_code", "success")
LANGUAGES = ("zh", "en")


@dataclass(frozen=True, slots=True)
class Text:
    """An entry's words in one language."""

    meaning: str
    handling: str | None = None
    context: str | None = None
    # True when this text is our translation rather than the vendor's own words.
    translated: bool = False


@dataclass(frozen=True, slots=True)
class Entry:
    catalog: str
    vendor: str
    product: str | None
    code: str
    kind: str
    name: str | None
    language: str  # the language of `meaning`/`handling`/`context`
    meaning: str
    handling: str | None = None
    context: str | None = None  # when the error happens, as the document says it
    section: str | None = None  # the document's section heading, e.g. NetEase's 本地录制相关
    note: str | None = None  # what is odd about this entry in the source document
    url: str | None = None
    source: str | None = None
    line: int = 0  # line of the entry in its catalog file, for messages
    # Other languages: {"en": Text(...)}; the entry's own language is in the fields above.
    translations: dict[str, Text] = field(default_factory=dict, hash=False, compare=False)
    # The source document's title by language ({"zh": "云端录制 RESTful API 常见错误码", "en": ...}).
    titles: dict[str, str] = field(default_factory=dict, hash=False, compare=False)

    def text(self, lang: str | None = None) -> Text:
        """The entry's words in `lang`, falling back to its own language."""
        if lang and lang != self.language and lang in self.translations:
            return self.translations[lang]
        return Text(self.meaning, self.handling, self.context, translated=False)

    def languages(self) -> tuple[str, ...]:
        return (self.language, *(k for k in self.translations if k != self.language))

    def title(self, lang: str | None = None) -> str | None:
        """The source document's title in `lang`, else in the document's own language."""
        return self.titles.get(lang or "") or self.titles.get(self.language)


# An Entry made from values already checked by setting its slots directly: half the time of the
# frozen dataclass's __init__ (50,000 entries at every start, cold or warm). Same object: tests compare them.
_ENTRY_SLOTS = ("catalog", "vendor", "product", "code", "kind", "name", "language", "meaning", "handling",
                "context", "section", "note", "url", "source", "line", "translations", "titles")  # fmt: skip
assert Entry.__slots__ == _ENTRY_SLOTS, "Entry's fields changed: update checked_entry"
(_s_catalog, _s_vendor, _s_product, _s_code, _s_kind, _s_name, _s_language, _s_meaning, _s_handling, _s_context,
 _s_section, _s_note, _s_url, _s_source, _s_line, _s_translations, _s_titles) = (
    getattr(Entry, name).__set__ for name in _ENTRY_SLOTS)  # fmt: skip


def checked_entry(catalog, vendor, product, code, kind, name, language, meaning, handling, context, section, note,
                  url, source, line, translations, titles, _new=object.__new__) -> Entry:  # fmt: skip
    """Entry(...) with every field given, in order, for values already checked (schema, compiled records)."""
    entry = _new(Entry)
    _s_catalog(entry, catalog)
    _s_vendor(entry, vendor)
    _s_product(entry, product)
    _s_code(entry, code)
    _s_kind(entry, kind)
    _s_name(entry, name)
    _s_language(entry, language)
    _s_meaning(entry, meaning)
    _s_handling(entry, handling)
    _s_context(entry, context)
    _s_section(entry, section)
    _s_note(entry, note)
    _s_url(entry, url)
    _s_source(entry, source)
    _s_line(entry, line)
    _s_translations(entry, translations)
    _s_titles(entry, titles)
    return entry


@dataclass(frozen=True, slots=True)
class Catalog:
    id: str
    vendor: str
    product: str | None
    language: str
    source: str | None
    url: str | None
    path: Path
    bundled: bool
    entries: tuple[Entry, ...]
    titles: dict[str, str] = field(default_factory=dict, hash=False, compare=False)  # the document's title

    def title(self, lang: str | None = None) -> str | None:
        return self.titles.get(lang or "") or self.titles.get(self.language)

    def counts_by_kind(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for entry in self.entries:
            counts[entry.kind] = counts.get(entry.kind, 0) + 1
        return counts


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a catalog file, located precisely enough to fix it."""

    path: Path | str
    line: int
    message: str
    severity: str = "error"  # error | warning

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        return f"{where}: {self.severity}: {self.message}"


class CatalogError(Exception):
    """A bundled catalog is invalid: errcode cannot start with it."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
