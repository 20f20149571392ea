"""escape(), with_links(), host() and readable() skip work a text can't need (no regex on a text
without the characters it looks for, a url's host remembered): the output is the same, char for
char, as the straightforward version's on every text of the bundled catalogs and on the tricky ones."""

from __future__ import annotations

import dataclasses
import re
from urllib.parse import quote, urlsplit

import pytest

from bot import api
from bot.render import mrkdwn, view

# The straightforward versions (what mrkdwn.py did before its fast paths), kept as the reference.
_INVISIBLE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_MARKS = str.maketrans({"*": "\u2217", "~": "\u223c", "`": "\u02cb"})
_EDGE_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
_SCHEME = re.compile(r"(?i)\b([a-z][a-z0-9+.-]{1,15}):(?=//)")
_WWW = re.compile(r"(?i)\bwww\.")
_DOMAIN = re.compile(
    r"(?i)\b((?:[a-z0-9-]+\.)+)(com|net|org|io|co|me|ai|app|dev|info|biz|xyz|cn|ru|uk|de|jp|us|ly|gl|sh|to|cc|tv"
    r"|gov|edu|online|site|top|link|click|zip|mov|page|cloud|tech|so)\b"
)


def reference_escape(text: str, *, links: bool = False) -> str:
    text = _INVISIBLE.sub("", text)
    text = text.translate(_MARKS)
    text = _EDGE_UNDERSCORE.sub("\uff3f", text)
    if not links:
        text = _SCHEME.sub(lambda m: m.group(1).replace("t", "x", 2) + "[:]", text)
        text = _WWW.sub(lambda m: m.group(0)[:3] + "[.]", text)
        text = _DOMAIN.sub(lambda m: m.group(1).replace(".", "[.]") + m.group(2), text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def reference_host(url):
    return urlsplit(url).hostname if url and url.startswith(("http://", "https://")) else None


def reference_with_links(text, own_host=None):
    if not own_host:
        return reference_escape(text)
    out, last = [], 0
    for found in mrkdwn._URL.finditer(text):
        shown = found.group(0)
        if reference_host(shown) != own_host:
            continue
        out.append(reference_escape(text[last : found.start()]))
        raw = quote(shown, safe="/:?#[]@!$&'()*+,;=%~-._")
        out.append(mrkdwn.link(raw, mrkdwn.short_address(shown)))
        last = found.end()
    out.append(reference_escape(text[last:]))
    return "".join(out)


def reference_readable(text):
    return view._URL.sub(lambda m: view._iri(m.group(0)), text) if text else text


TRICKY = [
    "",
    "plain 433",
    "AuthFailure.SignatureExpire",
    "ERR_TIMEOUT and _edge_ and a_b",
    "*bold* ~strike~ `code` _it_",
    "<!channel> <@U123> a & b > c",
    "visit www.evil.com or WWW.Evil.Org now",
    "HTTP://x.y/z and ftp://host and javascript://x",
    "see docs.agora.io/cn and a.b.c.tech, not a.b",
    "zero\u200bwidth \u202eoverride\u202c soft\u00adhyphen \ufeffbom",
    "中文 错误码 433：请重新调用 acquire。https://docs.agora.io/cn/x#开通",
    "https://doc.shengwang.cn/%E5%BC%80%E9%80%9A?x=1 (https://other.example.com/a)",
    "tab\tand\nnewline_ _",
    "example.COM. Example.net, x.io!",
    "://  :// a:// ab://c",
]


def _catalog_texts() -> list[str]:
    texts = []
    for catalog in api.knowledge().loaded.catalogs:
        for entry in catalog.entries:
            for field in ("code", "name", "meaning", "handling", "context", "title", "url", "product"):
                value = getattr(entry, field, None)
                if isinstance(value, str) and value:
                    texts.append(value)
    return texts


@pytest.fixture(scope="module")
def texts() -> list[str]:
    found = _catalog_texts()
    assert len(found) > 500  # the bundled catalogs were read
    return found + TRICKY


def test_escape_is_the_same_with_its_fast_paths(texts):
    for text in texts:
        assert mrkdwn.escape(text) == reference_escape(text), text
        assert mrkdwn.escape(text, links=True) == reference_escape(text, links=True), text


def test_with_links_host_and_readable_are_the_same_with_their_fast_paths(texts):
    hosts = [None, "docs.agora.io", "doc.shengwang.cn", "other.example.com"]
    for text in texts:
        assert mrkdwn.host(text) == reference_host(text), text
        assert view.readable(text) == reference_readable(text), text
        for own in hosts:
            assert mrkdwn.with_links(text, own) == reference_with_links(text, own), (text, own)


def reference_visible(text: str) -> str:
    return _INVISIBLE.sub("", text)


def reference_without_addresses(text: str) -> str:
    return re.sub(r"\s*\(\s*\)", "", mrkdwn._URL.sub("", text))


def test_visible_and_without_addresses_are_the_same_with_their_fast_paths(texts):
    extra = ["see (https://docs.agora.io/x) now", "empty ( ) parens", "（全角）", "a\u200bb", "(http://x.io)", "()"]
    for text in texts + extra:
        assert mrkdwn.visible(text) == reference_visible(text), text
        assert mrkdwn.without_addresses(text) == reference_without_addresses(text), text


def test_a_match_viewed_again_is_the_same_view():
    result = api.lookup_result("agora 433", lang="en")
    match = result.matches[0]
    first = view.match_view(match, "en")
    assert view.match_view(match, "en") is first  # remembered: the notification text views it again
    assert first == view._match_view(match, "en")  # what a fresh view makes
    other = view.match_view(match, "zh")
    assert other == view._match_view(match, "zh") and other is not first
    assert view.match_view(match.to_dict(), "en") == first  # a dict is read, then viewed the same
    copy = api.lookup_result("agora 433", lang="en").matches[0]
    assert view.match_view(copy, "en") is first  # the same entry in another answer: viewed once
    for field, value in (("score", 1.5), ("meaning", "other"), ("url", None), ("product", "P"), ("lang", "zh")):
        changed = dataclasses.replace(match, **{field: value})  # anything a view shows: viewed afresh
        assert view.match_view(changed, "en") == view._match_view(changed, "en") != first
    for n in range(view.VIEWS_MAX * 2):  # bounded
        view.match_view(dataclasses.replace(match, score=float(n)), "en")
    assert len(view._views) <= view.VIEWS_MAX
