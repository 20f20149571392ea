"""Explain pasted payloads: find every error in a paste, say whose it is, stay silent otherwise.

`explain(index, text, *, lang=None)` returns `{"findings": [Finding, ...], "skipped": str|None}`
(INTERFACE.md). A Finding is `{"code", "vendor", "message", "request_id", "matches"}` plus:
`shape` (tencent-api, tencent-sdk, volcengine, agora, netease, generic, log, http), `name`
(NetEase), `http_status`, `server_code` (NetEase serverCode resolved in the serverCode table:
`{"code", "matches"}`, nested in the finding of its SDK error), `fallback_from` (a dotted
sub-code no catalog knows, answered by its parent code), `reason`, `truncated`.

Pipeline: normalize (Slack markup) -> parse (JSON blocks, strict then json-repair) -> shapes
(vendor structures) + patterns (SDK strings, log lines, HTTP status) -> catalogs (matches).
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict

from bot.payload import claims, normalize, parse, patterns, shapes
from bot.payload.shapes import Hit
from bot.vendors import find_mentions, url_hosts

MAX_FINDINGS = 30
MATCH_LIMIT = 5
HTTP_ATTACH_DISTANCE = 1500  # a status line describes the error body that follows it

_KIND_RANK = {
    "code": {"error": 0, "http_status": 1, "server_code": 2, "service_status": 3},
    "http": {"http_status": 0, "error": 1, "server_code": 2, "service_status": 3},
    "server_code": {"server_code": 0},
}

# phrase codes ("invalid appid", "Connect_Failed") per index, built once
_phrase_lock = threading.Lock()
_phrase_cache: OrderedDict[int, tuple] = OrderedDict()


def _entries(index) -> list:
    catalogs = getattr(index, "catalogs", None) or ()
    return [entry for catalog in catalogs for entry in getattr(catalog, "entries", ())]


# A service state is a problem when its entry says so (Agora's serviceAbnormal "状态异常",
# serviceValidationFailed "验证失败"); serviceReady or serviceCompleted is a state, not an error.
_PROBLEM_WORDS = re.compile(r"异常|失败|错误|fail|abnormal|error|invalid", re.IGNORECASE)


def _reports_problem(entry) -> bool:
    return any(
        _PROBLEM_WORDS.search(" ".join(filter(None, (entry.text(lang).meaning, entry.code))))
        for lang in entry.languages()
    )


def _phrases(index) -> tuple:
    """(automaton of phrase codes, the phrase codes lowercased, (catalog symbols, their automaton),
    the service states that report a problem)."""
    with _phrase_lock:  # the Slack layer explains in a thread pool
        cached = _phrase_cache.get(id(index))
    if cached is not None and cached[0] is index:
        return cached[1], cached[2], cached[3], cached[4]
    codes = {
        entry.code
        for entry in _entries(index)
        if entry.kind not in ("success", "service_status")
        and not entry.code.isdigit()
        and (" " in entry.code or "_" in entry.code)
    }
    phrases = patterns.word_automaton(codes)
    lowered = frozenset(code.lower() for code in codes)
    problem_states = frozenset(
        entry.code for entry in _entries(index) if entry.kind == "service_status" and _reports_problem(entry)
    )
    symbols = frozenset(
        word
        for entry in _entries(index)
        if entry.kind != "success" and (entry.kind != "service_status" or entry.code in problem_states)
        for word in (entry.code, entry.name)
        if word and not word.isdigit() and "." not in word and " " not in word and "_" not in word
    )
    symbol_automaton = patterns.word_automaton(symbols)
    with _phrase_lock:
        _phrase_cache[id(index)] = (index, phrases, lowered, (symbols, symbol_automaton), problem_states)
        while len(_phrase_cache) > 4:  # a reload brings a new index; keep a few, not every one
            _phrase_cache.popitem(last=False)
    return phrases, lowered, (symbols, symbol_automaton), problem_states


class _Catalogs:
    """Exact catalog matches for a code, vendor's entries first, cached for one paste."""

    def __init__(self, index, lang: str | None):
        self.index = index
        self.lang = lang
        self.cache: dict[tuple, tuple[list[dict], str | None]] = {}
        loaded = getattr(index, "catalogs", None) or ()
        self.vendors = frozenset(getattr(c, "vendor", None) for c in loaded)  # vendors with a catalog
        self.loaded = frozenset(getattr(c, "id", None) for c in loaded)

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

    def documented(self, match: dict) -> str:
        """Everything an entry says, in every language it has (to compare a pasted message with)."""
        if not hasattr(self, "_texts"):
            self._texts = {}
            for entry in _entries(self.index):
                parts = [entry.name or ""]
                for lang in entry.languages():
                    text = entry.text(lang)
                    parts += [text.meaning or "", text.handling or "", text.context or ""]
                key = (entry.catalog, entry.code, entry.kind, entry.name)
                self._texts[key] = " ".join(parts)
        return self._texts.get((match.get("catalog"), match.get("code"), match.get("kind"), match.get("name")), "")

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


def _order(
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


def _collect(text: str, index, notes: list[str]) -> list[Hit]:
    blocks = parse.find_blocks(text, notes)
    parser = parse.Parser()
    phrase_automaton, phrase_codes, (symbols, symbol_automaton), problem_states = _phrases(index)

    def known_message(message: str) -> bool:
        return message.strip().strip(".").lower() in phrase_codes

    hits: list[Hit] = []
    state: dict = {}
    masked = list(text) if blocks else None
    covered_until = -1  # blocks inside an understood block (a cut-off one's inner objects) are its own
    for block in blocks:
        if block.start < covered_until:
            continue
        parser.parse(block)
        if not block.parsed:
            continue
        verdicts = state.get("verdicts", 0)
        found = shapes.hits_in(block.value, known_message, notes, state, problem_states.__contains__)
        understood = found or state.get("verdicts", 0) > verdicts
        for hit in found:
            hit.pos = block.start
            if not block.closed and hit.code and block.raw.rstrip().endswith(hit.code):
                hit.truncated = True
            hits.append(hit)
        if understood or not block.repaired:
            # understood: its text is not read again as plain text (a success body's "code": 0 ...);
            # a repaired block that held nothing stays readable ({code=433, ...} is a log line)
            covered_until = max(covered_until, block.end)
            masked[block.start : block.end] = " " * (block.end - block.start)
    parser.finish(notes)
    plain = "".join(masked) if masked is not None else text

    consumed: list[tuple[int, int]] = []
    for hit, end in patterns.tencent_sdk(text):
        hits.append(hit)
        consumed.append((hit.pos, end))
    for hit in patterns.log_hits(plain) + patterns.phrase_hits(plain, phrase_automaton) + patterns.symbol_hits(
        plain, symbols, symbol_automaton
    ):
        if any(start <= hit.pos < end for start, end in consumed):
            continue
        hits.append(hit)
    hits.sort(key=lambda h: (h.pos, h.order))
    return hits


def _attach_http(hits: list[Hit]) -> list[Hit]:
    """An HTTP status line followed by an error body describes that body's error."""
    kept: list[Hit] = []
    for i, hit in enumerate(hits):
        following = hits[i + 1] if i + 1 < len(hits) else None
        if (
            hit.shape == "http"
            and following is not None
            and following.shape != "http"
            and following.pos - hit.pos <= HTTP_ATTACH_DISTANCE
        ):
            if following.http_status is None:
                following.http_status = hit.http_status
            continue
        kept.append(hit)
    return kept


_HTTP_OK = frozenset({"200", "201", "202", "204"})  # not 206: Agora's 206 says files are missing


def _is_success(match: dict) -> bool:
    kind = match.get("kind")
    return kind == "success" or (kind == "http_status" and str(match.get("code", "")) in _HTTP_OK)


def _finding(hit: Hit, claim: claims.Claim, catalogs: _Catalogs) -> dict | None:
    covered = claim.vendor if claim.vendor in catalogs.vendors else None
    if hit.shape == "log":
        hit.code = catalogs.glued(hit.code) or hit.code
    matches, fallback_from = catalogs.exact(hit.code, covered)
    if matches and all(_is_success(m) for m in matches):
        return None  # 001's "0 成功", Agora's HTTP 200
    matches = [m for m in matches if not _is_success(m)]
    if hit.context == "server_code":
        matches = [m for m in matches if m.get("kind") == "server_code"]
    if not matches and not hit.certain:
        return None  # plain-text numbers and generic shapes count only when a catalog knows them
    if hit.weak and claim.vendor is None:
        return None
    if hit.name:
        named = [m for m in matches if m.get("name") == hit.name]
        if named:  # a NetEase object that names its entry picks it among the code's entries
            matches = named
            if claim.vendor is None and hit.shape == "netease":
                claim.vendor = "netease"
                claim.evidence.append({"kind": "name", "text": hit.name, "vendor": "netease"})
                claim.confidence = "certain"
    if (
        hit.shape in ("log", "generic")
        and claim.vendor is None
        and hit.message
        and hit.message.lower() == hit.code.lower()
    ):
        vendors = {m.get("vendor") for m in matches}
        if (
            len(vendors) == 1  # a string-coded entry's words are its vendor's signature,
            and not claims.generic_symbol(hit.code)  # unless every cloud writes them
            and not claims.against_host(claim, next(iter(vendors)))  # or the site is not the vendor's
        ):
            claim.vendor = vendors.pop()
            claim.evidence.append({"kind": "code", "text": hit.code, "vendor": claim.vendor})
            if claim.vendor == "agora":
                hit.shape = "agora"
    stated, ambiguous = claims.select(
        claim, matches, hit.code, http=hit.context == "http", documented=catalogs.documented
    )
    if fallback_from and stated and not ambiguous:
        # the sub-code's own meaning is in no catalog: its parent is a candidate, never the answer
        ambiguous = True
    finding = {
        "code": hit.code,
        "vendor": claim.vendor,
        "message": hit.message,
        "request_id": hit.request_id,
        "matches": _order(stated, claim.vendor, hit.context, hit.name, claim.hinted if ambiguous else ())[:MATCH_LIMIT],
        "shape": hit.shape,
        "confidence": claim.confidence,
        "evidence": claim.evidence,
        "ambiguous": ambiguous,
    }
    if claim.product:
        finding["product"] = claim.product
    if claim.uncovered:
        finding["uncovered"] = claim.uncovered
    elif (not stated or fallback_from) and claim.vendor and claim.vendor in catalogs.vendors:
        finding["not_in_catalogs"] = True  # the vendor's catalogs do not list this code (at most its parent)
    if hit.name:
        finding["name"] = hit.name
    if hit.http_status is not None:
        finding["http_status"] = hit.http_status
    if hit.server_code is not None and not claim.uncovered:
        server, _ = catalogs.exact(hit.server_code, claim.vendor or "netease")
        server = [m for m in server if m.get("kind") == "server_code"]
        finding["server_code"] = {"code": hit.server_code, "matches": _order(server, claim.vendor, "server_code", None)}
    if fallback_from and stated:
        finding["fallback_from"] = fallback_from
    if hit.truncated:
        finding["truncated"] = True
    finding.update(hit.extra)
    return finding


def _paste_vendor(hits: list[Hit], mentions: list, covered: frozenset[str]) -> str | None:
    """The one covered vendor the paste's shapes and marks reveal, if only one: it narrows the rest."""
    revealed = {h.vendor for h in hits if h.vendor} | {m.vendor for m in mentions if m.kind == "mark"}
    revealed &= covered
    return revealed.pop() if len(revealed) == 1 else None


def _dedup_key(finding: dict) -> tuple:
    if finding["request_id"]:
        return (finding["code"].lower(), finding["request_id"])
    return (finding["code"].lower(), finding["vendor"], finding["message"])


def explain(index, text: object, *, lang: str | None = None) -> dict:
    """Every error found in `text`, in text order; `skipped` says what was capped."""
    notes: list[str] = []
    cleaned = normalize.clean(text, notes)
    hits = _attach_http(_collect(cleaned, index, notes))
    mentions = find_mentions(cleaned)
    catalogs = _Catalogs(index, lang)
    paste_vendor = _paste_vendor(hits, mentions, catalogs.vendors)
    hosts = url_hosts(cleaned)
    findings: list[dict] = []
    seen: dict[tuple, dict] = {}
    for hit in hits:
        claim = claims.judge(hit, cleaned, mentions, paste_vendor, catalogs.vendors, catalogs.loaded, hosts)
        finding = _finding(hit, claim, catalogs)
        if finding is None:
            continue
        key = _dedup_key(finding)
        if key in seen:
            kept = seen[key]
            for field in ("message", "vendor", "http_status"):
                if kept.get(field) is None and finding.get(field) is not None:
                    kept[field] = finding[field]
            continue
        if len(findings) >= MAX_FINDINGS:
            notes.append(f"only the first {MAX_FINDINGS} findings are reported")
            break
        seen[key] = finding
        findings.append(finding)
    return {"findings": findings, "skipped": "; ".join(dict.fromkeys(notes)) or None}  # each cap said once
