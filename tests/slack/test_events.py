"""Messages, mentions, threads, retries and Web API trouble, end to end against the fake Slack."""

from __future__ import annotations

import json
import random
import time

from testing.fake_slack import BOT_ID, BOT_USER_ID, SlackHarness

TENCENT_PASTE = """CreateLiveRecord failed:
{
    "Response": {
        "Error": {
            "Code": "AuthFailure.SignatureFailure",
            "Message": "The provided credentials could not be validated. Please check your signature is correct."
        },
        "RequestId": "ed93f3cb-f35e-473f-b9f3-0d451b8b79c6"
    }
}"""
AGORA_PASTE = 'agora cloud recording start failed: {"code": 433, "reason": "resource expired"}'


def _text(call) -> str:
    return json.dumps(call.args.get("blocks"), ensure_ascii=False) + (call.args.get("text") or "")


async def test_pasted_tencent_error_in_a_channel_is_answered_in_its_thread(slack: SlackHarness):
    event = slack.send.message(TENCENT_PASTE)
    status, _ = await slack.send.event(event)
    assert status == 200
    [reply] = await slack.fake.wait_for("chat.postMessage")
    assert reply.args["channel"] == "CGENERAL"
    assert reply.args["thread_ts"] == event["ts"]
    text = _text(reply)
    for expected in (
        "Tencent Cloud",
        "AuthFailure.SignatureFailure",
        "签名错误",
        "ed93f3cb-f35e-473f-b9f3-0d451b8b79c6",
    ):
        assert expected in text, expected


async def test_a_paste_inside_a_thread_is_answered_in_that_thread(slack: SlackHarness):
    event = slack.send.message(TENCENT_PASTE, thread_ts="1699999999.000001")
    await slack.send.event(event)
    [reply] = await slack.fake.wait_for("chat.postMessage")
    assert reply.args["thread_ts"] == "1699999999.000001"


async def test_a_mention_is_answered_once_though_slack_sends_message_and_app_mention(slack: SlackHarness):
    text = f"<@{BOT_USER_ID}> what is 433?"
    message = slack.send.message(text)
    mention = {**message, "type": "app_mention"}
    mention.pop("channel_type")
    await slack.send.event(message)
    await slack.send.event(mention)
    [reply] = await slack.fake.wait_for("chat.postMessage")
    assert reply.args["thread_ts"] == message["ts"]
    assert "resource ID 过期" in _text(reply)
    await slack.fake.settle()
    assert len(slack.fake.calls_to("chat.postMessage")) == 1


async def test_a_direct_message_is_answered(slack: SlackHarness):
    event = slack.send.message("AuthFailure.SignatureExpire", channel="DASKER")
    await slack.send.event(event)
    [reply] = await slack.fake.wait_for("chat.postMessage")
    assert reply.args["channel"] == "DASKER"
    assert "签名过期" in _text(reply)


async def test_a_follow_up_in_the_thread_is_answered_there_narrowed_to_the_thread_vendor(slack: SlackHarness):
    first = slack.send.message(AGORA_PASTE)
    await slack.send.event(first)
    [answer] = await slack.fake.wait_for("chat.postMessage")
    assert "resource ID 过期" in _text(answer)
    # 404 is both an Agora HTTP status and a NetEase server code; the thread is about Agora.
    follow = slack.send.message("and 404?", thread_ts=first["ts"])
    await slack.send.event(follow)
    calls = await slack.fake.wait_for("chat.postMessage", 2)
    text = _text(calls[1])
    assert calls[1].args["thread_ts"] == first["ts"]
    assert "服务器无法根据请求找到资源" in text
    assert "NetEase" not in text and "对象(用户/群/聊天室)不存在" not in text
    follow = slack.send.message("and 435?", thread_ts=first["ts"])
    await slack.send.event(follow)
    calls = await slack.fake.wait_for("chat.postMessage", 3)
    assert "没有录制文件产生" in _text(calls[2])
    # A vendor named in the follow-up wins over the thread's.
    await slack.send.event(slack.send.message("and netease 404?", thread_ts=first["ts"]))
    calls = await slack.fake.wait_for("chat.postMessage", 4)
    assert "对象(用户/群/聊天室)不存在" in _text(calls[3]) and "服务器无法根据请求找到资源" not in _text(
        calls[3]
    )


async def test_a_code_in_a_thread_we_never_answered_is_not_a_follow_up(slack: SlackHarness):
    slack.fake.add_message(
        "CGENERAL", {"type": "message", "user": "UHUMAN", "text": "deploy?", "ts": "1699999999.000777"}
    )
    await slack.send.event(slack.send.message("and 404?", thread_ts="1699999999.000777"))
    await slack.fake.wait_for("conversations.replies")
    await slack.fake.settle()
    await slack.send.event(slack.send.message("or 433?", thread_ts="1699999999.000777"))
    await slack.fake.settle()
    assert slack.fake.calls_to("chat.postMessage") == []
    assert len(slack.fake.calls_to("conversations.replies")) == 1  # Slack's history is asked once


async def test_a_follow_up_is_recognised_after_a_restart_from_the_answers_metadata(slack: SlackHarness):
    # The thread was answered by an earlier run of the bot: this process has no memory of it.
    root = "1699999999.000888"
    slack.fake.add_message("CGENERAL", {"type": "message", "user": "UHUMAN", "text": AGORA_PASTE, "ts": root})
    slack.fake.add_message(
        "CGENERAL",
        {
            "type": "message",
            "bot_id": BOT_ID,
            "user": BOT_USER_ID,
            "text": "Agora 433: resource ID 过期",
            "ts": "1699999999.000889",
            "thread_ts": root,
            "metadata": {"event_type": "errcode_answer", "event_payload": {"vendor": "agora"}},
        },
    )
    follow_up = slack.send.message("and 404?", thread_ts=root)
    await slack.send.event(follow_up)
    [reply] = await slack.fake.wait_for("chat.postMessage")
    assert reply.args["thread_ts"] == root
    assert "服务器无法根据请求找到资源" in _text(reply) and "NetEase" not in _text(reply)
    # The vendor narrows later follow-ups; `answers` says which message this answer is for.
    assert reply.args["metadata"] == {
        "event_type": "errcode_answer",
        "event_payload": {"vendor": "agora", "answers": follow_up["ts"]},
    }


async def test_ordinary_chatter_gets_no_reply(slack: SlackHarness):
    for text in ("lunch at 12?", "the build is green again, 3 tests fixed", "ok 👍", ""):
        status, _ = await slack.send.event(slack.send.message(text))
        assert status == 200
    await slack.fake.settle()
    assert slack.fake.calls_to("chat.postMessage") == []


async def test_own_messages_other_bots_edits_deletions_and_joins_are_ignored(slack: SlackHarness):
    send = slack.send
    ignored = [
        send.message(TENCENT_PASTE, user=BOT_USER_ID, bot_id=BOT_ID),  # our own reply
        send.message(TENCENT_PASTE, user="UOTHERBOT", bot_id="BOTHER"),  # another app's bot user
        {**send.message(TENCENT_PASTE, subtype="bot_message", bot_id="BOTHER"), "user": None},
        send.message(
            "",
            subtype="message_changed",
            message={"type": "message", "text": TENCENT_PASTE, "user": "UHUMAN", "ts": "1.1"},
        ),
        send.message("", subtype="message_deleted", deleted_ts="1.1"),
        send.message(f"<@UHUMAN> has joined the channel {TENCENT_PASTE}", subtype="channel_join"),
    ]
    for event in ignored:
        status, _ = await send.event(event)
        assert status == 200
    await slack.fake.settle()
    assert slack.fake.calls_to("chat.postMessage") == []
    # ...while a person's paste in the same channel is answered: the filter is not just deaf.
    await send.event(send.message(TENCENT_PASTE))
    await slack.fake.wait_for("chat.postMessage")


async def test_a_retried_event_is_answered_once(slack: SlackHarness):
    event = slack.send.message(TENCENT_PASTE)
    assert (await slack.send.event(event, event_id="EvRETRY001"))[0] == 200
    for retry in (1, 2, 3):
        status, _ = await slack.send.event(event, event_id="EvRETRY001", retry_num=retry)
        assert status == 200
    await slack.fake.wait_for("chat.postMessage")
    await slack.fake.settle()
    assert len(slack.fake.calls_to("chat.postMessage")) == 1


async def test_a_429_on_chat_post_message_still_ends_in_a_reply(slack: SlackHarness):
    slack.fake.fail("chat.postMessage", 429, retry_after=1)
    event = slack.send.message(TENCENT_PASTE)
    await slack.send.event(event)
    first, second = await slack.fake.wait_for("chat.postMessage", 2, timeout=8)
    assert second.at - first.at >= 0.9  # waited for Retry-After
    assert second.args["thread_ts"] == event["ts"] and "签名错误" in _text(second)


async def test_a_failing_slack_api_is_survived(slack: SlackHarness):
    slack.fake.fail("chat.postMessage", 500, times=100)
    await slack.send.event(slack.send.message(TENCENT_PASTE))
    await slack.fake.wait_for("chat.postMessage", 3, timeout=10)  # first try + 2 retries, then give up
    status, _ = await slack.send.command("433")
    assert status == 200
    await slack.fake.wait_for("response_url")
    async with slack.send.session.get(slack.base_url + "/healthz") as resp:
        assert resp.status == 200


async def test_a_45000_character_paste_is_answered_in_time_and_the_bot_stays_healthy(slack: SlackHarness):
    rng = random.Random(5)
    # A service log around the error, exactly 45,000 characters (more than Slack's 40,000 per message).
    log_lines = [
        f"2026-11-23 10:{i // 60 % 60:02d}:{i % 60:02d} INFO worker-{rng.randint(1, 9)} heartbeat ok seq={rng.randint(0, 10**6)}"
        for i in range(1200)
    ]
    before = "\n".join(log_lines[:600])
    after = "\n".join(log_lines[600:])
    paste = (before + "\n" + TENCENT_PASTE + "\n" + after)[:45_000]
    assert len(paste) == 45_000 and "AuthFailure.SignatureFailure" in paste
    event = slack.send.message(paste)
    started = time.monotonic()
    status, _ = await slack.send.event(event)
    acked = time.monotonic() - started
    assert status == 200 and acked < 3.0
    # Meanwhile the bot keeps serving: a slash command sent right after is answered.
    await slack.send.command("433")
    [reply] = await slack.fake.wait_for("chat.postMessage", timeout=15)
    answered = reply.at - started
    print(f"\n45,000-char paste: ack {acked * 1000:.0f} ms, answer {answered * 1000:.0f} ms")
    assert answered < 10.0
    assert "AuthFailure.SignatureFailure" in _text(reply)
    await slack.fake.wait_for("response_url")
    async with slack.send.session.get(slack.base_url + "/healthz") as resp:
        assert resp.status == 200


async def test_app_home_publishes_usage_and_catalogs(slack: SlackHarness):
    await slack.send.event(
        {
            "type": "app_home_opened",
            "user": "UASKER",
            "channel": "DHOME",
            "tab": "home",
            "event_ts": "1700000000.1",
        }
    )
    [call] = await slack.fake.wait_for("views.publish")
    assert call.args["user_id"] == "UASKER"
    view = call.args["view"] if isinstance(call.args["view"], dict) else json.loads(call.args["view"])
    text = json.dumps(view, ensure_ascii=False)
    assert view["type"] == "home"
    assert "/errcode 433" in text and "(`tencent-live`): 2 entries" in text
    # The Messages tab needs no view.
    await slack.send.event(
        {
            "type": "app_home_opened",
            "user": "UASKER",
            "channel": "DHOME",
            "tab": "messages",
            "event_ts": "1700000000.2",
        }
    )
    await slack.fake.settle()
    assert len(slack.fake.calls_to("views.publish")) == 1


async def test_a_retried_event_is_dropped_by_event_id_even_without_a_message(slack: SlackHarness):
    event = {
        "type": "app_home_opened",
        "user": "UASKER",
        "channel": "DHOME",
        "tab": "home",
        "event_ts": "1700000000.3",
    }
    await slack.send.event(event, event_id="EvHOME0001")
    await slack.send.event(event, event_id="EvHOME0001", retry_num=1)
    await slack.fake.wait_for("views.publish")
    await slack.fake.settle()
    assert len(slack.fake.calls_to("views.publish")) == 1


async def test_chatter_in_an_answered_thread_gets_no_reply(slack: SlackHarness):
    first = slack.send.message(AGORA_PASTE)
    await slack.send.event(first)
    await slack.fake.wait_for("chat.postMessage")
    for text in (
        "thanks, that was it!",
        "retrying in 5 minutes",
        "AuthFailure.SignatureExpir maybe?" + " blah" * 50,
    ):
        await slack.send.event(slack.send.message(text, thread_ts=first["ts"]))
    await slack.fake.settle()
    assert len(slack.fake.calls_to("chat.postMessage")) == 1
