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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.codes import CODE_MAX, code_tokens
from bot.results import ExplainResult, LookupResult, as_explain, as_lookup
from bot.vendors import PRODUCTS, VENDORS, find_mentions

ANSWERED = "answered"
NO_MATCH = "no_match"  # a query nothing matched
NO_ENTRY = "no_entry"  # a code found in a paste that no entry holds
UNCOVERED_VENDOR = "uncovered_vendor"  # a code claimed for a vendor no loaded catalog covers
KINDS = (ANSWERED, NO_MATCH, NO_ENTRY, UNCOVERED_VENDOR)
UNKNOWN_KINDS = (NO_MATCH, NO_ENTRY, UNCOVERED_VENDOR)

# The reasons the "what was wrong?" modal offers: fixed values, so no free text is kept.
REASONS = ("wrong_entry", "wrong_vendor", "outdated", "not_helpful", "other")
MAX_PER_ANSWER = 5  # observations one answer may add: a paste of 500 codes is not 500 rows

_WORD = re.compile(r"[\w.\-]+")


@dataclass(frozen=True)
class Observation:
    kind: str  # one of KINDS
    code: str
    vendor: str  # vendor id, or an uncovered product's id (agora/rtc-sdk); "" when nothing said which


@dataclass(frozen=True)
class Insight:
    """What an answer adds to the workspace's stats, and what its feedback buttons carry."""

    fingerprint: str
    entry: tuple | None  # (catalog, code, kind, name) of the entry shown first, None when none
    observations: tuple[Observation, ...]


def _made(cls, **fields):
    """An Observation or Insight of `fields` (every one), as its __init__ makes it, without the
    frozen __setattr__ a field: every answer makes both."""
    made = object.__new__(cls)
    made.__dict__.update(fields)
    return made


def fingerprint(text: str) -> str:
    """A stable hash of what was asked (case and spacing folded): the same question twice has the
    same fingerprint, and the text can't be read back from it."""
    folded = " ".join(text.lower().split())
    return hashlib.sha256(folded.encode("utf-8", "replace")).hexdigest()[:32]


def vendor_evidence(text: str) -> str:
    """The vendor (or uncovered product) a text names, "" when none: an id from bot.vendors' table,
    which holds the vendors errcode has no catalog for too (ZEGO, LiveKit, Twilio, ...)."""
    for mention in find_mentions(text[:2000], limit=20):
        if mention.kind != "hint":  # "cloud recording" alone names no vendor
            return mention.vendor
    return ""


def _known(vendor: str | None) -> str:
    """Only ids of the fixed table reach the database."""
    return vendor if vendor and (vendor in VENDORS or vendor in PRODUCTS) else ""


def _whose(uncovered: Mapping) -> str:
    """The uncovered product when there is one (Agora's RTC SDK), else its vendor (LiveKit)."""
    return _known(uncovered.get("product")) or _known(uncovered.get("vendor"))


def _unknown(code: str, vendor: str, covered: set[str], kind: str) -> Observation:
    vendor = _known(vendor)
    if vendor and vendor in VENDORS and vendor not in covered:
        kind = UNCOVERED_VENDOR
    return Observation(kind, code[:CODE_MAX], vendor)


def observe_lookup(
    query: str, result: LookupResult | Mapping, covered: Iterable[str], *, vendor: str | None = None
) -> Insight:
    """`covered`: the vendor ids of the loaded catalogs; `vendor`: a thread's vendor (follow-ups)."""
    if type(result) is not LookupResult:
        result = as_lookup(result)
    matches = result.matches
    if matches and (not matches[0].outside_vendor or not all(m.outside_vendor for m in matches)):
        best = matches[0]
        seen = (_made(Observation, kind=ANSWERED, code=best.code[:CODE_MAX], vendor=best.vendor or ""),)
        return _made(Insight, fingerprint=fingerprint(query), entry=(best.catalog, best.code, best.kind, best.name),
                     observations=seen)  # (entry: best.key)
    covered = set(covered)
    # Nothing, or only other vendors' entries ("agora 999" shown NetEase's 999): the vendor asked
    # for lacks the code. The entry shown still takes the feedback.
    entry = matches[0].key if matches else None
    codes = [str(result.unknown)] if result.unknown else code_tokens(query)
    codes = [c for c in codes if len(c) <= CODE_MAX][:MAX_PER_ANSWER]
    if isinstance(result.uncovered, Mapping):  # whose it looks like: no catalog for that vendor or product
        whose = _whose(result.uncovered)
        return Insight(
            fingerprint(query), entry, tuple(Observation(UNCOVERED_VENDOR, c, whose) for c in codes)
        )
    evidence = vendor_evidence(query) or vendor or ""
    return Insight(fingerprint(query), entry, tuple(_unknown(c, evidence, covered, NO_MATCH) for c in codes))


def observe_explain(text: str, result: ExplainResult | Mapping, covered: Iterable[str]) -> Insight:
    covered = set(covered)
    seen: list[Observation] = []
    entry = None
    for finding in as_explain(result).findings[:MAX_PER_ANSWER]:
        code = finding.code
        if not code or len(code) > CODE_MAX:
            continue
        if finding.matches:
            first = finding.matches[0]
            entry = entry or (first.catalog, first.code, first.kind, first.name)  # (first.key)
            seen.append(_made(Observation, kind=ANSWERED, code=code, vendor=first.vendor or ""))
        elif finding.uncovered is not None:
            seen.append(Observation(UNCOVERED_VENDOR, code, _whose(finding.uncovered)))
        else:
            seen.append(_unknown(code, finding.vendor or vendor_evidence(text), covered, NO_ENTRY))
    observations = tuple(dict.fromkeys(seen)) if len(seen) > 1 else tuple(seen)
    return _made(Insight, fingerprint=fingerprint(text), entry=entry, observations=observations)


def covered_vendors(catalogs: Iterable) -> set[str]:
    return {c.vendor for c in catalogs}
