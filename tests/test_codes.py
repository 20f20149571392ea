"""bot.codes: the one grammar of what a code looks like, read alike by a lookup, a thread's
follow-up and the workspace's stats."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot import api
from bot.codes import code_tokens, has_code, shape
from bot.insights import NO_MATCH, Observation, observe_lookup

QUERIES = Path(__file__).parent / "queries" / "lookup.yaml"


@pytest.mark.parametrize(
    ("token", "kind"),
    [
        ("435", "number"),
        ("AuthFailure.SignatureExpire", "symbol"),
        ("Connect_Failed", "symbol"),
        ("serviceIdle", "symbol"),
        ("SignatureFailure", "symbol"),
        ("RoomServerErrAuthError", "symbol"),
        ("timeout", None),
        ("Error", None),
        ("AUTHFAILURE", None),  # one plain word in capitals: a typo search finds it, as a word
        ("v1.2", None),
        ("4o4", None),
    ],
)
def test_a_token_alone_is_a_number_a_symbol_or_a_word(token, kind):
    assert shape(token) == kind


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("那435呢？", ["435"]),
        ("即构的1002", ["1002"]),
        ("what about SignatureFailure", ["SignatureFailure"]),
        ("and InvalidParameter?", ["InvalidParameter"]),
        ("it says 435.", ["435"]),
        ("and AuthFailure.SignatureExpire? and 435, 435 again", ["AuthFailure.SignatureExpire", "435"]),
        ("upgrade to v1.2.3 first", []),
        ("room 1234567 is full", []),  # seven digits: an id, not a code
        ("thanks, that fixed it", []),
        ("ping_interval_ms and serviceIdle", ["ping_interval_ms", "serviceIdle"]),
    ],
)
def test_running_text_names_its_code_shaped_tokens_once_first_mention_first(text, tokens):
    assert code_tokens(text) == tokens
    assert has_code(text) == bool(tokens)


def test_a_token_longer_than_a_code_or_past_the_scanned_part_is_not_read():
    assert code_tokens("Aa_" + "b" * 80) == []
    assert code_tokens("x " * 1000 + "435") == []  # 2,000 characters of chatter first


def test_every_token_found_in_running_text_is_what_a_lookup_reads_alone():
    """One grammar: what code_tokens finds in a sentence, shape (the lookup's reading of one token)
    calls a number or a symbol, on every query of the labelled set."""
    queries = [str(case["q"]) for case in yaml.safe_load(QUERIES.read_text(encoding="utf-8"))]
    found = [token for query in queries for token in code_tokens(query)]
    assert len(found) > 150
    assert [t for t in found if shape(t) is None] == []


def test_a_lookup_and_a_follow_up_read_the_same_codes_of_a_short_question():
    index = api.knowledge().index
    for text, code in [("what about SignatureFailure", "SignatureFailure"), ("and 435?", "435"),
                       ("那435呢？", "435"), ("and InvalidParameter?", "InvalidParameter")]:  # fmt: skip
        assert has_code(text) and api.may_be_follow_up(text)
        assert [c.text for c in index.parse(text).codes] == [code]


def test_the_stats_keep_a_pascal_case_code_a_follow_up_asked_for():
    """The stats read codes by the same grammar as follow-ups: a PascalCase symbol no catalog holds
    is kept (its shape only; the rest of the text never is)."""
    insight = observe_lookup("what about RoomSeverBusyError", {"matches": []}, {"agora"})
    assert insight.observations == (Observation(NO_MATCH, "RoomSeverBusyError", ""),)
