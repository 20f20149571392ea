"""The view model of an answer: what both the CLI text and the Slack blocks show.

A lookup or explain result (the dicts of INTERFACE.md) becomes an `AnswerView`: groups of
`MatchView`s, hints, suggestions, findings. Labels come in the answer's language.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.vendors import product_display, vendor_display

MAX_FINDINGS_SHOWN = 5

_LABELS = {
    "en": {
        "meaning": "Meaning",
        "handling": "Handling",
        "context": "When",
        "note": "Note",
        "source": "Source",
        "section": "Section",
        "no_match": "Nothing in the catalogs matches {q}.",
        "did_you_mean": "Did you mean {s}?",
        "n_matches": "{n} matches for {q}, best first.",
        "narrow": "Narrow it with a vendor: {x}",
        "share": "Share in channel",
        "shared": "{user} shared {cmd}",
        "found": "Found {code}",
        "no_entry": "No catalog entry for this code.",
        "uncovered": "Looks like a {x} error; errcode has no {x} catalog.",
        "not_in_catalogs": "`{x}` is not in the catalogs.",
        "ambiguous": "No vendor in sight: these are every catalog's entries for this code.",
        "http_status": "HTTP status {x}",
        "fallback": "{x} is not listed; showing its parent code",
        "server_code": "serverCode {x}: {m}",
        "more_findings": "…and {n} more errors in the text.",
        "no_findings": "No error code found in the text.",
        "original": "原文 / Original",
        "translated_from": "Translated from the vendor's {lang} document; the original: {x}",
        "language_name": {"zh": "Chinese", "en": "English"},
    },
    "zh": {
        "meaning": "含义",
        "handling": "处理方法",
        "context": "出现场景",
        "note": "备注",
        "source": "来源",
        "section": "章节",
        "no_match": "目录里没有与 {q} 匹配的条目。",
        "did_you_mean": "你要找的是不是 {s}？",
        "n_matches": "{q} 有 {n} 条结果，最相关的在前。",
        "narrow": "加上厂商可缩小范围：{x}",
        "share": "分享到频道",
        "shared": "{user} 分享了 {cmd}",
        "found": "发现 {code}",
        "no_entry": "目录里没有这个错误码。",
        "uncovered": "看起来是 {x} 的错误；errcode 没有 {x} 的目录。",
        "not_in_catalogs": "目录里没有 `{x}`。",
        "ambiguous": "看不出是哪家厂商的错误：以下是各目录里这个错误码的条目。",
        "http_status": "HTTP 状态码 {x}",
        "fallback": "目录未列出 {x}，以下是其上级错误码",
        "server_code": "serverCode {x}：{m}",
        "more_findings": "……文本里还有 {n} 个错误。",
        "no_findings": "文本里没有找到错误码。",
        "original": "原文 / Original",
        "translated_from": "以上为厂商{lang}文档的译文；原文：{x}",
        "language_name": {"zh": "中文", "en": "英文"},
    },
}
_KIND_LABELS = {
    "http_status": "HTTP status",
    "service_status": "service status",
    "server_code": "server code",
    "success": "success",
}


@dataclass(frozen=True)
class MatchView:
    vendor_id: str | None
    vendor: str  # display name
    product: str | None
    catalog: str | None
    code: str
    name: str | None
    kind: str
    meaning: str
    handling: str | None
    context: str | None
    note: str | None
    section: str | None
    source: str | None  # the source document (a file name or a URL)
    url: str | None  # where to read it online, when the catalog knows
    score: float | None
    original_lang: str | None = None  # set when the text shown is not the vendor's own language
    entry_key: tuple = ()  # (catalog, code, kind, name): finds the entry again for the original

    @property
    def source_line(self) -> str | None:
        """Document and URL, once each: "003_….txt, https://docs…"."""
        parts = [p for p in dict.fromkeys((self.source, self.url)) if p]
        return ", ".join(parts) or None

    @property
    def title(self) -> str:
        """`code (name)` as one line."""
        return f"{self.code} ({self.name})" if self.name and self.name != self.code else self.code

    @property
    def origin(self) -> str:
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
    query: str
    groups: tuple[tuple[str, tuple[MatchView, ...]], ...]  # (vendor display, matches), best group first
    narrow_example: str | None = None  # e.g. "agora 435": how to narrow to one vendor
    suggestions: tuple[str, ...] = ()
    hint: str | None = None
    findings: tuple[FindingView, ...] = ()
    more_findings: int = 0
    labels: dict = field(default_factory=lambda: _LABELS["en"])

    @property
    def matches(self) -> list[MatchView]:
        return [m for _, ms in self.groups for m in ms]

    @property
    def original_lang(self) -> str | None:
        """The vendor's own language when some match shown is in another one (a translation)."""
        shown = self.matches + [m for f in self.findings for m in f.matches]
        return next((m.original_lang for m in shown if m.original_lang), None)


def _labels(lang: str | None) -> dict:
    return _LABELS.get(lang or "en", _LABELS["en"])


def match_view(match: dict, lang: str | None = None) -> MatchView:
    return MatchView(
        vendor_id=match.get("vendor"),
        vendor=vendor_display(match.get("vendor"), lang),
        product=match.get("product"),
        catalog=match.get("catalog"),
        code=str(match.get("code", "")),
        name=match.get("name"),
        kind=match.get("kind") or "error",
        meaning=match.get("meaning") or "",
        handling=match.get("handling"),
        context=match.get("context"),
        note=match.get("note"),
        section=match.get("section"),
        source=match.get("source") or match.get("catalog"),
        url=match.get("url"),
        score=match.get("score"),
        original_lang=(match.get("original") or {}).get("lang")
        if isinstance(match.get("original"), dict)
        else None,
        entry_key=(match.get("catalog"), str(match.get("code", "")), match.get("kind"), match.get("name")),
    )


def _group_by_vendor(matches: Iterable[MatchView]) -> tuple[tuple[str, tuple[MatchView, ...]], ...]:
    """Groups in the order their best match appears (matches arrive best first)."""
    groups: dict[str, list[MatchView]] = {}
    for m in matches:
        groups.setdefault(m.vendor, []).append(m)
    return tuple((vendor, tuple(ms)) for vendor, ms in groups.items())


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


def lookup_view(result: dict, lang: str | None = None) -> AnswerView:
    lang = lang or result.get("lang")  # the language bot.api chose
    query = str(result.get("query") or "")
    views = [match_view(m, lang) for m in result.get("matches") or []]
    groups = _group_by_vendor(views)
    hint = result.get("hint") if isinstance(result.get("hint"), str) else None
    narrow = None
    if (len(groups) > 1 or result.get("ambiguous")) and not hint:  # the search's hint says it better
        best = views[0] if views else None
        if best and best.vendor_id:
            narrow = f"{best.vendor_id} {best.code}"
    return AnswerView(
        query=query,
        groups=groups,
        narrow_example=narrow,
        suggestions=_suggestion_texts(result.get("suggestions")),
        hint=hint,
        labels=_labels(lang),
    )


def _finding_matches(finding: dict, lang: str | None) -> tuple[MatchView, ...]:
    """The revealed vendor's entries when it has any (others are noise in a thread), else all."""
    views = [match_view(m, lang) for m in finding.get("matches") or []]
    own = [m for m in views if finding.get("vendor") and m.vendor_id == finding.get("vendor")]
    return tuple(own or views)


def _finding_details(finding: dict, labels: dict, lang: str | None = None) -> tuple[str, ...]:
    details = []
    uncovered = finding.get("uncovered")
    if isinstance(uncovered, dict):
        whose = product_display(uncovered.get("product"), lang) or vendor_display(uncovered.get("vendor"), lang)
        details.append(labels["uncovered"].format(x=whose))
    elif finding.get("not_in_catalogs"):
        details.append(labels["not_in_catalogs"].format(x=finding.get("code", "")))
    elif finding.get("ambiguous"):
        details.append(labels["ambiguous"])
    if finding.get("http_status"):
        details.append(labels["http_status"].format(x=finding["http_status"]))
    fallback = finding.get("fallback_from") or next(
        (m.get("fallback_from") for m in finding.get("matches") or [] if m.get("fallback_from")), None
    )
    if fallback:
        details.append(labels["fallback"].format(x=fallback))
    server = finding.get("server_code")
    if isinstance(server, dict) and server.get("code"):
        meanings = [m.get("meaning") for m in server.get("matches") or [] if m.get("meaning")]
        details.append(labels["server_code"].format(x=server["code"], m=meanings[0] if meanings else labels["no_entry"]))
    return tuple(details)


def explain_view(
    result: dict, lang: str | None = None, *, max_findings: int = MAX_FINDINGS_SHOWN
) -> AnswerView:
    lang = lang or result.get("lang")  # the language bot.api chose
    labels = _labels(lang)
    findings = list(result.get("findings") or [])
    shown = [
        FindingView(
            code=str(f.get("code", "")),
            vendor=vendor_display(f["vendor"], lang) if f.get("vendor") else None,
            message=f.get("message"),
            request_id=f.get("request_id"),
            matches=_finding_matches(f, lang),
            details=_finding_details(f, labels, lang),
            says_why=bool(f.get("uncovered") or f.get("not_in_catalogs")),
        )
        for f in findings[:max_findings]
    ]
    return AnswerView(
        query="",
        groups=(),
        findings=tuple(shown),
        more_findings=max(0, len(findings) - max_findings),
        labels=labels,
    )


def uncovered_text(vendor: str, lang: str | None = None, product: str | None = None) -> str:
    """Whose error it looks like, when errcode has no catalog for that vendor or product."""
    return _labels(lang)["uncovered"].format(x=product_display(product, lang) or vendor_display(vendor, lang))


def not_in_catalogs_text(code: str, lang: str | None = None) -> str:
    """The answer to a follow-up that names a code no catalog has."""
    return _labels(lang)["not_in_catalogs"].format(x=code)


def has_answer(view: AnswerView) -> bool:
    """True when the view holds at least one catalog match (worth posting in a channel)."""
    return bool(view.matches) or any(f.matches for f in view.findings)


