"""The typed results passed between the core, bot.render and the Slack layer: frozen records.

`Match` is one catalog entry as an answer shows it; `Hint` one of the search's notes (what to say
about how the answer was found, as a record: bot/render/words.py says it); `LookupResult` and
`ExplainResult` (of `Finding`s) are whole answers. Dicts are made only at the edge: `to_dict()`
gives exactly the objects of INTERFACE.md (bot.api's lookup/explain, `--json`); `from_dict()`
reads them back (a button's answer, a caller holding the JSON form).

Keys the first version added and later ones may add are kept in `extra`, in order, so a result
read back and written again is the same JSON.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

_EMPTY: Mapping = MappingProxyType({})


def _frozen(values: Mapping) -> Mapping:
    return MappingProxyType(dict(values)) if values else _EMPTY


@dataclass(frozen=True, slots=True)
class Original:
    """The vendor's own words, when the answer shows a translation."""

    meaning: str | None
    handling: str | None
    context: str | None
    lang: str | None

    def to_dict(self) -> dict:
        return {"meaning": self.meaning, "handling": self.handling, "context": self.context, "lang": self.lang}


_MATCH_FIELDS = (
    "catalog", "vendor", "code", "name", "kind", "meaning", "handling", "score", "product", "context",
    "section", "note", "source", "title", "url", "lang", "translated",
)


@dataclass(frozen=True, slots=True)
class Match:
    """One catalog entry, in the answer's language where the entry has it."""

    catalog: str | None
    vendor: str | None
    code: str
    name: str | None
    kind: str
    meaning: str
    handling: str | None
    score: float
    product: str | None = None
    context: str | None = None
    section: str | None = None
    note: str | None = None
    source: str | None = None
    title: str | None = None
    url: str | None = None
    lang: str | None = None
    translated: bool = False
    original: Original | None = None
    extra: Mapping = field(default_factory=lambda: _EMPTY)  # match (how found), fallback_from, outside_vendor, ...

    @property
    def key(self) -> tuple:
        """(catalog, code, kind, name): the entry again, whatever its language or score."""
        return (self.catalog, self.code, self.kind, self.name)

    @property
    def how(self) -> str | None:
        """code | name | symbol | fuzzy | prefix | fallback | text."""
        return self.extra.get("match")

    @property
    def fallback_from(self) -> str | None:
        return self.extra.get("fallback_from")

    @property
    def outside_vendor(self) -> bool:
        return bool(self.extra.get("outside_vendor"))

    def to_dict(self) -> dict:
        out = {  # _MATCH_FIELDS, spelled out: every answer makes a few of these
            "catalog": self.catalog, "vendor": self.vendor, "code": self.code, "name": self.name,
            "kind": self.kind, "meaning": self.meaning, "handling": self.handling, "score": self.score,
            "product": self.product, "context": self.context, "section": self.section, "note": self.note,
            "source": self.source, "title": self.title, "url": self.url, "lang": self.lang,
            "translated": self.translated,
        }  # fmt: skip
        if self.original is not None:
            out["original"] = self.original.to_dict()
        out.update(self.extra)
        return out

    @classmethod
    def from_dict(cls, data: Mapping) -> Match:
        known = {name: data.get(name) for name in _MATCH_FIELDS if name in data}
        known["code"] = str(known.get("code") if known.get("code") is not None else "")
        known["kind"] = known.get("kind") or "error"
        known["meaning"] = known.get("meaning") or ""
        known["score"] = known.get("score") if isinstance(known.get("score"), (int, float)) else 0.0
        known["translated"] = bool(known.get("translated"))
        for name in ("catalog", "vendor", "name", "handling"):
            known.setdefault(name, None)
        original = data.get("original")
        extra = {k: v for k, v in data.items() if k not in _MATCH_FIELDS and k != "original"}
        return cls(
            **known,
            original=Original(**{k: original.get(k) for k in ("meaning", "handling", "context", "lang")})
            if isinstance(original, Mapping)
            else None,
            extra=_frozen(extra),
        )


def matches_of(items: Iterable) -> tuple[Match, ...]:
    """Matches from Match records or their dicts (anything else is skipped)."""
    return tuple(
        m if isinstance(m, Match) else Match.from_dict(m) for m in items or () if isinstance(m, (Match, Mapping))
    )


@dataclass(frozen=True, slots=True)
class Hint:
    """One of the search's notes: what kind (fallback, fuzzy, prefix, vendors, names, outside,
    unknown_numbers, vendor_only, uncovered) and its values; never a sentence (render/words.py)."""

    kind: str
    values: Mapping = field(default_factory=lambda: _EMPTY)

    def to_dict(self) -> dict:
        return {"kind": self.kind, **self.values}

    @classmethod
    def from_dict(cls, data: Mapping) -> Hint:
        return cls(str(data.get("kind")), _frozen({k: v for k, v in data.items() if k != "kind"}))


def skip(kind: str, **values: object) -> Hint:
    """What a paste's reading left out (truncated, blocks, nodes, too_deep, repair_cut, repair_budget,
    findings) and its figures: said by render/words.py's skip_sentence."""
    return Hint(kind, _frozen(values))


def unique_hints(hints: Iterable[Hint]) -> tuple[Hint, ...]:
    """Each hint once, in order (a cap met twice is said once)."""
    seen: dict[tuple, Hint] = {}
    for h in hints:
        seen.setdefault((h.kind, tuple(h.values.items())), h)
    return tuple(seen.values())


def hints_of(items: Iterable) -> tuple[Hint, ...]:
    return tuple(h if isinstance(h, Hint) else Hint.from_dict(h) for h in items or () if isinstance(h, (Hint, Mapping)))


@dataclass(frozen=True, slots=True)
class LookupResult:
    """A lookup's answer: matches best first; the search's hints; what the query named."""

    query: str
    matches: tuple[Match, ...] = ()
    lang: str | None = None
    ambiguous: bool = False
    hints: tuple[Hint, ...] = ()
    hint: str | None = None  # the hints said in the answer's language (bot.api fills it)
    vendors: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()
    uncovered: Mapping | None = None  # {"vendor", "product"}: a vendor or product errcode has no catalog for
    unknown: str | None = None  # a follow-up's code that no catalog holds
    full: bool = True  # a whole lookup (every key of INTERFACE.md); False: only query, matches, lang

    def to_dict(self) -> dict:
        out: dict = {"query": self.query, "matches": [m.to_dict() for m in self.matches]}
        if self.full:
            out.update(
                ambiguous=self.ambiguous,
                hint=self.hint,
                notes=[h.to_dict() for h in self.hints],
                vendors=list(self.vendors),
                suggestions=list(self.suggestions),
                lang=self.lang,
            )
            if self.uncovered is not None:
                out["uncovered"] = dict(self.uncovered)
        else:
            out["lang"] = self.lang
        if self.unknown is not None:
            out["unknown"] = self.unknown
        return out

    @classmethod
    def from_dict(cls, data: Mapping) -> LookupResult:
        uncovered = data.get("uncovered")
        hint = data.get("hint")
        return cls(
            query=str(data.get("query") or ""),
            matches=matches_of(data.get("matches") or ()),
            lang=data.get("lang"),
            ambiguous=bool(data.get("ambiguous")),
            hints=hints_of(data.get("notes") or ()) if isinstance(data.get("notes"), list) else (),
            hint=hint if isinstance(hint, str) else None,
            vendors=tuple(data.get("vendors") or ()),
            suggestions=tuple(s for s in data.get("suggestions") or () if isinstance(s, (str, Mapping))),
            uncovered=_frozen(uncovered) if isinstance(uncovered, Mapping) else (uncovered or None),
            unknown=data.get("unknown"),
            full="notes" in data,
        )


_LOOKUP_SLOTS = LookupResult.__dict__  # each field's slot descriptor: __set__ stores into the slot
_set_query, _set_matches, _set_lang, _set_ambiguous, _set_hints, _set_hint, _set_vendors = (
    _LOOKUP_SLOTS[f].__set__ for f in ("query", "matches", "lang", "ambiguous", "hints", "hint", "vendors"))
_set_suggestions, _set_uncovered, _set_unknown, _set_full = (
    _LOOKUP_SLOTS[f].__set__ for f in ("suggestions", "uncovered", "unknown", "full"))


def lookup_result(query: str, matches: tuple[Match, ...] = (), lang: str | None = None, ambiguous: bool = False,
                  hints: tuple[Hint, ...] = (), vendors: tuple[str, ...] = (), suggestions: tuple[str, ...] = (),
                  uncovered: Mapping | None = None) -> LookupResult:  # fmt: skip
    """LookupResult(query=..., ...) of a whole lookup (hint, unknown unset; full), made without the
    frozen dataclass's __init__ (a call of object.__setattr__ per field, a few µs of every answer):
    its slots set directly, once, before anyone holds it. The same record: equal, as immutable."""
    made = _new_object(LookupResult)
    _set_query(made, query)
    _set_matches(made, matches)
    _set_lang(made, lang)
    _set_ambiguous(made, ambiguous)
    _set_hints(made, hints)
    _set_hint(made, None)
    _set_vendors(made, vendors)
    _set_suggestions(made, suggestions)
    _set_uncovered(made, uncovered)
    _set_unknown(made, None)
    _set_full(made, True)
    return made


_new_object = object.__new__


@dataclass(frozen=True, slots=True)
class ServerCode:
    """A NetEase serverCode resolved in the serverCode table, inside the finding of its SDK error."""

    code: str
    matches: tuple[Match, ...] = ()


_FINDING_FIELDS = ("code", "vendor", "message", "request_id", "matches")


@dataclass(frozen=True, slots=True)
class Finding:
    """One error found in pasted text; `extra` keeps the rest of INTERFACE.md's keys in order
    (shape, confidence, evidence, ambiguous, product, uncovered, not_in_catalogs, name, http_status,
    server_code, fallback_from, truncated, ...)."""

    code: str
    vendor: str | None = None
    message: str | None = None
    request_id: str | None = None
    matches: tuple[Match, ...] = ()
    extra: Mapping = field(default_factory=lambda: _EMPTY)

    @property
    def uncovered(self) -> Mapping | None:
        value = self.extra.get("uncovered")
        return value if isinstance(value, Mapping) and value else None

    @property
    def not_in_catalogs(self) -> bool:
        return bool(self.extra.get("not_in_catalogs"))

    @property
    def ambiguous(self) -> bool:
        return bool(self.extra.get("ambiguous"))

    @property
    def http_status(self):
        return self.extra.get("http_status")

    @property
    def fallback_from(self) -> str | None:
        return self.extra.get("fallback_from") or next((m.fallback_from for m in self.matches if m.fallback_from), None)

    @property
    def server_code(self) -> ServerCode | None:
        value = self.extra.get("server_code")
        if not isinstance(value, Mapping) or not value.get("code"):
            return None
        return ServerCode(str(value["code"]), matches_of(value.get("matches") or ()))

    def to_dict(self) -> dict:
        out = {
            "code": self.code, "vendor": self.vendor, "message": self.message, "request_id": self.request_id,
            "matches": [m.to_dict() for m in self.matches],
        }
        out.update(self.extra)
        return out

    @classmethod
    def from_dict(cls, data: Mapping) -> Finding:
        return cls(
            code=str(data.get("code") if data.get("code") is not None else ""),
            vendor=data.get("vendor"),
            message=data.get("message"),
            request_id=data.get("request_id"),
            matches=matches_of(data.get("matches") or ()),
            extra=_frozen({k: v for k, v in data.items() if k not in _FINDING_FIELDS}),
        )


@dataclass(frozen=True, slots=True)
class ExplainResult:
    """Every error found in a paste, in text order; `skips` what was capped (structured) and
    `skipped` the same said in the answer's language (made at the door, bot.api)."""

    findings: tuple[Finding, ...] = ()
    lang: str | None = None
    skipped: str | None = None
    skips: tuple[Hint, ...] = ()
    full: bool = True  # False: a toggled answer's findings only (no `skipped`)

    def to_dict(self) -> dict:
        out: dict = {"findings": [f.to_dict() for f in self.findings]}
        if self.full:
            out["skipped"] = self.skipped
        out["lang"] = self.lang
        return out

    @classmethod
    def from_dict(cls, data: Mapping) -> ExplainResult:
        return cls(
            findings=tuple(Finding.from_dict(f) for f in data.get("findings") or () if isinstance(f, Mapping)),
            lang=data.get("lang"),
            skipped=data.get("skipped"),
            skips=hints_of(data.get("skips") or ()),
            full="skipped" in data or "skips" in data,
        )


def as_lookup(result: LookupResult | Mapping) -> LookupResult:
    return result if isinstance(result, LookupResult) else LookupResult.from_dict(result)


def as_explain(result: ExplainResult | Mapping) -> ExplainResult:
    return result if isinstance(result, ExplainResult) else ExplainResult.from_dict(result)
