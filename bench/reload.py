"""Acks while a big team catalog reloads: `python -m bench.reload [--rate 20] [--sizes 30000,50000]`.

Starts the real `errcode serve` (HTTP mode, bench.load's setup) against a stand-in Slack
(testing/fake_slack.FakeSlack), with ERRCODE_CATALOGS at a folder holding a small team catalog.
Sends signed slash commands (`/errcode 433`) at a steady rate: first with nothing reloading (the
baseline), then while the server reloads (SIGHUP) a generated YAML team catalog of each size.
Prints ack p50/p99/max per phase and each phase's p99 over the baseline's, measured in one run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import sys
import tempfile
import time
from pathlib import Path

import yaml

from bench.generate import EN_PREDICATES, EN_SUBJECTS, ZH_HANDLING, ZH_PREDICATES, ZH_SUBJECTS, _symbol
from bench.load import Load, percentile

GOAL_MAX_MS = 100.0


def write_team_catalog(path: Path, entries: int, *, seed: int = 7) -> None:
    """A bilingual team catalog in YAML (what teams write)."""
    rng = random.Random(seed)
    seen: set[str] = set()
    items = []
    while len(items) < entries:
        code = str(rng.randint(10_000, 999_999_999)) if rng.random() < 0.5 else _symbol(rng)
        if code.lower() in seen:
            continue
        seen.add(code.lower())
        subject, predicate = rng.randrange(len(ZH_SUBJECTS)), rng.randrange(len(ZH_PREDICATES))
        item = {
            "code": code,
            "kind": "error",
            "meaning": ZH_SUBJECTS[subject] + ZH_PREDICATES[predicate],
            "handling": rng.choice(ZH_HANDLING),
        }
        if rng.random() < 0.5:
            item["en"] = {"meaning": f"{EN_SUBJECTS[subject % len(EN_SUBJECTS)]} {EN_PREDICATES[predicate]}"}
        items.append(item)
    document = {"id": "team-big", "vendor": "acme", "language": "zh", "source": "team wiki", "entries": items}
    with path.open("w", encoding="utf-8") as f:
        yaml.safe_dump(document, f, allow_unicode=True, sort_keys=False, width=200)


async def _steady(send, rate: float, until) -> list[float]:
    """Commands on a fixed schedule (open loop) until `until()`; the acks' times in ms."""
    acks: list[float] = []
    errors: list[str] = []

    async def one() -> None:
        started = time.perf_counter()
        status, _ = await send.command("433")
        acks.append((time.perf_counter() - started) * 1000)
        if status != 200:
            errors.append(str(status))

    tasks, n, start = [], 0, time.perf_counter()
    while not until():
        tasks.append(asyncio.ensure_future(one()))
        n += 1
        await asyncio.sleep(max(0.0, start + n / rate - time.perf_counter()))
    await asyncio.gather(*tasks)
    if errors:
        raise RuntimeError(f"{len(errors)} commands failed: {errors[:5]}")
    return acks


async def run(rate: float, sizes: list[int], baseline_s: float) -> int:
    from testing.fake_slack import FakeSlack, SlackSender

    folder = Path(tempfile.mkdtemp(prefix="errcode-bench-reload-"))
    team = folder / "team"
    team.mkdir()
    write_team_catalog(team / "team.yaml", 10)
    staged = {size: folder / f"team-{size}.yaml" for size in sizes}  # written before the server starts
    for size, path in staged.items():
        write_team_catalog(path, size)
    fake = await FakeSlack().start()
    load = Load(rate, baseline_s, server_cpu=None, quiet=True, env={"ERRCODE_CATALOGS": str(team)})
    log_path = folder / "serve.log"
    proc, base = await load.start_server(fake.api_url, log_path)
    send = SlackSender(base, fake)
    rows = []
    try:
        warm = time.perf_counter() + 1.0
        await _steady(send, rate, lambda: time.perf_counter() >= warm)  # first requests: imports, caches
        ends = time.perf_counter() + baseline_s
        rows.append(("no reload", await _steady(send, rate, lambda: time.perf_counter() >= ends), 0.0))
        for size in sizes:
            staged[size].replace(team / "team.yaml")  # whole, at once: as a deploy would
            done_before = log_path.read_bytes().count(b"catalogs reloaded")
            started = time.perf_counter()
            os.kill(proc.pid, signal.SIGHUP)

            def reloaded(before=done_before) -> bool:
                return log_path.read_bytes().count(b"catalogs reloaded") > before or proc.returncode is not None

            acks = await _steady(send, rate, reloaded)
            rows.append((f"reload {size:,} entries", acks, time.perf_counter() - started))
            await asyncio.sleep(1.0)  # let the old catalogs be freed before the next phase
    finally:
        await send.close()
        proc.terminate()
        await proc.wait()
        load._log.close()
        await fake.stop()
    base_p99 = percentile(rows[0][1], 0.99)
    print(f"/errcode acks at {rate:g}/s during team catalog reloads (errcode serve, loopback)")
    print(f"{'phase':24} {'acks':>5} {'reload s':>8} {'p50 ms':>7} {'p99 ms':>7} {'max ms':>7} {'p99/base':>8}")
    for name, acks, took in rows:
        p99 = percentile(acks, 0.99)
        print(
            f"{name:24} {len(acks):5d} {took:8.1f} {percentile(acks, 0.5):7.1f} {p99:7.1f} {max(acks):7.1f} "
            f"{p99 / base_p99:8.2f}"
        )
    worst = max(max(acks) for _, acks, _ in rows[1:]) if len(rows) > 1 else 0.0
    print(f"goal: every ack during a reload under {GOAL_MAX_MS:.0f} ms: {'met' if worst < GOAL_MAX_MS else 'MISSED'}")
    return 0 if worst < GOAL_MAX_MS else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.reload", description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=20.0, help="slash commands per second")
    parser.add_argument("--sizes", default="30000,50000", help="team catalog sizes to reload, comma-separated")
    parser.add_argument("--baseline", type=float, default=10.0, help="seconds of acks with nothing reloading")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    return asyncio.run(run(args.rate, sizes, args.baseline))


if __name__ == "__main__":
    sys.exit(main())
