"""Text echoed back to Slack (the asker's query or paste, a vendor's or a team catalog's words)
can't spoof or restyle the answer: right-to-left overrides and zero-width characters are
stripped, the asker's *bold* / _italic_ / ~strike~ / `code` marks don't format, and bare URLs or
domains don't turn into links."""

from __future__ import annotations

import json
import re

from bot import render
from testing.fake_slack import SlackHarness
from tests.hardening.test_hostile import _rendered

INVISIBLE = "\u202e\u202d\u2066\u2067\u2068\u2069\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u061c"
HOSTILE = (
    "\u202eevil\u202c *bold* _italic_ ~strike~ `tick` zero\u200bwidth "
    "http://evil.example.com/login https://x.io www.phish.net login.evil-corp.com mail@evil.org"
)
FORMATTED = ("*bold*", "_italic_", "~strike~", "`tick`")
LINKY = ("http://", "https://", "www.phish", "evil.example.com", "x.io", "phish.net", "evil-corp.com", "evil.org")


def _without_catalog_links(text: str) -> str:
    """errcode's own link to a loaded catalog's reviewed source page (`<url|title>`): its label stays."""
    from bot import api

    urls = {c.url for c in api.knowledge().loaded.catalogs if c.url}
    return re.sub(r"<(https?://[^|>]+)\|([^>]*)>", lambda m: m.group(2) if m.group(1) in urls else m.group(0), text)


def _assert_neutral(texts: list[str], *, own: str = "") -> None:
    for text in map(_without_catalog_links, texts):
        assert not any(c in text for c in INVISIBLE), repr(text[:200])
        for mark in (*FORMATTED, *LINKY):
            assert mark not in text, f"{mark!r} would render in {text[:300]!r}"


async def test_a_hostile_query_is_echoed_neutral(slack: SlackHarness):
    assert (await slack.send.command(HOSTILE))[0] == 200
    [call] = await slack.fake.wait_for("response_url")
    texts = _rendered(call.args)
    _assert_neutral(texts)
    shown = json.dumps(texts, ensure_ascii=False)
    assert "bold" in shown and "italic" in shown and "evil" in shown  # still readable, just inert


async def test_a_hostile_paste_message_is_echoed_neutral(slack: SlackHarness):
    paste = json.dumps(
        {"Response": {"Error": {"Code": "AuthFailure.SignatureFailure", "Message": HOSTILE}, "RequestId": "r-1"}}
    )
    assert (await slack.send.event(slack.send.message(paste, channel="DPASTE")))[0] == 200
    [call] = await slack.fake.wait_for("chat.postMessage")
    texts = _rendered(call.args)
    _assert_neutral(texts)
    assert "AuthFailure.SignatureFailure" in json.dumps(texts)  # codes stay as they are


def test_vendor_and_team_catalog_words_are_shown_neutral_and_the_bots_own_marks_stay():
    match = {
        "catalog": "team-x",
        "vendor": "acme",
        "product": "Gate\u202e",
        "code": "Connect_Failed",
        "name": "ERR_CONNECT_FAILED",
        "kind": "error",
        "meaning": HOSTILE,
        "handling": "See www.phish.net or *retry*",
        "score": 100,
        "source": "wiki",
    }
    result = {"query": "Connect_Failed", "matches": [match], "lang": "en"}
    blocks = render.lookup_blocks(result, "en")
    texts = _rendered({"text": render.fallback_text(result, "en"), "blocks": blocks})
    _assert_neutral(texts)
    joined = "\n".join(texts)
    assert "Connect_Failed" in joined and "ERR_CONNECT_FAILED" in joined  # underscores inside words stay
    assert "*" in joined  # errcode's own bold labels are still there


def test_escape_is_the_one_function_and_keeps_plain_words():
    assert render.escape("AuthFailure.SignatureFailure") == "AuthFailure.SignatureFailure"
    assert render.escape("invalid appid 433 签名过期") == "invalid appid 433 签名过期"
    assert render.escape("a < b & c > d") == "a &lt; b &amp; c &gt; d"
    assert render.escape("Connect_Failed") == "Connect_Failed"
    for hostile in (HOSTILE, "*x*", "_x_", "~x~", "`x`", "https://a.b", "evil.com"):
        _assert_neutral([render.escape(hostile)])
