"""The compiled catalog cache (bot/compiled.py): same answers from it as without it, a changed file
rebuilds only itself, and a corrupt, foreign or stale record is ignored and rebuilt."""

from __future__ import annotations

import hashlib
import os
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bot import compiled
from bot.catalogs import load_catalogs

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ["433", "agora 433", "AuthFailure.SignatureExpire", "签名过期", "signatureexpierd", "ACME-2",
           "token expired", "InvalidParameter.NoSuchThing", "lunch at noon", "gateway rejected"]  # fmt: skip
TEAM = textwrap.dedent(
    """\
    id: team-{name}
    vendor: acme
    language: en
    entries:
      - code: "ACME-{n}"
        meaning: gateway rejected the call ({n})
      - code: "AcmeTokenExpired"
        meaning: the {name} token expired
    """
)


class Recording(compiled.Store):
    """A real store in a real folder that also notes which records it read and wrote."""

    def __init__(self, folder: Path, fingerprint: str | None = None):
        super().__init__(folder, fingerprint)
        self.hits: list[str] = []
        self.puts: list[tuple[str, object]] = []

    def get(self, kind, key):
        found = super().get(kind, key)
        if found is not None:
            self.hits.append(kind)
        return found

    def put(self, kind, key, body):
        self.puts.append((kind, key))
        super().put(kind, key, body)


@pytest.fixture
def team(tmp_path):
    folder = tmp_path / "team"
    folder.mkdir()
    for n, name in enumerate(("gateway", "billing"), start=1):
        (folder / f"{name}.yaml").write_text(TEAM.format(name=name, n=n), encoding="utf-8")
    return folder


def answers(index) -> list[dict]:
    return [index.lookup(q) for q in QUERIES] + [index.matches_for_code("AcmeTokenExpired")]


def uncached(extra: str):
    return compiled.load(extra, store=compiled.Store(None))


def test_plain_catalogs_come_back_equal_texts_titles_and_all():
    for catalog in load_catalogs("").catalogs:
        back = compiled.catalog_from_plain(pickle.loads(pickle.dumps(compiled.catalog_plain(catalog))))
        assert back == catalog
        assert [(e.translations, e.titles) for e in back.entries] == [
            (e.translations, e.titles) for e in catalog.entries
        ]
        assert back.titles == catalog.titles and back.path == catalog.path


def test_warm_load_reads_records_and_answers_the_same(tmp_path, team):
    plain_loaded, plain_index = uncached(str(team))
    cold = Recording(tmp_path / "cache")
    cold_loaded, cold_index = compiled.load(str(team), store=cold)
    assert {kind for kind, _ in cold.puts} == {"catalog", "analysis", "index"} and not cold.hits
    warm = Recording(tmp_path / "cache")
    warm_loaded, warm_index = compiled.load(str(team), store=warm)
    assert warm.puts == []  # nothing parsed, checked or analysed again
    assert set(warm.hits) == {"catalog", "index"}
    assert answers(warm_index) == answers(cold_index) == answers(plain_index)
    assert warm_loaded.problems == cold_loaded.problems == plain_loaded.problems
    assert [c.id for c in warm_loaded.catalogs] == [c.id for c in plain_loaded.catalogs]


def test_a_warm_index_reads_its_text_and_typo_parts_only_when_a_lookup_needs_them(tmp_path, team):
    _, plain_index = uncached(str(team))
    compiled.load(str(team), store=compiled.Store(tmp_path / "cache"))
    _, warm_index = compiled.load(str(team), store=compiled.Store(tmp_path / "cache"))
    parts = warm_index.index._pending
    assert set(parts) == {"text", "typo"}
    assert warm_index.lookup("ACME-2") == plain_index.lookup("ACME-2")  # a code: neither part read
    assert set(parts) == {"text", "typo"}
    assert warm_index.lookup("token expired") == plain_index.lookup("token expired")
    assert "text" not in parts
    assert answers(warm_index) == answers(plain_index)
    assert parts == {}


def test_a_warm_index_with_parts_unread_pickles_whole(tmp_path, team):
    _, plain_index = uncached(str(team))
    compiled.load(str(team), store=compiled.Store(tmp_path / "cache"))
    _, warm_index = compiled.load(str(team), store=compiled.Store(tmp_path / "cache"))
    assert warm_index.index._pending  # nothing read yet: pickling reads every part first
    sent = pickle.loads(pickle.dumps(warm_index))  # as a reload's worker sends its index back
    assert sent.index.postings == plain_index.index.postings
    assert answers(sent) == answers(plain_index)


def test_a_changed_file_rebuilds_only_itself(tmp_path, team):
    compiled.load(str(team), store=Recording(tmp_path / "cache"))
    changed = team / "billing.yaml"
    changed.write_text(TEAM.format(name="billing", n=7), encoding="utf-8")
    store = Recording(tmp_path / "cache")
    _, index = compiled.load(str(team), store=store)
    rebuilt = {(kind, key[0]) for kind, key in store.puts if kind != "index"}
    assert rebuilt == {("catalog", str(changed)), ("analysis", str(changed))}
    assert [kind for kind, _ in store.puts].count("index") == 1
    assert answers(index) == answers(uncached(str(team))[1])
    assert index.lookup("ACME-7")["matches"][0]["catalog"] == "team-billing"


def test_broken_team_file_is_cached_with_its_problems(tmp_path, team):
    (team / "broken.yaml").write_text("id: team-broken\nvendor: acme\nlanguage: en\nentries:\n  - code: X\n")
    first = compiled.load(str(team), store=Recording(tmp_path / "cache"))[0]
    store = Recording(tmp_path / "cache")
    again = compiled.load(str(team), store=store)[0]
    assert store.puts == [] and again.problems == first.problems
    assert any("meaning" in p.message and p.path == team / "broken.yaml" for p in again.errors)


@pytest.mark.parametrize("damage", ["flip a byte", "truncate", "foreign pickle", "other format", "empty"])
def test_a_damaged_record_is_ignored_and_rebuilt(tmp_path, team, damage):
    folder = tmp_path / "cache"
    compiled.load(str(team), store=compiled.Store(folder))
    for path in folder.glob("*.bin"):
        data = path.read_bytes()
        if damage == "flip a byte":
            data = data[:-10] + bytes([data[-10] ^ 0xFF]) + data[-9:]
        elif damage == "truncate":
            data = data[: len(data) // 2]
        elif damage == "foreign pickle":  # the digest fits, but the pickle names a function
            payload = pickle.dumps((compiled.FORMAT, "x", "catalog", None, os.system), protocol=5)
            data = compiled.MAGIC + hashlib.sha256(payload).digest() + payload
        elif damage == "other format":
            payload = pickle.dumps((compiled.FORMAT + 1, "x", "catalog", None, None), protocol=5)
            data = compiled.MAGIC + hashlib.sha256(payload).digest() + payload
        else:
            data = b""
        path.write_bytes(data)
    store = Recording(folder)
    _, index = compiled.load(str(team), store=store)
    assert store.hits == []
    assert {kind for kind, _ in store.puts} == {"catalog", "analysis", "index"}
    assert answers(index) == answers(uncached(str(team))[1])
    assert Recording(folder).get("catalog", store.puts[0][1]) is not None  # rewritten whole


def test_another_code_fingerprint_misses_every_record(tmp_path, team):
    compiled.load(str(team), store=compiled.Store(tmp_path / "cache"))
    store = Recording(tmp_path / "cache", fingerprint="errcode of another version")
    compiled.load(str(team), store=store)
    assert store.hits == [] and store.puts


def test_a_data_dir_that_cannot_be_written_means_no_cache(tmp_path, team):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    store = compiled.Store.from_env({"ERRCODE_DATA_DIR": str(blocker)})
    assert store.folder is None
    _, index = compiled.load(str(team), store=store)
    assert answers(index) == answers(uncached(str(team))[1])


def test_old_records_are_pruned_to_the_limit(tmp_path, team):
    folder = tmp_path / "cache"
    store = compiled.Store(folder)
    compiled.load(str(team), store=store)
    files = len(load_catalogs(str(team)).catalogs)  # the bundled ones and the team's two
    assert len(list(folder.glob("*.bin"))) == 2 * files + 1  # a catalog and an analysis each, 1 index
    store.prune(keep=2)
    assert len(list(folder.glob("*.bin"))) == 2


def test_the_command_line_uses_the_cache_and_answers_without_it(tmp_path, team):
    def run(data_dir: Path) -> str:
        env = {**os.environ, "ERRCODE_CATALOGS": str(team), "ERRCODE_DATA_DIR": str(data_dir)}
        done = subprocess.run([sys.executable, "-m", "bot", "lookup", "--oneline", "ACME-2"], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=120)  # fmt: skip
        assert done.returncode == 0, done.stderr
        return done.stdout

    first = run(tmp_path / "data")
    assert list((tmp_path / "data" / "compiled").glob("index-*.bin"))
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert run(tmp_path / "data") == first == run(blocker)
    assert "ACME-2" in first


def test_a_cold_load_compiles_the_last_files_in_a_worker_with_the_same_answers(tmp_path, team, monkeypatch):
    for n, name in enumerate(("video", "voice", "chat"), start=3):
        (team / f"{name}.yaml").write_text(TEAM.format(name=name, n=n), encoding="utf-8")
    monkeypatch.setattr(compiled, "_may_fork", lambda: True)  # whatever threads pytest keeps
    monkeypatch.setattr(compiled, "PARALLEL_MIN_BYTES", 0)
    started = []
    start = compiled.Ahead.start

    def recorded(sources, store):
        ahead = start(sources, store)
        started.append(ahead)
        return ahead

    monkeypatch.setattr(compiled.Ahead, "start", recorded)
    folder = tmp_path / "cache"
    loaded, index = compiled.load(str(team), store=compiled.Store(folder))
    assert started[0] is not None and started[0]._paths  # a worker compiled some files
    plain_loaded, plain_index = uncached(str(team))
    assert answers(index) == answers(plain_index)
    assert loaded.problems == plain_loaded.problems
    assert [c.id for c in loaded.catalogs] == [c.id for c in plain_loaded.catalogs]
    warm = Recording(folder)
    compiled.load(str(team), store=warm)
    assert warm.puts == []  # the worker's records are there and good


def test_an_index_written_later_by_a_child_is_read_by_the_next_load(tmp_path, team, monkeypatch):
    monkeypatch.setattr(compiled, "_may_fork", lambda: True)
    folder = tmp_path / "cache"
    cold = Recording(folder)
    _, cold_index = compiled.load(str(team), store=cold, write_index_later=True)
    assert cold.puts == []  # no record written by this process: catalogs, analyses and index by the child
    compiled.wait_for_writers()
    warm = Recording(folder)
    _, warm_index = compiled.load(str(team), store=warm)
    assert warm.puts == [] and "index" in warm.hits
    assert answers(warm_index) == answers(cold_index)


def test_a_built_index_makes_its_text_and_typo_parts_only_when_a_lookup_needs_them(team):
    from bot.search import SearchIndex

    catalogs = load_catalogs(str(team)).catalogs
    _, plain_index = uncached(str(team))
    built = SearchIndex(catalogs)
    parts = built.index._pending
    assert set(parts) == {"text", "typo"}
    assert built.lookup("ACME-2") == plain_index.lookup("ACME-2")  # a code: neither part made
    assert set(parts) == {"text", "typo"} and "docs" not in vars(built.index)
    assert built.lookup("token expired") == plain_index.lookup("token expired")
    assert "text" not in parts
    assert answers(built) == answers(plain_index)
    assert parts == {}
    unread = SearchIndex(catalogs)
    sent = pickle.loads(pickle.dumps(unread))  # as a reload's worker sends its index back: made whole
    assert sent.index.postings == built.index.postings and sent.index.fuzzy_keys == built.index.fuzzy_keys
    assert answers(sent) == answers(plain_index)


def test_a_built_index_stores_the_analyses_it_made_and_the_same_index(tmp_path, team):
    catalogs = load_catalogs(str(team)).catalogs
    from bot.search import SearchIndex
    from bot.search.index import analyse_catalog

    built = SearchIndex(catalogs)
    assert built.index.analyses() == [analyse_catalog(c) for c in catalogs]
    analysed = SearchIndex(catalogs, [analyse_catalog(c) for c in catalogs])
    assert built.index.plain() == analysed.index.plain()
    restored = SearchIndex.from_plain(catalogs, built.index.plain())
    assert answers(restored) == answers(analysed)


def test_a_broken_analysis_record_is_analysed_again(tmp_path, team):
    catalogs = load_catalogs(str(team)).catalogs
    from bot.search import SearchIndex
    from bot.search.index import analyse_catalog

    good = [analyse_catalog(c) for c in catalogs]
    bad = [dict(a, fields=[]) for a in good]  # entries that point at fields it does not have
    index = SearchIndex(catalogs, bad)
    assert answers(index) == answers(SearchIndex(catalogs, good))


def test_a_worker_that_dies_half_way_leaves_the_rest_of_its_files_to_this_process(tmp_path, team, monkeypatch):
    for n, name in enumerate(("video", "voice", "chat"), start=3):
        (team / f"{name}.yaml").write_text(TEAM.format(name=name, n=n), encoding="utf-8")
    monkeypatch.setattr(compiled, "_may_fork", lambda: True)
    monkeypatch.setattr(compiled, "PARALLEL_MIN_BYTES", 0)
    parent, sent = os.getpid(), []
    check, start = compiled._check, compiled.Ahead.start
    started = []

    def dying(raw, path, bundled):
        if os.getpid() != parent:  # in the worker: one file sent, then gone
            sent.append(path)
            if len(sent) == 2:
                os._exit(3)
        return check(raw, path, bundled)

    monkeypatch.setattr(compiled, "_check", dying)
    monkeypatch.setattr(compiled.Ahead, "start", lambda sources, store: started.append(start(sources, store)) or started[-1])
    loaded, index = compiled.load(str(team), store=compiled.Store(tmp_path / "cache"))
    assert started[0] is not None and len(started[0]._paths) >= 2 and started[0]._broken
    plain_loaded, plain_index = uncached(str(team))
    assert answers(index) == answers(plain_index)
    assert loaded.problems == plain_loaded.problems
    assert [c.id for c in loaded.catalogs] == [c.id for c in plain_loaded.catalogs]
