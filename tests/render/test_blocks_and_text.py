"""bot.render: the one renderer for the CLI and Slack (Block Kit within Slack's limits)."""

from __future__ import annotations

import json

from bot import render


def _match(code="433", vendor="agora", **extra) -> dict:
    base = {
        "catalog": f"{vendor}-catalog",
        "vendor": vendor,
        "code": code,
        "name": None,
        "kind": "error",
        "meaning": "resource ID 过期",
        "handling": "请重新调用 acquire 获取新的 resource ID。",
        "score": 100.0,
        "product": "Cloud Recording RESTful API",
        "source": "003_99bad857a9c8db4a.txt",
        "title": "云端录制 RESTful API 常见错误码和状态码",
        "url": "https://docs.agora.io/cn/cloud-recording/common_errors",
    }
    base.update(extra)
    return base


def test_cli_text_and_slack_blocks_show_the_same_content():
    result = {
        "query": "433",
        "matches": [_match(name="RESOURCE_EXPIRED", context="在 start 时", note="文档原文如此")],
    }
    text = render.lookup_text(result)
    blocks = json.dumps(render.lookup_blocks(result), ensure_ascii=False)
    for part in (
        "Agora",
        "Cloud Recording RESTful API",
        "433",
        "RESOURCE_EXPIRED",
        "resource ID 过期",
        "请重新调用 acquire 获取新的 resource ID。",
        "在 start 时",
        "云端录制 RESTful API 常见错误码和状态码",
        "https://docs.agora.io/cn/cloud-recording/common_errors",
    ):
        assert part in text and part in blocks, part
    # the catalog's file name and the reviewers' note are not for the person debugging
    for hidden in ("003_99bad857a9c8db4a.txt", "文档原文如此"):
        assert hidden not in text and hidden not in blocks, hidden
    assert "文档原文如此" in render.lookup_text(result, verbose=True)  # --verbose shows it


def test_user_text_is_escaped_in_blocks():
    result = {"query": "<!here> <@U1> a&b", "matches": []}
    blocks = json.dumps(render.lookup_blocks(result))
    assert "<!here>" not in blocks and "<@U1>" not in blocks
    assert "&lt;!here&gt;" in blocks and "a&amp;b" in blocks


def test_no_match_offers_did_you_mean_from_the_search_suggestions():
    result = {
        "query": "SignatureExpir",
        "matches": [],
        "suggestions": ["AuthFailure.SignatureExpire", {"vendor": "agora", "code": "433"}],
    }
    blocks = json.dumps(render.lookup_blocks(result), ensure_ascii=False)
    assert "Did you mean AuthFailure.SignatureExpire, agora 433?" in blocks
    assert '"q\\":\\"agora 433' in blocks  # and each suggestion is a button that looks it up
    assert "Did you mean AuthFailure.SignatureExpire, agora 433?" in render.lookup_text(result)


def test_many_and_long_matches_stay_within_slack_limits():
    huge = "很长的说明" * 2000
    matches = [
        _match(code=str(i), vendor=v, meaning=huge, handling=huge)
        for i in range(40)
        for v in ("agora", "netease")
    ]
    blocks = render.lookup_blocks({"query": "x" * 5000, "matches": matches}, share=True)
    assert len(blocks) <= 50
    assert blocks[-1]["type"] == "actions"  # the Share button survives the cut
    assert len(blocks[-1]["elements"][0]["value"]) <= 2000
    for block in blocks:
        text = block.get("text", {}).get("text", "")
        assert len(text) <= (150 if block["type"] == "header" else 3000)


def test_share_value_round_trips_and_is_capped():
    from bot.slack.answers import share_request

    assert share_request(render.share_value("agora 433", "zh")) == ("agora 433", "zh")
    value = render.share_value("签" * 5000, None)
    assert len(value) <= 2000 and share_request(value)[0].startswith("签")


def test_explain_blocks_show_each_finding_and_cap_the_count():
    findings = [
        {
            "code": str(i),
            "vendor": "agora",
            "message": "boom <!channel>",
            "request_id": "req-1",
            "matches": [_match(code=str(i))],
        }
        for i in range(12)
    ]
    blocks = render.explain_blocks({"findings": findings})
    text = json.dumps(blocks, ensure_ascii=False)
    assert "Found `0`" in text and "req-1" in text and "<!channel>" not in text
    assert [b["text"]["text"] for b in blocks if b["type"] == "header"] == ["Agora · Cloud Recording RESTful API"]
    assert "…and 7 more errors in the text." in text
    assert len(blocks) <= 50
    assert "0 (Agora)" in render.explain_text({"findings": findings}) and "11 (Agora)" in render.explain_text(
        {"findings": findings}
    )


def test_chinese_answers_speak_chinese_around_the_entries():
    result = {"query": "404", "matches": [_match(code="404"), _match(code="404", vendor="netease")]}
    blocks = json.dumps(render.lookup_blocks(result, "zh", share=True), ensure_ascii=False)
    assert "含义" in blocks and "处理方法" in blocks and "分享到频道" in blocks
    headers = [b["text"]["text"] for b in render.lookup_blocks(result, "zh") if b["type"] == "header"]
    assert headers == ["声网 · Cloud Recording RESTful API", "网易云信 · Cloud Recording RESTful API"]
    assert "声网" in blocks and "网易云信" in blocks
    assert "目录里没有" in render.lookup_text({"query": "x", "matches": []}, "zh")
