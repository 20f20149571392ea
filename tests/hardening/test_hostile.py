"""Hostile input: anything at all pasted or typed, bodies no Slack sends, forged/replayed/stale
requests, and Slack markup that must never come back as a ping.

What already covered this before (not repeated here): tests/payload/test_robust.py fuzzes
bot.payload.explain (arbitrary text, JSON-ish noise, 1 MB, 10,000-deep nesting, binary, invalid
UTF-8); tests/search/test_lookup.py fuzzes SearchIndex.lookup (300 chars); tests/slack/test_http.py: a
bad signature, a tampered body, a 10-minute-old timestamp; tests/slack/test_commands.py:
`<!channel> <@U0BOSS>` in a command's blocks; tests/slack/test_events.py: a 45,000-character
paste, a retried event. Here: the public bot.api functions with every argument, the whole
server, the fallback `text` as well as the blocks, every surface and every kind of markup.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import time
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import api
from testing.fake_slack import SIGNING_SECRET, SlackHarness

BOUND_S = 2.0  # generous: lookups take milliseconds; this catches a hang or something quadratic
MARKUP = [
    "<!channel>",
    "<!here>",
    "<!everyone>",
    "<!subteam^S0TEAM>",
    "<@U123>",
    "<@W0BOSS|boss>",
    "<#C1|x>",
    "<https://x.example|y>",
    "<!date^1392734382^{date}|x>",
]
# What Slack would turn into a ping, a channel link or a disguised link, if it reached mrkdwn raw.
RAW_MARKUP = re.compile(r"<[!@#][^<>]*>|<(?:https?|mailto):[^<>]*>")


# ------------------------------------------------------------------ bot.api, fuzzed

HOSTILE_TEXT = st.one_of(
    st.text(max_size=4000),
    st.lists(
        st.sampled_from(
            MARKUP + ["433", "agora", "签名过期", "lang:zh", "&lt;", "&amp;", "\x00", "\u202e", "```"]
        )
        | st.text(max_size=20),
        max_size=200,
    ).map(" ".join),
)
LANGS = st.sampled_from([None, "en", "zh", "xx", ""])
LOCALES = st.sampled_from([None, "zh-CN", "en-US", "ja-JP", "garbage", ""])
FUZZ = settings(max_examples=120, deadline=int(BOUND_S * 1000), suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module", autouse=True)
def bundled():
    api.install(None)
    api.knowledge()  # load once, outside the timed examples
    yield


def _timed(fn, *args, **kwargs):
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    took = time.perf_counter() - started
    assert took < BOUND_S, f"{took:.2f} s"
    json.dumps(result, ensure_ascii=False)  # plain data all the way down
    return result


@FUZZ
@given(HOSTILE_TEXT, LANGS, LOCALES, st.integers(min_value=-3, max_value=60))
def test_lookup_never_raises_and_is_bounded(query, language, locale, limit):
    result = _timed(api.lookup, query, limit=limit, lang=language, locale=locale)
    assert isinstance(result["matches"], list) and len(result["matches"]) <= max(limit, 0) + 50
    assert result["lang"] in ("en", "zh")
    for match in result["matches"]:
        assert 0 <= match["score"] <= 100


@FUZZ
@given(HOSTILE_TEXT, LANGS, LOCALES)
def test_explain_never_raises_and_is_bounded(text, language, locale):
    result = _timed(api.explain, text, lang=language, locale=locale)
    assert isinstance(result["findings"], list)
    assert result["lang"] in ("en", "zh")


@settings(max_examples=40, deadline=int(BOUND_S * 1000))
@given(st.binary(max_size=4000))
def test_explain_takes_bytes_that_are_not_utf8(raw):
    result = _timed(api.explain, raw)
    assert isinstance(result["findings"], list)


# ------------------------------------------------------------------ what the bot posts


def _rendered(args: dict) -> list[str]:
    """Every string Slack renders from a posted message: `text`, and each text object in blocks
    (button values and action ids are data, never shown)."""
    out = [args.get("text") or ""]

    def walk(node) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("text", "alt_text", "fallback", "title") and isinstance(value, str):
                    out.append(value)
                elif key not in ("value", "action_id", "block_id", "url"):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(args.get("blocks") or [])
    return out


def _catalog_link(markup: str) -> bool:
    """The bot's own link to a catalog's source document (`<https://docs…|title>`)."""
    urls = {c.url for c in api.knowledge().loaded.catalogs if c.url}
    return markup.startswith("<http") and markup[1:].split("|", 1)[0] in urls


def assert_no_raw_markup(args: dict, allowed: tuple[str, ...] = ()) -> None:
    """`allowed`: the bot's own markup (naming who pressed Share), never the user's text."""
    for text in _rendered(args):
        found = [m for m in RAW_MARKUP.findall(text) if m not in allowed and not _catalog_link(m)]
        assert not found, f"raw Slack markup would render: {found} in {text[:300]!r}"


ALL_MARKUP = " ".join(MARKUP)
SLACK_ESCAPED = ALL_MARKUP.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


async def test_markup_in_a_command_is_never_echoed_raw(slack: SlackHarness):
    queries = [
        f"{ALL_MARKUP} 433",  # raw (a client that does not escape)
        f"{SLACK_ESCAPED} 433",  # as Slack sends it
        ALL_MARKUP,  # no match: the "nothing found" line quotes the query
        f"agora {SLACK_ESCAPED}",
    ]
    for n, query in enumerate(queries, 1):
        assert (await slack.send.command(query))[0] == 200
        call = (await slack.fake.wait_for("response_url", n))[-1]
        assert_no_raw_markup(call.args)
        assert "&lt;!channel&gt;" in json.dumps(call.args, ensure_ascii=False) or n in (1, 2, 4)


async def test_markup_in_messages_pastes_and_mentions_is_never_echoed_raw(slack: SlackHarness):
    from testing.fake_slack import BOT_USER_ID

    paste = json.dumps(
        {
            "Response": {
                "Error": {"Code": "AuthFailure.SignatureFailure", "Message": ALL_MARKUP},
                "RequestId": "r",
            }
        }
    )
    events = [
        slack.send.message(f"{SLACK_ESCAPED} 433", channel="DHOSTILE"),  # a direct message
        slack.send.message(paste.replace("<", "&lt;").replace(">", "&gt;"), channel="CHOSTILE"),
        slack.send.message(f"<@{BOT_USER_ID}> {SLACK_ESCAPED} agora 433", channel="CHOSTILE2"),
        slack.send.message(f"{ALL_MARKUP} `AuthFailure.SignatureFailure`", channel="DHOSTILE2"),
    ]
    events[2] = {**events[2], "type": "app_mention"}
    for event in events:
        assert (await slack.send.event(event))[0] == 200
    calls = await slack.fake.wait_for("chat.postMessage", len(events))
    await slack.fake.settle()
    assert len(slack.fake.calls_to("chat.postMessage")) == len(events)
    for call in calls:
        assert_no_raw_markup(call.args)


async def test_markup_survives_the_share_button_escaped(slack: SlackHarness):
    await slack.send.command(f"{SLACK_ESCAPED} agora 433")
    [private] = await slack.fake.wait_for("response_url")
    values = [
        e["value"]
        for b in private.args["blocks"]
        for e in b.get("elements") or []
        if e.get("action_id") == "errcode_share"
    ]
    assert values, "the answer has a Share button"
    await slack.send.action(values[0])
    calls = await slack.fake.wait_for("response_url", 2)
    shared = [c for c in calls if c.args.get("response_type") == "in_channel"]
    assert shared
    assert_no_raw_markup(shared[0].args, allowed=("<@UASKER>",))  # "<@UASKER> shared ..."
    assert "&lt;!channel&gt;" in json.dumps(shared[0].args)


# ------------------------------------------------------------------ Slack's limits


@pytest.mark.parametrize("size", [4_000, 40_000])
async def test_command_text_at_slacks_limits(slack: SlackHarness, size: int):
    # Slack documents no separate cap for a slash command's text; its message limit is 40,000.
    unit = f"agora 433 {SLACK_ESCAPED} 签名过期 \x00\u202e "
    text = (unit * (size // len(unit) + 1))[:size]
    started = time.monotonic()
    status, _ = await slack.send.command(text)
    assert status == 200 and time.monotonic() - started < 3
    [call] = await slack.fake.wait_for("response_url", timeout=5)
    assert_no_raw_markup(call.args)
    blocks = call.args["blocks"]
    assert len(blocks) <= 50
    for block in blocks:
        section = (block.get("text") or {}).get("text") or ""
        assert len(section) <= 3000
    assert len(call.args["text"]) <= 40_000


async def test_a_40000_character_message_full_of_markup_and_control_characters(slack: SlackHarness):
    unit = json.dumps({"code": 433, "msg": SLACK_ESCAPED}) + " \x00\x1b[31m\u202e\ufffd "
    text = (unit * (40_000 // len(unit) + 1))[:40_000]
    started = time.monotonic()
    status, _ = await slack.send.event(slack.send.message(text, channel="DHUGE"))
    assert status == 200 and time.monotonic() - started < 3
    [call] = await slack.fake.wait_for("chat.postMessage", timeout=10)
    assert_no_raw_markup(call.args)


# ------------------------------------------------------------------ bodies no Slack sends


def _sign(body: bytes, timestamp: str) -> str:
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(SIGNING_SECRET.encode(), base, hashlib.sha256).hexdigest()


async def _post_raw(slack: SlackHarness, body: bytes, content_type: str, headers: dict | None = None):
    ts = str(int(time.time()))
    all_headers = {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": _sign(body, ts),
        **(headers or {}),
    }
    async with slack.send.session.post(
        slack.base_url + "/slack/events", data=body, headers=all_headers
    ) as resp:
        return resp.status, await resp.text()


async def _healthy(slack: SlackHarness) -> bool:
    async with slack.send.session.get(slack.base_url + "/healthz") as resp:
        return resp.status == 200


UNREADABLE = {
    "invalid UTF-8 in JSON": lambda s: (
        s.send.event_body(s.send.message("433")).encode().replace(b"433", b"\xff\xfe433")
    ),
    "invalid UTF-8 in a form": lambda s: urlencode(s.send.command_form("433")).encode() + b"&x=\xff\xfe",
    "100,000-deep JSON": lambda s: (
        b'{"type":"event_callback","event":' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    ),
    "broken JSON": lambda s: b'{"type": "event_callback", "event": {"text": "433"',
    "JSON that is a list": lambda s: b"[1, 2, 3]",
    "JSON null": lambda s: b"null",
    "a form whose payload is not JSON": lambda s: b"payload=%7Bnot+json",
}


@pytest.mark.parametrize("name", list(UNREADABLE))
async def test_unreadable_bodies_get_400_and_nothing_posted(slack: SlackHarness, name: str):
    body = UNREADABLE[name](slack)
    content_type = "application/x-www-form-urlencoded" if "form" in name else "application/json"
    status, _ = await _post_raw(slack, body, content_type)
    assert status == 400
    await slack.fake.settle(0.2)
    assert [c.method for c in slack.fake.calls if c.method != "auth.test"] == []
    assert await _healthy(slack)


async def test_a_body_over_2_mb_is_refused_413(slack: SlackHarness):
    status, _ = await _post_raw(slack, b'{"a":"' + b"x" * 3_000_000 + b'"}', "application/json")
    assert status == 413
    assert await _healthy(slack)


async def test_invalid_utf8_and_control_characters_inside_text_are_answered(slack: SlackHarness):
    # What a client can put in JSON: lone surrogates, NUL, escapes, bidi overrides.
    body = slack.send.event_body(slack.send.message("x", channel="DCTRL"))
    body = body.replace(
        '"text": "x"', '"text": "\\ud800\\u0000\\u001b[31m AuthFailure.SignatureFailure \\u202e\\udfff"'
    )
    status, _ = await _post_raw(slack, body.encode(), "application/json")
    assert status == 200
    [call] = await slack.fake.wait_for("chat.postMessage")
    assert "AuthFailure.SignatureFailure" in json.dumps(call.args)
    status, _ = await slack.send.command("433 \x00\x07\x1b[0m \ufffd\U0001f4a5")
    assert status == 200
    await slack.fake.wait_for("response_url")


# ------------------------------------------------------------------ forged, replayed, stale


async def test_forged_requests_get_401_and_nothing_posted(slack: SlackHarness):
    form = urlencode(slack.send.command_form("433"))
    now = int(time.time())
    right = _sign(form.encode(), str(now))
    forged = [
        {},  # no signature headers at all
        {"X-Slack-Request-Timestamp": str(now)},  # no signature
        {"X-Slack-Request-Timestamp": str(now), "X-Slack-Signature": right.replace("v0=", "v1=")},
        {"X-Slack-Request-Timestamp": str(now), "X-Slack-Signature": "v0=" + "0" * 64},
        {"X-Slack-Request-Timestamp": str(now + 1), "X-Slack-Signature": right},  # signed for another time
        {
            "X-Slack-Request-Timestamp": str(now + 600),
            "X-Slack-Signature": _sign(form.encode(), str(now + 600)),
        },
        {"X-Slack-Request-Timestamp": "soon", "X-Slack-Signature": right},
    ]
    for headers in forged:
        async with slack.send.session.post(
            slack.base_url + "/slack/events",
            data=form.encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded", **headers},
        ) as resp:
            assert resp.status == 401, headers
    await slack.fake.settle()
    assert slack.fake.calls == []
    assert await _healthy(slack)


async def test_replayed_requests_are_answered_once(slack: SlackHarness):
    # A captured request sent again while its signature is still valid (< 5 minutes).
    form = urlencode(slack.send.command_form("agora 433"))
    event_body = slack.send.event_body(slack.send.message("AuthFailure.SignatureFailure", channel="DREPLAY"))
    for _ in range(3):
        assert (await slack.send.post(form, "application/x-www-form-urlencoded"))[0] == 200
        assert (await slack.send.post(event_body, "application/json"))[0] == 200
    await slack.fake.wait_for("response_url")
    await slack.fake.wait_for("chat.postMessage")
    await slack.fake.settle(0.5)
    assert len(slack.fake.calls_to("response_url")) == 1
    assert len(slack.fake.calls_to("chat.postMessage")) == 1
    # ... and after those 5 minutes the same request is stale: 401.
    stale = int(time.time()) - 6 * 60
    assert (await slack.send.post(form, "application/x-www-form-urlencoded", timestamp=stale))[0] == 401
