"""Rendering of answers. PLACEHOLDER text forms; the Slack issue makes this the shared renderer."""

from __future__ import annotations


def lookup_text(result: dict, lang: str | None = None) -> str:
    matches = result.get("matches") or []
    if not matches:
        return f"No entry matches {result.get('query')!r}."
    lines = []
    for m in matches:
        lines.append(f"{m['vendor']} · {m.get('product') or m['catalog']} · {m['code']}"
                     + (f" ({m['name']})" if m.get("name") else ""))
        lines.append(f"  meaning:  {m['meaning']}")
        if m.get("handling"):
            lines.append(f"  handling: {m['handling']}")
    return "\n".join(lines)


def explain_text(result: dict, lang: str | None = None) -> str:
    findings = result.get("findings") or []
    if not findings:
        return "No error code found in the text."
    return "\n\n".join(
        f"{f['code']} ({f.get('vendor') or 'vendor unknown'})\n"
        + lookup_text({"query": f["code"], "matches": f["matches"]}, lang)
        for f in findings
    )
