"""A catalog's `title`: the source document's title that answers show and link, never its file name."""

from __future__ import annotations

from pathlib import Path

from bot.catalogs.loader import bundled_dir, load_catalogs, load_file

HEAD = "id: acme-rtc\nvendor: acme\nlanguage: zh\nsource: 007_deadbeef.txt\nurl: https://acme.example/errors\n"
ENTRY = 'entries:\n  - code: "1"\n    meaning: 失败\n'


def _load(tmp_path: Path, title: str):
    path = tmp_path / "acme.yaml"
    path.write_text(HEAD + title + ENTRY, encoding="utf-8")
    return load_file(path, bundled=False)


def test_a_title_in_the_documents_language_or_in_each(tmp_path):
    catalog, problems = _load(tmp_path, "title: 错误码\n")
    assert problems == [] and catalog.title("zh") == catalog.title("en") == "错误码"
    catalog, _ = _load(tmp_path, "title:\n  zh: 错误码\n  en: Error codes\n")
    assert (catalog.title("zh"), catalog.title("en")) == ("错误码", "Error codes")
    assert catalog.entries[0].title("en") == "Error codes"


def test_a_bad_title_is_an_error_with_its_line(tmp_path):
    catalog, problems = _load(tmp_path, "title:\n  fr: Codes\n")
    assert catalog is None and "'title' needs strings under zh, en" in str(problems[0])
    assert str(problems[0]).startswith(f"{tmp_path / 'acme.yaml'}:1: error:")
    catalog, problems = _load(tmp_path, "title: [a, b]\n")
    assert catalog is None and "'title' must be a string or a mapping" in str(problems[0])


def test_every_bundled_catalog_has_a_title_in_both_languages():
    for catalog in load_catalogs("", bundled=bundled_dir()).catalogs:
        assert catalog.titles.keys() == {"zh", "en"}, catalog.id
        assert not any(t.endswith(".txt") for t in catalog.titles.values())
