"""The answer's buttons: action ids, and each value's encoding beside its decoding.

Share posts what the asker saw; the language toggle shows the same entries in the other
language (both ways); "N more" shows the rest; did-you-mean and vendor narrowing look a query
up. Every value stays within Slack's 2000 characters and is checked when it comes back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from bot.render.mrkdwn import BUTTON_VALUE_MAX, clip
from bot.results import ExplainResult, LookupResult, Match, as_explain, as_lookup

SHARE_ACTION = "errcode_share"
ORIGINAL_ACTION = "errcode_original"  # the language toggle (its first form showed the original only)
MORE_ACTION = "errcode_more"
QUERY_ACTION = "errcode_query"  # did-you-mean and vendor narrowing: `errcode_query_0`, `_1`, ...
QUERY_ACTION_PATTERN = r"^errcode_query(_\d+)?$"
LANGS = ("zh", "en")


# what json.dumps(data, ensure_ascii=False, separators=(",", ":")) writes, its encoder made once:
# the C encoder itself (JSONEncoder.encode builds one per call, ~40% of a small value's cost),
# without the circular-reference check (a button value is a few lists and strings, built here).
_python_dump = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _not_serializable(o):
    raise TypeError(f"Object of type {o.__class__.__name__} is not JSON serializable")


try:
    from json.encoder import c_make_encoder, encode_basestring

    _c_encode = c_make_encoder(None, _not_serializable, encode_basestring, None, ":", ",", False, False, True)
except (ImportError, TypeError):  # (a Python without the C accelerator: the encoder of dumps)
    _c_encode = None


def _dump(data) -> str:
    return "".join(_c_encode(data, 0))


if _c_encode is None:
    _dump = _python_dump  # noqa: F811


def query_value(query: str, lang: str | None, *, all_shown: bool = False) -> str:
    """A query to look up again (Share, "N more", did-you-mean, narrowing)."""
    data: dict = {"q": query, "lang": lang}
    if all_shown:
        data["all"] = 1
    value = _dump(data)
    while len(value) > BUTTON_VALUE_MAX:
        data["q"] = data["q"][: max(0, len(data["q"]) - (len(value) - BUTTON_VALUE_MAX) - 8)]
        value = _dump(data)
    return value


def share_value(query: str, lang: str | None, *, all_shown: bool = False) -> str:
    return query_value(query, lang, all_shown=all_shown)


def query_request(value: str) -> tuple[str, str | None, bool]:
    """(query, lang, all shown) of a query button; ValueError when it is not ours."""
    data = json.loads(value)
    if not isinstance(data, dict) or not isinstance(data.get("q"), str) or not data["q"].strip():
        raise ValueError("not an errcode query value")
    lang = data.get("lang") if data.get("lang") in LANGS else None
    return data["q"], lang, bool(data.get("all"))


def _entry_keys(matches: Iterable[Match], limit: int) -> list[list]:
    shown = matches[:limit] if isinstance(matches, (tuple, list)) else list(matches)[:limit]
    return [[m.catalog, m.code, m.kind, m.name, m.score] for m in shown]  # (Match.key, then the score)


def toggle_value(
    result: LookupResult | ExplainResult | Mapping, lang: str, *, max_findings: int = 5, shown: int = 10
) -> str:
    """The language toggle's value: the language to show and the entries shown (catalog, code,
    kind, name, score), so the same entries come back in that language even where the query
    can't be run again (a paste, a thread follow-up)."""
    if type(result) is LookupResult:  # (the usual answer: no Mapping check)
        query, matches = result.query, result.matches
        if len(matches) == 1 and shown >= 1:  # (most answers: no comprehension's frame for one entry)
            m = matches[0]
            keys = [[m.catalog, m.code, m.kind, m.name, m.score]]
        else:
            keys = [[m.catalog, m.code, m.kind, m.name, m.score] for m in matches[:shown]]
        data: dict = {"lang": lang, "q": query if len(query) <= 300 else clip(query, 300), "e": keys}
        value = _dump(data)
        if len(value) <= BUTTON_VALUE_MAX:
            return value
    elif isinstance(result, ExplainResult) or (isinstance(result, Mapping) and "findings" in result):
        found = as_explain(result).findings
        if len(found) == 1 and max_findings >= 1 and len(found[0].matches) == 1:  # (most pastes)
            f, m = found[0], found[0].matches[0]
            findings = [[f.code, f.vendor, [[m.catalog, m.code, m.kind, m.name, m.score]]]]
        else:
            findings = [[f.code, f.vendor, _entry_keys(f.matches, 3)] for f in found[:max_findings]]
        data = {"lang": lang, "f": findings}
    else:
        result = as_lookup(result)
        data = {"lang": lang, "q": clip(result.query, 300), "e": _entry_keys(result.matches, shown)}
    value = _dump(data)
    while len(value) > BUTTON_VALUE_MAX and (data.get("f") or data.get("e")):
        (data.get("f") or data.get("e")).pop()
        value = _dump(data)
    return value


original_value = toggle_value  # the first name of it


def toggle_request(value: str) -> dict:
    """The decoded value of a language toggle; ValueError when it is not ours."""
    data = json.loads(value)
    if not isinstance(data, dict) or data.get("lang") not in LANGS:
        raise ValueError("not an errcode toggle value")
    keys = data.get("e") if "e" in data else [k for f in data.get("f") or [] for k in f[2]]
    if not isinstance(keys, list) or not all(isinstance(k, list) and len(k) == 5 for k in keys):
        raise ValueError("not an errcode toggle value")
    return data


original_request = toggle_request
