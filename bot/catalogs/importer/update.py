"""`--update CATALOG.yaml`: re-import a page into a catalog someone has already reviewed.

Entries are matched by code and name (kind may have been corrected by the reviewer). An entry
whose words on the page are unchanged keeps its reviewed text as it is; one whose words
changed takes the page's new text. Either way the reviewer's `en:`, `note`, `section` and
`kind` stay. Entries the page no longer lists are removed; new ones are added; all three
lists are reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

REVIEWED = ("kind", "section", "note", "en", "zh")
PAGE_TEXT = ("meaning", "handling", "context")
_NOISE = re.compile(r"[\s`\"'“”‘’()（）。，,.；;：:、!！?？\-—*]+")


@dataclass
class Changes:
    added: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    changed: list[tuple[dict, dict]] = field(default_factory=list)  # (old, new)

    def lines(self) -> list[str]:
        out = [f"update: {len(self.added)} added, {len(self.removed)} removed, {len(self.changed)} changed"]
        out += [f"  added:   {_label(e)}" for e in self.added]
        out += [f"  removed: {_label(e)}" for e in self.removed]
        for old, new in self.changed:
            out.append(f"  changed: {_label(new)}: “{_words_of(old)}” -> “{_words_of(new)}”")
        return out


def _label(entry: dict) -> str:
    return f"{entry.get('code')}" + (f" ({entry['name']})" if entry.get("name") else "")


def _words_of(entry: dict) -> str:
    return " ".join(str(entry[k]) for k in PAGE_TEXT if entry.get(k))


def _same_words(a: dict, b: dict) -> bool:
    return _NOISE.sub("", _words_of(a)) == _NOISE.sub("", _words_of(b))


def merge(existing: list[dict], drafted: list[dict]) -> tuple[list[dict], Changes]:
    """The updated entries, in the page's order, and what changed."""
    changes = Changes()
    by_key: dict[tuple, list[dict]] = {}
    for entry in existing:
        by_key.setdefault((str(entry.get("code")), entry.get("name")), []).append(entry)
    used: set[int] = set()
    out: list[dict] = []
    for new in drafted:
        candidates = [e for e in by_key.get((new["code"], new.get("name")), []) if id(e) not in used]
        old = next(
            (e for e in candidates if e.get("kind") == new["kind"]), candidates[0] if candidates else None
        )
        if old is None:
            changes.added.append(new)
            out.append(new)
            continue
        used.add(id(old))
        if _same_words(old, new):
            out.append(old)  # nothing changed on the page: the reviewed entry stays as it is
            continue
        updated = {k: v for k, v in old.items() if k not in PAGE_TEXT}
        updated.update({k: new[k] for k in PAGE_TEXT if new.get(k)})
        for key in REVIEWED:
            if key not in old and key in new and key != "note":
                updated[key] = new[key]
        changes.changed.append((old, updated))
        out.append(updated)
    changes.removed = [e for e in existing if id(e) not in used]
    return out, changes
