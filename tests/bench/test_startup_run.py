"""`python -m bench.startup` runs end to end at a small size and prints its table with wall and CPU
figures (printed, never judged here: timings flake on a shared machine)."""

import os
import re
import subprocess
import sys
from pathlib import Path

from bench.startup import cpu_so_far

ROOT = Path(__file__).resolve().parents[2]


def test_cpu_so_far_reads_a_running_process():
    spent = sum(range(2_000_000))  # some CPU of our own to see
    assert spent and 0 < cpu_so_far(os.getpid()) < 3600
    assert cpu_so_far(2**22 + 12345) != cpu_so_far(2**22 + 12345)  # no such process: NaN


def test_small_startup_bench_prints_wall_and_cpu():
    proc = subprocess.run([sys.executable, "-m", "bench.startup", "--size", "2000", "--warm-runs", "1"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert re.search(r"^run\s+first answer s\s+cpu s\s+exit s\s+goal$", out, re.M)
    for run in ("cold \\(no cache\\)", "warm \\(cache present", "data dir not writable"):
        assert re.search(rf"^{run}.*\s\d+\.\d\d\s+\d+\.\d\d\s+\d+\.\d\d", out, re.M), run
    assert "same answer cold, warm and unwritable: yes" in out
