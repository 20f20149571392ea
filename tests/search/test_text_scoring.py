"""The text stage's faster parts give the floats the plain ones give: rank.DocScorer against the
per-call doc_score it replaced (written out here), and TextSearch's answers and did-you-mean hits
against rank.text_hits' full scoring, on every labelled query (bundled catalogs) and on more texts."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from bot import api
from bot.search import rank
from bot.search.bounds import token_set_most
from bot.search.rank import MIN_SCORE, SPECIFIC_FEATURES, SUGGEST_MIN, DocScorer, feature_weights, field_trust
from bot.search.text import HAS_CJK, comparable, features
from bot.search.text_search import SUGGESTION_LABELS, TextSearch
from tests.search.test_same_answers import answers_snapshot

EXTRA = ["房间", "meeting", "收到", "超时", "限流", "token expired please", "录制失败 怎么办", "not", "错误",
         "the the the", "user not in channel", "频道人数超限", "app id invalid or expired"]  # fmt: skip


def _reference_doc_score(doc, query, weights, cjk, floor=0.0, rare=False) -> float:
    """doc_score as it was written before DocScorer: everything made per call."""
    total = sum(weights.values())
    recall = sum([w for f, w in weights.items() if f in doc.features]) / total
    base = 0.6 * recall
    if base + 0.4 < floor:
        return 0.0
    query_features = weights.keys()
    specificity = min(1.0, len(weights) / SPECIFIC_FEATURES)
    compact = query.replace(" ", "")
    best = 0.0
    for field in doc.fields:
        most = base + 0.4 * field.weight
        if most + 1e-9 <= (best if best > floor else floor):
            continue
        trust = field_trust(field, query_features, specificity, rare, compact)
        if not trust or trust * most <= (best if best > floor else floor):
            continue
        if cjk:
            similar = (fuzz.partial_ratio(query, field.text) if len(query) <= len(field.text)
                       else fuzz.ratio(query, field.text))  # fmt: skip
        else:
            similar = fuzz.token_set_ratio(query, field.text)
        score = trust * (base + 0.4 * (similar / 100.0 * field.weight))
        if score > best:
            best = score
    return best


@pytest.fixture(scope="module")
def bundled():
    return api.build().index


@pytest.fixture(scope="module")
def texts(bundled):
    cases = yaml.safe_load((answers_snapshot.TESTS / "queries" / "lookup.yaml").read_text(encoding="utf-8"))
    out = []
    for case in cases:
        parsed = bundled.parse(str(case["q"]))
        if parsed.free_text:
            out.append(parsed.free_text)
    return list(dict.fromkeys(out + EXTRA))


def test_doc_scorer_gives_the_per_call_score_on_every_candidate(bundled, texts):
    idx = bundled.index
    compared_docs = 0
    for text in texts:
        query_features = sorted(set(features(text)))
        if not query_features:
            continue
        weights = feature_weights(idx, query_features)
        compared = comparable(text)
        cjk = bool(HAS_CJK.search(text))
        candidates = {d for f in query_features for d in idx.postings.get(f, ())}
        for rare in (False, True):
            for floor in (0.0, SUGGEST_MIN / rank.TEXT_MAX, MIN_SCORE / rank.TEXT_MAX):
                plain = DocScorer(compared, weights, cjk, rare, {} if floor else None)
                bounded = DocScorer(compared, weights, cjk, rare, {}, idx.field_tokens)  # similarity bounds first
                for doc_id in sorted(candidates)[:80]:
                    doc = idx.docs[doc_id]
                    expected = _reference_doc_score(doc, compared, weights, cjk, floor, rare)
                    assert plain(doc, floor) == expected, (text, doc_id, floor, rare)
                    # what a score below the floor is, no caller reads (text_hits' floor): one at or
                    # above it is the same float, and one below it stays below
                    got = bounded(doc, floor)
                    assert got == expected if expected >= floor else got < floor, (text, doc_id, floor, rare)
                    compared_docs += 1
    assert compared_docs > 10_000


def test_token_set_most_is_never_below_token_set_ratio(bundled, texts):
    """The bound DocScorer checks before rapidfuzz: on every labelled query against every field
    text of the bundled catalogs, and on made-up texts."""
    idx = bundled.index
    fields = sorted({field.text for doc in idx.docs for field in doc.fields})
    queries = [comparable(t) for t in texts if not HAS_CJK.search(t)]
    tokens = idx.field_tokens
    pruned = 0
    for query in queries:
        words, length = tokens.get(query)
        for text in fields:
            most = token_set_most(words, length, *tokens.get(text))
            true = fuzz.token_set_ratio(query, text)
            assert most + 1e-9 >= true, (query, text, most, true)
            pruned += most < 80
    assert pruned > len(queries) * len(fields) // 2  # the bound does tell fields apart
    for a, b in [("", "a"), ("a", "a"), ("a b", "b a"), ("a b c", "a"), ("ab", "abc"), ("x y", "z w"),
                 ("a a a", "a"), ("a bb", "bb ccc dddd"), ("not exist app", "app not exist")]:  # fmt: skip
        assert token_set_most(*tokens.get(a), *tokens.get(b)) + 1e-9 >= fuzz.token_set_ratio(a, b), (a, b)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["a", "ab", "abc", "b", "ba", "not", "app", "x"]), max_size=6),
       st.lists(st.sampled_from(["a", "ab", "abc", "b", "ba", "not", "app", "y", "yy"]), max_size=8))  # fmt: skip
def test_token_set_most_is_never_below_token_set_ratio_on_made_up_texts(left, right):
    from bot.search.bounds import FieldTokens

    tokens = FieldTokens()
    a, b = " ".join(left), " ".join(right)
    assert token_set_most(*tokens.get(a), *tokens.get(b)) + 1e-9 >= fuzz.token_set_ratio(a, b)


def test_text_search_answers_are_text_hits_first_answers(bundled, texts):
    idx = bundled.index
    answered = 0
    for text in texts:
        full = {h.entry: h.score for h in rank.text_hits(idx, text, lambda _: True)}
        found = {h.entry: h.score for h in TextSearch(idx, text, None).answers(5)}
        assert all(full.get(e) == s for e, s in found.items()), text  # the same floats
        # every entry that can be among the first five (ties on the rounded score kept) is there
        ranked = sorted(full.values(), reverse=True)
        if ranked:
            kth = round(ranked[min(4, len(ranked) - 1)], 1)
            assert {e for e, s in full.items() if round(s, 1) >= kth} <= set(found), text
            answered += 1
    assert answered > 50


def test_text_search_weak_hits_give_text_hits_first_labels(bundled, texts):
    idx = bundled.index
    compared = 0
    for text in texts:
        full = rank.text_hits(idx, text, lambda _: True, min_score=SUGGEST_MIN)
        if any(h.score >= MIN_SCORE for h in full):
            continue  # weak() is asked only when nothing answers
        weak = TextSearch(idx, text, None).weak(bundled._label)
        assert _labels(bundled, weak) == _labels(bundled, full), text
        compared += 1
    assert compared > 20


def _labels(index, hits) -> list[str]:
    """The did-you-mean labels engine._suggest makes of hits: best first (stable), distinct."""
    out: list[str] = []
    for hit in sorted(hits, key=_minus_score):
        label = index._label(hit.entry)
        if label not in out:
            out.append(label)
    return out[:SUGGESTION_LABELS]


def _minus_score(hit) -> float:
    return -hit.score



def test_candidates_weights_from_flags_are_the_bitmaps_and_the_documents(bundled, texts, monkeypatch):
    """TextSearch's bound sums (each candidate's weight of the query's features) read from a byte per
    document (Index.feature_flags) are the floats read from bitmaps and from each Doc's features."""
    from bot.search import text_search

    idx = bundled.index
    by_flags = {t: TextSearch(idx, t, None)._have for t in texts}
    monkeypatch.setattr(text_search, "FLAG_TEST_MAX_DOCS", -1)
    by_bits = {t: TextSearch(idx, t, None)._have for t in texts}
    monkeypatch.setattr(text_search, "BIT_TEST_MAX_DOCS", -1)
    by_docs = {t: TextSearch(idx, t, None)._have for t in texts}
    assert by_flags == by_bits == by_docs
    common = max(50, int(len(idx.docs) * rank.COMMON_FEATURE_SHARE))
    assert sum(any(len(idx.postings.get(f, ())) > common for f in features(t)) for t in texts) > 20  # shared


def test_feature_flags_are_the_postings(bundled):
    idx = bundled.index
    for feature, postings in list(idx.postings.items())[:300]:
        flags = idx.feature_flags(feature)
        assert len(flags) == len(idx.docs) and [n for n, flag in enumerate(flags) if flag] == sorted(postings)
    assert not any(idx.feature_flags("no such feature"))


def test_text_search_answers_come_from_the_documents_text_hits_takes(bundled, texts, monkeypatch):
    """Of an entry's documents scoring the same, the first in text_hits' order gives the hit (its
    language): the ranks TextSearch makes only when such a tie comes."""
    idx = bundled.index
    ties = 0
    original = TextSearch._first

    def counted(self, doc_id, other):
        nonlocal ties
        ties += 1
        return original(self, doc_id, other)

    monkeypatch.setattr(TextSearch, "_first", counted)
    for text in texts:
        full = {h.entry: h.extra["text_lang"] for h in rank.text_hits(idx, text, lambda _: True)}
        found = {h.entry: h.extra["text_lang"] for h in TextSearch(idx, text, None).answers(5)}
        assert all(full[e] == lang for e, lang in found.items()), text
    assert ties > 0
