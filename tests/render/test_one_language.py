"""Every surface in one language: a Chinese answer has no English word of ours, an English one
no Chinese word of ours. Codes, commands, names, vendor and product names and the vendors' own
words (a catalog's meaning, handling, title...) are left out before looking; whatever remains
is errcode's own wording, which must be the answer's language.

The surfaces: CLI lookup (one entry, several vendors, more than shown, no match, an uncovered
vendor), CLI paste, one-line and list output, Block Kit lookups (private and shared), thread
answers, help, usage, the catalogs list, the App Home, greetings, errors, and every sentence
of bot/render/words.py. Block Kit is validated by slack_sdk's models on the way.
"""

from __future__ import annotations

import re
import string

import pytest
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot import api, render
from bot.render import words
from bot.render.view import readable
from bot.vendors import PRODUCTS, VENDORS

LANGS = ("zh", "en")
QUERIES = ("433", "404", "AuthFailure", "SignatureExpir", "99999", "livekit 401", "agora", "62", "rtc-platform 30")
PASTES = (
    '{"code":433,"reason":"resource expired"} agora',
    '{"code":11000,"desc":"通道发起失败","name":"ChannelStartFail","serverCode":107}',
    "HTTP/1.1 400 Bad Request\n"
    '{"ResponseMetadata":{"RequestId":"abc","Error":{"Code":"InvalidParameter.AccountIdMismatch","Message":"bad"}}}',
    "livekit: twirp error 401 unauthenticated",
    "nothing to see here",
)
# Words either language writes as they are: acronyms and proper names of tools and places.
KEPT = {
    "errcode", "slack", "http", "https", "sdk", "api", "id", "json", "url", "rtc", "ctrl", "enter",
    "windows", "lang", "zh", "en", "app", "home", "restful", "openapi", "cli", "log", "sip",
    # names of things the command line's help names: Slack's Socket Mode and Web API, formats, OAuth
    "socket", "mode", "web", "markdown", "mdx", "html", "restructuredtext", "oauth", "sqlalchemy", "team", "sigterm",
}
# The language toggle speaks to the reader of the other language, on purpose.
TOGGLES = {words.word(None, k) for k in ("to_original", "to_english", "to_chinese")}
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
_CODE_SPAN = re.compile(r"`[^`]*`")
_LINK = re.compile(r"<(?:https?://[^|>]+)\|([^>]*)>|<[@#!][^>]*>|https?://\S+")
_COMMAND = re.compile(r"errcode (?:lookup|paste|list|serve|catalogs)\b[^\n，。；）)]*|/errcode [^\s`）)，]+")
_OPTION = re.compile(r"(?<![\w-])--?[a-z][a-z-]*")  # a command-line option, e.g. --limit, -o
_CODE_LIKE = re.compile(r"\b\S*(?:\d|[._/*]|[a-z][A-Z])\S*")


@pytest.fixture(scope="module")
def bundled():
    api.install(api.build(""))
    yield api.knowledge()
    api.install(None)


@pytest.fixture(scope="module")
def quoted(bundled) -> list[str]:
    """The vendors' words and every name, longest first: not errcode's wording."""
    said: set[str] = set()
    for catalog in bundled.loaded.catalogs:
        said.update(filter(None, [catalog.product, catalog.id, *catalog.titles.values()]))
        for e in catalog.entries:
            said.update(filter(None, [e.code, e.name, e.meaning, e.handling, e.context, e.section]))
            for t in e.translations.values():
                said.update(filter(None, [t.meaning, t.handling, t.context]))
    for vendor in VENDORS.values():
        said.update([vendor.display, vendor.display_zh, vendor.id])
    for _, product in PRODUCTS.values():
        said.update([product.display, product.display_zh])
    said.update([readable(x) for x in said])  # addresses are shown decoded
    said = {" ".join(x.split()) for x in said}
    return sorted(said, key=len, reverse=True)


def ours(text: str, quoted: list[str], asked: str | tuple = "") -> str:
    """The text without the vendors' words, names, code spans, links and codes: errcode's own words."""
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")  # Slack's escaping undone
    # escape() shows a vendor's own marks as look-alikes and its bare addresses defanged: undone here
    text = text.translate(str.maketrans({"\u2217": "*", "\u223c": "~", "\u02cb": "`", "\uff3f": "_"}))
    text = text.replace("[:]", ":").replace("[.]", ".").replace("hxxp", "http")
    text = " ".join(text.split())  # the CLI indents a long text's lines: compare words, not layout
    text = _LINK.sub(lambda m: m.group(1) or " ", text)
    text = _COMMAND.sub(" ", text)
    for part in quoted + sorted((" ".join(a.split()) for a in (asked if isinstance(asked, tuple) else [asked])), key=len, reverse=True):
        if part and part in text:
            text = text.replace(part, " ")
    for toggle in TOGGLES:
        text = text.replace(toggle, " ")
    return _CODE_LIKE.sub(" ", _OPTION.sub(" ", _CODE_SPAN.sub(" ", text)))


def wrong_words(text: str, lang: str, quoted: list[str], asked: str | tuple = "") -> list[str]:
    left = ours(text, quoted, asked)
    if lang == "zh":
        found = re.findall(r"[A-Za-z]{2,}", left)
        return [w for w in found if w.lower() not in KEPT and not (w.isupper() and len(w) <= 5)]
    return _CJK.findall(left)


def block_texts(blocks: list[dict]) -> list[str]:
    """The text Slack shows of each block (button values and ids are data), validated on the way."""
    out = []
    for block in blocks:
        Block.parse(block).validate_json()  # slack_sdk's own check of a block Slack would refuse
        out.extend(_texts(block))
    return out


def _texts(node) -> list[str]:
    if isinstance(node, dict):
        found = []
        for key, value in node.items():
            if key == "text" and isinstance(value, str):
                found.append(value)
            elif key not in ("value", "action_id", "block_id", "url"):
                found.extend(_texts(value))
        return found
    if isinstance(node, list):
        return [t for item in node for t in _texts(item)]
    return []


def surfaces(lang: str, bundled) -> list[tuple[str, str, str]]:
    """(surface, asked, text) for every surface in `lang`."""
    out: list[tuple[str, str, str]] = []
    lines = render.catalog_lines(bundled.loaded.catalogs, lang)
    for q in QUERIES:
        result = api.lookup(q, lang=lang, limit=20)
        out.append((f"cli lookup {q}", q, render.lookup_text(result, lang, shown=5, verbose=False)))
        out.append((f"cli oneline {q}", q, render.oneline_text(result, lang)))
        private = render.lookup_blocks(result, lang, share=True)
        out += [(f"blocks {q}", q, t) for t in block_texts(private)]
        out += [(f"shared {q}", q, t) for t in block_texts(render.lookup_blocks(result, lang, shared_by="U1"))]
        out.append((f"notification {q}", q, render.fallback_text(result, lang)))
    for text in PASTES:
        result = api.explain(text, lang=lang)
        # the asker's own text, and what the payload said (its message, its request id)
        paste = (text, *(str(f.get(k)) for f in result["findings"] for k in ("message", "request_id") if f.get(k)))
        out.append(("cli paste", paste, render.explain_text(result, lang)))
        out += [("thread answer", paste, t) for t in block_texts(render.explain_blocks(result, lang))]
        out.append(("thread notification", paste, render.fallback_text(result, lang)))
    out += [("help", "", t) for t in block_texts(render.help_blocks(lang))]
    out += [("usage", "", t) for t in block_texts(render.usage_blocks(lang))]
    out += [("greeting", "", t) for t in block_texts(render.greeting_blocks(lang))]
    out += [("vendors", "", t) for t in block_texts(render.vendors_blocks(lines, lang))]
    out.append(("cli list", "", render.vendors_text(lines, lang)))
    home = render.home_view(lines, lang)
    View(**home).validate_json()
    out += [("app home", "", t) for t in block_texts(home["blocks"])]
    out.append(("cli usage", "", render.usage_text(lang)))
    for key in words.TABLES[lang]:  # every sentence of ours, errors and command-line lines included
        sentence = words.TABLES[lang][key]
        out.append((f"words {key}", "", re.sub(r"\{[^}]*\}", " ", sentence)))
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_every_surface_speaks_one_language(lang, bundled, quoted):
    wrong = {}
    for surface, asked, text in surfaces(lang, bundled):
        found = wrong_words(text, lang, quoted, asked)
        if found:
            wrong[surface] = (found[:5], text[:200])
    assert not wrong, wrong


def test_the_check_finds_an_english_word_in_chinese_and_chinese_in_english(quoted):
    assert wrong_words("含义: Meaning 房间不存在", "zh", quoted) == ["Meaning"]
    assert wrong_words("Meaning: the room 来源", "en", quoted) == ["来", "源"]
    # codes, commands, vendor names and the vendors' own words are not ours
    clean_zh = "声网 · Cloud Recording RESTful API `agora 404` AuthFailure.SignatureExpire 含义: resource ID 过期。"
    assert wrong_words(clean_zh, "zh", quoted) == []
    assert wrong_words("Agora · 声网 · `签名过期` Source: 云端录制 RESTful API 常见错误码和状态码", "en", quoted) == []


def test_both_tables_say_the_same_things_with_the_same_placeholders():
    fields = lambda text: sorted(f for _, f, _, _ in string.Formatter().parse(text) if f)  # noqa: E731
    assert words.TABLES["zh"].keys() == words.TABLES["en"].keys()
    for key, text in words.TABLES["en"].items():
        assert fields(text) == fields(words.TABLES["zh"][key]), key


def test_cjk_labels_line_up_by_display_width(bundled):
    from wcwidth import wcswidth

    text = render.lookup_text(api.lookup("433", lang="zh"), "zh")
    meaning = next(line for line in text.splitlines() if "含义：" in line)
    handling = next(line for line in text.splitlines() if "处理方法：" in line)
    start = lambda line, value: wcswidth(line[: line.index(value)])  # noqa: E731
    assert start(meaning, "resource") == start(handling, "获得")
