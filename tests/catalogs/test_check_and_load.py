"""`errcode catalogs check|list` and loading: bundled catalogs pass, broken ones are named with file:line."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.catalogs import CatalogError, bundled_dir, load_catalogs

FIXTURES = Path(__file__).parents[1] / "fixtures" / "catalogs"
BROKEN = FIXTURES / "broken"


def run_cli(*args: str, extra: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "ERRCODE_CATALOGS": extra}
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, env=env)


def test_check_passes_on_the_bundled_catalogs():
    proc = run_cli("catalogs", "check")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "5 catalogs valid, 332 entries; 0 errors, 0 warnings" in proc.stdout


@pytest.mark.parametrize(
    ("fixture", "line", "words"),
    [
        ("bad_yaml.yaml", 9, "invalid YAML"),
        ("missing_meaning.yaml", 7, "entry '2': 'meaning' is missing or empty"),
        ("duplicate_entry.yaml", 15, "duplicate entry: code '61004', kind error, name 'GateWayLoginAlready'"),
        ("wrong_type.yaml", 7, "entry '2': 'meaning' must be a string, not dict"),
        ("duplicate_id.yaml", 1, "catalog id 'agora-cloud-recording' is already used"),
    ],
)
def test_check_fails_with_file_and_line(fixture, line, words):
    path = BROKEN / fixture
    proc = run_cli("catalogs", "check", extra=str(path))
    assert proc.returncode == 1
    assert f"{path}:{line}: error: {words}" in proc.stdout
    assert "5 catalogs valid" in proc.stdout  # the bundled ones still load beside it


def test_check_reports_every_broken_file_at_once():
    proc = run_cli("catalogs", "check", extra=str(BROKEN))
    assert proc.returncode == 1
    assert "5 errors" in proc.stdout
    for fixture in BROKEN.glob("*.yaml"):
        assert f"{fixture}:" in proc.stdout


def test_an_invalid_extra_catalog_is_skipped_with_a_message():
    extra = os.pathsep.join([str(BROKEN / "missing_meaning.yaml"), str(FIXTURES / "extra")])
    loaded = load_catalogs(extra)
    assert {c.id for c in loaded.catalogs} == {
        "volcengine-rtc",
        "rtc-platform",
        "tencent-live",
        "agora-cloud-recording",
        "netease-webrtc",
        "acme-rtc",
    }
    assert [p.line for p in loaded.errors] == [7]
    proc = run_cli("catalogs", "list", "--json", extra=extra)
    assert proc.returncode == 0
    assert "skipped:" in proc.stderr and "missing_meaning.yaml:7" in proc.stderr
    rows = {row["id"]: row for row in json.loads(proc.stdout)["catalogs"]}
    assert rows["acme-rtc"]["bundled"] is False and rows["acme-rtc"]["entries"] == 1
    assert rows["netease-webrtc"]["kinds"] == {"error": 57, "server_code": 36}


def test_an_invalid_bundled_catalog_stops_start_up(tmp_path):
    shutil.copy(bundled_dir() / "tencent-live.yaml", tmp_path)
    shutil.copy(BROKEN / "wrong_type.yaml", tmp_path)
    with pytest.raises(CatalogError) as raised:
        load_catalogs("", bundled=tmp_path)
    assert f"{tmp_path / 'wrong_type.yaml'}:7" in str(raised.value)


def test_list_counts_entries_by_kind():
    proc = run_cli("catalogs", "list", "--json")
    counts = {row["id"]: row["kinds"] for row in json.loads(proc.stdout)["catalogs"]}
    assert counts == {
        "agora-cloud-recording": {"error": 20, "http_status": 8, "service_status": 8},
        "netease-webrtc": {"error": 57, "server_code": 36},
        "rtc-platform": {"success": 1, "error": 79},
        "tencent-live": {"error": 62},
        "volcengine-rtc": {"error": 61},
    }


def test_loading_the_bundled_catalogs_takes_well_under_a_second():
    load_catalogs("")  # warm imports; the bound is on reading and validating the files
    start = time.perf_counter()
    loaded = load_catalogs("")
    elapsed = time.perf_counter() - start
    print(
        f"\nloading {len(loaded.catalogs)} bundled catalogs, {sum(1 for _ in loaded.entries)} entries: "
        f"{elapsed * 1000:.1f} ms"
    )
    assert len(loaded.catalogs) == 5
    assert elapsed < 1.0
