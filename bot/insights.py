"""What an answer tells the team about its catalogs, with no user text in it.

From a lookup or explain result (INTERFACE.md's dicts) come `Observation`s: the code answered, or
the code errcode could not answer (a no-match query, a paste finding with no entry, a code
claimed for a vendor no loaded catalog covers), each with its vendor evidence. Only code-shaped
tokens (433, AuthFailure.SignatureExpire, Connect_Failed) and vendor ids from fixed lists are
kept: never the query's or the paste's words. The text itself is kept as a fingerprint only.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.vendors import VENDORS, vendor_for_word

ANSWERED = "answered"
NO_MATCH = "no_match"  # a query nothing matched
NO_ENTRY = "no_entry"  # a code found in a paste that no entry holds
UNCOVERED_VENDOR = "uncovered_vendor"  # a code claimed for a vendor no loaded catalog covers
KINDS = (ANSWERED, NO_MATCH, NO_ENTRY, UNCOVERED_VENDOR)
UNKNOWN_KINDS = (NO_MATCH, NO_ENTRY, UNCOVERED_VENDOR)

# The reasons the "what was wrong?" modal offers: fixed values, so no free text is kept.
REASONS = ("wrong_entry", "wrong_vendor", "outdated", "not_helpful", "other")
CODE_MAX = 64  # a longer "code" is not a code
MAX_PER_ANSWER = 5  # observations one answer may add: a paste of 500 codes is not 500 rows

# RTC vendors people ask about that errcode ships no catalog for: the evidence that a code was
# claimed for one of them ("zego 1002"). Fixed words, so the vendor column never holds user text.
OTHER_VENDORS: dict[str, tuple[str, ...]] = {
    "zego": ("zego", "zegocloud", "即构"),
    "aliyun": ("aliyun", "alirtc", "阿里云"),
    "rongcloud": ("rongcloud", "融云"),
    "huawei": ("huawei", "华为", "华为云"),
    "baidu": ("baidu", "百度"),
    "qiniu": ("qiniu", "七牛", "七牛云"),
    "anyrtc": ("anyrtc",),
    "twilio": ("twilio",),
    "vonage": ("vonage", "tokbox", "opentok"),
    "livekit": ("livekit",),
    "daily": ("daily.co",),
    "100ms": ("100ms",),
}
_OTHER_WORDS = {word: vendor for vendor, words in OTHER_VENDORS.items() for word in words}

# The code-shaped tokens of a query (the shapes a follow-up may name); Chinese may touch them: 即构的1002.
CODE_TOKEN = re.compile(
    r"(?<![A-Za-z0-9_.])(?:\d{1,6}|[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)+|[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+"
    r"|[a-z]+[A-Z][A-Za-z0-9]*)(?![A-Za-z0-9_.])"
)
_WORD = re.compile(r"[\w.\-]+")


@dataclass(frozen=True)
class Observation:
    kind: str  # one of KINDS
    code: str
    vendor: str  # vendor id ("" when nothing said which)


@dataclass(frozen=True)
class Insight:
    """What an answer adds to the workspace's stats, and what its feedback buttons carry."""

    fingerprint: str
    entry: tuple | None  # (catalog, code, kind, name) of the entry shown first, None when none
    observations: tuple[Observation, ...]


def fingerprint(text: str) -> str:
    """A stable hash of what was asked (case and spacing folded): the same question twice has the
    same fingerprint, and the text can't be read back from it."""
    folded = " ".join(text.lower().split())
    return hashlib.sha256(folded.encode("utf-8", "replace")).hexdigest()[:32]


def vendor_evidence(text: str) -> str:
    """The vendor a query names, known or not ("" when none): an id from a fixed list."""
    for word in _WORD.findall(text[:2000].lower()):
        vendor = vendor_for_word(word) or _OTHER_WORDS.get(word)
        if vendor:
            return vendor
    for word, vendor in _OTHER_WORDS.items():  # words without spaces around them: 即构的 1002
        if not word.isascii() and word in text[:2000]:
            return vendor
    return ""


def code_tokens(text: str) -> list[str]:
    return [t for t in dict.fromkeys(CODE_TOKEN.findall(text[:2000])) if len(t) <= CODE_MAX]


def _unknown(code: str, vendor: str, covered: set[str], kind: str) -> Observation:
    if vendor and vendor not in covered:
        kind = UNCOVERED_VENDOR
    return Observation(kind, code[:CODE_MAX], vendor if vendor in VENDORS or vendor in OTHER_VENDORS else "")


def _entry_of(match: dict) -> tuple:
    return (match.get("catalog"), str(match.get("code", "")), match.get("kind"), match.get("name"))


def observe_lookup(query: str, result: dict, covered: Iterable[str]) -> Insight:
    """`covered`: the vendor ids of the loaded catalogs."""
    covered = set(covered)
    matches = result.get("matches") or []
    if matches:
        best = matches[0]
        seen = (Observation(ANSWERED, str(best.get("code", ""))[:CODE_MAX], best.get("vendor") or ""),)
        return Insight(fingerprint(query), _entry_of(best), seen)
    vendor = vendor_evidence(query)
    unknown = tuple(_unknown(code, vendor, covered, NO_MATCH) for code in code_tokens(query)[:MAX_PER_ANSWER])
    return Insight(fingerprint(query), None, unknown)


def observe_explain(text: str, result: dict, covered: Iterable[str]) -> Insight:
    covered = set(covered)
    seen: list[Observation] = []
    entry = None
    for finding in (result.get("findings") or [])[:MAX_PER_ANSWER]:
        code = str(finding.get("code") or "")
        if not code or len(code) > CODE_MAX:
            continue
        matches = finding.get("matches") or []
        if matches:
            entry = entry or _entry_of(matches[0])
            seen.append(Observation(ANSWERED, code, matches[0].get("vendor") or ""))
        else:
            vendor = finding.get("vendor") or vendor_evidence(text)
            seen.append(_unknown(code, vendor, covered, NO_ENTRY))
    return Insight(fingerprint(text), entry, tuple(dict.fromkeys(seen)))


def covered_vendors(catalogs: Iterable) -> set[str]:
    return {c.vendor for c in catalogs}
