"""Evidence, then a claim: whose error a finding is, and how sure errcode is of its answer.

Evidence, strongest first: the payload's shape (Tencent's `Response.Error`), a mark software
writes (SDK package and class names, API hosts: `io.agora.rtc`, `volcenginesdkcore`,
`trtc.tencentcloudapi.com`), a vendor or product word a person writes ("声网云录制", "LiveKit"),
the vendor another finding of the same paste revealed, and a code no other catalog has.

The claim follows from it (bot.vendors holds the table):
- an uncovered vendor or product (LiveKit; Agora's RTC SDK, where errcode has Cloud Recording):
  no entry is claimed, the finding says whose it looks like (`uncovered`);
- a covered vendor: only its own entries, never another vendor's for the same number;
- an SDK callback (`onError`) or an SDK constant beside the number (`ERR_TOKEN_EXPIRED(109)`)
  that no entry of that code is named: not a server API's code, whatever its number;
- no evidence at all: a distinctive code (a symbol or a long number one catalog has) is a
  `likely` answer; a bare generic number is an `ambiguous` list, never one vendor's entry.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from bot.vendors import (
    FIELD_MARKS,
    GENERIC_SYMBOLS,
    MULTI_PRODUCT_SUBCODES,
    PRODUCTS,
    SERVER_ONLY_CATALOGS,
    SHARED_SECTIONS,
    VENDORS,
    Mention,
    foreign_host,
    sdk_error_format,
    vendor_catalogs,
    vendor_for_word,
)

# SDK callbacks: the code comes from a client SDK, not from a server API's response body (each regex
# here opens with a lookahead on its possible first characters: re then skips to candidate offsets)
_CALLBACK = re.compile(
    r"(?=[odri])\b(?:on_?error|onerror|on_?warning|didOccurError|didOccurWarning|onJoinChannelFailed|onConnectionLost"
    r"|onException|rtcEngine\s{0,4}\(|IRtcEngineEventHandler|onEnterRoom|occurError)\b",
    re.IGNORECASE,
)
# An SDK constant written beside the number: ERR_TOKEN_EXPIRED(109), 109 (ERR_TOKEN_EXPIRED), ERR_X = 109
# ERR_TOKEN_EXPIRED, or a C enum's kNERtcRoomServerErrAuthError
_CONSTANT = r"(?:k?[A-Z][A-Z0-9]{1,30}(?:_[A-Z0-9]{1,30}){1,8}|k[A-Z][A-Za-z0-9]{3,80})"
_CONSTANT_BEFORE = re.compile(_CONSTANT + r"""\s{0,3}(?:[(:=]|\s)\s{0,3}['"]?(-?\d{1,12})\s{0,3}\)?\s{0,3}$""")
_CONSTANT_AFTER = re.compile(r"""^['"]?\s{0,3}[(:=,]?\s{0,3}\(?\s{0,3}#?(""" + _CONSTANT + r")")  # "#": doxygen's link
# Registered HTTP status codes: every web API returns them, so one alone names no vendor (RFC 9110 & co.)
HTTP_STATUSES = frozenset(
    str(n)
    for n in [100, 101, 102, 103, *range(200, 209), 226, *range(300, 309), *range(400, 419), *range(421, 427),
              428, 429, 431, 451, *range(500, 509), 510, 511]
)
DISTINCTIVE_DIGITS = 4  # a number this long that one vendor has is evidence of its own
# client platforms: an error on one of them comes from a client SDK, not from a server API
_PLATFORM = re.compile(
    r"(?=[aifuerh安小鸿])(?:(?<![\w.-])(?:android|ios|iphone|ipad|flutter|unity|electron|react[ -]native|harmonyos)(?![\w-])"
    r"|安卓|小程序|鸿蒙)",
    re.IGNORECASE,
)
# the words each regex above needs, lowercased: an ASCII text holds a match only if its lowered text
# holds one of them (IGNORECASE folds no other character to an ASCII letter than "ı", "ſ" and
# "K", none of them ASCII), so most windows skip the search
_CALLBACK_WORDS = ("onerror", "on_error", "onwarning", "on_warning", "didoccur", "onjoinchannelfailed", "onconnectionlost",
                   "onexception", "rtcengine", "onenterroom", "occurerror")
_PLATFORM_WORDS = ("android", "ios", "iphone", "ipad", "flutter", "unity", "electron", "react", "harmonyos")


def _may_hold(text: str, words: tuple[str, ...]) -> bool:
    """False only where the IGNORECASE regex of `words` cannot match (an ASCII text without any)."""
    if not text.isascii():
        return True
    lowered = text.lower()
    return any(word in lowered for word in words)


# where a clause ends: a stop before a space, or a full-width one (written from its stop, a class re
# skips ahead to, not from an alternation tried at every offset; only where it starts is read)
_CLAUSE_END = re.compile(r"[.。，,;；!?！？](?:(?=\s)|(?<=[。，；！？]))")
_WINDOW = 300  # characters around a finding that count as "beside it"


@dataclass
class Claim:
    vendor: str | None
    product: str | None
    confidence: str  # certain | likely | ambiguous | uncovered
    evidence: list[dict] = field(default_factory=list)
    uncovered: dict | None = None  # {"vendor", "product"}: whose it looks like, errcode has no catalog
    client: bool = False  # an SDK callback beside it
    constant: str | None = None
    words: str = ""  # the message written right after the code, to check against an entry's meaning
    line: str = ""  # the whole line around the code (and the payload's message)
    # catalogs of products a shared product word names ("cloud recording"): no vendor, but they lead
    # an ambiguous list
    hinted: tuple[str, ...] = ()
    hinted_products: tuple[str, ...] = ()  # every product a shared product word names ("tokenName": Agora STT)
    platform: str | None = None  # a client platform named on the code's line (Android, iOS, 小程序)
    hosts: tuple[str, ...] = ()  # the text's URL hosts where a request could have gone (bot.vendors.url_hosts)
    defined: bool = False  # the constant is defined with the number (a code map's member): its words may say the entry's


def _nearest(mentions: list[Mention], pos: int, vendor: str | None = None, product: bool = False) -> Mention | None:
    chosen = [
        m
        for m in mentions
        if (m.vendor == vendor if vendor else m.kind != "hint") and (not product or m.product)
    ]
    before = [m for m in chosen if m.start <= pos]
    if before:
        marks = [m for m in before if m.kind == "mark"]
        return before[-1] if not marks or product else max(marks[-1], before[-1], key=lambda m: m.start)
    after = [m for m in chosen if m.start > pos]
    return after[0] if after else None


def _mention_evidence(mention: Mention) -> dict:
    return {"kind": mention.kind, "text": mention.text, "vendor": mention.vendor, "product": mention.product}


# A constant whose name only says "the code" (AGORA_RESPONSE_CODE, STATUS_CODE, NIM_ERROR_CODE) names no
# SDK error: the number it holds is whoever's response code it names, not a client SDK's own constant
_CODE_HOLDER_WORDS = frozenset("code codes response resp status error err result res ret return http api".split())


def _names_only_a_code(constant: str) -> bool:
    words = [w for w in constant.lstrip("k").split("_") if w]
    return bool(words) and all(w.lower() in _CODE_HOLDER_WORDS or vendor_for_word(w) for w in words)


def _constant_beside(text: str, pos: int, end: int, code: str) -> str | None:
    if not code.lstrip("-").isdigit():
        return None
    head = text[max(0, end - 80) : end]
    before = _CONSTANT_BEFORE.search(head) if "_" in head or "k" in head else None  # each constant has one
    if before and before.group(1) == code:
        return before.group(0).split("(")[0].split("=")[0].split(":")[0].strip().split()[0]
    after = _CONSTANT_AFTER.match(text[end : end + 60])
    return after.group(1) if after else None


def _sdk_format_at(text: str, pos: int) -> tuple[str, str] | None:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    line = text[max(start, pos - 200) : (end if end >= 0 else len(text))][:600]
    if "Code=" not in line and not ('"' in line and "=" in line):
        return None  # every SDK error format writes Code=X, or a constant = "Code"
    return sdk_error_format(line)


def _code_end(text: str, pos: int, code: str) -> int:
    at = text.find(code, pos, pos + 400)
    return at + len(code) if at >= 0 else pos


def judge(
    hit,
    text: str,
    mentions: list[Mention],
    paste_vendor: str | None,
    covered_vendors: frozenset[str],
    loaded_catalogs: frozenset[str],
    hosts: tuple[str, ...] = (),
    named: frozenset[str] | None = None,
) -> Claim:
    """Whose error `hit` is, with the evidence (before any catalog is asked).

    `named`: the vendors the text names itself (a vendor word or mark, a vendor's payload shape),
    as opposed to only a product word, an API action or an SDK's grammar; None = not known."""
    evidence: list[dict] = []
    vendor = hit.vendor
    confidence = "likely"
    if vendor:
        evidence.append({"kind": "shape", "shape": hit.shape, "vendor": vendor})
        confidence = "certain"
    else:
        # an identifier named after a vendor (YunxinParam) says whose a bare number is; a symbolic
        # code says whose it is by itself, and such an identifier does not outweigh it
        mention = _nearest(mentions if hit.code.lstrip("-").isdigit() else [m for m in mentions if not m.camel], hit.pos)
        if mention is not None:
            vendor = mention.vendor
            evidence.append(_mention_evidence(mention))
            confidence = "certain" if mention.kind == "mark" else "likely"
        elif (written := _sdk_format_at(text, hit.pos)) is not None:
            vendor = written[0]
            evidence.append({"kind": "format", "text": written[1], "vendor": vendor})
        elif paste_vendor:
            vendor = paste_vendor
            evidence.append({"kind": "paste", "vendor": paste_vendor})
        elif hit.hinted and (agreeing := _hint_agreeing(mentions, hit.hinted)) is not None:
            # two hints that agree make a claim: the body's shape and a product word ({code, reason}
            # beside "cloud recording"); either alone is what many vendors' products write
            vendor = PRODUCTS[agreeing.product][0].id
            evidence += [{"kind": "shape", "shape": hit.shape}, _mention_evidence(agreeing)]
    weak_for: str | None = None
    if (
        vendor
        and named is not None
        and hit.vendor is None
        and vendor in covered_vendors
        and vendor not in named
        and generic_symbol(hit.code)
    ):
        # InternalError, ResourceNotFound ...: every big cloud says them, so only the vendor named
        # in the text makes them its entry; a product word or an SDK's grammar only leads the list
        weak_for, vendor, evidence, confidence = vendor, None, [], "likely"
    elif (
        vendor
        and hit.vendor is None
        and vendor in covered_vendors
        and hit.code.lstrip("-") in HTTP_STATUSES
        and evidence
        and evidence[0].get("kind") == "mark"
        and evidence[0]["text"].lower() in FIELD_MARKS
        and not any(m.vendor == vendor and m.kind != "hint" and m.text.lower() not in FIELD_MARKS for m in mentions)
        and not any(m.text.lower() in FIELD_MARKS and _json_key(text, m.start, m.end) for m in mentions)
        and not any(c in hit.hinted for c in vendor_catalogs(vendor))
    ):
        # a request field's name (resourceId) is the vendor's only evidence: an HTTP-like number stays
        # a list of candidates, led by that vendor's catalogs (unless the payload's shape agrees: two
        # hints, as a {code, reason} body beside "cloud recording")
        weak_for, vendor, evidence, confidence = vendor, None, [], "likely"
    product = None
    if hit.product:  # the payload names its product: stronger than any word around it
        product = hit.product
        evidence[0]["product"] = product
    elif vendor:
        named = _nearest(mentions, hit.pos, vendor, product=True)
        if named is not None:
            product = named.product
            if _mention_evidence(named) not in evidence:
                evidence.append(_mention_evidence(named))
    window = text[max(0, hit.pos - _WINDOW) : hit.pos + _WINDOW]
    callback = _CALLBACK.search(window) if _may_hold(window, _CALLBACK_WORDS) else None
    claim = Claim(vendor, product, confidence, evidence, hosts=hosts)
    claim.hinted_products = tuple(dict.fromkeys(m.product for m in mentions if m.kind == "hint" and m.product))
    if vendor is None:
        claim.hinted = tuple(
            dict.fromkeys(
                [
                    *(vendor_catalogs(weak_for) if weak_for else ()),
                    *hit.hinted,
                    *(c for m in mentions if m.kind == "hint" and m.product for c in PRODUCTS[m.product][1].catalogs),
                ]
            )
        )
    end = _code_end(text, hit.pos, hit.code)
    line_end = text.find("\n", end)
    rest = text[end : (line_end if line_end >= 0 else len(text))][:160].lstrip(" :：\"'")
    stop = _CLAUSE_END.search(rest)
    tail = rest[: stop.start()] if stop else rest
    claim.words = " ".join(p for p in (hit.message, tail) if p)
    line_start = text.rfind("\n", 0, hit.pos) + 1
    if hit.code.isdigit() and not text[end : (line_end if line_end >= 0 else len(text))].strip(_CLAUSE_TAIL):
        # a number ends its sentence ("你因…原因而登录失败，错误代码为 1001。"): what the sentence says
        # of it comes before it, and that is what must not say something else than its entries
        claim.words = " ".join(p for p in (hit.message, _sentence_before(text, line_start, end - len(hit.code))) if p)
    claim.line = " ".join(
        p for p in (hit.message, text[max(line_start, hit.pos - 200) : (line_end if line_end >= 0 else len(text))][:400]) if p
    )
    platform = _PLATFORM.search(claim.line) if _may_hold(claim.line, _PLATFORM_WORDS) else None
    claim.platform = platform.group(0) if platform else None
    if callback and hit.shape in ("log", "generic"):
        claim.client = True
        evidence.append({"kind": "sdk_callback", "text": callback.group(0)})
    constant = _constant_beside(text, hit.pos, _code_end(text, hit.pos, hit.code), hit.code)
    if constant and hit.shape in ("log", "generic") and not _names_only_a_code(constant):
        claim.constant = constant
        claim.defined = hit.defined
        evidence.append({"kind": "constant", "text": constant})
    if vendor and vendor not in covered_vendors:
        claim.confidence = "uncovered"
        claim.uncovered = {"vendor": vendor, "product": product}
    elif product and _uncovered_product(product, loaded_catalogs):
        if not PRODUCTS[product][1].shares:
            claim.confidence = "uncovered"
            claim.uncovered = {"vendor": vendor, "product": product}
    return claim


_CLAUSE_TAIL = " \t.。!！?？)）]】\"'`"
_SENTENCE_END = re.compile(r"[.。!！?？]\s|[。！？\n]")


def _sentence_before(text: str, line_start: int, code_start: int) -> str:
    """The words of the code's sentence before it (from the sentence's start on its line)."""
    lead = text[max(line_start, code_start - 160) : max(line_start, code_start)]
    cut = max((m.end() for m in _SENTENCE_END.finditer(lead)), default=0)
    return lead[cut:].strip()


_JSON_KEY_END = re.compile(r'"[ \t]{0,3}:')


def _json_key(text: str, start: int, end: int) -> bool:
    """The mention is a quoted JSON key ('"resourceId": ...'): a field of the product's own response
    body, not a name written in code or prose."""
    return text[start - 1 : start] == '"' and _JSON_KEY_END.match(text, end) is not None


def _hint_agreeing(mentions: list[Mention], hinted: tuple[str, ...]) -> Mention | None:
    """A product word whose product's catalogs are among those a payload's shape suggests."""
    for mention in mentions:
        if mention.kind == "hint" and mention.product in PRODUCTS:
            if any(c in hinted for c in PRODUCTS[mention.product][1].catalogs):
                return mention
    return None


def _uncovered_product(product: str, loaded: frozenset[str]) -> bool:
    found = PRODUCTS.get(product)
    return found is not None and not any(c in loaded for c in found[1].catalogs)


def _client_product(vendor: str | None) -> str | None:
    """The vendor's client SDK errcode has no catalog for, where the table names one."""
    found = VENDORS.get(vendor or "")
    if found is None:
        return None
    return next((p.id for p in found.products if p.client), None)


def select(
    claim: Claim, matches: list[dict], code: str, *, http: bool = False, documented=None, meaning=None
) -> tuple[list[dict], bool]:
    """(the matches errcode may state for this claim, ambiguous). Updates the claim's confidence."""
    if claim.uncovered:
        return [], False
    if claim.vendor:
        matches = [m for m in matches if m.get("vendor") == claim.vendor]
    if matches and code.casefold() in MULTI_PRODUCT_SUBCODES and not _own_product(claim, matches):
        # InternalError.DBError: a dozen Tencent products say it; the catalog's product is a candidate
        claim.evidence.append({"kind": "multi_product", "text": code})
        claim.confidence = "ambiguous"
        return matches, True
    if matches and all(m.get("fallback_from") for m in matches) and not _own_product(claim, matches):
        # a sub-code under a parent every product shares (Tencent's public UnsupportedOperation) is
        # some product's own code; unless the text names the catalog's product, no entry answers it
        matches = [m for m in matches if (m.get("catalog"), m.get("section")) not in SHARED_SECTIONS]
        if not matches:
            found = PRODUCTS.get(claim.product or "")
            if found is not None and not found[1].catalogs:  # TRTC's own sub-code: say whose it looks like
                claim.confidence = "uncovered"
                claim.uncovered = {"vendor": claim.vendor, "product": claim.product}
            return [], False
    if claim.product:
        shares = PRODUCTS[claim.product][1].shares if claim.product in PRODUCTS else ()
        if shares and not any(m.get("catalog") in PRODUCTS[claim.product][1].catalogs for m in matches):
            # another product's own sub-code is not the shared parent's: no fallback across products
            matches = [
                m for m in matches if (m.get("catalog"), m.get("section")) in shares and not m.get("fallback_from")
            ]
            if not matches:
                claim.confidence = "uncovered"
                claim.uncovered = {"vendor": claim.vendor, "product": claim.product}
                return [], False
    holders = {m.get("vendor") for m in matches}  # before the SDK filter: who documents this code at all
    if claim.client or claim.constant:
        named = [m for m in matches if claim.constant and _same_name(m, claim.constant)]
        if not named and claim.defined and claim.vendor:
            # a wrapper's map of the vendor's codes ("NOT_SEND_STREAM: 206, // No user in the channel sent
            # a stream ..."): the member's words say what the entry says, twice over
            named = [m for m in matches if _agrees(claim.line, [m], documented, least=2)]
        # a constant no entry is named after is the client SDK's own code, unless the vendor is in
        # sight and its catalog is a client SDK's too (NIM's kNIMResFrequently = 416 is serverCode 416)
        client_side = [m for m in matches if m.get("catalog") not in SERVER_ONLY_CATALOGS]
        kept = named or ([] if claim.constant and not claim.vendor else client_side)
        if not kept and matches:
            claim.confidence = "uncovered"
            claim.uncovered = {"vendor": claim.vendor, "product": claim.product or _client_product(claim.vendor)}
            return [], False
        matches = kept
    if claim.vendor or not matches:
        return matches, False
    if claim.platform and all(m.get("catalog") in SERVER_ONLY_CATALOGS for m in matches):
        # an error on a client platform is not a server API's code, whoever's the error is
        claim.evidence.append({"kind": "platform", "text": claim.platform})
        claim.confidence = "ambiguous"
        return matches, True
    if all(m.get("fallback_from") for m in matches):
        claim.confidence = "ambiguous"  # an unlisted sub-code's parent, with no vendor in sight
        return matches, True
    vendors = holders
    if code.casefold() in GENERIC_SYMBOLS:
        # InternalError, InvalidParameter, AuthFailure: every big cloud's API says them; the one
        # catalog holding the symbol is no evidence that the error is its vendor's, nor is its
        # vendor's message quoted beside it (another cloud's table row says much the same)
        claim.evidence.append({"kind": "generic_symbol", "text": code})
        claim.confidence = "ambiguous"
        return matches, True
    if len(vendors) == 1 and against_host(claim, next(iter(vendors))):
        claim.confidence = "ambiguous"  # the code is its vendor's, the site it came from is not
        return matches, True
    # A code only one vendor's catalogs hold is evidence of its own; one several vendors hold
    # (400, 404, InvalidParameter), or a status line's HTTP status, is not.
    # A short number (1..3 digits: HTTP statuses, small enums) is what every system uses, so only
    # the words beside it agreeing with the entry make it that entry; a long number or a symbol is
    # distinctive unless the words beside it say something else.
    short = code.lstrip("-").isdigit() and len(code.lstrip("-")) < DISTINCTIVE_DIGITS
    if len(vendors) == 1 and (elsewhere := _hinted_elsewhere(claim, next(iter(vendors)), matches)):
        # the code says whose it is, a product word says which product: one no catalog covers
        # ("1001: Failed to parse tokenName" is Agora Real-Time STT's, not Cloud Recording's 1001)
        claim.confidence = "uncovered"
        claim.uncovered = {"vendor": next(iter(vendors)), "product": elsewhere}
        return [], False
    if len(vendors) == 1 and not http and code.lstrip("-") not in HTTP_STATUSES:
        if short and len(code.lstrip("-")) >= 3 and claim.hinted and all(m.get("catalog") in claim.hinted for m in matches):
            # a product word several vendors use ("cloud recording") and a code only that product's
            # catalog holds ("cloud recording 433"): the word and the code agree on whose it is
            claim.evidence.append({"kind": "hint", "text": code, "vendor": next(iter(vendors))})
            return matches, False
        # (a one- or two-digit number is every list's: its words must say what its entry means, not
        # what the entry's docs mention in passing, as "APP" beside a doc that says "application/json")
        if short and _agrees(claim.line, matches, meaning if meaning and len(code.lstrip("-")) < 3 else documented):
            claim.evidence.append({"kind": "message", "text": claim.line[:120], "vendor": next(iter(vendors))})
            return matches, False
        if not short and not _disagrees(claim.words, matches, documented):
            claim.evidence.append({"kind": "code", "text": code, "vendor": next(iter(vendors))})
            return matches, False
    # A number every web API returns (HTTP statuses) names a vendor only where the text names it, not
    # by a message that reads like its entry (another API's table says much the same: "408 | The
    # request timed out") nor by a product word alone (the label audit of session 6, rule A).
    claim.confidence = "ambiguous"
    return matches, True


def _hinted_elsewhere(claim: Claim, vendor: str, matches: list[dict]) -> str | None:
    """The one uncovered product of `vendor` the text's product words name, when none of them names
    a product whose catalog holds the matches."""
    named = [PRODUCTS[p] for p in claim.hinted_products if p in PRODUCTS and PRODUCTS[p][0].id == vendor]
    if any(c in p.catalogs for _, p in named for c in {m.get("catalog") for m in matches}):
        return None
    uncovered = [p.id for _, p in named if not p.catalogs and not p.shares]
    return uncovered[0] if len(uncovered) == 1 else None


def against_host(claim: Claim, vendor: str) -> bool:
    """A URL host in the text that is none of `vendor`'s API hosts counts against a claim that
    rests on the code alone (Kong's "no Route matched with those values" from an unrelated site is
    no Agora entry); the evidence says which host."""
    host = foreign_host(claim.hosts, vendor)
    if host is None:
        return False
    found = {"kind": "host", "text": host, "vendor": vendor}
    if found not in claim.evidence:
        claim.evidence.append(found)
    return True


def generic_symbol(code: str) -> bool:
    return code.casefold() in GENERIC_SYMBOLS


def _own_product(claim: Claim, matches: list[dict]) -> bool:
    found = PRODUCTS.get(claim.product or "")
    return found is not None and any(m.get("catalog") in found[1].catalogs for m in matches)


def _same_name(match: dict, constant: str) -> bool:
    """ERR_X names X; kNERtcRoomServerErrAuthError names RoomServerErrAuthError (a vendor prefix)."""
    fold = constant.replace("_", "").lower()
    for key in ("name", "code"):
        value = str(match.get(key) or "").replace("_", "").lower()
        if value and not value.isdigit() and (fold == value or (len(value) >= 6 and fold.endswith(value))):
            return True
    return False


# Words every error says: sharing them with an entry is no agreement.
_EMPTY_WORDS = frozenset({"失败", "错误", "异常", "问题", "报错", "返回", "error", "code"})


def _entry_features(match: dict, documented) -> frozenset[str]:
    text = documented(match) if documented else " ".join(str(match.get(k) or "") for k in ("name", "meaning"))
    return _text_features(text)


@functools.lru_cache(maxsize=8192)
def _text_features(text: str) -> frozenset[str]:
    """The features of an entry's words (bot.search.text.features), remembered by text: the same
    entries are weighed paste after paste, and their words only change with a reload (a new
    text, a new key). Bounded: a few thousand entries' texts."""
    from bot.search.text import features

    return frozenset(features(text))


def _agrees(line: str, matches: list[dict], documented, least: int = 1) -> bool:
    """The words around a code say what one of its entries says ("请求超时 ... 408"), in at least
    `least` words."""
    from bot.search.text import EN_WEAK, features

    said = {f for f in features(line) if f not in EN_WEAK and f not in _EMPTY_WORDS and not f.isdigit()}
    return bool(said) and any(len(said & _entry_features(m, documented)) >= least for m in matches)


def agrees(line: str, matches: list[dict], documented, least: int = 1) -> bool:
    """The words around a code say what one of its entries says (in at least `least` words)."""
    return _agrees(line, matches, documented, least)


def _disagrees(words: str, matches: list[dict], documented) -> bool:
    """The message beside a code says something else than every entry of that code (Qiniu's
    `Code=11001 "join room failed, roomToken invalid"` is not NetEase's 11001 "the other party is
    offline"): then the number alone is no evidence of whose it is."""
    from bot.search.text import EN_WEAK, features

    # words every error says ("failed", "错误") are no agreement, as in _agrees
    said = set(features(words))
    if len(said) < 3:
        return False
    said = {f for f in said if f not in EN_WEAK and f not in _EMPTY_WORDS and not f.isdigit()}
    return bool(said) and not any(said & _entry_features(m, documented) for m in matches)
