"""bench.answer_cost runs each stage and prints one line per stage (no timing assertions)."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_answer_cost_prints_a_line_per_stage():
    proc = subprocess.run(
        [sys.executable, "-m", "bench.answer_cost", "--cpu", "--window", "--stages", "slash,erender"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"^slash \d+ µs CPU per item \(40\)$", proc.stdout, re.M), proc.stdout
    assert re.search(r"^erender \d+ µs CPU per item \(\d+\)$", proc.stdout, re.M), proc.stdout


def test_answer_cost_refuses_an_unknown_stage():
    proc = subprocess.run(
        [sys.executable, "-m", "bench.answer_cost", "--cpu", "--stages", "nothing"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 2 and "unknown stage" in proc.stderr
