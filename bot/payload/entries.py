"""A paste's codes looked up in the catalogs: exact matches, the vendor's first, a dotted code's
parent, cached for one paste; and the order a finding's matches are shown in."""

from __future__ import annotations

from bot.payload.phrases import entries_of

_KIND_RANK = {
    "code": {"error": 0, "http_status": 1, "server_code": 2, "service_status": 3},
    "http": {"http_status": 0, "error": 1, "server_code": 2, "service_status": 3},
    "server_code": {"server_code": 0},
}


def _key(match: dict) -> tuple:
    return (match.get("catalog"), match.get("code"), match.get("kind"), match.get("name"))


def _build_texts(index) -> tuple[dict, dict]:
    documented: dict[tuple, str] = {}
    meanings: dict[tuple, str] = {}
    for entry in entries_of(index):
        parts = [entry.name or ""]
        meaning = [entry.name or ""]
        for lang in entry.languages():
            text = entry.text(lang)
            parts += [text.meaning or "", text.handling or "", text.context or ""]
            meaning.append(text.meaning or "")
        key = (entry.catalog, entry.code, entry.kind, entry.name)
        documented[key] = " ".join(parts)
        meanings[key] = " ".join(meaning)
    return documented, meanings


def entry_texts(index) -> tuple[dict, dict]:
    """({entry key: everything the entry says}, {entry key: its name and meanings}), every language
    it has: built once per index and kept with it (a paste used to build both for every entry of
    every catalog, ~3 ms, whenever one of its codes was weighed against its words)."""
    derived = getattr(index, "derived", None)
    return derived("payload.entry_texts", _build_texts) if derived is not None else _build_texts(index)


def _catalog_sets(index) -> tuple[frozenset, frozenset]:
    """(the vendors with a catalog, the catalogs' ids): built once per index and kept with it."""
    loaded = getattr(index, "catalogs", None) or ()
    return frozenset(getattr(c, "vendor", None) for c in loaded), frozenset(getattr(c, "id", None) for c in loaded)


class PasteCatalogs:
    """Exact catalog matches for a code, vendor's entries first, cached for one paste."""

    def __init__(self, index, lang: str | None):
        self.index = index
        self.lang = lang
        self.cache: dict[tuple, tuple[list[dict], str | None]] = {}
        derived = getattr(index, "derived", None)
        sets = derived("payload.catalog_sets", _catalog_sets) if derived is not None else _catalog_sets(index)
        self.vendors, self.loaded = sets  # vendors with a catalog, the catalogs' ids

    def _raw(self, code: str, vendor: str | None) -> list[dict]:
        found: list[dict] = []
        seen = set()
        for wanted in ((vendor, None) if vendor else (None,)):
            try:
                matches = self.index.matches_for_code(code, wanted, limit=20, lang=self.lang)
            except Exception:  # a search bug must not hide the rest of the paste
                matches = []
            for match in matches:
                key = (match.get("catalog"), match.get("code"), match.get("kind"), match.get("name"))
                if key not in seen:
                    seen.add(key)
                    found.append(match)
        return found

    def glued(self, code: str) -> str | None:
        """The catalog code a dotted token starts with, when a table's next cell ran into it
        ("InvalidParameter.IllegalRoomIDIllegal roomId" -> InvalidParameter.IllegalRoomID)."""
        by_code = getattr(getattr(self.index, "index", None), "by_code", None)
        if not by_code or "." not in code or code.lower() in by_code:
            return None
        dot = code.find(".")
        for cut in range(len(code) - 1, dot + 1, -1):
            if code[cut].isupper() and code[:cut].lower() in by_code:  # longest first, at a capital
                return code[:cut]
        return None

    def retyped(self, code: str) -> str | None:
        """The catalog code a symbolic code spells with a lowercase l where the catalog has a capital I
        (sans-serif fonts draw them alike; a screenshot retyped: AuthFailure.SecretldNotFound ->
        AuthFailure.SecretIdNotFound); None when the code is known as written or has no such twin."""
        by_code = getattr(getattr(self.index, "index", None), "by_code", None)
        if not by_code or "l" not in code or code.lower() in by_code or code[:1].isdigit():
            return None
        for at, char in enumerate(code):
            if char == "l" and at > 0 and code[at - 1].isalpha():
                respelled = code[:at] + "I" + code[at + 1 :]
                if respelled.lower() in by_code:
                    return respelled
        return None

    def documented(self, match: dict) -> str:
        """Everything an entry says, in every language it has (to compare a pasted message with)."""
        return self._tables[0].get(_key(match), "")

    def meaning(self, match: dict) -> str:
        """An entry's name and meanings only, in every language it has: what a table row of it says."""
        return self._tables[1].get(_key(match), "")

    @property
    def _tables(self) -> tuple[dict, dict]:
        tables = self.__dict__.get("_texts")
        if tables is None:
            tables = self.__dict__["_texts"] = entry_texts(self.index)
        return tables

    def exact(self, code: str, vendor: str | None) -> tuple[list[dict], str | None]:
        """(matches whose code is `code`, or its nearest catalogued parent; fallback_from or None)."""
        key = (code, vendor)
        if key in self.cache:
            return self.cache[key]
        asked = code.lower()
        raw = self._raw(code, vendor)
        result = ([m for m in raw if str(m.get("code", "")).lower() == asked], None)
        if not result[0]:  # a NetEase name written alone ("... GateWayServerError") is its entry's code
            result = ([m for m in raw if str(m.get("name") or "").lower() == asked], None)
        if not result[0] and "." in code:
            parents = [m for m in raw if asked.startswith(str(m.get("code", "")).lower() + ".")]
            parent = code
            while not parents and "." in parent:  # the search may not fall back itself
                parent = parent.rsplit(".", 1)[0]
                parents = [m for m in self._raw(parent, vendor) if str(m.get("code", "")).lower() == parent.lower()]
            if parents:
                result = ([{**m, "fallback_from": code} for m in parents], code)
        self.cache[key] = result
        return result


def order_matches(
    matches: list[dict], vendor: str | None, context: str, name: str | None, hinted: tuple[str, ...] = ()
) -> list[dict]:
    ranks = _KIND_RANK[context]
    indexed = list(enumerate(matches))
    indexed.sort(
        key=lambda item: (
            item[1].get("vendor") != vendor if vendor else False,
            bool(hinted) and item[1].get("catalog") not in hinted,
            bool(name) and item[1].get("name") != name,
            ranks.get(item[1].get("kind"), 9),
            item[0],
        )
    )
    return [match for _, match in indexed]


_HTTP_OK = frozenset({"200", "201", "202", "204"})  # not 206: Agora's 206 says files are missing


def is_success(match: dict) -> bool:
    kind = match.get("kind")
    return kind == "success" or (kind == "http_status" and str(match.get("code", "")) in _HTTP_OK)
