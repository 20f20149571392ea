"""`python -m bench.serve` runs end to end at a tiny rate and prints its table for both apps; the
figures are checked for sense (present, positive, every request answered), never against a time:
timings on a shared machine would flake."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NUMBER = r"(\d+\.\d+)"


def _row(out: str, label: str) -> tuple[float, float, float]:
    found = re.search(rf"^\| {re.escape(label)}\s+\|\s+{NUMBER} \|\s+{NUMBER} \|\s+{NUMBER} \|$", out, re.M)
    assert found, f"{label!r} not in\n{out}"
    return tuple(float(v) for v in found.groups())


def test_serve_bench_prints_both_apps_and_their_ratio():
    proc = subprocess.run(
        [sys.executable, "-m", "bench.serve", "--rate", "20", "--duration", "2", "--callgrind-requests", "0"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = proc.stdout
    for label in ("RSS at start (MB)", "RSS after the run (MB)"):
        errcode, minimal, ratio = _row(out, label)
        assert 10 < errcode < 1000 and 10 < minimal < 1000
        assert abs(ratio - errcode / minimal) < 0.01
    for label in ("slash ack p50 (ms)", "slash ack p99 (ms)", "event ack p50 (ms)", "event ack p99 (ms)"):
        errcode, minimal, _ = _row(out, label)
        assert 0 < errcode < 3000 and 0 < minimal < 3000  # within Slack's 3 s, whatever the machine
    errcode, minimal, _ = _row(out, "CPU ms / request")
    assert errcode > 0 and minimal > 0
    # 40 requests each, all answered (one reply per request), none refused
    assert re.search(r"^\| requests / replies / errors\s+\|\s+40/40/0 \|\s+40/40/0 \|", out, re.M), out
    for label in ("slash answers drawn reused (%)", "lookup cache hits (%)"):
        found = re.search(rf"^\| {re.escape(label)}\s+\|\s+{NUMBER} \|", out, re.M)
        assert found and 0 <= float(found.group(1)) <= 100, out


def test_under_callgrind_errcode_writes_its_stats_once_an_hour_not_every_two_seconds(tmp_path):
    # the counted windows hold a few requests each: a flush every 2 s would count per request as
    # often as it happened to fall into them, not once per hundreds of answers as in production
    from bench.serve import Server

    counted = Server("errcode", fake=None, folder=tmp_path, callgrind=True).environment(api_url="http://x")
    timed = Server("errcode", fake=None, folder=tmp_path).environment(api_url="http://x")
    assert counted["ERRCODE_STATS_FLUSH_SECONDS"] == "3600"
    assert "ERRCODE_STATS_FLUSH_SECONDS" not in timed


def test_the_serve_workload_is_hundreds_of_labelled_texts_in_a_seeded_order():
    from bench.serve import workload

    queries, pastes = workload()
    assert len(set(queries)) >= 300 and len(set(pastes)) >= 100  # the caches hit as rarely as in real traffic
    assert workload() == (queries, pastes) and workload(seed=1) != (queries, pastes)


def test_the_load_generator_times_acks_with_its_own_collector_paused_and_restores_it():
    import gc

    from bench.serve import instrument_gc_paused

    assert gc.isenabled()
    with instrument_gc_paused():
        assert not gc.isenabled() and gc.get_freeze_count() > 0
    assert gc.isenabled() and gc.get_freeze_count() == 0
