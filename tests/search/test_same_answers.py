"""Speed work changes no answer: every labelled set answered as the committed snapshot says
(tests/search/answers.json, written by `python -m bench.answers_snapshot`; regenerate it only
when an answer is meant to change, and say so in the commit)."""

from __future__ import annotations

import json

from bench import answers_snapshot


def test_every_labelled_answer_is_the_snapshots(monkeypatch):
    monkeypatch.delenv("ERRCODE_CATALOGS", raising=False)
    monkeypatch.delenv("ERRCODE_LANG", raising=False)
    committed = json.loads(answers_snapshot.SNAPSHOT.read_text(encoding="utf-8"))
    differences = answers_snapshot.differences(committed, answers_snapshot.snapshot())
    assert not differences, "\n".join(differences[:40])


def test_the_comparison_finds_a_changed_answer():
    old = {"lookup": {"en|433": {"matches": [{"code": "433"}]}}, "index": {}, "explain": {"a#1": "x"}}
    new = {"lookup": {"en|433": {"matches": [{"code": "434"}]}}, "index": {}, "explain": {"a#2": "x"}}
    assert answers_snapshot.differences(old, new) == [
        "lookup: 'en|433' answered differently",
        "explain: 'a#1' no longer asked",
        "explain: 'a#2' not in the snapshot",
    ]


def test_a_match_dict_keeps_the_interface_field_order():
    from bot.results import _MATCH_FIELDS, Match, Original

    match = Match("c", "v", "1", None, "error", "m", None, 100.0, original=Original("m", None, None, "zh"),
                  extra={"match": "code"})  # fmt: skip
    assert list(match.to_dict()) == [*_MATCH_FIELDS, "original", "match"]


def test_a_bare_number_is_read_as_the_full_reading_reads_it(monkeypatch):
    from bot.search import query

    vendor_words = {"agora": "agora", "110": "somevendor"}
    texts = ("433", " 433 ", "４３３", "0", "007", "110", "12", "605030007")
    fast = [query.parse(text, vendor_words) for text in texts]
    monkeypatch.setattr(query, "_bare_number", lambda *_: None)
    assert fast == [query.parse(text, vendor_words) for text in texts]
    assert [c.kind for c in fast[0].codes] == ["number"] and fast[5].vendors == ["somevendor"]


def test_phrase_keys_fold_each_phrase_as_its_joined_words_fold(monkeypatch):
    import re

    from bot.search import query

    cases = (["Signature", "expire"], ["connect_Failed", "on", "join"], ["a.b", "C"], ["_x", "y_"],
             ["v", "2.b."], ["the", "room", "does", "not", "exist"])  # fmt: skip
    fast = [query.ParsedQuery(raw="", words=list(words)).phrase_keys() for words in cases]
    monkeypatch.setattr(query, "_FOLDS_ALONE", re.compile(r"(?!)"))  # every phrase folded whole
    assert fast == [query.ParsedQuery(raw="", words=list(words)).phrase_keys() for words in cases]


def test_a_one_token_query_is_read_as_the_full_reading_reads_it(monkeypatch):
    import re

    from bot.search import query

    vendor_words = {"agora": "agora", "tencent": "tencent"}
    texts = ("AuthFailure.SignatureFailure", "Conect_Failed", "agora433", "agora-433", "404s", "v1.2.3", "5pm",
             "ACME-1", "JIRA-4521", "_foo_", "a.b.c", "InternalError.", "-x-", "signatureexpierd", "10x", "tencent")  # fmt: skip
    known = {"acme-1"}.__contains__
    fast = [query.parse(text, vendor_words, known_code=lambda t: known(t.lower())) for text in texts]
    monkeypatch.setattr(query, "_ONE_TOKEN", re.compile(r"(?!)"))
    assert fast == [query.parse(text, vendor_words, known_code=lambda t: known(t.lower())) for text in texts]


def test_a_one_word_query_is_read_as_the_full_reading_reads_it(monkeypatch):
    import re

    from bot.search import query

    vendor_words = {"agora": "agora", "tencent": "tencent", "rtc-platform": "rtc"}
    catalog_ids = frozenset({"tencent"})
    texts = ("AuthFailure.SignatureFailure", "Conect_Failed", "_foo_", "a.b.c", "InternalError.", "signatureexpierd",
             "tencent", "Agora", "Unauthorized", "SERVICEABNORMAL", "AUTHFAILURE", "device_not_exists", "a..b",
             "x.", "_", "crtdateoverdue", "Acme.Known", "snake_", "Camel.lower_Thing", "ab.C_d")  # fmt: skip
    known = {"acme.known"}.__contains__
    def read(text):
        return query.parse(text, vendor_words, catalog_ids, known_code=lambda t: known(t.lower()))
    fast = [read(text) for text in texts]
    monkeypatch.setattr(query, "_LETTERS_TOKEN", re.compile(r"(?!)"))
    assert fast == [read(text) for text in texts]
    assert [c.kind for c in fast[0].codes] == ["symbol"] and fast[6].catalogs == ["tencent"]
    assert [c.kind for c in fast[16].codes] == ["quoted"] and fast[15].words == ["crtdateoverdue"]


def test_english_rewrites_skipped_only_where_they_would_change_nothing(monkeypatch):
    from bot.catalogs import load_catalogs
    from bot.search import text

    samples = ["can t join", "t", "doesn't work", "it doesnt", "cannot start", "too many people", "timed out",
               "time out", "rate-limited", "appid wrong", "not enough balance", "out of quota", "x\tt\ny",
               "wont connect", "isn’t it", "the room was closed", "roomid wrong", "taskid", "requestid gone",
               "accountid", "secretid", "userid x", "video id", "times out", "it timed out", "not working",
               "not functioning", "mic not works"]  # fmt: skip
    for catalog in load_catalogs("").catalogs:
        for entry in catalog.entries:
            words = [entry.meaning, entry.handling, entry.note, *(t.meaning for t in entry.translations.values()),
                     *(t.handling for t in entry.translations.values())]  # fmt: skip
            samples += [text.split_camel(t).lower() for t in words if t]
    gated = [text._english_phrases(s) for s in samples]
    monkeypatch.setattr(text, "_EN_PHRASE_GATES", tuple(lambda _: True for _ in text._EN_PHRASES))
    assert gated == [text._english_phrases(s) for s in samples]


def _code_queries(index) -> list[str]:
    """Codes and symbols as people type them, alone, with a vendor (theirs or another's) and with words."""
    import random

    rng = random.Random(19)
    entries = index.entries
    vendors = sorted({e.vendor for e in entries})
    out: list[str] = []
    for entry in rng.sample(entries, min(160, len(entries))):
        other = rng.choice(vendors)
        forms = [entry.code, entry.code.lower(), entry.code.upper(), entry.code.split(".")[-1]]
        if entry.name:
            forms.append(entry.name)
        for form in forms:
            out += [form, f"{entry.vendor} {form}", f"{other} {form}", f"{form} {other}", f"{other} error {form}",
                    f"{form} when joining the room", f"{entry.vendor} {form} 是什么意思"]  # fmt: skip
    return out


def test_a_code_found_exactly_is_answered_as_the_stages_answer_it(monkeypatch):
    from bot import api
    from bot.search import engine

    monkeypatch.delenv("ERRCODE_CATALOGS", raising=False)
    index = api.build("").index
    queries = _code_queries(index)
    fast = [index.search(q, lang=lang).to_dict() for q in queries for lang in (None, "en")]
    index.clear_cache()
    monkeypatch.setattr(engine.SearchIndex, "_one_code", lambda *_: None)
    assert fast == [index.search(q, lang=lang).to_dict() for q in queries for lang in (None, "en")]


def test_exact_answers_made_per_lookup_at_scale_are_the_ones_made_once(monkeypatch):
    from bot import api
    from bot.search import engine

    monkeypatch.delenv("ERRCODE_CATALOGS", raising=False)
    queries = _code_queries(api.build("").index)
    made_once = api.build("").index
    assert made_once._exact_cores is not None
    monkeypatch.setattr(engine, "EXACT_CORES_MAX_ENTRIES", 0)
    per_lookup = api.build("").index
    assert per_lookup._exact_cores is None
    assert [made_once.lookup(q) for q in queries] == [per_lookup.lookup(q) for q in queries]
