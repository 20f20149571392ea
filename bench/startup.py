"""Spawn to first answer with a big YAML team catalog: `python -m bench.startup [--size 50000]`.

Runs the real command line (`python -m bot lookup CODE`) with ERRCODE_CATALOGS at generated YAML
catalogs and ERRCODE_DATA_DIR at a fresh folder: first with no compiled cache there (cold), then
again with the cache the first run wrote (warm), then with a data folder errcode may not write
(it must still answer, building every time). Times from spawn to the answer's first line, and
the CPU seconds spent by then (the process and the workers it has finished with, from /proc):
on a machine shared with other work the wall figure swings with the neighbours, the CPU one less.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/startup.py`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.generate import generate_catalogs  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
GOAL_WARM_S = 1.0
GOAL_COLD_S = 5.0


@dataclass
class Spawn:
    first_line_s: float
    exit_s: float
    answer: str
    first_cpu_s: float = float("nan")  # CPU of the process and its reaped children at the first line


def cpu_so_far(pid: int) -> float:
    """utime + stime of a running process and of the children it has waited for (NaN without /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return float("nan")
    utime, stime, cutime, cstime = (int(fields[i]) for i in (11, 12, 13, 14))  # after ") state ..."
    return (utime + stime + cutime + cstime) / os.sysconf("SC_CLK_TCK")


def spawn_lookup(query: str, catalogs: Path, data_dir: Path) -> Spawn:
    env = {**os.environ, "ERRCODE_CATALOGS": str(catalogs), "ERRCODE_DATA_DIR": str(data_dir)}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "lookup", "--oneline", query],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    first = proc.stdout.readline()
    first_s = time.perf_counter() - start
    first_cpu = cpu_so_far(proc.pid)
    rest, err = proc.communicate(timeout=600)
    exit_s = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"errcode lookup exited {proc.returncode}: {err.strip()[-300:]}")
    return Spawn(first_s, exit_s, (first + rest).strip().splitlines()[0] if first else "", first_cpu)


def run(size: int, warm_runs: int = 3) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="errcode-startup-"))
    try:
        catalogs, data = folder / "catalogs", folder / "data"
        generate_catalogs(catalogs, size, fmt="yaml")
        code = _a_generated_code(catalogs)
        cold = spawn_lookup(code, catalogs, data)
        warm = [spawn_lookup(code, catalogs, data) for _ in range(warm_runs)]
        locked = folder / "locked"
        locked.write_text("a file, not a folder: the cache cannot be written here")
        unwritable = spawn_lookup(code, catalogs, locked)
        cache_bytes = sum(p.stat().st_size for p in data.rglob("*") if p.is_file()) if data.exists() else 0
        return {"size": size, "query": code, "cold": cold, "warm": warm, "unwritable": unwritable,
                "cache_mb": cache_bytes / 1e6}  # fmt: skip
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _a_generated_code(folder: Path) -> str:
    for line in sorted(folder.glob("*.yaml"))[-1].read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("- code:"):
            return line.split(":", 1)[1].strip().strip("'\"")
    raise RuntimeError("no code in the generated catalog")


def format_result(r: dict) -> str:
    warm_first = statistics.median(s.first_line_s for s in r["warm"])
    rows = [
        ("cold (no cache)", r["cold"].first_line_s, r["cold"].first_cpu_s, r["cold"].exit_s,
         f"<= {GOAL_COLD_S:.0f} s"),
        (f"warm (cache present, median of {len(r['warm'])})", warm_first,
         statistics.median(s.first_cpu_s for s in r["warm"]), statistics.median(s.exit_s for s in r["warm"]),
         f"<= {GOAL_WARM_S:.0f} s"),
        ("data dir not writable (no cache)", r["unwritable"].first_line_s, r["unwritable"].first_cpu_s,
         r["unwritable"].exit_s, ""),
    ]  # fmt: skip
    lines = [
        f"== spawn to first answer: `errcode lookup {r['query']}`, {r['size']:,} YAML entries + bundled ==",
        f"{'run':<40}{'first answer s':>15}{'cpu s':>7}{'exit s':>9}  goal",
    ]
    lines += [f"{name:<40}{first:>15.2f}{cpu:>7.2f}{done:>9.2f}  {goal}" for name, first, cpu, done, goal in rows]
    lines.append("cpu s: CPU by the first answer, of the process and the workers it has finished with")
    lines.append(f"compiled cache in ERRCODE_DATA_DIR: {r['cache_mb']:.1f} MB; answer: {r['cold'].answer[:70]}")
    same = len({s.answer for s in [r["cold"], *r["warm"], r["unwritable"]]}) == 1
    lines.append(f"same answer cold, warm and unwritable: {'yes' if same else 'NO'}")
    return "\n".join(lines)


def goals(r: dict) -> list[str]:
    warm = statistics.median(s.first_line_s for s in r["warm"])
    scale = "" if r["size"] >= 50_000 else f" (goal is for 50,000 entries; this run has {r['size']:,})"
    mark = {True: "PASS", False: "MISS"}
    return [
        f"first answer warm {warm:.2f} s <= {GOAL_WARM_S} s: {mark[warm <= GOAL_WARM_S]}{scale}",
        f"first answer cold {r['cold'].first_line_s:.2f} s <= {GOAL_COLD_S} s: "
        f"{mark[r['cold'].first_line_s <= GOAL_COLD_S]}{scale}",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.startup", description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=50_000, help="generated YAML entries (default 50,000)")
    parser.add_argument("--warm-runs", type=int, default=3)
    args = parser.parse_args(argv)
    result = run(args.size, args.warm_runs)
    print(format_result(result))
    print("\n".join(goals(result)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
