"""What a pasted error's answer shows beyond the entry: HTTP status, parent fallback, serverCode,
and only the revealed vendor's entries — the same in CLI text and in Slack blocks."""

import json

from bot import api, render

VOLC = (
    "HTTP/1.1 400 Bad Request\n"
    '{"ResponseMetadata":{"RequestId":"abc","Error":{"Code":"InvalidParameter.AccountIdMismatch","Message":"bad"}}}'
)
NETEASE = '{"code":11000,"desc":"通道发起失败","name":"ChannelStartFail","serverCode":107}'


def test_fallback_and_http_status_are_said_and_other_vendors_left_out():
    result = api.explain(VOLC, lang="en")
    text = render.explain_text(result)
    assert "HTTP status 400" in text
    assert "InvalidParameter.AccountIdMismatch is not listed; showing its parent code" in text
    assert "Volcengine" in text and "Tencent" not in text  # the payload said whose error it is
    blocks = json.dumps(render.explain_blocks(result), ensure_ascii=False)
    assert "HTTP status 400" in blocks and "not listed" in blocks and "Tencent" not in blocks


def test_netease_server_code_is_resolved_in_both_forms():
    result = api.explain(NETEASE, lang="en")
    assert "serverCode 107: Authentication failed." in render.explain_text(result)
    assert "serverCode 107: Authentication failed." in json.dumps(render.explain_blocks(result))
    zh = render.explain_text(api.explain(NETEASE, lang="zh"))
    assert "serverCode 107：认证失败" in zh


def test_multiline_handling_lines_up_in_cli_text():
    text = render.explain_text(api.explain(VOLC, lang="en"))
    handling = [line for line in text.splitlines() if "Handling:" in line][0]
    following = text.splitlines()[text.splitlines().index(handling) + 1]
    assert following.startswith(" " * handling.index("Adjust")) and "For example" in following
