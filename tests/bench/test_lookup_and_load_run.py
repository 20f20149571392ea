"""The benchmark runs end to end at CI size and prints its table (no timing assertions here:
timings are measured and printed by `python -m bench`, not judged by a test that could flake)."""

import re
import subprocess
import sys
from pathlib import Path

from bench.lookup import QUERY_TYPES

ROOT = Path(__file__).resolve().parents[2]


def test_small_bench_prints_the_table():
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--small", "--queries", "15"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "== bundled catalogs:" in out
    assert "== generated catalog via ERRCODE_CATALOGS" in out
    for kind in (*QUERY_TYPES, "all"):
        assert re.search(rf"^{kind}\s+\d+\s+\d+\.\d+\s+\d+\.\d+\s+\|", out, re.M), kind
    assert re.search(r"^generated load \+ index \d+\.\d+ s", out, re.M)
    assert "speed-up over difflib+dict" in out


def test_bench_script_runs_directly():
    proc = subprocess.run(
        [sys.executable, "bench/lookup.py", "--help"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert "--small" in proc.stdout
