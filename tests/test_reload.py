"""Catalog reloads without a restart: live within seconds, broken files keep the last good catalogs."""

import asyncio
import logging
import os
import textwrap
import time

import pytest

from bot import api, reload

TEAM = textwrap.dedent(
    """\
    id: team-gateway
    vendor: acme
    product: Gateway
    language: en
    source: team wiki
    entries:
      - code: "ACME-{n}"
        kind: error
        meaning: gateway rejected the call ({n})
    """
)


@pytest.fixture
def team_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("ERRCODE_CATALOGS", str(tmp_path))
    (tmp_path / "team.yaml").write_text(TEAM.format(n=1), encoding="utf-8")
    api.install(api.build())
    yield tmp_path
    api.install(None)


def _codes(query):
    return [m["code"] for m in api.lookup(query)["matches"]]


def _touch_later(path, text):
    # Make sure the mtime moves even on coarse-grained filesystems.
    path.write_text(text, encoding="utf-8")
    stamp = time.time() + 5
    os.utime(path, (stamp, stamp))


async def test_valid_change_is_live_within_seconds(team_dir):
    watcher = reload.CatalogWatcher(interval=0.05)
    watcher.start()
    try:
        assert "ACME-1" in _codes("ACME-1")
        _touch_later(team_dir / "team.yaml", TEAM.format(n=2))
        deadline = time.monotonic() + 5
        while "ACME-2" not in _codes("ACME-2") and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        assert "ACME-2" in _codes("ACME-2")
    finally:
        await watcher.stop()


async def test_broken_file_keeps_last_good_and_reports_file_and_line(team_dir, caplog):
    watcher = reload.CatalogWatcher(interval=60)
    broken = TEAM.format(n=3) + "  - code: [unclosed\n"
    _touch_later(team_dir / "team.yaml", broken)
    with caplog.at_level(logging.ERROR, logger="errcode.reload"):
        assert await watcher.reload("test") is False
    assert "ACME-1" in _codes("ACME-1"), "the last good catalogs must keep serving"
    assert "ACME-3" not in _codes("ACME-3")
    assert any(f"{team_dir / 'team.yaml'}:" in r.getMessage() for r in caplog.records)
    assert any("still serving the last good catalogs" in r.getMessage() for r in caplog.records)


async def test_sighup_triggers_a_reload(team_dir):
    import signal

    watcher = reload.CatalogWatcher(interval=60)
    watcher.start()
    try:
        (team_dir / "team.yaml").write_text(TEAM.format(n=4), encoding="utf-8")
        os.kill(os.getpid(), signal.SIGHUP)
        deadline = time.monotonic() + 5
        while "ACME-4" not in _codes("ACME-4") and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        assert "ACME-4" in _codes("ACME-4")
    finally:
        await watcher.stop()
        asyncio.get_running_loop().remove_signal_handler(signal.SIGHUP)
