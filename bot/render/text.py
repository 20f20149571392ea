"""Plain text of an answer, as the command line prints it."""

from __future__ import annotations

from bot.render.view import _KIND_LABELS, AnswerView, MatchView, explain_view, lookup_view

CLI_COMMAND = "errcode lookup"

def _text_lines(m: MatchView, labels: dict, indent: str = "  ") -> list[str]:
    kind = f" [{_KIND_LABELS[m.kind]}]" if m.kind in _KIND_LABELS else ""
    lines = [f"{m.origin} · {m.title}{kind}"]
    width = max(len(labels[k]) for k in ("meaning", "handling", "context", "note", "source")) + 1
    for key, value in (
        ("meaning", m.meaning),
        ("handling", m.handling),
        ("context", m.context),
        ("note", m.note),
        ("source", m.source_line),
    ):
        if value:
            # Continuation lines line up under the first, so lists in handling stay readable.
            label = f"{indent}{(labels[key] + ':').ljust(width)} "
            lines.append(label + value.replace("\n", "\n" + " " * len(label)))
    return lines


def _usage_lines(command: str) -> list[str]:
    return [
        f"Try a code ({command} 433), a symbolic name ({command} AuthFailure.SignatureExpire) "
        f"or words ({command} 签名过期); add a vendor to narrow ({command} agora 433)."
    ]


def lookup_text(result: dict, lang: str | None = None, *, command: str = CLI_COMMAND) -> str:
    view = lookup_view(result, lang)
    if not view.matches:
        lines = [view.labels["no_match"].format(q=repr(view.query))]
        if view.suggestions:
            lines.append(view.labels["did_you_mean"].format(s=", ".join(view.suggestions)))
        if view.hint:
            lines.append(view.hint)
        return "\n".join(lines + _usage_lines(command))
    lines: list[str] = []
    several = len(view.matches) > 1
    if several:
        lines.append(view.labels["n_matches"].format(n=len(view.matches), q=repr(view.query)))
    for vendor, matches in view.groups:
        if len(view.groups) > 1:
            lines.append(f"== {vendor} ==")
        for m in matches:
            lines.extend(_text_lines(m, view.labels))
    if view.hint:
        lines.append(view.hint)
    if view.narrow_example:
        lines.append(view.labels["narrow"].format(x=f"{command} {view.narrow_example}"))
    if view.original_lang:
        lines.append(_translated_from(view, f"{command} --lang {view.original_lang} {view.query}"))
    return "\n".join(lines)


def _translated_from(view: AnswerView, how: str) -> str:
    language = view.labels["language_name"].get(view.original_lang, view.original_lang)
    return view.labels["translated_from"].format(lang=language, x=how)


def explain_text(result: dict, lang: str | None = None) -> str:
    view = explain_view(result, lang, max_findings=10**6)
    if not view.findings:
        return view.labels["no_findings"]
    parts = []
    for f in view.findings:
        head = [f"{f.code} ({f.vendor or 'vendor unknown'})"]
        if f.message:
            head.append(f"  message:    {f.message}")
        if f.request_id:
            head.append(f"  request id: {f.request_id}")
        head.extend(f"  {detail}" for detail in f.details)
        body = [line for m in f.matches for line in _text_lines(m, view.labels)]
        parts.append("\n".join(head + (body or ([] if f.says_why else ["  " + view.labels["no_entry"]]))))
    if view.original_lang:
        parts.append(_translated_from(view, f"errcode paste --lang {view.original_lang}"))
    return "\n\n".join(parts)


