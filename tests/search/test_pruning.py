"""Candidate pruning (bot/search/prune.py) changes no answer: on 50,000 generated entries, every
query type answered with pruning equals the answer without it (the full scans it replaces), and the
two filters agree with the scans they stand for on their own."""

from __future__ import annotations

import random

import pytest
from rapidfuzz import process
from rapidfuzz.distance import OSA

from bench.generate import generate_catalogs
from bench.lookup import make_queries
from bot import compiled
from bot.search import prune, rank
from bot.search.text import features, split_camel

SIZE = 50_000
PER_TYPE = 40


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    folder = tmp_path_factory.mktemp("generated")
    generate_catalogs(folder, SIZE)
    loaded, index = compiled.load(str(folder), store=compiled.Store(None))
    assert index.index.key_grams is not None  # big enough to prune
    return loaded, index


@pytest.fixture(scope="module")
def queries(big):
    loaded, _ = big
    return make_queries(list(loaded.entries), PER_TYPE, random.Random(19))


def _answers(index, queries: list[str]) -> list[dict]:
    out = []
    for query in queries:
        index.clear_cache()
        index.index.fuzzy_memo.clear()
        out.append(index.lookup(query))
    return out


def test_pruned_answers_equal_unpruned_answers_for_every_query_type(big, queries, monkeypatch):
    _, index = big
    asked = [q for kind in sorted(queries) for q in queries[kind]]
    assert {"typo", "absent_symbol", "chinese_text", "english_text"} <= set(queries)
    pruned = _answers(index, asked)
    monkeypatch.setattr(index.index, "key_grams", None)
    monkeypatch.setattr(prune, "TEXT_MIN_POSTINGS", 10**12)  # always accumulate every posting
    unpruned = _answers(index, asked)
    index.clear_cache()
    index.index.fuzzy_memo.clear()
    differ = [(q, a, b) for q, a, b in zip(asked, pruned, unpruned, strict=True) if a != b]
    assert not differ, differ[:3]
    assert sum(bool(a["matches"]) for a in pruned) > len(asked) // 2  # the sample found things


def test_typo_candidates_hold_every_key_the_full_scan_finds(big, queries):
    _, index = big
    idx = index.index
    keys = [q.lower() for kind in ("typo", "absent_symbol", "exact_symbol") for q in queries[kind]]
    pruned_some = 0
    for key in keys:
        for typos in (1, 2, 3):
            everything = idx.fuzzy_choices(len(key), typos)
            candidates = idx.key_grams.candidates(key, typos)
            if candidates is None:
                continue
            pruned_some += len(candidates) < len(everything)
            full = process.extract(key, everything, scorer=OSA.distance, score_cutoff=typos, limit=None)
            near = process.extract(key, candidates, scorer=OSA.distance, score_cutoff=typos, limit=None)
            assert [c for c, _, _ in near] == [c for c, _, _ in full], (key, typos)
    assert pruned_some > len(keys)  # the filter did prune


def test_top_documents_equal_accumulated_overlap_in_order(big, queries):
    _, index = big
    idx = index.index
    texts = queries["chinese_text"] + queries["english_text"] + [split_camel(q) for q in queries["absent_symbol"]]
    vendors = {e.vendor for e in idx.entries}
    one_vendor = sorted(vendors)[0]
    scopes = [lambda n: True, lambda n: idx.entries[n].vendor == one_vendor]
    classes_used = 0
    for text in texts:
        wanted = set(features(text))
        weights = rank.feature_weights(idx, wanted)
        recall = [f for f in wanted if f in idx.postings]
        if not recall:
            continue
        for allowed in scopes:
            for limit in (1, 60):
                expected = prune._accumulated(idx.postings, recall, weights, allowed, idx.doc_entry, limit)
                # the index's bitmaps, and bitmaps made from the postings on the spot
                for bitmaps in (idx.postings_bitmaps, None):
                    got = prune.top_documents(idx.postings, recall, weights, allowed, idx.doc_entry, limit, bitmaps)
                    assert list(got.items()) == list(expected.items()), text
        classes_used += sum(len(idx.postings[f]) for f in recall) >= prune.TEXT_MIN_POSTINGS
    assert classes_used > len(texts) // 2  # most went the pruned way, not the fallback
    assert idx.postings_bitmaps  # the index kept some long posting lists as bitmaps


def test_accumulated_overlap_is_heapq_nlargest_over_the_sums():
    rng = random.Random(7)
    docs = 400
    postings = {f"f{i}": sorted(rng.sample(range(docs), rng.randint(1, 120))) for i in range(12)}
    weights = {f: rng.choice([0.5, 1.0, 1.7, 2.25, 3.1]) for f in postings}  # repeated: tied sums
    doc_entry = [d // 2 for d in range(docs)]
    scopes = [None, lambda entry: entry % 3 != 0]
    for _ in range(200):
        recall = rng.sample(sorted(postings), rng.randint(1, 5))
        for allowed in scopes:
            for limit in (1, 7, 60, 500):
                got = prune._accumulated(postings, recall, weights, allowed, doc_entry, limit)
                expected = prune._overlap_reference(postings, recall, weights, allowed, doc_entry, limit)
                assert list(got.items()) == list(expected.items()), (recall, limit)


def test_bitmap_members_are_the_postings_in_order():
    numbers = [0, 3, 7, 8, 63, 64, 1000, 75_001]
    bitmap = prune.bitmap_of(numbers)
    assert prune._members(bitmap) == numbers
    assert prune._members(bitmap, 3) == numbers[:3]
    assert prune._members(prune.bitmap_of([])) == []
    dense = list(range(5, 75_000, 7))  # more than BYTE_WALK_MAX: read another way
    assert len(dense) > prune.BYTE_WALK_MAX
    assert prune._members(prune.bitmap_of(dense)) == dense
    assert prune._members(prune.bitmap_of(dense), 60) == dense[:60]


def test_key_grams_read_from_a_record_find_the_same_and_pickle(big):
    import pickle

    from bot.search.prune import KeyGrams

    _, index = big
    built = index.index.key_grams
    back = KeyGrams.from_plain(pickle.loads(pickle.dumps(built.plain(), protocol=5)))
    again = pickle.loads(pickle.dumps(back))  # an index from a record crosses processes on reload
    for key in ("invalidparameter.taskroomsinature", "authfailure.tokenexpierd", "resourcenotfound.userrooom"):
        for typos in (1, 2, 3):
            assert built.candidates(key, typos) == back.candidates(key, typos) == again.candidates(key, typos)
