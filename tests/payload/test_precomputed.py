"""Tables built once per index (or remembered) instead of per paste: each equals what it replaces."""

from __future__ import annotations

from bot import api
from bot import lang as answer_lang
from bot.payload import claims
from bot.payload.entries import PasteCatalogs, entry_texts
from bot.payload.phrases import entries_of
from bot.search.text import features
from tests.payload.corpus import bundled_index, load_cases


def _per_paste_texts(index) -> tuple[dict, dict]:
    """What PasteCatalogs.documented / .meaning built for every paste before (the old code)."""
    documented, meanings = {}, {}
    for entry in entries_of(index):
        parts = [entry.name or ""]
        for lang in entry.languages():
            text = entry.text(lang)
            parts += [text.meaning or "", text.handling or "", text.context or ""]
        documented[(entry.catalog, entry.code, entry.kind, entry.name)] = " ".join(parts)
    for entry in entries_of(index):
        parts = [entry.name or ""] + [entry.text(lang).meaning or "" for lang in entry.languages()]
        meanings[(entry.catalog, entry.code, entry.kind, entry.name)] = " ".join(parts)
    return documented, meanings


def test_entry_texts_equal_the_per_paste_tables():
    index = bundled_index()
    documented, meanings = _per_paste_texts(index)
    assert entry_texts(index) == (documented, meanings)
    assert len(documented) > 300  # every entry of the bundled catalogs
    catalogs = PasteCatalogs(index, "en")
    for key in documented:
        match = dict(zip(("catalog", "code", "kind", "name"), key, strict=True))
        assert catalogs.documented(match) == documented[key]
        assert catalogs.meaning(match) == meanings[key]
    assert catalogs.documented({"catalog": "nowhere", "code": "1"}) == ""


def test_entry_texts_built_once_per_index():
    index = bundled_index()
    assert entry_texts(index) is entry_texts(index)
    fresh = api.build("").index  # a reload's index brings its own table, equal in content
    assert entry_texts(fresh) is not entry_texts(index)
    assert entry_texts(fresh) == entry_texts(index)


def test_remembered_features_equal_features():
    documented, _ = _per_paste_texts(bundled_index())
    for text in list(documented.values())[:400]:
        assert claims._text_features(text) == set(features(text))
    match = {"name": "X", "meaning": "room not exist"}
    assert claims._entry_features(match, None) == set(features("X room not exist"))


def _old_resolve(query: str, *, explicit=None, locale=None) -> tuple[str, str]:
    """bot.lang.resolve(paste=True) before it skipped the asker's words when a language is chosen."""
    match = answer_lang._LANG_TOKEN.search(query)
    rest, token = query, None
    if match:
        rest, token = query[: match.start()] + " " + query[match.end() :], answer_lang._ALIASES[match.group(1).lower()]
    seen = answer_lang.asker_words(rest[:4000])
    return rest, answer_lang.answer_language(seen, explicit=explicit or token, locale=locale)


def _old_paste_and_language(text: str, *, lang=None, locale=None) -> tuple[str, str]:
    rest, _ = _old_resolve(text, explicit=lang, locale=locale)
    _, language = _old_resolve(api._VENDOR_MESSAGE.sub(" ", text), explicit=lang, locale=locale)
    return rest, language


def test_paste_language_with_a_language_chosen_is_the_same_on_every_labelled_paste():
    texts = [case["text"] for case in load_cases() if isinstance(case.get("text"), str)]
    texts += ["lang:zh 433", "433 --lang en", "{\"desc\":\"房间不存在\"} lang=en", "这个报错 lang:en 433"]
    assert len(texts) > 100
    for text in texts:
        for lang in (None, "zh", "en", "fr", "zh-CN"):
            for locale in (None, "zh-CN", "en-US"):
                assert api.paste_and_language(text, lang=lang, locale=locale) == _old_paste_and_language(
                    text, lang=lang, locale=locale
                ), (text[:60], lang, locale)
