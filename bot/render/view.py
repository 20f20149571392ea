"""The view model of an answer: what both the CLI text and the Slack blocks show.

A lookup or explain result (the dicts of INTERFACE.md) becomes an `AnswerView`: one
`VendorGroup` per vendor (its matches and the documents they come from, said once), the
search's notes in the answer's language, suggestions, findings. The dicts are read here only;
the renderers read typed fields.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import quote, unquote

from bot.render import words
from bot.results import ExplainResult, Finding, LookupResult, Match, as_explain, as_lookup
from bot.vendors import product_display, vendor_display

MAX_FINDINGS_SHOWN = 5
ASKER_ONLY_NOTES = frozenset({"vendors", "names", "vendor_only", "prefix"})  # addressed to the asker
_URL = re.compile(r"https?://[^\s<>()（）\[\]]+[^\s<>()（）\[\].,;:!?。，；：]")


def _iri(url: str) -> str:
    decoded = unquote(url)
    return "".join(quote(ch, safe="") if ch.isspace() or ch in "<>|" else ch for ch in decoded)


def readable(text: str | None) -> str | None:
    """Text with its percent-encoded addresses decoded (Agora's 62 links a `%E5%BC%80…` anchor)."""
    if not text or "http" not in text:  # most texts hold no address (_URL needs http:// or https://)
        return text
    return _URL.sub(lambda m: _iri(m.group(0)), text)


@dataclass(frozen=True)
class Source:
    title: str  # the document's title (or, where the catalog has none, its id)
    url: str | None  # its public address, when the catalog knows it
    catalog: str | None


@dataclass(frozen=True)
class MatchView:
    vendor_id: str | None
    vendor: str  # display name
    product: str | None
    catalog: str | None
    code: str
    name: str | None
    kind: str
    kind_label: str | None  # "HTTP status" in the answer's language; None for a plain error
    meaning: str
    handling: str | None
    context: str | None
    note: str | None  # for catalog reviewers: shown only with --verbose
    section: str | None
    source: Source
    score: float | None
    lang: str | None  # the language of the text shown
    original_lang: str | None = None  # the vendor's own language, when the text shown is a translation

    @property
    def title(self) -> str:
        """`code (name)` as one line."""
        return f"{self.code} ({self.name})" if self.name and self.name != self.code else self.code

    @property
    def own_lang(self) -> str | None:
        return self.original_lang or self.lang


@dataclass(frozen=True)
class VendorGroup:
    vendor_id: str | None
    vendor: str
    product: str | None  # when every match of the group is of one product
    matches: tuple[MatchView, ...]
    sources: tuple[Source, ...]  # each document once
    unnamed: bool = False  # the document does not name its vendor (rtc-platform)

    @property
    def heading(self) -> str:
        return " · ".join(p for p in (self.vendor, self.product) if p)


@dataclass(frozen=True)
class FindingView:
    code: str
    vendor: str | None  # display name of what the text revealed, None when unknown
    message: str | None
    request_id: str | None
    matches: tuple[MatchView, ...]
    details: tuple[str, ...] = ()  # HTTP status, "not listed: parent shown", NetEase serverCode
    says_why: bool = False  # a detail already says why no entry is shown (uncovered, not in the catalogs)


@dataclass(frozen=True)
class AnswerView:
    lang: str
    query: str
    groups: tuple[VendorGroup, ...] = ()
    total: int = 0  # matches found (shown or not)
    notes: tuple[str, ...] = ()  # the search's notes, said in `lang`
    asker_notes: tuple[str, ...] = ()  # notes only the asker needs (how to narrow): not in a shared copy
    narrow: tuple[tuple[str, str], ...] = ()  # (vendor display, query) to narrow an ambiguous answer
    suggestions: tuple[str, ...] = ()
    findings: tuple[FindingView, ...] = ()
    more_findings: int = 0

    def word(self, key: str, **values: object) -> str:
        return words.word(self.lang, key, **values)

    def label(self, key: str) -> str:
        """"Meaning:" / "含义：" (a full-width colon needs no space after it: see `gap`)."""
        said = _labels.get((self.lang, key))
        if said is None:
            said = _labels[(self.lang, key)] = self.word(key) + self.word("colon")
        return said

    @property
    def gap(self) -> str:
        return "" if self.lang == "zh" else " "

    # matches and shown: asked for several times per answer, made once (a view is never changed;
    # kept in the instance's own dict, as functools.cached_property would, without its lock)
    @property
    def matches(self) -> list[MatchView]:
        made = self.__dict__.get("_matches")
        if made is None:
            groups = self.groups
            made = self.__dict__["_matches"] = (
                list(groups[0].matches) if len(groups) == 1 else [m for g in groups for m in g.matches]
            )
        return made

    @property
    def hidden(self) -> int:
        return max(0, self.total - len(self.matches))

    @property
    def shown(self) -> list[MatchView]:
        """Every match shown: the groups', then the findings'."""
        made = self.__dict__.get("_shown")
        if made is None:
            made = self.matches
            if self.findings:
                made = made + [m for f in self.findings for m in f.matches]
            self.__dict__["_shown"] = made
        return made

    @property
    def original_lang(self) -> str | None:
        """The vendor's own language when some match shown is in another one (a translation)."""
        return next((m.original_lang for m in self.shown if m.original_lang), None)

    @property
    def toggle_lang(self) -> str | None:
        """The other language this answer can be shown in (a button / flag away), or None."""
        if not self.shown:
            return None
        return self.original_lang or ("en" if self.lang == "zh" else "zh")


_labels: dict[tuple[str, str], str] = {}  # (lang, key) -> label: a few dozen


def _source(match: Match, lang: str) -> Source:
    url = match.url
    source = match.source
    if not url and isinstance(source, str) and source.startswith(("http://", "https://")):
        url = source
    title = match.title or match.product or match.catalog or "?"
    return _made(Source, title=str(title), url=url, catalog=match.catalog)


# The views of the entries viewed lately, by what a view is made of (every field it reads, the
# score too): an entry is viewed the same in every answer that shows it (the search hands out a
# new Match per answer, with the same texts), and an answer's blocks and its notification text
# view the same matches. Bounded (cleared when full); views are immutable, so sharing one is safe.
VIEWS_MAX = 4096
_views: dict[tuple, MatchView] = {}


def _view_key(match: Match, lang: str | None) -> tuple:
    original = match.original
    return (
        lang, match.catalog, match.vendor, match.code, match.name, match.kind, match.meaning, match.handling,
        match.context, match.product, match.section, match.note, match.source, match.title, match.url,
        match.score, match.lang, original.lang if original is not None else None,
    )  # fmt: skip


# (match, lang, view) viewed last: an answer's notification text views its best match again.
# One tuple, replaced whole (a thread reading it sees one viewing, never half of two).
_last: tuple = (None, None, None)


def match_view(match: Match | Mapping, lang: str | None = None) -> MatchView:
    global _last
    last = _last
    if last[0] is match and last[1] == lang:
        return last[2]
    if not isinstance(match, Match):
        match = Match.from_dict(match)
    key = _view_key(match, lang)
    view = _views.get(key)
    if view is None:
        view = _match_view(match, lang)
        if len(_views) >= VIEWS_MAX:
            _views.clear()
        _views[key] = view
    _last = (match, lang, view)
    return view


def _match_view(match: Match, lang: str | None) -> MatchView:
    lang = words.language(lang or match.lang)
    return _made(
        MatchView,
        vendor_id=match.vendor,
        vendor=vendor_display(match.vendor, lang),
        product=match.product,
        catalog=match.catalog,
        code=match.code,
        name=match.name,
        kind=match.kind,
        kind_label=words.kind_label(match.kind, lang),
        meaning=readable(match.meaning) or "",
        handling=readable(match.handling),
        context=readable(match.context),
        note=match.note,
        section=match.section,
        source=_source(match, lang),
        score=match.score,
        lang=match.lang,
        original_lang=match.original.lang if match.original else None,
    )


def group_by_vendor(matches: Iterable[MatchView]) -> tuple[VendorGroup, ...]:
    """Groups in the order their best match appears (matches arrive best first)."""
    if type(matches) in (list, tuple) and len(matches) == 1:  # (most answers: one entry)
        m = matches[0]
        return (_made(VendorGroup, vendor_id=m.vendor_id, vendor=m.vendor, product=m.product, matches=(m,),
                      sources=(m.source,), unnamed=m.vendor_id == "rtc-platform"),)
    groups: dict[str, list[MatchView]] = {}
    for m in matches:
        groups.setdefault(m.vendor_id or m.vendor, []).append(m)
    out = []
    for ms in groups.values():
        products = {m.product for m in ms}
        out.append(
            VendorGroup(
                vendor_id=ms[0].vendor_id,
                vendor=ms[0].vendor,
                product=ms[0].product if len(products) == 1 else None,
                matches=tuple(ms),
                sources=tuple(dict.fromkeys(m.source for m in ms)),
                unnamed=ms[0].vendor_id == "rtc-platform",
            )
        )
    return tuple(out)


def _suggestion_texts(raw: object) -> tuple[str, ...]:
    out: list[str] = []
    for item in raw or ():
        if isinstance(item, str):
            text = item
        elif isinstance(item, dict):
            text = item.get("query") or " ".join(str(p) for p in (item.get("vendor"), item.get("code")) if p)
        else:
            continue
        if text and text not in out:
            out.append(text)
    return tuple(out[:5])


def suggestion_shown(suggestion: str, lang: str | None) -> str:
    """"AuthFailure.SignatureExpire (tencent)" as people read it: "… (Tencent Cloud)"."""
    found = re.fullmatch(r"(.+?)\s+\(([\w.-]+)\)", suggestion.strip())
    return f"{found.group(1)} ({vendor_display(found.group(2), lang)})" if found else suggestion


def suggestion_query(suggestion: str) -> str:
    """What a did-you-mean button looks up: "AuthFailure.SignatureExpire (tencent)" -> "tencent AuthFailure.SignatureExpire"."""
    found = re.fullmatch(r"(.+?)\s+\(([\w.-]+)\)", suggestion.strip())
    if not found:
        return suggestion
    code = found.group(1).split()[0]
    return f"{found.group(2)} {code}"


def _notes(result: LookupResult, lang: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(notes anyone may read, notes only the asker needs), in `lang`."""
    if not result.full:  # a result without hints (a follow-up, a toggled answer): its own hint
        return ((result.hint,) if result.hint else ()), ()
    shared, asker = [], []
    for hint in result.hints:
        said = words.hint_sentence(hint, lang)
        if said:
            (asker if hint.kind in ASKER_ONLY_NOTES else shared).append(said)
    return tuple(shared), tuple(asker)


def _made(cls, **values):
    """An instance of the frozen dataclass `cls` with `values` (the rest its defaults), made as
    its __init__ would, without a frozen __setattr__ a field (views are made for every answer)."""
    made = object.__new__(cls)
    made.__dict__.update(_DEFAULTS[cls], **values)
    return made


_DEFAULTS = {
    cls: {f.name: f.default for f in dataclasses.fields(cls) if f.default is not dataclasses.MISSING}
    for cls in (AnswerView, FindingView, VendorGroup, MatchView, Source)
}


def lookup_view(result: LookupResult | Mapping, lang: str | None = None, *, shown: int | None = None) -> AnswerView:
    """`shown`: how many matches to show (the rest are counted in `hidden`); all when None."""
    if type(result) is not LookupResult:
        result = as_lookup(result)
    lang = words.language(lang or result.lang)
    matches = result.matches
    cut = shown and shown < len(matches)
    if len(matches) == 1:  # (most answers: no comprehension's frame for one match)
        views = [match_view(matches[0], lang)]
    else:
        views = [match_view(m, lang) for m in (matches[:shown] if cut else matches)]
    groups = group_by_vendor(views)
    shared, asker = _notes(result, lang) if result.hints or not result.full else ((), ())
    narrow = ()
    # the vendors of every match found, shown or not (a group's key is its vendor id, else its name)
    vendors = {m.vendor or vendor_display(m.vendor, lang): m.vendor for m in matches} if cut else None
    if (len(vendors) if cut else len(groups)) > 1 or result.ambiguous:
        asked = next((h.values["asked"] for h in result.hints if h.values.get("asked")), matches[0].code if matches else "")
        some: list[tuple[str, str]] = []
        for vendor_id in vendors.values() if cut else (g.vendor_id for g in groups):
            if vendor_id and len(some) < 4:
                some.append((vendor_display(vendor_id, lang), f"{vendor_id} {asked}"))
        narrow = tuple(some) if len(some) > 1 else ()
    one = views if len(groups) == 1 else None  # (one group: its matches, in the same order)
    return _made(
        AnswerView,
        lang=lang,
        query=result.query,
        groups=groups,
        total=len(matches),
        notes=shared,
        asker_notes=asker,
        narrow=narrow,
        suggestions=_suggestion_texts(result.suggestions) if result.suggestions else (),
        _matches=one,
        _shown=one,  # (no findings: the matches are what is shown)
    )


def _finding_matches(finding: Finding, lang: str | None) -> tuple[MatchView, ...]:
    """The revealed vendor's entries when it has any (others are noise in a thread), else all."""
    matches = finding.matches
    if len(matches) == 1:  # (most findings)
        return (match_view(matches[0], lang),)
    views = [match_view(m, lang) for m in matches]
    vendor = finding.vendor
    own = [m for m in views if m.vendor_id == vendor] if vendor else None
    return tuple(own or views)


def finding_details(finding: Finding, lang: str) -> tuple[str, ...]:
    return _details(finding, lang, finding.uncovered)


def _details(finding: Finding, lang: str, uncovered: Mapping | None) -> tuple[str, ...]:
    """finding_details, with the finding's `uncovered` read already."""
    say = lambda key, **v: words.word(lang, key, **v)  # noqa: E731
    details = []
    if uncovered is not None:
        whose = product_display(uncovered.get("product"), lang) or vendor_display(uncovered.get("vendor"), lang)
        details.append(say("uncovered", x=whose))
    elif finding.not_in_catalogs:
        details.append(say("not_in_catalogs", x=finding.code))
    elif finding.ambiguous:
        details.append(say("ambiguous"))
    if finding.http_status:
        details.append(say("http_status", x=finding.http_status))
    if finding.fallback_from:
        details.append(say("fallback", x=finding.fallback_from))
    server = finding.server_code
    if server is not None:
        meanings = [m.meaning for m in server.matches if m.meaning]
        details.append(say("server_code", x=server.code, m=meanings[0] if meanings else say("no_entry")))
    return tuple(details)


def explain_view(
    result: ExplainResult | Mapping, lang: str | None = None, *, max_findings: int = MAX_FINDINGS_SHOWN
) -> AnswerView:
    if type(result) is not ExplainResult:
        result = as_explain(result)
    lang = words.language(lang or result.lang)
    findings = result.findings
    views = []
    every: list[MatchView] = []  # the findings' matches, in order: what the view shows
    for f in findings[:max_findings]:
        uncovered = f.uncovered
        matches = _finding_matches(f, lang)
        every.extend(matches)
        views.append(_made(
            FindingView,
            code=f.code,
            vendor=vendor_display(f.vendor, lang) if f.vendor else None,
            message=f.message,
            request_id=f.request_id,
            matches=matches,
            details=_details(f, lang, uncovered),
            says_why=uncovered is not None or f.not_in_catalogs,
        ))
    shown = tuple(views)
    return _made(
        AnswerView, lang=lang, query="", findings=shown, more_findings=max(0, len(findings) - max_findings),
        _matches=[], _shown=every,  # (no groups: no matches of its own)
    )


def uncovered_text(vendor: str, lang: str | None = None, product: str | None = None) -> str:
    """Whose error it looks like, when errcode has no catalog for that vendor or product."""
    whose = product_display(product, lang) or vendor_display(vendor, lang)
    return words.word(lang, "uncovered", x=whose)


def not_in_catalogs_text(code: str, lang: str | None = None) -> str:
    """The answer to a follow-up that names a code no catalog has."""
    return words.word(lang, "not_in_catalogs", x=f"`{code}`")

