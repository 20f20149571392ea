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
        [sys.executable, "-m", "bench", "--small", "--queries", "15", "--rounds", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert re.search(r"^== labelled query set \(tests/queries/lookup.yaml, \d+ queries x 1\), bundled ==$", out, re.M)
    for engine in ("errcode, answered afresh", "errcode, asked again", "dict \\+ difflib baseline"):
        assert re.search(rf"^{engine}.*\s\d+\s+\d+\.\d\s+\d+\.\d\s+\d+\.\d$", out, re.M), engine
    assert re.search(r"^baseline / errcode afresh: p50 \d+x, mean \d+x$", out, re.M)
    assert "== bundled catalogs:" in out
    assert "== generated catalog via ERRCODE_CATALOGS" in out
    for kind in (*QUERY_TYPES, "all"):
        assert re.search(rf"^{kind}\s+\d+\s+\d+\.\d+\s+\d+\.\d+\s+\|", out, re.M), kind
    assert re.search(r"^generated load \+ index \d+\.\d+ s", out, re.M)
    for label in ("symbol typo", "absent symbol", "code", "words"):
        assert re.search(rf"^generated p99 {label} \d+\.\d+ ms <= 5 ms: (PASS|MISS)", out, re.M), label
    for run in ("cold \\(no cache\\)", "warm \\(cache present", "data dir not writable"):
        assert re.search(rf"^{run}.*\s\d+\.\d\d\s+\d+\.\d\d", out, re.M), run
    assert "same answer cold, warm and unwritable: yes" in out
    assert re.search(r"^first answer warm \d+\.\d+ s <= 1\.0 s: (PASS|MISS)", out, re.M)
    assert "speed-up over difflib+dict" in out


def test_bench_script_runs_directly():
    proc = subprocess.run(
        [sys.executable, "bench/lookup.py", "--help"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert "--small" in proc.stdout
