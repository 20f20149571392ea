"""bot.api as the one door: the answer language decided in one place for every surface, a Slack
message made plain once, follow-ups, the thread's vendor preferred, the entries a button names,
and the one knowledge holder."""

from __future__ import annotations

import pytest

from bot import api
from bot.knowledge import KnowledgeHolder
from bot.results import ExplainResult, LookupResult


@pytest.fixture(scope="module")
def bundled():
    api.install(api.build(""))
    yield api.knowledge()
    api.install(None)


def test_the_language_of_a_paste_ignores_the_vendors_quoted_message():
    # the asker wrote English; the Chinese is the vendor's message inside the payload
    assert api.paste_and_language('{"code":404,"desc":"房间不存在"}')[1] == "en"
    assert api.paste_and_language("message:签名过期, code=4001")[1] == "en"
    assert api.paste_and_language("这个报错怎么办 {\"code\":404}")[1] == "zh"
    assert api.query_and_language("433 lang:zh") == ("433", "zh")
    assert api.query_and_language("433", locale="zh-CN") == ("433", "zh")


def test_a_slack_message_is_made_plain_once():
    assert api.plain_text("<@U1> see <https://x.test|the log> &lt;b&gt;") == "see the log <b>"
    assert api.may_be_follow_up("<@U1> and 435?")
    assert not api.may_be_follow_up("thanks, that fixed it")


def test_a_follow_up_prefers_the_threads_vendor_and_says_what_it_does_not_know(bundled):
    asked = api.follow_up("and 433?", vendor="agora", lang="en")
    assert asked.matches and {m.vendor for m in asked.matches} == {"agora"}
    unknown = api.follow_up("and 4242?", vendor="agora", lang="en")
    assert unknown.matches == () and unknown.unknown == "4242"
    uncovered = api.follow_up("and livekit 401?", vendor="agora", lang="en")
    assert uncovered.matches == () and uncovered.uncovered["vendor"] == "livekit"


def test_explain_keeps_the_threads_vendor_when_the_paste_names_none(bundled):
    anyone = api.explain('{"code": 404}', lang="en")
    vendors = {m["vendor"] for f in anyone["findings"] for m in f["matches"]}
    assert len(vendors) > 1  # several vendors document 404
    preferred = api.explain('{"code": 404}', lang="en", prefer_vendor="netease")
    assert {m["vendor"] for f in preferred["findings"] for m in f["matches"]} == {"netease"}


def test_a_buttons_entry_keys_bring_back_the_same_entries(bundled):
    shown = api.lookup("agora 433", lang="en")["matches"]
    keys = [[m["catalog"], m["code"], m["kind"], m["name"], m["score"]] for m in shown]
    again = api.lookup_entries(keys + [["gone", "1", "error", None, 0]], query="agora 433", lang="zh")
    assert [m.key[:2] for m in again.matches] == [(m["catalog"], m["code"]) for m in shown]
    assert again.lang == "zh"
    findings = api.explain_entries([("433", "agora", keys)], lang="en").findings
    assert findings[0].code == "433" and len(findings[0].matches) == len(shown)


def test_typed_results_are_the_json_read_back(bundled):
    for query in ("404", "agora 433", "livekit 401", "SignatureExpir", "99999"):
        typed = api.lookup_result(query, lang="en")
        assert typed.to_dict() == api.lookup(query, lang="en")
        assert LookupResult.from_dict(typed.to_dict()) == typed
    paste = '{"code":11000,"desc":"通道发起失败","name":"ChannelStartFail","serverCode":107}'
    typed = api.explain_result(paste)
    assert typed.to_dict() == api.explain(paste)
    assert ExplainResult.from_dict(typed.to_dict()).to_dict() == typed.to_dict()
    assert typed.findings[0].server_code and typed.findings[0].server_code.code == "107"


def test_the_json_hint_is_the_notes_said_in_the_answers_language(bundled):
    en, zh = api.lookup("404", lang="en"), api.lookup("404", lang="zh")
    assert en["notes"] == zh["notes"] and en["notes"]
    assert en["hint"] and zh["hint"] and en["hint"] != zh["hint"]


def test_catalog_entries_lists_a_vendor_or_nothing(bundled):
    listed = api.catalog_entries("agora", lang="en")
    assert listed and all(m["vendor"] == "agora" for m in listed["matches"])
    assert api.catalog_entries("livekit") is None


def test_the_holder_loads_once_and_swaps_whole():
    holder = KnowledgeHolder()
    assert holder.current() is None
    first = holder.get()
    assert holder.get() is first and holder.current() is first
    holder.install(None)
    assert holder.current() is None
