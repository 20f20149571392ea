"""The real-world corpus's labels keep the written label rules (tests/realworld/README.md, "Label audit of session 6").

Pure YAML checks: nothing here imports the engine, so every batch to come is held to the same rules
before anyone scores it.
"""

from __future__ import annotations

import pytest

from tests.realworld import audit_labels, relabel_generic_cloud_words

CATALOGS = audit_labels.load_catalogs()
ITEMS = [item for _, item in audit_labels.load_items()]

pytestmark = pytest.mark.skipif(not ITEMS, reason="no real-world corpus in tests/realworld/")


def test_every_entry_names_a_code_and_name_its_catalog_holds_and_every_uncovered_a_vendor():
    errors = {item["id"]: e for item in ITEMS if (e := audit_labels.mechanical_errors(item, CATALOGS))}
    assert errors == {}


def test_http_like_codes_are_entries_only_where_the_text_names_the_vendor():
    assert [item["id"] for item in ITEMS if audit_labels.new_expect(item) is not None] == []


def test_generic_cloud_words_are_entries_only_with_tencent_evidence():
    assert [item["id"] for item in ITEMS if relabel_generic_cloud_words.new_expect(item) is not None] == []


def test_the_checks_catch_what_they_are_for():
    # each rule fires on a text made to break it, so the empty lists above mean something
    bare_404 = {
        "id": "x",
        "text": "Cloud recording returns 404 on query",
        "expect": {"answer": "entry", "catalog": "agora-cloud-recording", "code": "404"},
    }
    assert audit_labels.new_expect(bare_404) == {"answer": "ambiguous", "code": "404"}
    named = dict(bare_404, text="Agora cloud recording returns 404 on query")
    assert audit_labels.new_expect(named) is None
    nim_title = {
        "id": "y",
        "text": "登陆NimUIKit.login报408",
        "expect": {"answer": "entry", "catalog": "netease-webrtc", "code": "408"},
    }
    assert audit_labels.new_expect(nim_title) is None
    assert audit_labels.new_expect(dict(nim_title, text="登录返回状态一直就是408")) is not None
    not_http = dict(bare_404, expect={"answer": "entry", "catalog": "agora-cloud-recording", "code": "435"})
    assert audit_labels.new_expect(not_http) is None

    wrong_code = {
        "id": "z",
        "expect": {"answer": "entry", "catalog": "tencent-live", "code": "AuthFailure.Nope"},
    }
    assert audit_labels.mechanical_errors(wrong_code, CATALOGS)
    wrong_name = {
        "id": "z",
        "expect": {"answer": "entry", "catalog": "netease-webrtc", "code": "404", "name": "DataError"},
    }
    assert audit_labels.mechanical_errors(wrong_name, CATALOGS)
    assert audit_labels.mechanical_errors({"id": "z", "expect": {"answer": "uncovered"}}, CATALOGS)
    assert audit_labels.mechanical_errors(
        {"id": "z", "expect": {"answer": "ambiguous", "catalog": "netease-webrtc"}}, CATALOGS
    )
    number = {"id": "z", "expect": {"answer": "entry", "catalog": "agora-cloud-recording", "code": 435}}
    assert audit_labels.mechanical_errors(number, CATALOGS)


def test_a_relabel_rewrites_only_the_expect_block_and_the_note(tmp_path):
    from tests.realworld.label_edit import rewrite

    before = (
        "- id: a-1\n  kind: sentence\n  text: |\n    fails with 404\n  expect:\n    answer: entry\n"
        '    catalog: agora-cloud-recording\n    code: "404"\n  split: tune\n  note: "named: cloud recording"\n'
        "- id: a-2\n  kind: query\n  text: 404\n  expect:\n    answer: none\n  split: holdout\n  note: kept\n"
    )
    path = tmp_path / "batch.yaml"
    path.write_text(before, encoding="utf-8")
    rewrite(path, {"a-1": {"answer": "ambiguous", "code": "404"}}, "relabelled: why")
    after = path.read_text(encoding="utf-8")
    assert after == before.replace(
        '    answer: entry\n    catalog: agora-cloud-recording\n    code: "404"\n', '    answer: ambiguous\n    code: "404"\n'
    ).replace('  note: "named: cloud recording"\n', "  note: 'named: cloud recording; relabelled: why'\n")


def test_batch_splits_are_the_committed_rule(capsys):
    from tests.realworld import (
        split_batch5,
        split_batch6,
        split_batch7,
        split_batch8,
        split_batch9,
        split_batch10,
        split_batch11,
        split_batch12,
    )

    assert split_batch5.main([]) == 0 and split_batch6.main([]) == 0 and split_batch7.main([]) == 0
    assert split_batch8.main([]) == 0 and split_batch9.main([]) == 0 and split_batch10.main([]) == 0
    assert split_batch11.main([]) == 0 and split_batch12.main([]) == 0
    assert "batch 5: 145 items, holdout 35" in capsys.readouterr().out
