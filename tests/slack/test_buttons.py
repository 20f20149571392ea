"""The answer's next steps by click, end to end: signed button presses against the bot on
loopback (testing/fake_slack.py), with the bundled catalogs. Also help, greetings and direct
messages, and /errcode 404 within 8 blocks."""

from __future__ import annotations

import json

import pytest
from slack_sdk.models.blocks import Block

from bot import api, render
from testing.fake_slack import SlackHarness


@pytest.fixture
def bundled_slack(slack: SlackHarness, monkeypatch):
    monkeypatch.delenv("ERRCODE_LANG", raising=False)
    api.install(api.build(""))
    yield slack


def _buttons(call) -> list[dict]:
    return [e for b in call.args.get("blocks", []) if b["type"] == "actions" for e in b["elements"]]


def _button(call, prefix: str) -> dict | None:
    return next((e for e in _buttons(call) if e["action_id"].startswith(prefix)), None)


def _text(call) -> str:
    return json.dumps(call.args.get("blocks", []), ensure_ascii=False)


def _headers(call) -> list[str]:
    return [b["text"]["text"] for b in call.args["blocks"] if b["type"] == "header"]


def test_errcode_404_fits_in_8_valid_blocks_in_both_languages():
    api.install(api.build(""))
    try:
        for lang in ("en", "zh"):
            result = api.lookup("404", lang=lang, limit=20)
            blocks = render.lookup_blocks(result, lang, share=True)
            print(f"\n/errcode 404 ({lang}): {len(blocks)} blocks: {[b['type'] for b in blocks]}")
            assert len(blocks) <= 8
            for block in blocks:
                Block.parse(block).validate_json()
            headers = [b["text"]["text"] for b in blocks if b["type"] == "header"]
            assert len(headers) == len(set(headers)) == 2  # one header per vendor
            text = json.dumps(blocks, ensure_ascii=False)
            # each vendor's document linked once, by its title, never by the catalog's file name
            assert text.count("https://docs.agora.io/cn/cloud-recording/common_errors|") == 1
            assert text.count("https://doc.yunxin.163.com/docs/TM5MzM5Njk/DU5NDQxMzA|") == 1
            assert ".txt" not in text
    finally:
        api.install(None)


async def test_n_more_is_a_button_that_shows_the_rest(bundled_slack: SlackHarness):
    slack = bundled_slack
    await slack.send.command("AuthFailure")
    [first] = await slack.fake.wait_for("response_url")
    assert _text(first).count("*`AuthFailure.") == 5
    more = _button(first, render.MORE_ACTION)
    assert more and more["text"]["text"] == "2 more"
    await slack.send.action(more["value"], action_id=more["action_id"], ephemeral=True)
    [_, shown] = await slack.fake.wait_for("response_url", 2)
    assert shown.args["replace_original"] is True
    assert _text(shown).count("*`AuthFailure.") == 7 and _button(shown, render.MORE_ACTION) is None
    share = _button(shown, render.SHARE_ACTION)  # sharing it shares all seven, as the asker saw them
    await slack.send.action(share["value"], action_id=share["action_id"], ephemeral=True)
    calls = await slack.fake.wait_for("response_url", 4)
    assert _text(calls[2]).count("*`AuthFailure.") == 7


async def test_narrowing_by_vendor_is_a_button(bundled_slack: SlackHarness):
    slack = bundled_slack
    await slack.send.command("404")
    [first] = await slack.fake.wait_for("response_url")
    assert len(first.args["blocks"]) <= 8
    agora = next(e for e in _buttons(first) if json.loads(e["value"]).get("q") == "agora 404")
    assert agora["text"]["text"] == "Agora only"
    await slack.send.action(agora["value"], action_id=agora["action_id"], ephemeral=True)
    [_, narrowed] = await slack.fake.wait_for("response_url", 2)
    assert _headers(narrowed) == ["Agora · Cloud Recording RESTful API"]
    assert "NetEase" not in _text(narrowed)


async def test_did_you_mean_is_a_button(bundled_slack: SlackHarness):
    slack = bundled_slack
    await slack.send.command("SignatreExpierd")
    [first] = await slack.fake.wait_for("response_url")
    guess = next(e for e in _buttons(first) if "SignatureExpire" in e["text"]["text"])
    await slack.send.action(guess["value"], action_id=guess["action_id"], ephemeral=True)
    [_, answer] = await slack.fake.wait_for("response_url", 2)
    assert "*`AuthFailure.SignatureExpire`*" in _text(answer)
    assert "The signature has expired." in _text(answer)


async def test_a_button_on_a_thread_answer_shows_the_presser_alone(bundled_slack: SlackHarness):
    slack = bundled_slack
    await slack.send.event(slack.send.message("got error 404 from the server"))
    [reply] = await slack.fake.wait_for("chat.postMessage")
    toggle = _button(reply, render.ORIGINAL_ACTION)
    await slack.send.action(toggle["value"], action_id=toggle["action_id"], ephemeral=False, user="UREADER")
    [shown] = await slack.fake.wait_for("response_url")
    assert shown.args["response_type"] == "ephemeral" and shown.args["replace_original"] is False


async def test_share_posts_what_the_asker_saw_without_the_askers_hints(bundled_slack: SlackHarness):
    slack = bundled_slack
    await slack.send.command("404")
    [private] = await slack.fake.wait_for("response_url")
    assert "add a vendor to narrow it" in _text(private)
    share = _button(private, render.SHARE_ACTION)
    await slack.send.action(share["value"], action_id=share["action_id"], ephemeral=True)
    calls = await slack.fake.wait_for("response_url", 3)
    shared = calls[1]
    assert shared.args["response_type"] == "in_channel"
    assert _headers(shared) == _headers(private)  # the same entries
    assert "add a vendor to narrow it" not in _text(shared)
    ids = [e["action_id"] for e in _buttons(shared)]
    assert ids == [render.ORIGINAL_ACTION]  # readers may switch language; nothing else is theirs to press


@pytest.mark.parametrize("typed", ["<@UERRCODEBOT> help", "<@UERRCODEBOT> 帮助"])
async def test_help_by_mention(bundled_slack: SlackHarness, typed: str):
    slack = bundled_slack
    await slack.send.event(slack.send.message(typed, type="app_mention"))
    [reply] = await slack.fake.wait_for("chat.postMessage")
    text = _text(reply)
    if "帮助" in typed:
        assert "errcode 告诉你" in text and "Nothing in the catalogs" not in text
    else:
        assert "errcode tells you" in text and "Nothing in the catalogs" not in text


async def test_a_direct_message_help_and_hi_are_answered_inline(bundled_slack: SlackHarness):
    slack = bundled_slack
    await slack.send.event(slack.send.message("help", channel="DHUMAN"))
    await slack.send.event(slack.send.message("hi", channel="DHUMAN"))
    await slack.send.event(slack.send.message("433", channel="DHUMAN"))
    calls = await slack.fake.wait_for("chat.postMessage", 3)  # answered concurrently: in any order
    texts = sorted(_text(c) for c in calls)
    assert any("errcode tells you" in t for t in texts)
    assert any("Hi!" in t for t in texts) and not any("Nothing in the catalogs" in t for t in texts)
    assert any("The resource ID has expired." in t for t in texts)
    for call in calls:
        assert "thread_ts" not in call.args  # a direct message is answered in the conversation


def test_a_percent_encoded_address_reads_decoded_and_the_notification_is_short():
    api.install(api.build(""))
    try:
        for lang in ("en", "zh"):
            result = api.lookup("agora 62", lang=lang)
            blocks = json.dumps(render.lookup_blocks(result, lang), ensure_ascii=False)
            # the link text is readable; the address behind it stays one Slack can open
            assert "|docs.agora.io/…/cloud_recording_rest#开通云端录制服务>" in blocks
            assert "<https://docs.agora.io/cn/cloud-recording/cloud_recording_rest?platform=All%20Platforms#%E5" in blocks
            notification = render.fallback_text(result, lang)
            assert len(notification) <= 150 and "%E5" not in notification
            assert "开通云端录制服务" in render.lookup_text(result, lang)  # the CLI shows it decoded too
    finally:
        api.install(None)


async def test_a_long_paste_shows_the_rest_of_its_errors_by_a_button(bundled_slack: SlackHarness):
    slack = bundled_slack
    codes = (2, 7, 8, 49, 53, 62, 65, 432)
    text = "\n".join(f'agora cloud recording start failed: {{"code":{c},"reason":"x"}}' for c in codes)
    await slack.send.event(slack.send.message(text))
    [reply] = await slack.fake.wait_for("chat.postMessage")
    assert _text(reply).count("Found `") == 5
    more = _button(reply, render.MORE_ACTION)
    assert more and more["text"]["text"] == "3 more"
    await slack.send.action(more["value"], action_id=more["action_id"], ephemeral=False, user="UREADER")
    [shown] = await slack.fake.wait_for("response_url")
    assert shown.args["response_type"] == "ephemeral"  # on a thread answer: for the presser only
    assert [f"Found `{c}`" in _text(shown) for c in codes] == [True] * len(codes)
    assert _button(shown, render.MORE_ACTION) is None


@pytest.mark.parametrize("action_id", [render.MORE_ACTION, f"{render.QUERY_ACTION}_3", render.ORIGINAL_ACTION])
@pytest.mark.parametrize("value", ["", "not json", "[]", '{"q": 5}', '{"lang": "fr", "f": [[1]]}', '{"f": "x", "lang": "en"}'])
async def test_a_button_value_that_is_not_ours_is_acked_and_ignored(bundled_slack: SlackHarness, action_id, value):
    slack = bundled_slack
    status, _ = await slack.send.action(value, action_id=action_id, ephemeral=True)
    assert status == 200
    await slack.send.command("433")  # the bot still answers
    calls = await slack.fake.wait_for("response_url")
    assert len(calls) == 1 and "The resource ID has expired." in _text(calls[0])


async def test_the_app_home_speaks_the_users_slack_language(bundled_slack: SlackHarness):
    slack = bundled_slack
    slack.fake.locales["UZH"] = "zh-CN"
    for user in ("UZH", "UEN"):
        await slack.send.event({"type": "app_home_opened", "user": user, "channel": "DHOME", "tab": "home",
                                "event_ts": "1700000000.1"})
    calls = await slack.fake.wait_for("views.publish", 2)
    by_user = {c.args["user_id"]: json.dumps(c.args["view"], ensure_ascii=False) for c in calls}
    assert "errcode 告诉你" in by_user["UZH"] and '目录"' in by_user["UZH"]  # the catalogs' header
    assert "errcode tells you" in by_user["UEN"] and "Catalogs" in by_user["UEN"]


def test_a_paste_with_no_vendor_in_sight_puts_each_vendors_entries_under_its_own_header():
    api.install(api.build(""))
    try:
        blocks = render.explain_blocks(api.explain('{"code":404}', lang="en"), "en")
    finally:
        api.install(None)
    kinds = [(b["type"], b.get("text", {}).get("text", "")) for b in blocks]
    headers = [text for kind, text in kinds if kind == "header"]
    assert headers == ["NetEase Yunxin · WebRTC SDK", "Agora · Cloud Recording RESTful API"]
    agora = [kind for kind, _ in kinds].index("header", 2)
    assert "HTTP status" in kinds[agora + 1][1] and "RoomServerErrChannelNotExist" not in kinds[agora + 1][1]
