"""Explain pasted payloads: find every error in a paste, say whose it is, stay silent otherwise.

`explain(index, text, *, lang=None)` returns `{"findings": [Finding, ...], "skips": (Hint, ...)}`
(bot.api makes the INTERFACE's `skipped` sentence from the skips). A Finding is `{"code", "vendor", "message", "request_id", "matches"}` plus:
`shape` (tencent-api, tencent-sdk, volcengine, agora, netease, generic, log, http), `name`
(NetEase), `http_status`, `server_code` (NetEase serverCode resolved in the serverCode table:
`{"code", "matches"}`, nested in the finding of its SDK error), `fallback_from` (a dotted
sub-code no catalog knows, answered by its parent code), `reason`, `truncated`.

Pipeline: normalize (Slack markup) -> parse (JSON blocks, strict then json-repair) -> shapes
(vendor structures) + patterns (SDK strings, log lines, HTTP status) -> catalogs (matches).
"""

from __future__ import annotations

from bot.payload import claims, normalize, parse, patterns, reports, shapes
from bot.payload.entries import PasteCatalogs, is_success, order_matches
from bot.payload.phrases import phrases
from bot.payload.shapes import Hit
from bot.results import Hint, skip, unique_hints
from bot.vendors import PRODUCTS, find_mentions, names_vendor, url_hosts

MAX_FINDINGS = 30
MATCH_LIMIT = 5
HTTP_ATTACH_DISTANCE = 1500  # a status line describes the error body that follows it


def _collect(text: str, index, notes: list[Hint]) -> list[Hit]:
    blocks = parse.find_blocks(text, notes)
    parser = parse.Parser()
    phrase_automaton, phrase_codes, (symbols, symbol_automaton), problem_states = phrases(index)

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
        if not understood:
            for message in shapes.quoted_messages(block.value):
                for hit in patterns.log_hits(message):
                    hit.pos = block.start
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
    hits = [h for h in hits if not (h.shape == "log" and h.code.isdigit() and reports.id_before(plain, h.code, h.pos))]
    if reports.short_report(plain):  # a title or a one-line report: a number beside an error word
        read = {h.code for h in hits}
        hits += [hit for hit in reports.report_hits(plain) if hit.code not in read]
    hits.sort(key=lambda h: (h.pos, h.order))
    return hits


def _attach_http(hits: list[Hit]) -> list[Hit]:
    """An HTTP status line followed by an error body describes that body's error."""
    kept: list[Hit] = []
    for i, hit in enumerate(hits):
        following = hits[i + 1] if i + 1 < len(hits) else None
        if (
            hit.shape == "http"
            and (hit.http_status or 0) >= 400  # a 2xx/3xx line describes no error body
            and following is not None
            and following.shape != "http"
            and following.pos - hit.pos <= HTTP_ATTACH_DISTANCE
        ):
            if following.http_status is None:
                following.http_status = hit.http_status
            following.status_line = hit
            continue
        kept.append(hit)
    return kept


def _finding(hit: Hit, claim: claims.Claim, catalogs: PasteCatalogs) -> dict | None:
    covered = claim.vendor if claim.vendor in catalogs.vendors else None
    if hit.shape == "log":
        hit.code = catalogs.glued(hit.code) or hit.code
    matches, fallback_from = catalogs.exact(hit.code, covered)
    if (not matches or fallback_from) and (retyped := catalogs.retyped(hit.code)) is not None:
        hit.extra["written"] = hit.code  # a screenshot's l for I: answered as the catalog spells it
        hit.code = retyped
        matches, fallback_from = catalogs.exact(hit.code, covered)
    if matches and all(is_success(m) for m in matches):
        return None  # 001's "0 成功", Agora's HTTP 200
    own_success = claim.vendor is not None and any(is_success(m) and m.get("vendor") == claim.vendor for m in matches)
    matches = [m for m in matches if not is_success(m)]
    if own_success and not any(m.get("vendor") == claim.vendor for m in matches):
        return None  # the vendor's own success ("ALREADY_RUNNING: 201" beside Agora), not another's 201
    if hit.context == "server_code":
        matches = [m for m in matches if m.get("kind") == "server_code"]
    if hit.context == "http" and (hit.http_status or 0) < 400:
        # a 2xx/3xx status line is an HTTP status: NetEase's serverCode 302 is no redirect
        matches = [m for m in matches if m.get("kind") == "http_status"]
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
    if hit.item and not claims.agrees(claim.line, matches, catalogs.documented, least=2):
        return None  # a short number opening a list item: its words must say its entry's, twice over
    if hit.row and len(hit.code.lstrip("-")) < 3 and not claims.agrees(claim.line, matches, catalogs.meaning):
        return None  # a short number opening a row (a checklist's "| 8 | optional | ...") says no entry's meaning
    listed_row = False
    if hit.row and not (claim.product and claim.vendor) and not claims.agrees(claim.line, matches, catalogs.documented):
        if not hit.error_row or len(hit.code.lstrip("-")) < 3:
            return None  # a table of numbers that says nothing an entry of the number says
        listed_row = True  # an error table's row that says another meaning: a candidate, never the answer
    if hit.defined and not claims.agrees(hit.message or claim.line, matches, catalogs.documented):
        listed_row = True  # a constant whose name says another meaning than its number's entries: a candidate
    listed_unknown = _weigh_group(hit, claim, catalogs) if hit.group and claim.vendor is None else False
    stated, ambiguous = claims.select(
        claim, matches, hit.code, http=hit.context == "http", documented=catalogs.documented, meaning=catalogs.meaning
    )
    if listed_unknown and stated and not ambiguous:
        claim.confidence = "ambiguous"  # listed with codes no catalog holds: some other system's list
        ambiguous = True
    if (fallback_from or listed_row) and stated and not ambiguous:
        # the sub-code's own meaning is in no catalog (its parent is a candidate), or the error table's
        # row says another meaning than the entry's: never the answer
        ambiguous = True
        if listed_row:
            claim.confidence = "ambiguous"
    if stated and not ambiguous and claim.vendor is None and hit.hinted and all(
        m.get("catalog") in hit.hinted for m in stated
    ):
        claim.vendor = stated[0].get("vendor")  # the shape and a code only its catalog holds agree
        claim.evidence.append({"kind": "shape", "shape": hit.shape, "vendor": claim.vendor})
    finding = {
        "code": hit.code,
        "vendor": claim.vendor,
        "message": hit.message,
        "request_id": hit.request_id,
        "matches": order_matches(stated, claim.vendor, hit.context, hit.name, claim.hinted if ambiguous else ())[:MATCH_LIMIT],
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
        finding["server_code"] = {"code": hit.server_code, "matches": order_matches(server, claim.vendor, "server_code", None)}
    if fallback_from and stated:
        finding["fallback_from"] = fallback_from
    if hit.truncated:
        finding["truncated"] = True
    finding.update(hit.extra)
    return finding


def _names_covered_product(mentions: list, catalogs: PasteCatalogs) -> bool:
    """A covered vendor named (word or mark), or a product word of a loaded catalog ("cloud recording")."""
    for mention in mentions:
        if mention.kind != "hint" and mention.vendor in catalogs.vendors:
            return True
        if mention.kind == "hint" and mention.product in PRODUCTS and any(
            c in catalogs.loaded for c in PRODUCTS[mention.product][1].catalogs
        ):
            return True
    return False


def _weigh_group(hit: Hit, claim: claims.Claim, catalogs: PasteCatalogs) -> bool:
    """Codes listed together are one system's. One that no catalog holds makes the list no
    catalog's (True: answer only as a list); two or more that only one vendor's catalogs all hold
    (HTTP statuses aside) are that vendor's evidence."""
    others = [c for c in hit.group if c != hit.code]
    unknown = [c for c in others if not catalogs.exact(c, None)[0]]
    if unknown:
        claim.evidence.append({"kind": "listed_with", "text": ", ".join(unknown[:5])})
        return True
    telling = [c for c in hit.group if c.lstrip("-") not in claims.HTTP_STATUSES]
    if len(telling) >= 2:
        holders = [{m.get("vendor") for m in catalogs.exact(c, None)[0]} for c in telling]
        common = set.intersection(*holders)
        if len(common) == 1:
            claim.vendor = common.pop()
            claim.evidence.append({"kind": "listed_with", "text": ", ".join(others[:5]), "vendor": claim.vendor})
    return False


def _paste_vendor(hits: list[Hit], mentions: list, covered: frozenset[str]) -> str | None:
    """The one covered vendor the paste's shapes and marks reveal, if only one: it narrows the rest."""
    revealed = {h.vendor for h in hits if h.vendor} | {m.vendor for m in mentions if m.kind == "mark"}
    revealed &= covered
    return revealed.pop() if len(revealed) == 1 else None


def _carry_constants(found: list[tuple[Hit, claims.Claim, dict]]) -> None:
    """A number the paste names once as an uncovered product's SDK constant ("Agora
    `ERR_OPEN_CHANNEL_TIMEOUT (110)`") is that constant's where the same paste writes it bare ("Agora
    Error 110" in its title): the bare mention claims no catalog's entry of the same number."""
    named: dict[str, tuple[claims.Claim, dict]] = {}
    for hit, claim, finding in found:
        if claim.constant and finding.get("uncovered") and hit.code.lstrip("-").isdigit():
            named.setdefault(hit.code, (claim, finding))
    for hit, claim, finding in found if named else ():
        source = named.get(finding["code"])
        if source is None or claim.constant or hit.vendor or finding.get("uncovered") or not finding["matches"]:
            continue
        if claim.vendor not in (None, source[0].vendor):
            continue  # another vendor's error of the same number
        finding.update(matches=[], ambiguous=False, confidence="uncovered", uncovered=dict(source[1]["uncovered"]))
        finding["evidence"] = [*finding["evidence"], {"kind": "constant", "text": source[0].constant}]


def _dedup_key(finding: dict) -> tuple:
    if finding["request_id"]:
        return (finding["code"].lower(), finding["request_id"])
    return (finding["code"].lower(), finding["vendor"], finding["message"])


def explain(index, text: object, *, lang: str | None = None) -> dict:
    """Every error found in `text`, in text order; `skipped` says what was capped."""
    notes: list[Hint] = []
    cleaned = normalize.clean(text, notes)
    hits = _attach_http(_collect(cleaned, index, notes))
    mentions = find_mentions(cleaned)
    catalogs = PasteCatalogs(index, lang)
    if not hits and _names_covered_product(mentions, catalogs):
        hits = patterns.title_hits(cleaned)
    paste_vendor = _paste_vendor(hits, mentions, catalogs.vendors)
    hosts = url_hosts(cleaned) if "://" in cleaned else ()  # every URL it reads has a scheme's "://"
    named = frozenset({h.vendor for h in hits if h.vendor} | {m.vendor for m in mentions if names_vendor(m)})
    findings: list[dict] = []
    seen: dict[tuple, dict] = {}
    found: list[tuple[Hit, claims.Claim, dict]] = []
    keys: set[tuple] = set()
    for hit in hits:
        claim = claims.judge(hit, cleaned, mentions, paste_vendor, catalogs.vendors, catalogs.loaded, hosts, named)
        finding = _finding(hit, claim, catalogs)
        if finding is None and hit.status_line is not None:  # a body code no catalog has: the status is known
            hit = hit.status_line
            claim = claims.judge(hit, cleaned, mentions, paste_vendor, catalogs.vendors, catalogs.loaded, hosts, named)
            finding = _finding(hit, claim, catalogs)
        if finding is not None:
            found.append((hit, claim, finding))
            keys.add(_dedup_key(finding))
            if len(keys) > MAX_FINDINGS:
                break  # the cap is said below; no further hit is judged
    _carry_constants(found)
    for _, _, finding in found:
        key = _dedup_key(finding)
        if key in seen:
            kept = seen[key]
            for field in ("message", "vendor", "http_status"):
                if kept.get(field) is None and finding.get(field) is not None:
                    kept[field] = finding[field]
            continue
        if len(findings) >= MAX_FINDINGS:
            notes.append(skip("findings", max=MAX_FINDINGS))
            break
        seen[key] = finding
        findings.append(finding)
    return {"findings": findings, "skips": unique_hints(notes)}  # each cap said once
