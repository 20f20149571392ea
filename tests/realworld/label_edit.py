"""Rewrite items' `expect:` blocks and extend their `note:` lines in a corpus file, line by line,
so every other byte of the file stays as it was (the relabel scripts' shared writer)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml


def _expect_lines(expect: dict) -> list[str]:
    lines = ["  expect:\n"]
    for key, value in expect.items():
        lines.append(f'    {key}: "{value}"\n' if key == "code" else f"    {key}: {value}\n")
    return lines


def _note_line(body: str, note: str) -> str:
    text = yaml.safe_dump(f"{body}; {note}", allow_unicode=True, width=10_000)
    return f"  note: {text.strip().removesuffix('...').strip()}\n"


def rewrite(path: Path, changes: dict[str, dict], note: str) -> None:
    """Replace the expect block of each changed item and append `note` to its note."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    out: list[str] = []
    current: str | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        start = re.match(r"- id:\s*(\S+)", line)
        if start:
            current = start.group(1).strip("'\"")
        if current in changes and line.startswith("  expect:"):
            out += _expect_lines(changes[current])
            i += 1
            while i < len(lines) and lines[i].startswith("    "):
                i += 1
            continue
        if current in changes and line.startswith("  note:"):
            out.append(_note_line(yaml.safe_load(line[len("  note:") :]) or "", note))
            i += 1
            continue
        out.append(line)
        i += 1
    path.write_text("".join(out), encoding="utf-8")
