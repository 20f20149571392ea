"""What the drawing keeps per entry (its view, its section, its notification text, a vendor's source
line) changes nothing drawn: an answer drawn with those tables warm is the one drawn with them
empty, an entry whose text changed is drawn anew, and the tables stay bounded."""

from __future__ import annotations

import dataclasses

import pytest

from bot import api, render
from bot.render import blocks, notify, view
from bot.render.blocks import SHOWN, SHOWN_ALL

QUERIES = ["agora 433", "433", "404", "netease 404", "InvalidParameter", "AuthFailure.SignatureExpire",
           "签名过期", "tencent 1001", "no such thing 99999", "volcengine 403"]
PASTES = ['{"code": 433, "reason": "resource expired"} agora cloud recording',
          "tencent AuthFailure.SignatureExpire RequestId: 1b2c", "HTTP 404 from netease im", "error 1001 and 433"]


def cold() -> None:
    view._views.clear()
    view._last = (None, None, None)
    blocks._parts.clear()
    blocks._labels_shown.clear()
    notify._said.clear()


def drawings() -> list:
    out = []
    for lang in ("en", "zh"):
        for query in QUERIES:
            result = api.lookup_result(query, lang=lang, limit=SHOWN_ALL)
            out.append(render.lookup_blocks(result, lang, share=bool(result.matches), shown=SHOWN))
            out.append(render.lookup_blocks(result, lang, shown=None, shared_by="U1"))
            out.append(render.fallback_text(result, lang))
        for paste in PASTES:
            result = api.explain_result(paste, lang=lang)
            out.append(render.explain_blocks(result, lang))
            out.append(render.fallback_text(result, lang))
    return out


def test_drawn_with_the_tables_warm_as_with_them_empty():
    cold()
    first = drawings()
    assert view._views and blocks._parts and notify._said  # kept for the next answers
    assert drawings() == first  # every part found in the tables now
    cold()
    assert drawings() == first


@pytest.mark.parametrize("field,value", [("meaning", "A new meaning."), ("handling", "Try again."),
                                         ("product", "Another product"), ("url", None), ("title", "Another page")])
def test_an_entry_whose_text_changed_is_drawn_anew(field, value):
    result = api.lookup_result("agora 433", lang="en", limit=SHOWN_ALL)
    before = render.lookup_blocks(result, "en"), render.fallback_text(result, "en")  # its parts kept
    changed = dataclasses.replace(result, matches=(dataclasses.replace(result.matches[0], **{field: value}),))
    drawn = render.lookup_blocks(changed, "en"), render.fallback_text(changed, "en")
    cold()
    assert drawn == (render.lookup_blocks(changed, "en"), render.fallback_text(changed, "en"))
    assert drawn[0] != before[0]
    if field == "meaning":  # what the notification says of an entry
        assert drawn[1] != before[1] and "A new meaning." in drawn[1]


def test_the_tables_are_bounded(monkeypatch):
    monkeypatch.setattr(view, "VIEWS_MAX", 8)
    monkeypatch.setattr(blocks, "DRAWN_PARTS_MAX", 8)
    monkeypatch.setattr(notify, "SAID_MAX", 8)
    result = api.lookup_result("agora 433", lang="en", limit=SHOWN_ALL)
    for n in range(40):  # 40 scores: 40 views of one entry
        scored = dataclasses.replace(result, matches=(dataclasses.replace(result.matches[0], score=float(n)),))
        render.lookup_blocks(scored, "en")
        render.fallback_text(scored, "en")
    assert len(view._views) <= 8 and len(blocks._parts) <= 8 and len(notify._said) <= 8
