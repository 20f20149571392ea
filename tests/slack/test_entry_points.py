"""Slack-native entry points against the fake Slack, with requests signed as Slack signs them: the
"Explain this error" message shortcut, files and snippets, group DMs, 👍/👎 feedback and its
modal, what errcode could not answer (per workspace, in the database, no user text), the App Home
and `errcode stats`."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from bot.render import insights as words
from bot.slack import files
from bot.store.database import create_engine
from bot.store.insights import InsightStore
from testing.fake_slack import TEAM_ID, FakeSlack, SlackHarness, bot_on_loopback

TENCENT_PASTE = """CreateLiveRecord failed:
{"Response": {"Error": {"Code": "AuthFailure.SignatureFailure",
  "Message": "The provided credentials could not be validated (private-words-alpha)."},
  "RequestId": "ed93f3cb-f35e-473f-b9f3-0d451b8b79c6"}}"""
UNKNOWN_PASTE = (
    '{"Response": {"Error": {"Code": "FailedOperation.NoSuchThing", "Message": "private-words-beta"},'
    ' "RequestId": "ab12"}}'
)
ROOT = Path(__file__).resolve().parents[2]


def _text(call) -> str:
    blocks = call.args.get("blocks")
    return json.dumps(blocks, ensure_ascii=False) + (call.args.get("text") or "")


def _buttons(blocks: list[dict]) -> dict[str, dict]:
    return {e["action_id"]: e for b in blocks if b.get("type") == "actions" for e in b["elements"]}


def _store(path: Path) -> InsightStore:
    return InsightStore(create_engine(make_url(f"sqlite+aiosqlite:///{path}")))


@contextlib.asynccontextmanager
async def _bot(tmp_path: Path, fake: FakeSlack | None = None):
    """The bot on loopback with its feedback/stats database (a SQLite file in tmp_path)."""
    own_fake = fake is None
    fake = fake or await FakeSlack().start()
    store = _store(tmp_path / "errcode.db")
    await store.create_tables()
    try:
        async with bot_on_loopback(fake, tmp_path, insights=store) as (base_url, sender, web_app):
            yield SlackHarness(fake, sender, base_url, web_app), store
    finally:
        await store.close()
        if own_fake:
            await fake.stop()


@pytest.fixture
async def bot(tmp_path):
    async with _bot(tmp_path) as pair:
        yield pair


# ---------------------------------------------------------------- the message shortcut


async def test_the_shortcut_answers_privately_where_errcode_is_not_a_member_and_shares(bot):
    slack, _ = bot
    message = {"type": "message", "user": "UOTHER", "ts": "1700000100.000100", "text": TENCENT_PASTE}
    status, _ = await slack.send.shortcut(message, channel="CELSEWHERE")
    assert status == 200
    [private] = await slack.fake.wait_for("response_url")
    assert private.args["response_type"] == "ephemeral"
    assert "AuthFailure.SignatureFailure" in _text(private) and "签名" in _text(private)
    buttons = _buttons(private.args["blocks"])
    assert {words.SHARE_ANSWER_ACTION, words.FEEDBACK_UP, words.FEEDBACK_DOWN} <= set(buttons)
    # The Share button carries the entries shown, never the pasted text.
    share = buttons[words.SHARE_ANSWER_ACTION]
    assert "private-words-alpha" not in share["value"] and "ed93f3cb" not in share["value"]
    assert slack.fake.calls_to("chat.postMessage") == []  # nothing in the channel by itself

    await slack.send.press(share, channel="CELSEWHERE", ephemeral=True)
    shared, cleanup = (await slack.fake.wait_for("response_url", 3))[1:]
    assert shared.args["response_type"] == "in_channel"
    assert "AuthFailure.SignatureFailure" in _text(shared) and "<@UASKER>" in _text(shared)
    assert "private-words-alpha" not in _text(shared)
    assert words.FEEDBACK_UP in _buttons(shared.args["blocks"])
    assert cleanup.args == {"delete_original": True}


async def test_the_shortcut_on_chatter_says_nothing_matched_with_no_thread_post(bot):
    slack, _ = bot
    message = {"type": "message", "user": "UOTHER", "ts": "1700000100.000200", "text": "lunch at noon?"}
    await slack.send.shortcut(message)
    [private] = await slack.fake.wait_for("response_url")
    assert private.args["response_type"] == "ephemeral"
    assert "Nothing in the catalogs matches" in _text(private)
    await slack.fake.settle()
    assert slack.fake.calls_to("chat.postMessage") == []


async def test_share_that_cannot_be_posted_says_why(bot):
    slack, _ = bot
    share = {"action_id": "errcode_share", "value": json.dumps({"q": "agora 433", "lang": "en"})}
    slack.fake.fail("response_url", 404)  # the response_url has expired
    slack.fake.post_errors["GPRIVATE"] = "not_in_channel"
    await slack.send.press(share, channel="GPRIVATE", ephemeral=True)
    calls = await slack.fake.wait_for("response_url", 2)
    [post] = slack.fake.calls_to("chat.postMessage")
    assert post.args["channel"] == "GPRIVATE"
    why = calls[1].args
    assert why["response_type"] == "ephemeral" and "/invite @errcode" in why["text"]


# ---------------------------------------------------------------- files, snippets, group DMs


async def test_a_shared_text_file_gets_the_thread_answer_fetched_with_the_bot_token(bot):
    slack, _ = bot
    file = slack.fake.add_file(TENCENT_PASTE.encode(), name="record.log")
    event = slack.send.message("", subtype="file_share", files=[file])
    await slack.send.event(event)
    [reply] = await slack.fake.wait_for("chat.postMessage")
    assert reply.args["thread_ts"] == event["ts"] and "AuthFailure.SignatureFailure" in _text(reply)
    [download] = slack.fake.calls_to("files.download")
    assert download.headers["Authorization"] == f"Bearer {slack.fake.bot_token}"


async def test_a_snippet_known_only_by_id_is_read_through_files_info(bot):
    slack, _ = bot
    snippet = slack.fake.add_file(b'agora start failed: {"code": 433, "reason": "x"}', mode="snippet")
    only_id = {"id": snippet["id"], "file_access": "check_file_info"}
    event = slack.send.message("see snippet", subtype="file_share", files=[only_id])
    await slack.send.event(event)
    [reply] = await slack.fake.wait_for("chat.postMessage")
    assert "433" in _text(reply)
    assert [c.args["file"] for c in slack.fake.calls_to("files.info")] == [snippet["id"]]


async def test_binary_image_and_oversized_files_are_skipped_silently(bot):
    slack, _ = bot
    image = slack.fake.add_file(TENCENT_PASTE.encode(), name="shot.png", mimetype="image/png", filetype="png")
    binary = slack.fake.add_file(
        b"\x00\x01" + TENCENT_PASTE.encode(),
        name="core",
        mimetype="application/octet-stream",
        filetype="binary",
    )
    big = slack.fake.add_file(TENCENT_PASTE.encode(), name="huge.log", size=files.MAX_FILE_BYTES + 1)
    nul = slack.fake.add_file(b"\x00" + TENCENT_PASTE.encode(), name="looks.txt")  # says text, is not
    login = slack.fake.add_file(TENCENT_PASTE.encode(), name="page.log")
    slack.fake.files[login["id"]]["info"]["mimetype"] = "text/html"  # what Slack serves without files:read
    login["mimetype"] = "text/plain"
    for file in (image, binary, big, nul, login):
        await slack.send.event(slack.send.message("", subtype="file_share", files=[file]))
    await slack.fake.settle(1.0)
    assert slack.fake.calls_to("chat.postMessage") == []
    assert [c.path.split("/")[2] for c in slack.fake.calls_to("files.download")] == [nul["id"], login["id"]]


async def test_a_paste_in_a_group_dm_is_answered_like_a_channel(bot):
    slack, _ = bot
    event = slack.send.message(TENCENT_PASTE, channel="GM0GROUP")
    assert event["channel_type"] == "mpim"
    await slack.send.event(event)
    [reply] = await slack.fake.wait_for("chat.postMessage")
    assert reply.args["channel"] == "GM0GROUP" and reply.args["thread_ts"] == event["ts"]
    assert {words.FEEDBACK_UP, words.FEEDBACK_DOWN} <= set(_buttons(reply.args["blocks"]))
    await slack.send.event(slack.send.message("see you at 3", channel="GM0GROUP"))
    await slack.fake.settle()
    assert len(slack.fake.calls_to("chat.postMessage")) == 1  # chatter there gets nothing, as in a channel


# ---------------------------------------------------------------- feedback and stats


async def test_votes_and_reasons_are_kept_per_workspace_without_user_text(bot, tmp_path):
    slack, store = bot
    await slack.send.command("agora 433 private-words-gamma")
    [answer] = await slack.fake.wait_for("response_url")
    buttons = _buttons(answer.args["blocks"])
    await slack.send.press(buttons[words.FEEDBACK_UP], ephemeral=True)
    [_, thanks] = await slack.fake.wait_for("response_url", 2)
    assert thanks.args["response_type"] == "ephemeral" and "Thanks" in thanks.args["text"]
    await slack.send.press(buttons[words.FEEDBACK_DOWN], ephemeral=True)
    [modal] = await slack.fake.wait_for("views.open")
    view = modal.args["view"]
    assert view["type"] == "modal" and view["callback_id"] == words.FEEDBACK_MODAL
    chosen = {"reason": {"reason": {"type": "radio_buttons", "selected_option": {"value": "outdated"}}}}
    status, _ = await slack.send.submit_view(view, chosen)
    assert status == 200
    report = await store.report(TEAM_ID)
    assert report.votes == (1, 1)
    [down] = report.downvoted
    assert down.entry == "agora-cloud-recording:433" and down.reasons == {"outdated": 1}
    assert (await store.report("T0OTHER")).votes == (0, 0)  # another workspace sees none of it
    # A forged value naming no real entry keeps no entry text.
    forged = dict(
        buttons[words.FEEDBACK_DOWN],
        value=json.dumps({"e": ["x", "evil text", "error", None], "fp": "0" * 32}),
    )
    await slack.send.press(forged, ephemeral=True)
    await slack.fake.wait_for("views.open", 2)
    assert "evil text" not in json.dumps([d.entry for d in (await store.report(TEAM_ID)).downvoted])
    raw = (tmp_path / "errcode.db").read_bytes()
    assert b"private-words-gamma" not in raw and b"evil text" not in raw


async def test_what_errcode_could_not_answer_is_counted_and_survives_a_restart(tmp_path):
    fake = await FakeSlack().start()
    try:
        async with _bot(tmp_path, fake) as (slack, _):
            await slack.send.command("zego 1002 private-words-delta")  # a vendor no catalog covers
            await slack.send.command("agora 999")  # a covered vendor, no such code
            await slack.send.command("agora 999")
            await slack.send.command("agora 433")  # answered
            await slack.fake.wait_for("response_url", 4)
            await slack.send.event(slack.send.message(UNKNOWN_PASTE))  # found in a paste, no entry: silent
            await slack.fake.settle(1.0)
            assert slack.fake.calls_to("chat.postMessage") == []
        async with _bot(tmp_path, fake) as (slack, store):  # a restart on the same database
            report = await store.report(TEAM_ID)
            other = await store.report("T0OTHER")
    finally:
        await fake.stop()
    assert other.unknown == [] and other.top_codes == []  # per workspace
    unknown = {(c.code, c.vendor, c.kind): c.count for c in report.unknown}
    assert unknown == {
        ("999", "agora", "no_match"): 2,
        ("1002", "zego", "uncovered_vendor"): 1,
        ("FailedOperation.NoSuchThing", "tencent", "no_entry"): 1,
    }
    assert [(c.code, c.vendor, c.count) for c in report.top_codes] == [("433", "agora", 1)]
    raw = (tmp_path / "errcode.db").read_bytes()
    assert b"private-words-delta" not in raw and b"private-words-beta" not in raw

    env = {**os.environ, "ERRCODE_DATA_DIR": str(tmp_path), "DATABASE_URL": ""}
    out = subprocess.run(
        [sys.executable, "-m", "bot", "stats", "--since", "7d"],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert out.returncode == 0, out.stderr
    assert f"== {TEAM_ID}" in out.stdout
    [line] = [line.split() for line in out.stdout.splitlines() if " 1002 " in line]
    assert line[:5] == ["1", "1002", "zego", "vendor", "not"]
    assert "errcode catalogs import PAGE_OR_URL --id zego-errors --vendor zego" in out.stdout
    out = subprocess.run(
        [sys.executable, "-m", "bot", "stats", "--json"], env=env, capture_output=True, text=True, cwd=ROOT
    )
    [workspace] = json.loads(out.stdout)["workspaces"]
    assert workspace["team_id"] == TEAM_ID and workspace["unknown"][0] == {
        "kind": "no_match",
        "code": "999",
        "vendor": "agora",
        "count": 2,
        "first_seen": workspace["unknown"][0]["first_seen"],
        "last_seen": workspace["unknown"][0]["last_seen"],
        "import": "errcode catalogs import PAGE_OR_URL --id agora-errors --vendor agora",
    }


# ---------------------------------------------------------------- App Home


async def test_the_app_home_shows_catalogs_stats_and_answers_its_search_box_in_the_users_language(bot):
    slack, _ = bot
    slack.fake.locales["UZH"] = "zh-CN"
    await slack.send.command("zego 1002")
    await slack.fake.wait_for("response_url")
    await slack.send.event(
        {"type": "app_home_opened", "user": "UZH", "channel": "DHOME", "tab": "home", "event_ts": "1.1"}
    )
    [home] = await slack.fake.wait_for("views.publish")
    view = home.args["view"]
    text = json.dumps(view, ensure_ascii=False)
    assert view["type"] == "home"
    assert "本工作区的错误码目录" in text and "`tencent-live`" in text and "本工作区自有" in text
    assert "`1002` · 即构 · 1 次 · 厂商未收录" in text and "--vendor zego" in text
    [search] = [b for b in view["blocks"] if b.get("block_id") == words.HOME_SEARCH_BLOCK]
    assert search["type"] == "input" and search["dispatch_action"] is True

    await slack.send.home_search("agora 433", user="UZH")
    [_, answered] = await slack.fake.wait_for("views.publish", 2)
    assert answered.args["user_id"] == "UZH"
    text = json.dumps(answered.args["view"], ensure_ascii=False)
    assert "查询结果" in text and "433" in text and words.FEEDBACK_DOWN in text


async def test_the_bot_token_goes_to_slacks_hosts_only(bot):
    slack, _ = bot
    file = slack.fake.add_file(TENCENT_PASTE.encode())
    file["url_private"] = file["url_private"].replace("127.0.0.1", "localhost")  # not Slack's host
    await slack.send.event(slack.send.message("", subtype="file_share", files=[file]))
    await slack.fake.settle(1.0)
    assert slack.fake.calls_to("files.download") == [] and slack.fake.calls_to("chat.postMessage") == []


async def test_answers_go_out_when_the_database_is_in_trouble(tmp_path):
    fake = await FakeSlack().start()
    broken = _store(tmp_path / "no" / "such" / "folder" / "errcode.db")  # every write fails
    try:
        async with bot_on_loopback(fake, tmp_path, insights=broken) as (base_url, sender, web_app):
            await sender.command("agora 433")
            [answer] = await fake.wait_for("response_url")
            assert "433" in json.dumps(answer.args["blocks"])
            await sender.event(sender.message(TENCENT_PASTE))
            await fake.wait_for("chat.postMessage")
            await sender.press(_buttons(answer.args["blocks"])[words.FEEDBACK_DOWN], ephemeral=True)
            [_, said] = await fake.wait_for("response_url", 2)  # no vote kept: no modal, and it says so
            assert fake.calls_to("views.open") == [] and "could not be kept" in said.args["text"]
    finally:
        await broken.close()
        await fake.stop()


async def test_payloads_that_are_not_ours_get_200_and_change_nothing(bot, tmp_path):
    slack, store = bot
    odd = json.dumps({"e": [{}, [], 1, None], "fp": "0" * 32})  # unhashable parts of an "entry"
    for value in ("not json", json.dumps({"fp": "short"}), json.dumps({"e": "x", "fp": "0" * 32}), "[]", odd):
        for action_id in (words.FEEDBACK_UP, words.FEEDBACK_DOWN, words.SHARE_ANSWER_ACTION):
            status, _ = await slack.send.press({"action_id": action_id, "value": value})
            assert status == 200
    modal = {"type": "modal", "callback_id": words.FEEDBACK_MODAL, "private_metadata": "{{nope"}
    assert (await slack.send.submit_view(modal, {}))[0] == 200
    modal["private_metadata"] = json.dumps({"id": 1})
    chosen = {"reason": {"reason": {"selected_option": {"value": "free text typed by someone"}}}}
    assert (await slack.send.submit_view(modal, chosen))[0] == 200
    assert (await slack.send.shortcut({"ts": "1.2"}))[0] == 200  # a message without text
    assert (await slack.send.home_search("x" * 5000))[0] == 200
    await slack.fake.settle(1.0)
    assert slack.fake.calls_to("views.open") == [] and slack.fake.calls_to("chat.postMessage") == []
    report = await store.report(TEAM_ID)
    assert report.votes == (0, 0) and b"free text" not in (tmp_path / "errcode.db").read_bytes()
    [publish] = slack.fake.calls_to("views.publish")  # the long search still answered, in the tab
    assert publish.args["view"]["type"] == "home"


async def test_the_original_of_a_home_search_answer_shows_in_the_home_tab(bot, monkeypatch):
    from bot import api, render

    slack, _ = bot
    monkeypatch.delenv("ERRCODE_LANG", raising=False)
    api.install(api.build(""))  # the bundled catalogs: they carry English beside the vendor's Chinese
    slack.fake.locales["UASKER"] = "en-US"
    await slack.send.home_search("agora 433")
    [answer] = await slack.fake.wait_for("views.publish")
    assert "The resource ID has expired." in json.dumps(answer.args["view"])
    original = _buttons(answer.args["view"]["blocks"])[render.ORIGINAL_ACTION]
    await slack.send.press(
        original, channel=None, container={"type": "view", "view_id": "VHOME1"}, response_url=None
    )
    [_, shown] = await slack.fake.wait_for("views.publish", 2)
    assert shown.args["user_id"] == "UASKER" and "resource ID 过期" in json.dumps(
        shown.args["view"], ensure_ascii=False
    )


async def test_errcode_serve_keeps_votes_and_unknown_codes_for_errcode_stats(tmp_path):
    """The real `errcode serve` (Socket Mode): the shortcut answers privately with 👍/👎, a 👎
    opens the modal, and after SIGTERM `errcode stats` reads what was kept (flushed on the way out)."""
    import asyncio

    from testing.fake_slack import APP_TOKEN, BOT_TOKEN, SlackSender

    fake = await FakeSlack().start()
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ERRCODE_", "DATABASE_"))}
    env = {**clean, "ERRCODE_DATA_DIR": str(tmp_path), "ERRCODE_LOG_FORMAT": "json"}
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "serve",
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={
            **env,
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_APP_TOKEN": APP_TOKEN,
            "SLACK_API_URL": fake.api_url,
        },
    )
    try:
        await fake.wait_for("socket.connected", timeout=15)
        message = {"type": "message", "user": "UOTHER", "ts": "1700000200.000100", "text": "zego 1002 again"}
        sender = SlackSender("http://unused", fake)
        try:
            payload = sender.shortcut_payload(message)
        finally:
            await sender.close()
        await fake.push("interactive", payload)
        [private] = await fake.wait_for("response_url", timeout=10)
        down = _buttons(private.args["blocks"])[words.FEEDBACK_DOWN]
        press = {
            "type": "block_actions",
            "team": {"id": TEAM_ID},
            "user": {"id": "UASKER", "team_id": TEAM_ID},
            "trigger_id": "1337.9.abc",
            "response_url": fake.response_url("action"),
            "container": {"type": "message", "is_ephemeral": True, "channel_id": "CELSEWHERE"},
            "channel": {"id": "CELSEWHERE"},
            "actions": [
                {"type": "button", "action_id": down["action_id"], "value": down["value"], "block_id": "b"}
            ],
        }
        await fake.push("interactive", press)
        await fake.wait_for("views.open", timeout=10)
    finally:
        if proc.returncode is None:
            proc.terminate()
        _, err = await asyncio.wait_for(proc.communicate(), 20)
        await fake.stop()
    assert proc.returncode == 0, err.decode(errors="replace")[-2000:]
    out = subprocess.run(
        [sys.executable, "-m", "bot", "stats", "--json"], env=env, capture_output=True, text=True, cwd=ROOT
    )
    [workspace] = json.loads(out.stdout)["workspaces"]
    assert [(c["code"], c["vendor"], c["kind"]) for c in workspace["unknown"]] == [
        ("1002", "zego", "uncovered_vendor")
    ]
    assert workspace["votes"] == {"up": 0, "down": 1}
    assert b"again" not in (tmp_path / "errcode.db").read_bytes()


async def test_the_original_of_a_private_paste_answer_keeps_share_and_feedback(bot, monkeypatch):
    from bot import api, render

    slack, _ = bot
    monkeypatch.delenv("ERRCODE_LANG", raising=False)
    api.install(api.build(""))  # the bundled catalogs: English beside the vendor's Chinese
    slack.fake.locales["UASKER"] = "en-US"
    paste = 'agora cloud recording start failed: {"code": 433, "reason": "resource expired"}'
    await slack.send.shortcut({"type": "message", "user": "UOTHER", "ts": "1700000300.000100", "text": paste})
    [private] = await slack.fake.wait_for("response_url")
    assert "The resource ID has expired." in json.dumps(private.args["blocks"])
    original = _buttons(private.args["blocks"])[render.ORIGINAL_ACTION]
    await slack.send.press(original, channel="CELSEWHERE", ephemeral=True)
    [_, shown] = await slack.fake.wait_for("response_url", 2)
    assert shown.args["replace_original"] is True
    assert "resource ID 过期" in json.dumps(shown.args["blocks"], ensure_ascii=False)
    assert {words.SHARE_ANSWER_ACTION, words.FEEDBACK_UP, words.FEEDBACK_DOWN} <= set(
        _buttons(shown.args["blocks"])
    )
