"""Turn a parsed catalog document into a Catalog, collecting every problem with its line."""

from __future__ import annotations

import re
from pathlib import Path

from bot.catalogs.model import KINDS, LANGUAGES, Catalog, Entry, Problem, Text, checked_entry
from bot.catalogs.yamlfile import LINE_KEY

CATALOG_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
CATALOG_KEYS = {"id", "vendor", "product", "language", "source", "url", "title", "entries", "description"}
ENTRY_TEXT_KEYS = ("handling", "context", "section", "note", "url")
ENTRY_KEYS = {"code", "kind", "name", "meaning", *ENTRY_TEXT_KEYS, *LANGUAGES}
TRANSLATION_KEYS = {"meaning", "handling", "context", "translated"}
_ENTRY_KEYS_AND_LINE = frozenset(ENTRY_KEYS | {LINE_KEY})
_TRANSLATION_KEYS_AND_LINE = frozenset(TRANSLATION_KEYS | {LINE_KEY})


QUOTE_MAX = 60  # characters of a value quoted in a problem: a hostile file can't make a huge log line


def _quote(value: object) -> str:
    """repr() of a value for a problem message, clipped (and never expanding a huge structure)."""
    if isinstance(value, (dict, list, tuple, set)):
        return f"a {type(value).__name__} of {len(value)} items"
    text = repr(value) if isinstance(value, (str, int, float, bool, type(None))) else type(value).__name__
    return text if len(text) <= QUOTE_MAX else text[: QUOTE_MAX - 1] + "…"


class _Collector:
    def __init__(self, path: Path):
        self.path = path
        self.problems: list[Problem] = []

    def error(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message, "error"))

    def warning(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message, "warning"))


def _optional_str(c: _Collector, mapping: dict, key: str, line: int, where: str) -> str | None:
    value = mapping.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        c.error(line, f"{where}: '{key}' must be a string, not {type(value).__name__}")
        return None
    text = str(value).strip()
    return text or None


def _translation(c: _Collector, raw: object, line: int, code_raw: object, index: int, lang: str) -> Text | None:
    if isinstance(raw, dict) and raw.keys() <= _TRANSLATION_KEYS_AND_LINE:  # the usual case, said quickly
        meaning, handling, context = raw.get("meaning"), raw.get("handling"), raw.get("context")
        translated = raw.get("translated", False)
        if (meaning.__class__ is str and meaning.strip() and translated.__class__ is bool
                and (handling is None or handling.__class__ is str) and (context is None or context.__class__ is str)):  # fmt: skip
            return Text(meaning.strip(), None if handling is None else (handling.strip() or None),
                        None if context is None else (context.strip() or None), translated)  # fmt: skip
    where = f"{_where(code_raw, index)}, '{lang}'"
    if not isinstance(raw, dict):
        c.error(line, f"{where}: must be a mapping with 'meaning' (and 'handling', 'context', 'translated')")
        return None
    line = raw.get(LINE_KEY, line)
    for key in raw.keys() - TRANSLATION_KEYS - {LINE_KEY}:
        c.warning(line, f"{where}: unknown field {_quote(key)}")
    meaning = _optional_str(c, raw, "meaning", line, where)
    if not meaning:
        c.error(line, f"{where}: 'meaning' is missing or empty")
        return None
    translated = raw.get("translated", False)
    if not isinstance(translated, bool):
        c.error(line, f"{where}: 'translated' must be true or false")
        translated = False
    return Text(
        meaning=meaning,
        handling=_optional_str(c, raw, "handling", line, where),
        context=_optional_str(c, raw, "context", line, where),
        translated=translated,
    )


def _titles(c: _Collector, document: dict, line: int, language: str) -> dict[str, str]:
    """`title: 错误码` (the document's own language) or `title: {zh: 错误码, en: Error codes}`."""
    raw = document.get("title")
    if raw is None:
        return {}
    if isinstance(raw, str):
        return {language: raw.strip()} if raw.strip() else {}
    if not isinstance(raw, dict):
        c.error(line, "catalog: 'title' must be a string or a mapping of language to string")
        return {}
    titles: dict[str, str] = {}
    for key, value in raw.items():
        if key == LINE_KEY:
            continue
        if key not in LANGUAGES or not isinstance(value, str) or not value.strip():
            c.error(line, f"catalog: 'title' needs strings under {', '.join(LANGUAGES)}, not {key!r}")
            continue
        titles[key] = value.strip()
    return titles


def _where(code_raw: object, index: int) -> str:
    """How a problem names its entry (made only when there is a problem to say)."""
    return f"entry {_quote(code_raw)}" if code_raw is not None else f"entry #{index + 1}"


def _entry(c: _Collector, raw: object, index: int, cat: dict, fallback_line: int) -> Entry | None:
    if not isinstance(raw, dict):
        c.error(fallback_line, f"entry #{index + 1} must be a mapping, not {type(raw).__name__}")
        return None
    line = raw.get(LINE_KEY, fallback_line)
    code_raw = raw.get("code")
    unknown = raw.keys() - _ENTRY_KEYS_AND_LINE
    if unknown:
        where = _where(code_raw, index)
        for key in sorted(unknown):
            c.warning(line, f"{where}: unknown field {_quote(key)}")

    if code_raw.__class__ is str and code_raw.strip():  # the usual case: nothing to say
        code = code_raw.strip()
    else:
        where = _where(code_raw, index)
        if code_raw is None or (isinstance(code_raw, str) and not code_raw.strip()):
            c.error(line, f"{where}: 'code' is missing or empty")
            return None
        if isinstance(code_raw, bool) or not isinstance(code_raw, (str, int)):
            c.error(line, f"{where}: 'code' must be a string, not {type(code_raw).__name__}")
            return None
        if isinstance(code_raw, int):
            c.warning(line, f"{where}: 'code' is a YAML number; quote it (\"{code_raw}\") to keep it exact")
        code = str(code_raw).strip()

    kind = raw.get("kind", "error")
    if kind not in KINDS:
        c.error(line, f"{_where(code_raw, index)}: 'kind' must be one of {', '.join(KINDS)}, not {_quote(kind)}")
        return None
    name = raw.get("name")
    if name is not None:
        name = (name.strip() or None) if name.__class__ is str else _optional_str(c, raw, "name", line, _where(code_raw, index))
    meaning_raw = raw.get("meaning")
    if meaning_raw is not None and not isinstance(meaning_raw, str):
        c.error(line, f"{_where(code_raw, index)}: 'meaning' must be a string, not {type(meaning_raw).__name__}")
        return None
    meaning = (meaning_raw or "").strip()
    if not meaning:
        c.error(line, f"{_where(code_raw, index)}: 'meaning' is missing or empty")
        return None
    texts = []
    for key in ENTRY_TEXT_KEYS:
        value = raw.get(key)
        if value is not None:
            value = (value.strip() or None) if value.__class__ is str else _optional_str(
                c, raw, key, line, _where(code_raw, index))  # fmt: skip
        texts.append(value)
    handling, context, section, note, url = texts

    translations: dict[str, Text] = {}
    for lang in LANGUAGES:
        if lang in raw and lang != cat["language"]:
            text = _translation(c, raw[lang], line, code_raw, index, lang)
            if text:
                translations[lang] = text
    return checked_entry(cat["id"], cat["vendor"], cat["product"], code, kind, name, cat["language"], meaning, handling,
                         context, section, note, url or cat["url"], cat["source"], line, translations, cat["titles"])  # fmt: skip


def build_catalog(document: object, path: Path, *, bundled: bool) -> tuple[Catalog | None, list[Problem]]:
    """Validate `document` (as read by yamlfile.read_document) and build its Catalog.

    Returns the catalog (None when it has errors) and every problem found, errors and warnings.
    """
    c = _Collector(path)
    if not isinstance(document, dict):
        c.error(1, "a catalog must be a mapping with 'id', 'vendor', 'language' and 'entries'")
        return None, c.problems
    top = document.get(LINE_KEY, 1)
    for key in sorted(document.keys() - CATALOG_KEYS - {LINE_KEY}):
        c.warning(top, f"unknown catalog field {_quote(key)}")

    cat_id = document.get("id")
    if not isinstance(cat_id, str) or not CATALOG_ID.match(cat_id):
        c.error(top, f"'id' must be a lowercase slug such as 'agora-cloud-recording', not {_quote(cat_id)}")
    vendor = document.get("vendor")
    if not isinstance(vendor, str) or not vendor.strip():
        c.error(top, "'vendor' is missing or not a string")
    language = document.get("language")
    if language not in LANGUAGES:
        c.error(top, f"'language' must be one of {', '.join(LANGUAGES)}, not {_quote(language)}")
    meta = {key: _optional_str(c, document, key, top, "catalog") for key in ("product", "source", "url")}
    titles = _titles(c, document, top, language) if language in LANGUAGES else {}
    entries_raw = document.get("entries")
    if not isinstance(entries_raw, list):
        c.error(top, "'entries' must be a list of entries")
    if any(p.severity == "error" for p in c.problems):
        return None, c.problems

    cat = {"id": cat_id, "vendor": vendor.strip(), "language": language, "titles": titles, **meta}
    entries: list[Entry] = []
    seen: dict[tuple[str, str, str | None], int] = {}
    previous_line = top
    for index, raw in enumerate(entries_raw):
        entry = _entry(c, raw, index, cat, previous_line)
        if entry is None:
            continue
        previous_line = entry.line
        key = (entry.code, entry.kind, entry.name)
        if key in seen:
            c.error(
                entry.line,
                f"duplicate entry: code {_quote(entry.code)}, kind {entry.kind}, name {_quote(entry.name)} "
                f"is already defined at line {seen[key]}",
            )
            continue
        seen[key] = entry.line
        entries.append(entry)
    if not entries_raw:
        c.warning(top, "catalog has no entries")
    if any(p.severity == "error" for p in c.problems):
        return None, c.problems
    catalog = Catalog(
        id=cat_id,
        vendor=cat["vendor"],
        product=meta["product"],
        language=language,
        source=meta["source"],
        url=meta["url"],
        path=path,
        bundled=bundled,
        entries=tuple(entries),
        titles=titles,
    )
    return catalog, c.problems
