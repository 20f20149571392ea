"""fallback_text views only the matches it says (the best one of a lookup, the first shown of each
finding): what it says is the same, char for char, as from the answer's whole view."""

from __future__ import annotations

from bot import api, render
from bot.render.mrkdwn import NOTIFY_MAX, clip, escape, without_addresses
from bot.render.view import explain_view, lookup_view

PASTES = [
    '{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":"bad sig"},"RequestId":"r-1"}}',
    "[TencentCloudSDKException] code:RequestLimitExceeded message:请求的次数超过了频率限制。 requestId:1",
    '{"code":404,"msg":"not found","requestId":"1"} from netease im',
    "livekit error 401 unauthorized",
    "agora error 99999",
    "error 1001 from agora and 433",
    "code=1 code=2 code=3 code=4 code=5 code=6 404 433",
    "nothing to see here",
]


def reference_fallback(result, lang=None) -> str:  # what fallback_text said from the whole view
    if hasattr(result, "findings"):
        view = explain_view(result, lang)
        ms = [f.matches[0] for f in view.findings if f.matches]
        why = [f"{f.code}: {f.details[0]}" for f in view.findings if not f.matches and f.says_why and f.details]
        if not ms and why:
            return clip(escape("; ".join(why)), NOTIFY_MAX)
    else:
        view = lookup_view(result, lang)
        ms = view.matches[:1]
        if not ms:
            return clip(escape(view.word("notify_none", q=view.query)), NOTIFY_MAX)
    said = "; ".join(f"{m.vendor} {m.title}: {m.meaning}" for m in ms) or "errcode"
    return escape(clip(without_addresses(said), NOTIFY_MAX))


def test_lookup_fallback_is_what_the_whole_view_says():
    queries = ["433", "agora 433", "netease 404", "nosuchcode123", "404"]
    for catalog in api.knowledge().loaded.catalogs:
        queries += [str(e.code) for e in list(catalog.entries)[:15]]
    assert len(queries) > 50
    for query in queries:
        for lang in ("en", "zh"):
            result = api.lookup_result(query, lang=lang, limit=20)
            assert render.fallback_text(result, lang) == reference_fallback(result, lang), (query, lang)


def test_explain_fallback_is_what_the_whole_view_says():
    said = set()
    for paste in PASTES:
        for lang in ("en", "zh"):
            result = api.explain_result(paste, lang=lang)
            text = render.fallback_text(result, lang)
            assert text == reference_fallback(result, lang), (paste, lang)
            said.add(text)
    assert len(said) > 4  # the pastes say different things
