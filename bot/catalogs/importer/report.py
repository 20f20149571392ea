"""The import report on standard error: what was drafted per section, what was passed over and why."""

from __future__ import annotations

from dataclasses import dataclass, field

_LIMIT = 20  # lines per list: a page with 2,000 skipped rows needs a count, not a scroll


@dataclass
class Report:
    per_section: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)

    def drafted(self, entry: dict) -> None:
        section = entry.get("section") or "(no section)"
        self.per_section[section] = self.per_section.get(section, 0) + 1

    def skip(self, why: str) -> None:
        self.skipped.append(why)

    def duplicate(self, what: str) -> None:
        self.duplicates.append(what)

    def lines(self, entries: list[dict]) -> list[str]:
        kinds: dict[str, int] = {}
        for entry in entries:
            kinds[entry["kind"]] = kinds.get(entry["kind"], 0) + 1
        out = [
            f"{len(entries)} entries ({', '.join(f'{k} {n}' for k, n in kinds.items())}); review before shipping"
        ]
        if self.per_section:
            out.append("drafted per section:")
            out += [f"  {section}: {n}" for section, n in self.per_section.items()][:_LIMIT]
            out += _more(len(self.per_section))
        if self.duplicates:
            out.append(f"duplicates ({len(self.duplicates)}):")
            out += [f"  {d}" for d in self.duplicates[:_LIMIT]] + _more(len(self.duplicates))
        if self.skipped:
            out.append(f"skipped ({len(self.skipped)}):")
            out += [f"  {s}" for s in self.skipped[:_LIMIT]] + _more(len(self.skipped))
        return out


def _more(n: int) -> list[str]:
    return [f"  … and {n - _LIMIT} more"] if n > _LIMIT else []
