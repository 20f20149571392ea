"""Hostile or huge team catalogs can't stall the bot: an alias bomb is refused without expanding
it, a file over ERRCODE_CATALOG_MAX_BYTES is refused without reading it, values quoted in
problems are clipped, a file still being written is not loaded, and a big file is built outside the
serving process."""

from __future__ import annotations

import asyncio
import os
import textwrap
import time
import tracemalloc

from bot import api, reload
from bot.catalogs import load_file, loader, yamlfile

# 482 bytes: nine levels of nine aliases is 9**9 (387 million) strings once expanded
ALIAS_BOMB = textwrap.dedent(
    """\
    id: team-bomb
    vendor: acme
    language: en
    a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
    b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
    d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
    e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
    f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
    g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
    h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
    entries:
      - code: BOMB-1
        kind: [*h,*h,*h,*h,*h,*h,*h,*h,*h]
        meaning: boom
    """
)

TEAM = textwrap.dedent(
    """\
    id: team-gateway
    vendor: acme
    language: en
    source: team wiki
    entries:
      - code: "ACME-{n}"
        kind: error
        meaning: gateway rejected the call ({n})
    """
)


def test_an_alias_bomb_is_refused_quickly_with_a_short_message(tmp_path):
    path = tmp_path / "bomb.yaml"
    path.write_text(ALIAS_BOMB, encoding="utf-8")
    tracemalloc.start()
    started = time.monotonic()
    catalog, problems = load_file(path, bundled=False)
    took = time.monotonic() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert catalog is None
    assert problems and "alias" in problems[0].message
    assert all(len(str(p)) < 500 for p in problems), [len(str(p)) for p in problems]
    assert took < 1.0 and peak < 50_000_000, (took, peak)  # it took 1.6 GB and 8.9 s


def test_a_few_aliases_are_still_fine(tmp_path):
    path = tmp_path / "aliases.yaml"
    path.write_text(
        TEAM.format(n=1) + "  - code: ACME-2\n    kind: error\n    meaning: &m shared words\n"
        "  - code: ACME-3\n    kind: error\n    meaning: *m\n",
        encoding="utf-8",
    )
    catalog, problems = load_file(path, bundled=False)
    assert catalog is not None and [e.code for e in catalog.entries] == ["ACME-1", "ACME-2", "ACME-3"]


def test_a_file_over_the_size_cap_is_refused_without_reading_it(tmp_path, monkeypatch):
    monkeypatch.setenv("ERRCODE_CATALOG_MAX_BYTES", "2000")
    path = tmp_path / "huge.yaml"
    path.write_text(TEAM.format(n=1) + "# " + "x" * 5000 + "\n", encoding="utf-8")
    catalog, problems = load_file(path, bundled=False)
    assert catalog is None
    assert "ERRCODE_CATALOG_MAX_BYTES" in problems[0].message and "2,000" in problems[0].message
    monkeypatch.delenv("ERRCODE_CATALOG_MAX_BYTES")
    assert load_file(path, bundled=False)[0] is not None  # the default cap is 20 MB


def test_values_quoted_in_problems_are_clipped(tmp_path):
    path = tmp_path / "long.yaml"
    huge = "k" * 200_000
    path.write_text(
        f"id: {huge}\nvendor: acme\nlanguage: {huge}\nentries:\n  - code: {huge}\n    kind: {huge}\n    meaning: m\n",
        encoding="utf-8",
    )
    _, problems = load_file(path, bundled=False)
    assert problems
    assert all(len(str(p)) < 500 for p in problems), [len(str(p)) for p in problems]


async def test_a_file_still_being_written_is_not_loaded(tmp_path, monkeypatch):
    monkeypatch.setenv("ERRCODE_CATALOGS", str(tmp_path))
    team = tmp_path / "team.yaml"
    team.write_text(TEAM.format(n=1), encoding="utf-8")
    api.install(api.build())
    watcher = reload.CatalogWatcher(interval=0.2)
    watcher.start()
    seen_partial = []
    try:
        # A writer appending entries for a while: every intermediate state is valid YAML, but
        # only the finished file may be served.
        body = TEAM.format(n=1)
        for n in range(2, 14):
            body += f"  - code: PART-{n}\n    kind: error\n    meaning: part {n}\n"
            with open(team, "w", encoding="utf-8") as f:
                f.write(body)
            os.utime(team, (time.time() + n, time.time() + n))
            await asyncio.sleep(0.1)
            codes = {e.code for e in api.knowledge().index.entries}
            if "PART-2" in codes and "PART-13" not in codes:
                seen_partial.append(n)
        deadline = time.monotonic() + 5
        while "PART-13" not in {e.code for e in api.knowledge().index.entries} and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        assert "PART-13" in {e.code for e in api.knowledge().index.entries}
        assert seen_partial == [], f"a half-written file was served while writing step(s) {seen_partial}"
    finally:
        await watcher.stop()
        api.install(None)


async def test_a_big_team_catalog_is_built_outside_the_serving_process(tmp_path, monkeypatch):
    """Parsing and indexing in the serving process held its GIL for up to hundreds of ms (acks
    waited); the build must run in another process, and the loop must keep ticking meanwhile.
    (Ack times during a reload are measured by `python -m bench.reload`, not here.)"""
    team_dir = tmp_path / "team"
    team_dir.mkdir()
    monkeypatch.setenv("ERRCODE_CATALOGS", str(team_dir))
    lines = ["id: team-big", "vendor: acme", "language: en", "entries:"]
    for n in range(5_000):
        lines += [f"  - code: BIG-{n}", "    kind: error", f"    meaning: generated error number {n}"]
    (team_dir / "big.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    parsed_here = []
    real_read = yamlfile.read_document

    def recording_read(path, *args, **kwargs):
        parsed_here.append(str(path))
        return real_read(path, *args, **kwargs)

    api.install(api.build(extra=""))
    monkeypatch.setattr(yamlfile, "read_document", recording_read)
    monkeypatch.setattr(loader, "read_document", recording_read)
    ticks = 0
    reloading = asyncio.ensure_future(reload.CatalogWatcher(interval=60).reload("test"))
    try:
        while not reloading.done():
            await asyncio.sleep(0.005)
            ticks += 1
        assert await reloading is True
        assert "BIG-4999" in {e.code for e in api.knowledge().index.entries}
        assert parsed_here == [], f"parsed in the serving process: {parsed_here}"
        assert ticks >= 10, ticks
    finally:
        api.install(None)


def test_a_build_that_never_finishes_is_a_failed_reload_and_the_last_good_catalogs_serve(tmp_path, monkeypatch):
    monkeypatch.setenv("ERRCODE_CATALOGS", str(tmp_path))
    (tmp_path / "team.yaml").write_text(TEAM.format(n=1), encoding="utf-8")
    api.install(api.build())
    try:
        (tmp_path / "team.yaml").write_text(TEAM.format(n=2), encoding="utf-8")
        monkeypatch.setattr(reload, "WORKER_TIMEOUT", 0.01)  # the worker is killed long before it is done
        assert reload.reload_now("test") is False
        codes = {e.code for e in api.knowledge().index.entries}
        assert "ACME-1" in codes and "ACME-2" not in codes
        monkeypatch.setattr(reload, "WORKER_TIMEOUT", 600.0)
        assert reload.reload_now("test") is True
        assert "ACME-2" in {e.code for e in api.knowledge().index.entries}
    finally:
        api.install(None)
