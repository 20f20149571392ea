"""Query parts made faster give what the plain code gave: phrase_keys against the loop it replaced,
on the labelled queries and on generated word lists (stopwords, `_`, dots, capitals, non-ASCII)."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.answers_snapshot import TESTS
from bot.search.query import _FOLDS_ALONE, ParsedQuery, parse
from bot.search.text import EN_STOPWORDS, fold_symbol
from bot.vendors import VENDOR_WORDS


def _reference_phrase_keys(words: list[str], max_words: int = 4, min_share: float = 0.6) -> list[tuple[str, int]]:
    """ParsedQuery.phrase_keys as it was written before."""
    stop = [w.lower() in EN_STOPWORDS for w in words]
    content = stop.count(False)
    keys: list[tuple[str, int]] = []
    folded = [fold_symbol(w) for w in words] if all(_FOLDS_ALONE.fullmatch(w) for w in words) else None
    for size in range(min(max_words, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            held = size - sum(stop[start : start + size])
            if content and held < min_share * content:
                continue
            if folded is not None:
                key = "".join(folded[start : start + size]).strip(".")
            else:
                key = fold_symbol("".join(words[start : start + size]))
            keys.append((key, size))
    return keys


def test_phrase_keys_of_every_labelled_query_are_the_plain_loops():
    cases = yaml.safe_load((TESTS / "queries" / "lookup.yaml").read_text(encoding="utf-8"))
    with_words = 0
    for case in cases:
        parsed = parse(str(case["q"]), VENDOR_WORDS)
        assert parsed.phrase_keys() == _reference_phrase_keys(parsed.words), case["q"]
        with_words += len(parsed.words) > 2
    assert with_words > 50


_WORD = st.one_of(
    st.sampled_from(sorted(EN_STOPWORDS)),
    st.from_regex(r"[A-Za-z0-9_][A-Za-z0-9_.]{0,6}", fullmatch=True),
    st.text(alphabet="aBc_.-é1Ｋ", min_size=1, max_size=5),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_WORD, max_size=7))
def test_phrase_keys_of_any_words_are_the_plain_loops(words):
    assert ParsedQuery(raw="", words=words).phrase_keys() == _reference_phrase_keys(words)


def _reference_chinese_phrases(text: str) -> str:
    from bot.search.text import _ZH_PHRASES, HAS_CJK

    if not HAS_CJK.search(text) or not any(pattern.pattern in text for pattern, _ in _ZH_PHRASES):
        return text
    for pattern, replacement in _ZH_PHRASES:
        text = pattern.sub(replacement, text)
    return text


def test_chinese_phrases_are_the_regex_rewrites_on_catalog_text_and_queries():
    from bot import api
    from bot.search.text import _chinese_phrases

    texts = [str(c["q"]) for c in yaml.safe_load((TESTS / "queries" / "lookup.yaml").read_text(encoding="utf-8"))]
    for entry in api.build().index.entries:
        texts += [t for t in (entry.meaning, entry.handling, entry.context, entry.name) if t]
    rewritten = 0
    for text in texts:
        assert _chinese_phrases(text) == _reference_chinese_phrases(text), text
        rewritten += _chinese_phrases(text) != text
    assert rewritten > 10


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["超限", "踢出", "频道", "超", "限", "房间", "a", " ", "出", "踢"]), max_size=12))
def test_chinese_phrases_are_the_regex_rewrites_on_any_text(pieces):
    from bot.search.text import _chinese_phrases

    text = "".join(pieces)
    assert _chinese_phrases(text) == _reference_chinese_phrases(text)


def _vendor_number_texts() -> list[str]:
    words = ["agora", "Agora", "tencent", "rtc-platform", "agora.", "_agora", "x", "at", "min", "nobody", "433",
             "agora-x", ".agora", "AGORA", "ms", "q-at", "min-q", "v2", "x.in", "2024-01", "days_"]  # fmt: skip
    numbers = ["433", "2", "12", "0", "404", "99999999", "4O4", "1.2", "+1", "3pm", "12:30", "001", "1234", "01"]
    seps = [" ", "  ", "\t", " \u3000", "\x1f"]
    out = [f"{w}{sep}{n}" for w in words for n in numbers for sep in seps]
    out += [f"{n}{sep}{w}" for w in words for n in numbers for sep in seps]
    out += ["agora 433 x", "433", "agora", "声网 433", "agora “433”", "'agora' 433", "agora 433s", "at 3", "3 min",
            "x 3", "3 x", "agora 10x", "agora ４３３"]  # fmt: skip
    return out


def test_a_vendor_and_a_number_are_read_as_the_full_reading_reads_them(monkeypatch):
    from bot.search import query

    vendor_words = {**VENDOR_WORDS, "x": "xco", "min": "minco", "at": "atco", "433": "numco", "rtc-platform": "rtc",
                    "q-at": "qat", "min-q": "minq", "v2": "v2co", "x.in": "xin", "2024-01": "dateco", "days_": "days"}
    catalog_ids = frozenset({"tencent", "rtc-platform", "x"})
    cases = yaml.safe_load((TESTS / "queries" / "lookup.yaml").read_text(encoding="utf-8"))
    texts = [str(case["q"]) for case in cases] + _vendor_number_texts()

    def read(text):
        return query.parse(text, vendor_words, catalog_ids, known_code=lambda t: t.lower() == "agora-x")

    fast = [read(text) for text in texts]
    taken = sum(query._vendor_and_number(t, query.nfkc(t), vendor_words, catalog_ids) is not None for t in texts)
    monkeypatch.setattr(query, "_vendor_and_number", lambda *_: None)
    assert fast == [read(text) for text in texts]
    assert taken > 100


# _NOT_CODES as it was written before the lookahead and lookbehind that make it fast
_PLAIN_NOT_CODES = (
    r"https?://\S+"
    r"|\b\d{1,2}:\d{2}(?::\d{2})?\b"
    r"|\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b"
    r"|\bv?\d+(?:\.\d+){1,3}\b"
    r"|\b\d+(?:%|ms|kb|mb|gb|px|k|am|pm)\b|\b\d{1,2}[smh]\b"
    r"|(?<![\w+])\+\d+\b"
    r"|\b(?:at|in|by|before|after|until|till|around|about|since)\s+\d{1,2}\b(?![:.]\d)"
    r"|\b\d{1,3}\s*(?:min|mins|minutes?|hours?|hrs?|days?|weeks?|people|persons?|times|x)\b"
)


def _not_code_texts() -> list[str]:
    cases = yaml.safe_load((TESTS / "queries" / "lookup.yaml").read_text(encoding="utf-8"))
    return [str(c["q"]) for c in cases] + _vendor_number_texts() + [
        "meeting at 3 for 20 min, v1.2.3 http://x.y 12:30 +1", "xhttp://a.b/c 2", "AT 3", "Since  12", "ſince 3",
        "ın 3", "İn 4", "a+1 +2 ++3 _4 é5 5é", "V2.0 vs v2.0.1.4.5", "2024-01-02 3pm 10 MINUTES 7 x 8s 99%",
        "before\t1 around\n22 about 123 till 4:5 until 12:30:01", "HTTPS://X 3 hTtP://y", "٣ 12 ٣:٤٥",
    ]  # fmt: skip


def test_the_fast_not_code_pattern_takes_what_the_plain_one_takes():
    import re

    from bot.search import query

    plain = re.compile(_PLAIN_NOT_CODES, re.IGNORECASE)
    assert query._NOT_CODES_PLAIN.pattern == plain.pattern
    taken = 0
    for text in _not_code_texts():
        assert query._NOT_CODES.sub(" ", text) == plain.sub(" ", text), text
        assert [m.span() for m in query._NOT_CODES.finditer(text)] == [m.span() for m in plain.finditer(text)], text
        taken += plain.search(text) is not None
    assert taken > 60


_NOT_CODE_PIECES = st.sampled_from(
    ["1", "12", "123", "2024", "+", ":", ".", "/", "-", " ", "\t", "%", "x", "s", "m", "h", "v", "V", "ms", "pm",
     "at", "In", "by", "after", "since", "until", "till", "about", "around", "before", "min", "hours", "people",
     "http://", "HTTPS://", "a", "_", "é", "ſ", "ı", "İ", "K", "٣", "t", "u", "b", "i"]
)  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(st.lists(_NOT_CODE_PIECES, max_size=14))
def test_the_fast_not_code_pattern_takes_what_the_plain_one_takes_in_any_text(pieces):
    import re

    from bot.search import query

    text = "".join(pieces)
    plain = re.compile(_PLAIN_NOT_CODES, re.IGNORECASE)
    assert query._NOT_CODES.sub(" ", text) == plain.sub(" ", text)
    assert [m.span() for m in query._NOT_CODES.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_lowercase_sentences_are_read_as_the_piece_by_piece_reading_reads_them(monkeypatch):
    from bot.search import query

    vendor_words = {**VENDOR_WORDS, "room": "roomco"}
    cases = yaml.safe_load((TESTS / "queries" / "lookup.yaml").read_text(encoding="utf-8"))
    texts = [str(case["q"]) for case in cases] + [
        "room not found", "agora room", "the camera is off", "camera Off", "no  devices\tfound", "a b c", "t",
        "won't start", "x_y z", "abc def1", "ünïcode words", "声网 room",
    ]  # fmt: skip
    fast = [query.parse(text, vendor_words) for text in texts]
    taken = sum(query._plain_lowercase_words(query._PIECE.findall(text), vendor_words) for text in texts)
    monkeypatch.setattr(query, "_plain_lowercase_words", lambda *_: False)
    assert fast == [query.parse(text, vendor_words) for text in texts]
    assert taken > 60
