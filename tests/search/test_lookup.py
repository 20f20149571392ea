"""Search behaviour on a small fixture (tests/queries/catalogs), and the public shapes on the bundled catalogs.

Accuracy over realistic queries is measured separately (test_search_queries.py); these tests pin
the rules the issue states: vendor words anywhere, codes inside sentences, exact and shared codes,
symbol variants, typos (never for numbers), dotted fallbacks, languages, the threshold.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.catalogs import load_catalogs
from bot.search import MIN_SCORE, SearchIndex, match_dict
from bot.search.query import parse
from bot.vendors import VENDOR_WORDS

FIXTURE = Path(__file__).parents[1] / "queries" / "catalogs"
MATCH_KEYS = {"catalog", "vendor", "code", "name", "kind", "meaning", "handling", "score"}


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(load_catalogs("", bundled=FIXTURE).catalogs)


def codes(result: dict) -> list[tuple[str, str]]:
    return [(m["catalog"], m["code"]) for m in result["matches"]]


# -- shapes -----------------------------------------------------------------------------------


def test_lookup_shape_matches_interface(index):
    result = index.lookup("1001")
    assert result["query"] == "1001"
    assert {"matches", "ambiguous", "hint", "vendors", "suggestions", "lang"} <= result.keys()
    match = result["matches"][0]
    assert MATCH_KEYS <= match.keys()
    assert match["match"] == "code"
    json.dumps(result, ensure_ascii=False)  # everything is JSON-serialisable


def test_no_match_is_an_empty_list(index):
    result = index.lookup("thanks!")
    assert result["matches"] == []
    assert result["ambiguous"] is False


def test_match_dict_keeps_extra_keys(index):
    entry = index.entries[0]
    match = match_dict(entry, 87.25, None, match="text")
    assert match["score"] == 87.2 or match["score"] == 87.3
    assert match["match"] == "text"


# -- codes ------------------------------------------------------------------------------------


def test_exact_code_inside_a_sentence(index):
    assert codes(index.lookup("error 1002 on start"))[0] == ("acme-rtc", "1002")
    assert codes(index.lookup("what is AuthFailure.SignatureExpire?"))[0] == (
        "acme-rtc",
        "AuthFailure.SignatureExpire",
    )
    assert codes(index.lookup("1002 what does it mean"))[0] == ("acme-rtc", "1002")


def test_shared_code_returns_all_and_says_how_to_narrow(index):
    result = index.lookup("404")
    assert set(codes(result)) == {("acme-rtc", "404"), ("beta-sdk", "404")}
    assert result["ambiguous"] is True
    assert "acme" in result["hint"] and "beta" in result["hint"]


def test_vendor_word_in_any_position_narrows(index):
    for query in ("beta 404", "404 beta", "beta-sdk 404"):
        result = index.lookup(query)
        assert codes(result) == [("beta-sdk", "404")], query
        assert result["vendors"] == ["beta"]
        assert result["ambiguous"] is False


def test_named_vendor_without_the_code_answers_from_others_and_says_so(index):
    result = index.lookup("beta 1002")
    assert codes(result) == [("acme-rtc", "1002")]
    assert result["matches"][0]["outside_vendor"] is True
    assert "beta" in result["hint"]


def test_chinese_vendor_word_glued_to_a_code():
    parsed = parse("声网433怎么办", VENDOR_WORDS)
    assert parsed.vendors == ["agora"]
    assert [c.text for c in parsed.codes] == ["433"]


@pytest.mark.parametrize("query", ["agora433", "agora-433", "433-agora", "Agora 433"])
def test_latin_vendor_word_glued_or_hyphenated(query):
    parsed = parse(query, VENDOR_WORDS)
    assert parsed.vendors == ["agora"]
    assert [c.text for c in parsed.codes] == ["433"]


def test_numbers_are_never_fuzzy(index):
    assert index.lookup("1003")["matches"] == []
    assert "exactly" in index.lookup("1003")["hint"]
    assert index.lookup("1001")["matches"][0]["code"] == "1001"
    assert index.matches_for_code("1003") == []


def test_times_versions_and_votes_are_not_codes():
    cases = (
        ("lunch at 10:01", []),
        ("v1.0.1 shipped", []),
        ("+1", []),
        ("meeting at 3", []),
        ("retry after 30s", []),
        ("1001", ["1001"]),
        ("lots of 1001s today", ["1001"]),
    )
    for query, expected in cases:
        assert [c.text for c in parse(query, VENDOR_WORDS).codes] == expected, query


# -- symbols ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "authfailure.signatureexpire",
        "SignatureExpire",
        "signature expire",
        "signature_expire",
        "AUTHFAILURE.SIGNATUREEXPIRE",
    ],
)
def test_symbol_variants(index, query):
    first = index.lookup(query)["matches"][0]
    assert first["code"] == "AuthFailure.SignatureExpire"
    assert first["match"] == "symbol" or first["match"] == "code"


@pytest.mark.parametrize(
    "query", ["AuthFailure.SignatureExpier", "SignatureExpierd", "Conect_Failed", "connect faild"]
)
def test_one_or_two_typos(index, query):
    first = index.lookup(query)["matches"][0]
    assert first["match"] == "fuzzy"
    assert first["code"] in ("AuthFailure.SignatureExpire", "Connect_Failed")
    assert MIN_SCORE <= first["score"] < 90
    assert "closest" in index.lookup(query)["hint"]


def test_too_many_typos_is_no_match_but_a_suggestion(index):
    result = index.lookup("SignatreExpierd")
    assert result["matches"] == []
    assert any("SignatureExpire" in s for s in result["suggestions"])


def test_unlisted_dotted_subcode_falls_back_to_its_parent(index):
    first = index.lookup("InvalidParameter.AccountIdMismatch")["matches"][0]
    assert first["code"] == "InvalidParameter"
    assert first["match"] == "fallback"
    assert first["fallback_from"] == "InvalidParameter.AccountIdMismatch"
    assert first["score"] < 90
    assert "parent" in index.lookup("InvalidParameter.AccountIdMismatch")["hint"]


def test_a_family_prefix_alone_lists_the_family(bundled):
    result = bundled.lookup("volcengine InternalError")  # only tencent has a bare InternalError
    assert result["matches"] and all(m["code"].startswith("InternalError.") for m in result["matches"])
    assert {m["match"] for m in result["matches"]} == {"prefix"}
    assert "InternalError.*" in result["hint"]
    reranked = bundled.lookup("AuthFailure 签名过期")["matches"][0]
    assert reranked["code"] == "AuthFailure.SignatureExpire"


def test_matches_for_code_prefers_the_payload_vendor_then_any(index):
    assert [m["catalog"] for m in index.matches_for_code("404", "beta")] == ["beta-sdk"]
    assert [m["catalog"] for m in index.matches_for_code("1002", "beta")] == ["acme-rtc"]
    assert index.matches_for_code("connect_failed")[0]["code"] == "Connect_Failed"
    assert index.matches_for_code("InvalidParameter.Nope")[0]["match"] == "fallback"
    assert index.matches_for_code("") == []


# -- free text --------------------------------------------------------------------------------


def test_chinese_text_over_meaning_and_handling(index):
    assert codes(index.lookup("房间不存在"))[0] == ("acme-rtc", "1001")
    assert codes(index.lookup("录制文件没有产生怎么办"))[0] == ("acme-rtc", "1002")
    assert codes(index.lookup("没有用户发流"))[0] == ("acme-rtc", "1002")


def test_english_text_through_translations_and_english_catalogs(index):
    assert codes(index.lookup("room does not exist"))[0] == ("acme-rtc", "1001")
    assert codes(index.lookup("camera is busy"))[0] == ("beta-sdk", "5001")
    assert codes(index.lookup("设备被占用"))[0] == (
        "beta-sdk",
        "5001",
    )  # a Chinese translation of an English entry


def test_lang_selects_the_answer_language(index):
    own = index.lookup("1001")["matches"][0]
    assert own["meaning"] == "房间不存在" and own["lang"] == "zh"
    english = index.lookup("1001", lang="en")["matches"][0]
    assert english["meaning"] == "The room does not exist." and english["lang"] == "en"
    untranslated = index.lookup("1002", lang="en")["matches"][0]
    assert untranslated["meaning"] == "录制文件没有产生" and untranslated["lang"] == "zh"


@pytest.mark.parametrize(
    "query",
    ["thanks!", "lunch at noon", "deploy finished", "build 4512 passed", "今天中午吃什么", "收到", "ok", ""],
)
def test_chatter_gets_nothing(index, query):
    assert index.lookup(query)["matches"] == []


def test_every_returned_score_is_within_range_and_above_threshold(index):
    for query in (
        "404",
        "SignatureExpier",
        "InvalidParameter.X",
        "房间不存在",
        "room does not exist",
        "beta 1002",
    ):
        for match in index.lookup(query)["matches"]:
            assert MIN_SCORE <= match["score"] <= 100, (query, match)


def test_limit_is_respected(index):
    assert len(index.lookup("404", limit=1)["matches"]) == 1


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_input_gives_an_answer_not_a_crash(query):
    result = _shared_index().lookup(query)
    assert isinstance(result["matches"], list)
    assert all(0 <= m["score"] <= 100 for m in result["matches"])


_CACHE: dict[str, SearchIndex] = {}


def _shared_index() -> SearchIndex:
    if "index" not in _CACHE:
        _CACHE["index"] = SearchIndex(load_catalogs("", bundled=FIXTURE).catalogs)
    return _CACHE["index"]


def test_huge_input_is_cut_and_answered(index):
    result = index.lookup("房间不存在 " * 5000)
    assert isinstance(result["matches"], list)


# -- team catalogs and the command line -------------------------------------------------------


def test_team_catalog_vendor_and_id_are_vendor_words(tmp_path):
    (tmp_path / "team.yaml").write_text(
        "id: team-rtc\nvendor: teamco\nlanguage: en\nentries:\n"
        "  - {code: '433', kind: error, meaning: Team-specific meaning of 433.}\n"
        "  - {code: 'TEAM-7', kind: error, meaning: A hyphenated team code.}\n",
        encoding="utf-8",
    )
    catalogs = load_catalogs(str(tmp_path), bundled=FIXTURE).catalogs
    index = SearchIndex(catalogs)
    assert codes(index.lookup("teamco 433")) == [("team-rtc", "433")]
    assert codes(index.lookup("team-rtc 433")) == [("team-rtc", "433")]
    assert codes(index.lookup("got TEAM-7 again")) == [("team-rtc", "TEAM-7")]
    assert index.lookup("TEAM-1001")["matches"] == []  # a ticket-like id is not code 1001


def test_cli_lookup_json_on_bundled_catalogs():
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "lookup", "--json", "agora", "433"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["query"] == "agora 433"
    assert result["matches"][0]["catalog"] == "agora-cloud-recording"
    assert result["matches"][0]["code"] == "433"
    assert MATCH_KEYS <= result["matches"][0].keys()


def test_cli_lookup_text_shows_what_slack_shows():
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "lookup", "433"], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "433" in out and "Agora" in out and "Cloud Recording" in out
    assert "resource ID" in out  # meaning
    assert "acquire" in out  # handling


# -- every bundled code, and numbers that are not codes ----------------------------------------


@pytest.fixture(scope="module")
def bundled() -> SearchIndex:
    return SearchIndex(load_catalogs("").catalogs)


def test_every_bundled_code_finds_its_entry_alone_and_with_its_vendor(bundled):
    misses = []
    for entry in bundled.entries:
        for query in (entry.code, f"{entry.vendor} {entry.code}", f"{entry.code} {entry.vendor}"):
            matches = bundled.lookup(query, limit=50)["matches"]
            top = [m for m in matches if m["score"] == matches[0]["score"]] if matches else []
            if not any(
                m["catalog"] == entry.catalog and m["code"] == entry.code and m["name"] == entry.name
                for m in top
            ):
                misses.append(query)
            elif query != entry.code and matches[0]["vendor"] != entry.vendor:
                misses.append(query)
    assert not misses, misses[:20]


def test_every_bundled_name_finds_its_entry(bundled):
    named = [e for e in bundled.entries if e.name and e.name.isascii()]
    assert named
    for entry in named:
        first = bundled.lookup(entry.name)["matches"][0]
        assert (first["code"], first["name"]) == (entry.code, entry.name), entry.name


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**10))
def test_a_number_that_is_no_code_never_matches(number):
    index = _bundled_index()
    text = str(number)
    result = index.lookup(text)
    if text in index.index.by_code:
        assert all(m["code"] == text for m in result["matches"])
    else:
        assert result["matches"] == []


def _bundled_index() -> SearchIndex:
    if "bundled" not in _CACHE:
        _CACHE["bundled"] = SearchIndex(load_catalogs("").catalogs)
    return _CACHE["bundled"]
