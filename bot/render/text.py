"""Plain text of an answer, as the command line prints it.

Labels line up by display width (wcwidth): a Chinese label is two columns a character, so
`含义:` and `处理方法:` need padding by columns, not by characters.
"""

from __future__ import annotations

from collections.abc import Mapping

from wcwidth import wcswidth

from bot.render.view import AnswerView, MatchView, VendorGroup, explain_view, lookup_view, suggestion_shown
from bot.results import ExplainResult, LookupResult

CLI_COMMAND = "errcode lookup"
_ALIGNED = ("meaning", "handling", "context")  # the labels every entry may show, aligned together


def width(text: str) -> int:
    shown = wcswidth(text)
    return shown if shown >= 0 else len(text)  # a control character: count it as one


def pad(text: str, columns: int) -> str:
    return text + " " * max(0, columns - width(text))


def _label_width(view: AnswerView, verbose: bool) -> int:
    keys = (*_ALIGNED, "note") if verbose else _ALIGNED
    return max(width(view.label(k)) for k in keys)


def _match_lines(m: MatchView, view: AnswerView, *, indent: str, verbose: bool, product: bool) -> list[str]:
    kind = f" [{m.kind_label}]" if m.kind_label else ""
    head = f"{m.product} · " if product and m.product else ""
    lines = [f"{indent}{head}{m.title}{kind}"]
    columns = _label_width(view, verbose)
    fields = [("meaning", m.meaning), ("handling", m.handling), ("context", m.context)]
    if verbose:
        fields.append(("note", m.note))
    for key, value in fields:
        if value:
            # Continuation lines line up under the first, so lists in handling stay readable.
            label = f"{indent}  {pad(view.label(key), columns)}{view.gap}"
            lines.append(label + value.replace("\n", "\n" + " " * width(label)))
    return lines


def source_text(group: VendorGroup, view: AnswerView) -> str:
    """"Source: <title>, <address>" for each document of a vendor, once."""
    comma = "，" if view.lang == "zh" else ", "
    said = [f"{s.title}{comma}{s.url}" if s.url else f"{s.title} ({view.word('no_address')})" for s in group.sources]
    return view.label("source") + view.gap + " | ".join(said)


def _group_lines(group: VendorGroup, view: AnswerView, verbose: bool, indent: str = "") -> list[str]:
    lines = [indent + group.heading]
    for m in group.matches:
        lines.extend(_match_lines(m, view, indent=indent + "  ", verbose=verbose, product=group.product is None))
    lines.append(indent + "  " + source_text(group, view))
    return lines


def _translated_from(view: AnswerView, how: str) -> str:
    language = view.word(f"lang.{view.original_lang}") if view.original_lang in ("zh", "en") else view.original_lang
    return view.word("translated_from", language=language, x=how)


def usage_text(lang: str | None, command: str = CLI_COMMAND) -> str:
    return AnswerView(lang=lang or "en", query="").word("usage", cmd=command)


def lookup_text(
    result: LookupResult | Mapping,
    lang: str | None = None,
    *,
    command: str = CLI_COMMAND,
    shown: int | None = None,
    verbose: bool = False,
) -> str:
    """`shown`: matches to print (the rest are counted, with how to see them)."""
    view = lookup_view(result, lang, shown=shown)
    if not view.matches:
        lines = [view.word("no_match", q=view.word("quoted", q=view.query))]
        if view.suggestions:
            lines.append(view.word("did_you_mean", s=", ".join(suggestion_shown(s, view.lang) for s in view.suggestions)))
        lines.extend(view.notes + view.asker_notes)
        return "\n".join([*lines, view.word("usage", cmd=command)])
    lines: list[str] = []
    if view.total > 1:
        lines.append(view.word("n_matches", n=view.total, q=view.word("quoted", q=view.query)))
    for group in view.groups:
        lines.extend(_group_lines(group, view, verbose))
    lines.extend(view.notes + view.asker_notes)
    if view.hidden:
        more = f"{command} --limit {view.total} {view.query}"
        lines.append(view.word("more", n=view.hidden) + f": {more}")
    if view.original_lang:
        lines.append(_translated_from(view, f"{command} --lang {view.original_lang} {view.query}"))
    return "\n".join(lines)


def oneline_text(result: LookupResult | Mapping, lang: str | None = None) -> str:
    """One line a match, `vendor code (name): meaning`, for grep and scripts (errno's -l style)."""
    view = lookup_view(result, lang)
    if not view.matches:
        return view.word("no_match", q=view.word("quoted", q=view.query))
    return "\n".join(
        f"{m.vendor_id or m.vendor} {m.title}: {m.meaning.splitlines()[0] if m.meaning else ''}" for m in view.matches
    )


def explain_text(result: ExplainResult | Mapping, lang: str | None = None, *, verbose: bool = False, file: str | None = None) -> str:
    """`file`: where the text came from, for the line that points to the original."""
    view = explain_view(result, lang, max_findings=10**6)
    if not view.findings:
        return view.word("no_findings")
    columns = max(width(view.label(k)) for k in ("message", "request_id"))
    parts = []
    for f in view.findings:
        head = [f"{f.code} ({f.vendor or view.word('vendor_unknown')})"]
        if f.message:
            head.append(f"  {pad(view.label('message'), columns)}{view.gap}{f.message}")
        if f.request_id:
            head.append(f"  {pad(view.label('request_id'), columns)}{view.gap}{f.request_id}")
        head.extend(f"  {detail}" for detail in f.details)
        body: list[str] = []
        for group in _groups(f.matches):
            body.extend(_group_lines(group, view, verbose, indent="  "))
        if not body and not f.says_why:
            body = ["  " + view.word("no_entry")]
        parts.append("\n".join(head + body))
    if view.original_lang:
        how = f"errcode paste --lang {view.original_lang}" + (f" {file}" if file else "")
        parts.append(_translated_from(view, how))
    return "\n\n".join(parts)


def _groups(matches: tuple[MatchView, ...]) -> tuple[VendorGroup, ...]:
    from bot.render.view import group_by_vendor

    return group_by_vendor(matches)
