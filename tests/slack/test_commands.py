"""`/errcode` end to end: signed slash commands and button clicks against the bot on loopback."""

from __future__ import annotations

import json
import re
import time

from testing.fake_slack import SlackHarness


def _all_text(blocks: list[dict]) -> str:
    return json.dumps(blocks, ensure_ascii=False)


def _share_button(blocks: list[dict]) -> dict | None:
    for block in blocks:
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            if element.get("action_id") == "errcode_share":
                return element
    return None


async def test_slash_command_acks_at_once_and_answers_privately_within_3s(slack: SlackHarness):
    started = time.monotonic()
    status, body = await slack.send.command("433")
    acked = time.monotonic() - started
    assert status == 200
    assert body == ""  # an empty ack: the answer comes through the response_url
    [call] = await slack.fake.wait_for("response_url")
    answered = call.at - started
    print(f"\nslash command: ack {acked * 1000:.0f} ms, answer {answered * 1000:.0f} ms")
    assert answered < 3.0
    message = call.args
    assert message["response_type"] == "ephemeral"
    text = _all_text(message["blocks"])
    for expected in (
        "Agora",
        "Cloud Recording RESTful API",
        "`433`",
        "resource ID 过期",
        "acquire",
        "<https://docs.agora.io/cn/cloud-recording/common_errors|Cloud Recording RESTful API common error and status codes>",
    ):
        assert expected in text, expected
    assert "433" in message["text"]
    button = _share_button(message["blocks"])
    assert button and json.loads(button["value"])["q"] == "433"


async def test_slash_command_content_matches_the_cli_text(slack: SlackHarness):
    from bot import api, render

    await slack.send.command("AuthFailure.SignatureExpire")
    [call] = await slack.fake.wait_for("response_url")
    blocks = _all_text(call.args["blocks"])
    cli = render.lookup_text(api.lookup("AuthFailure.SignatureExpire"))
    for shared in (
        "Tencent Cloud",
        "Cloud Live (CSS) API 3.0",
        "AuthFailure.SignatureExpire",
        "签名过期",
        "Timestamp 和服务器时间相差不得超过五分钟",
        "Cloud Live (CSS) API 3.0 error codes",
        "https://cloud.tencent.com/document/api/267/20461",
    ):
        assert shared in blocks and shared in cli, shared


async def test_empty_command_answers_with_usage(slack: SlackHarness):
    status, _ = await slack.send.command("   ")
    assert status == 200
    [call] = await slack.fake.wait_for("response_url")
    text = _all_text(call.args["blocks"])
    assert call.args["response_type"] == "ephemeral"
    assert "/errcode 433" in text and "/errcode agora 433" in text
    assert _share_button(call.args["blocks"]) is None


async def test_no_match_is_a_friendly_line_with_usage_and_no_share_button(slack: SlackHarness):
    await slack.send.command("qwertyuiop-nothing-like-this")
    [call] = await slack.fake.wait_for("response_url")
    text = _all_text(call.args["blocks"])
    assert "Nothing in the catalogs matches" in text
    assert "qwertyuiop-nothing-like-this" in text
    assert "/errcode agora 433" in text  # how to use the command
    assert _share_button(call.args["blocks"]) is None


async def test_several_matches_are_grouped_by_vendor_with_buttons_to_narrow(slack: SlackHarness):
    await slack.send.command("404")
    [call] = await slack.fake.wait_for("response_url")
    blocks = call.args["blocks"]
    headers = [b["text"]["text"] for b in blocks if b["type"] == "header"]
    assert sorted(headers) == ["Agora · Cloud Recording RESTful API", "NetEase Yunxin · WebRTC SDK"]
    text = _all_text(blocks)
    assert "服务器无法根据请求找到资源" in text and "对象(用户/群/聊天室)不存在" in text
    assert re.search(r"`(agora|netease) 404`", blocks[-2]["elements"][0]["text"])  # the note, then buttons
    narrow = [e for e in blocks[-1]["elements"] if e["action_id"].startswith("errcode_query")]
    assert {json.loads(e["value"])["q"] for e in narrow} == {"agora 404", "netease 404"}


async def test_help_and_vendors(slack: SlackHarness):
    await slack.send.command("help")
    [help_call] = await slack.fake.wait_for("response_url")
    assert "Share in channel" in _all_text(help_call.args["blocks"])
    await slack.send.command("vendors")
    calls = await slack.fake.wait_for("response_url", 2)
    text = _all_text(calls[1].args["blocks"])
    assert "(agora-cloud-recording): 3 entries" in text
    assert "(netease-webrtc): 2 entries" in text
    assert "(tencent-live): 2 entries" in text
    assert "3 catalogs, 7 entries" in text


async def test_user_text_is_escaped_never_a_ping(slack: SlackHarness):
    # Raw, and as Slack escapes & < > in the text it sends: neither may come back as a ping.
    for typed in ("<!channel> <@U0BOSS> a&b", "&lt;!channel&gt; &lt;@U0BOSS&gt; a&amp;b"):
        n = len(slack.fake.calls_to("response_url"))
        await slack.send.command(typed)
        call = (await slack.fake.wait_for("response_url", n + 1))[-1]
        text = "".join(b.get("text", {}).get("text", "") + json.dumps(b.get("elements", "")) for b in call.args["blocks"])
        assert "<!channel>" not in text and "<@U0BOSS>" not in text
        assert "&lt;!channel&gt; &lt;@U0BOSS&gt; a&amp;b" in text


async def test_share_button_posts_the_same_answer_in_the_channel(slack: SlackHarness):
    await slack.send.command("433")
    [private] = await slack.fake.wait_for("response_url")
    button = _share_button(private.args["blocks"])
    status, _ = await slack.send.action(button["value"], user="UASKER")
    assert status == 200
    calls = await slack.fake.wait_for("response_url", 3)
    shared, cleanup = calls[1].args, calls[2].args
    assert shared["response_type"] == "in_channel" and shared["replace_original"] is False
    text = _all_text(shared["blocks"])
    assert "<@UASKER> shared" in text
    for expected in ("Agora", "`433`", "resource ID 过期", "https://docs.agora.io/cn/cloud-recording/common_errors"):
        assert expected in text
    assert _share_button(shared["blocks"]) is None
    assert cleanup == {"delete_original": True}


async def test_share_falls_back_to_chat_post_message_when_the_response_url_fails(slack: SlackHarness):
    await slack.send.command("433")
    [private] = await slack.fake.wait_for("response_url")
    slack.fake.fail("response_url", 500, times=10)
    pressed = time.monotonic()
    await slack.send.action(_share_button(private.args["blocks"])["value"])
    [posted] = await slack.fake.wait_for("chat.postMessage", timeout=10)
    assert posted.at - pressed < 5.0, "the fallback waited on retries"
    assert posted.args["channel"] == "CGENERAL"
    assert "resource ID 过期" in _all_text(posted.args["blocks"])
    # The share's response_url answered 500: Slack may have posted it, so it was not sent again
    # (the private answer's response_url call, the share, and the cleanup that followed).
    assert len(slack.fake.calls_to("response_url")) <= 3
