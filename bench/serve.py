"""What serving costs: `python -m bench.serve [--rate 300] [--duration 10] [--callgrind-requests 60]`.

Starts `errcode serve` (HTTP mode, bundled catalogs) and, in the same run, bench/minimal_bolt.py
(a bolt AsyncApp that only acks and posts one chat.postMessage over a shared keep-alive session),
each as a subprocess with its Web API at a stand-in Slack (the fake Slack of the tests) served by
this script. Then, for each app:
- RSS at start: VmRSS once /healthz answers, before any request;
- latency: signed requests open-loop at `--rate` for `--duration` seconds, slash commands and
  message events taking turns; ack p50/p99 of each (the time to the HTTP 200 Slack waits for),
  this process's own garbage collector paused while it times them;
- CPU ms per request: the server's user+system time (/proc/PID/stat) over the run, replies
  included, divided by the requests sent;
- with valgrind installed: instructions per request, the server started again under callgrind with
  collection switched on only around a fixed number of requests sent one at a time (each waits
  for its reply), less the instructions of an idle window of the same length (timers, the
  catalog watcher). errcode's stats flush is set to once an hour there (ERRCODE_STATS_FLUSH_SECONDS):
  in production one flush every 2 s serves hundreds of answers; in a window of requests sent one
  at a time it counted per request as often as it happened to fall in.
Prints one table, errcode / minimal as a ratio. Figures, not verdicts: nothing here fails a build.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import aiohttp

from bench.load import percentile
from testing.harness import free_port

ROOT = Path(__file__).resolve().parent.parent
# The workload: the labelled lookup queries and pastes of the tests, in one seeded random order,
# so the answer caches (the index's results, the slash answers drawn) hit as rarely as in real
# traffic, not on every request as five queries taking turns made them. Pastes go as direct
# messages: each gets an answer (a channel paste with nothing known gets none).
QUERIES_FILE = ROOT / "tests" / "queries" / "lookup.yaml"
PASTES_DIR = ROOT / "tests" / "pastes"
SEED = 19
EVENT_CHANNEL = "DBENCH"
REPLY_METHODS = ("response_url", "chat.postMessage")


def workload(seed: int = SEED) -> tuple[list[str], list[str]]:
    """(slash queries, pasted texts), each shuffled with `seed`."""
    import random

    import yaml

    queries = [item["q"] for item in yaml.safe_load(QUERIES_FILE.read_text(encoding="utf-8")) if item.get("q", "").strip()]
    pastes = [
        item["text"]
        for path in sorted(PASTES_DIR.glob("*.yaml"))
        for item in yaml.safe_load(path.read_text(encoding="utf-8")) or ()
        if isinstance(item, dict) and isinstance(item.get("text"), str) and item["text"].strip()
    ]
    shuffle = random.Random(seed)
    shuffle.shuffle(queries)
    shuffle.shuffle(pastes)
    return queries, pastes


def _fake():
    from testing import fake_slack

    return fake_slack


def rss_mb(pid: int) -> float:
    found = re.search(r"^VmRSS:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text(), re.M)
    return int(found.group(1)) / 1024 if found else float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system time of the process and its threads so far (/proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Figures:
    name: str
    rss_start_mb: float = float("nan")
    rss_end_mb: float = float("nan")  # after the run: what loads with the first answers shows here
    slash_acks_ms: list[float] = field(default_factory=list)
    event_acks_ms: list[float] = field(default_factory=list)
    errors: int = 0
    requests: int = 0
    replies: int = 0
    cpu_ms_per_request: float = float("nan")
    load: tuple[float, float] = (float("nan"), float("nan"))  # the machine's 1-min load average, before/after
    instructions: dict[str, float] = field(default_factory=dict)  # kind -> per request
    caches: dict[str, tuple[float, float]] = field(default_factory=dict)  # errcode's: name -> (hits, misses)


class Server:
    """One app under test as a subprocess, its Web API at the fake Slack."""

    def __init__(self, name: str, fake, folder: Path, *, callgrind: bool = False):
        self.name, self.fake, self.folder, self.callgrind = name, fake, folder, callgrind
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc: asyncio.subprocess.Process | None = None
        self.callgrind_out = folder / f"{name}.callgrind"
        self.metrics_port = free_port() if name == "errcode" else None

    def argv(self) -> list[str]:
        app = ["-m", "bot", "serve"] if self.name == "errcode" else [str(ROOT / "bench" / "minimal_bolt.py")]
        command = [sys.executable, *app]
        if self.callgrind:
            # Collection stays off until the requests come (callgrind_control -i on).
            command = [
                "valgrind",
                "--tool=callgrind",
                "--instr-atstart=no",
                f"--callgrind-out-file={self.callgrind_out}",
                *command,
            ]
        return command

    def environment(self, api_url: str) -> dict[str, str]:
        sf = _fake()
        clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ERRCODE_", "REDIS_"))}
        env = {
            **clean,
            "SLACK_BOT_TOKEN": sf.BOT_TOKEN,
            "SLACK_SIGNING_SECRET": sf.SIGNING_SECRET,
            "SLACK_API_URL": api_url,
            "PORT": str(self.port),
            "ERRCODE_HOST": "127.0.0.1",
            "ERRCODE_DATA_DIR": str(self.folder / f"{self.name}-data"),
            "PYTHONPATH": str(ROOT),
            "PYTHONHASHSEED": "0",  # the same work from run to run
        }
        if self.metrics_port is not None:
            env["ERRCODE_METRICS_PORT"] = f"127.0.0.1:{self.metrics_port}"  # the caches' hits
        if self.callgrind:
            # The stats flush (~1.5 ms of the loop's CPU) serves every answer of the last 2 s: 600
            # at 300/s, a handful in a window of requests sent one at a time under valgrind, where
            # it counted per request as often as it happened to fall in. Once an hour: none does.
            env["ERRCODE_STATS_FLUSH_SECONDS"] = "3600"
        return env

    async def start(self) -> None:
        env = self.environment(self.fake.api_url)
        self._log = open(self.folder / f"{self.name}{'-callgrind' if self.callgrind else ''}.log", "wb")
        self.proc = await asyncio.create_subprocess_exec(
            *self.argv(), env=env, stdout=self._log, stderr=self._log, cwd=ROOT
        )
        deadline = time.monotonic() + (900 if self.callgrind else 60)
        async with aiohttp.ClientSession() as session:
            while time.monotonic() < deadline and self.proc.returncode is None:
                try:
                    async with session.get(self.base + "/healthz") as resp:
                        if resp.status == 200:
                            return
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.1)
        raise RuntimeError(f"{self.name} did not become healthy; see {self._log.name}")

    async def caches(self) -> dict[str, tuple[float, float]]:
        """errcode's answer caches from its /metrics: name -> (hits, misses)."""
        if self.metrics_port is None:
            return {}
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://127.0.0.1:{self.metrics_port}/metrics") as resp:
                text = await resp.text()
        found = {}
        for name, metric in (("lookup", "errcode_lookup_cache_lookups"), ("drawn", "errcode_drawn_answers_total")):
            counts = dict(re.findall(rf'^{metric}{{outcome="(hit|miss)"}} ([0-9.e+]+)$', text, re.M))
            found[name] = (float(counts.get("hit", 0)), float(counts.get("miss", 0)))
        return found

    async def stop(self) -> None:
        if self.proc is not None and self.proc.returncode is None:
            self.proc.terminate()
            try:
                await asyncio.wait_for(self.proc.wait(), 60)
            except asyncio.TimeoutError:
                self.proc.kill()
                await self.proc.wait()
        self._log.close()

    async def control(self, *args: str) -> None:
        """callgrind_control on the server (waits until valgrind has done it)."""
        proc = await asyncio.create_subprocess_exec(
            "callgrind_control", *args, str(self.proc.pid), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        await proc.wait()


class Sender:
    """Slack's side: signed slash commands and message events, each answered at the fake Slack."""

    def __init__(self, server: Server, fake):
        self.server, self.fake = server, fake
        self.send = _fake().SlackSender(server.base, fake)
        self.n = self.slash = self.events = 0
        self.queries, self.pastes = workload()

    async def open(self) -> None:
        await self.send.session.close()  # room for the open-loop burst, and a bounded wait
        self.send.session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=0), timeout=aiohttp.ClientTimeout(total=30)
        )

    def request(self, kind: str) -> tuple[str, str]:
        self.n += 1
        if kind == "slash":
            self.slash += 1
            form = self.send.command_form(self.queries[self.slash % len(self.queries)], user=f"UBENCH{self.n % 4}")
            form["response_url"] = self.fake.response_url(f"c{self.n}")
            return urlencode(form), "application/x-www-form-urlencoded"
        self.events += 1
        event = self.send.message(self.pastes[self.events % len(self.pastes)], channel=EVENT_CHANNEL, user="UBENCH")
        return self.send.event_body(event), "application/json"

    async def one(self, kind: str, figures: Figures) -> None:
        body, content_type = self.request(kind)
        started = time.perf_counter()
        try:
            status, _ = await self.send.post(body, content_type)
        except Exception:  # refused, reset, timed out
            figures.errors += 1
            return
        (figures.slash_acks_ms if kind == "slash" else figures.event_acks_ms).append(
            (time.perf_counter() - started) * 1000
        )
        if status != 200:
            figures.errors += 1

    def replies(self) -> int:
        return sum(1 for call in self.fake.calls if call.method in REPLY_METHODS)

    async def settle(self, expected: int, timeout: float) -> int:
        deadline = time.monotonic() + timeout
        while self.replies() < expected and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        return self.replies()

    async def at_rate(self, rate: float, duration: float, figures: Figures) -> None:
        tasks = []
        t0 = time.perf_counter()
        for n in range(max(1, int(rate * duration))):
            delay = t0 + n / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(self.one("slash" if n % 2 == 0 else "event", figures)))
        await asyncio.gather(*tasks)
        figures.requests += len(tasks)

    async def one_by_one(self, kind: str, count: int, figures: Figures) -> None:
        """`count` requests, each sent once the reply to the one before reached the fake Slack."""
        for _ in range(count):
            expected = self.replies() + 1
            await self.one(kind, figures)
            if await self.settle(expected, 120) < expected:
                figures.errors += 1


def _callgrind_total(path: Path) -> int:
    found = re.search(r"^(?:summary|totals):\s+(\d+)", path.read_text(errors="replace"), re.M)
    return int(found.group(1)) if found else 0


async def _dump(server: Server, index: int) -> int:
    await server.control("-d")
    path = Path(f"{server.callgrind_out}.{index}")
    for _ in range(200):  # the dump is written a moment after callgrind_control returns
        if path.exists() and _callgrind_total(path):
            return _callgrind_total(path)
        await asyncio.sleep(0.05)
    raise RuntimeError(f"no callgrind dump at {path}")


async def until_quiet(pid: int, *, window: float = 1.0, busy: float = 0.05, quiet_windows: int = 3, timeout: float = 600) -> None:
    """Until the process uses less than `busy` of a core in `quiet_windows` windows of `window`
    seconds in a row: what the warm-up started in the background (the stats store opened in a
    thread, its first flush) is done. Under valgrind that import takes seconds at a fifth to
    three quarters of a core (an idle server: under 1%); counted in the first window it tripled
    the figure of slash commands."""
    deadline = time.monotonic() + timeout
    before, quiet = cpu_seconds(pid), 0
    while time.monotonic() < deadline and quiet < quiet_windows:
        await asyncio.sleep(window)
        now = cpu_seconds(pid)
        quiet = quiet + 1 if now - before < busy * window else 0
        before = now


async def measure_instructions(name: str, fake, folder: Path, count: int, figures: Figures) -> None:
    server = Server(name, fake, folder, callgrind=True)
    await server.start()
    sender = Sender(server, fake)
    await sender.open()
    warm = Figures(name)
    try:
        for kind in ("slash", "event"):  # first-use costs (imports, caches, connections) stay out
            await sender.one_by_one(kind, 5, warm)
        await until_quiet(server.proc.pid)
        await server.control("-i", "on")
        windows = {}
        dumps = 0
        for kind in ("slash", "event"):
            started = time.monotonic()
            await sender.one_by_one(kind, count, figures)
            dumps += 1
            windows[kind] = (await _dump(server, dumps), time.monotonic() - started)
        started = time.monotonic()
        await asyncio.sleep(max(seconds for _, seconds in windows.values()))
        dumps += 1
        idle_per_s = await _dump(server, dumps) / (time.monotonic() - started)
        for kind, (total, seconds) in windows.items():
            figures.instructions[kind] = (total - idle_per_s * seconds) / count
    finally:
        await sender.send.close()
        await server.stop()


@contextlib.contextmanager
def instrument_gc_paused():
    """The load generator's own garbage collector paused while it times acks, as `timeit` does:
    this process also plays Slack and keeps every reply it receives, and a full collection of
    that heap (~57 ms of CPU, traced with gc.callbacks) held every ack in flight, counted
    against whichever app was being measured. The servers' own collections still count."""
    gc.collect()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.unfreeze()


async def measure(name: str, fake, folder: Path, rate: float, duration: float) -> Figures:
    figures = Figures(name)
    server = Server(name, fake, folder)
    await server.start()
    sender = Sender(server, fake)
    await sender.open()
    try:
        figures.rss_start_mb = rss_mb(server.proc.pid)
        warm = Figures(name)
        await sender.at_rate(min(rate, 50), 1.0, warm)  # first-use costs stay out of the figures
        await sender.settle(sender.replies() + warm.requests, 30)
        fake.calls.clear()
        caches_before = await server.caches()
        await until_quiet(server.proc.pid)
        load_before = os.getloadavg()[0]
        cpu_before = cpu_seconds(server.proc.pid)
        with instrument_gc_paused():
            await sender.at_rate(rate, duration, figures)
        figures.replies = await sender.settle(figures.requests, 60)
        figures.cpu_ms_per_request = (cpu_seconds(server.proc.pid) - cpu_before) * 1000 / figures.requests
        figures.rss_end_mb = rss_mb(server.proc.pid)
        caches_after = await server.caches()
        figures.caches = {
            name: (hits - caches_before[name][0], misses - caches_before[name][1])
            for name, (hits, misses) in caches_after.items()
        }
        figures.load = (load_before, os.getloadavg()[0])
    finally:
        await sender.send.close()
        await server.stop()
    return figures


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b and b == b and a == a else "-"


def table(errcode: Figures, minimal: Figures) -> str:
    def row(label: str, a: float, b: float, fmt: str) -> str:
        return f"| {label:<32} | {format(a, fmt):>10} | {format(b, fmt):>10} | {_ratio(a, b):>15} |"

    lines = [
        f"| {'':<32} | {'errcode':>10} | {'minimal':>10} | {'errcode/minimal':>15} |",
        f"|{'-' * 34}|{'-' * 12}|{'-' * 12}|{'-' * 17}|",
        row("RSS at start (MB)", errcode.rss_start_mb, minimal.rss_start_mb, ".1f"),
        row("RSS after the run (MB)", errcode.rss_end_mb, minimal.rss_end_mb, ".1f"),
    ]
    for label, attr in (("slash", "slash_acks_ms"), ("event", "event_acks_ms")):
        a, b = getattr(errcode, attr), getattr(minimal, attr)
        lines.append(row(f"{label} ack p50 (ms)", statistics.median(a or [float("nan")]), statistics.median(b or [float("nan")]), ".2f"))
        lines.append(row(f"{label} ack p99 (ms)", percentile(a, 0.99), percentile(b, 0.99), ".2f"))
    loads = ["{:.2f}/{:.2f}".format(*f.load) for f in (errcode, minimal)]
    lines.append(f"| {'load avg (1 min) before/after':<32} | {loads[0]:>10} | {loads[1]:>10} | {'':>15} |")
    lines.append(row("CPU ms / request", errcode.cpu_ms_per_request, minimal.cpu_ms_per_request, ".3f"))
    for kind, label in (("slash", "M instructions / slash command"), ("event", "M instructions / event")):
        if kind in errcode.instructions or kind in minimal.instructions:
            a = errcode.instructions.get(kind, float("nan")) / 1e6
            b = minimal.instructions.get(kind, float("nan")) / 1e6
            lines.append(row(label, a, b, ".2f"))
    for name, label in (("drawn", "slash answers drawn reused (%)"), ("lookup", "lookup cache hits (%)")):
        hits, misses = errcode.caches.get(name, (float("nan"), float("nan")))
        share = 100 * hits / (hits + misses) if hits + misses else float("nan")
        lines.append(f"| {label:<32} | {share:>10.1f} | {'-':>10} | {'':>15} |")
    lines.append(
        f"| {'requests / replies / errors':<32} | {f'{errcode.requests}/{errcode.replies}/{errcode.errors}':>10} "
        f"| {f'{minimal.requests}/{minimal.replies}/{minimal.errors}':>10} | {'':>15} |"
    )
    return "\n".join(lines)


async def run(args) -> tuple[Figures, Figures]:
    fake = await _fake().FakeSlack().start()
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="errcode-bench-serve-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        results = []
        for name in ("errcode", "minimal"):
            if name in args.only:
                results.append(await measure(name, fake, folder, args.rate, args.duration))
            else:
                results.append(Figures(name))
            fake.calls.clear()
        if args.callgrind_requests > 0:
            for figures in results:
                if figures.name not in args.only:
                    continue
                await measure_instructions(figures.name, fake, folder, args.callgrind_requests, figures)
                fake.calls.clear()
    except BaseException:
        print(f"the servers' logs are kept in {folder}", file=sys.stderr)
        raise
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    return results[0], results[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.serve", description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=300.0, help="requests per second (default 300)")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of load (default 10)")
    parser.add_argument(
        "--callgrind-requests",
        type=int,
        default=60,
        help="requests of each kind under callgrind (default 60; 0: no callgrind)",
    )
    parser.add_argument(
        "--only", choices=("errcode", "minimal"), action="append",
        help="measure only this app (repeatable; default both)",
    )
    parser.add_argument(
        "--keep", metavar="DIR",
        help="keep the servers' logs and callgrind outputs in DIR (for callgrind_annotate)",
    )
    args = parser.parse_args(argv)
    args.only = tuple(args.only or ("errcode", "minimal"))
    if args.callgrind_requests > 0 and not (shutil.which("valgrind") and shutil.which("callgrind_control")):
        print("valgrind not installed (apt-get install valgrind): no instruction counts", file=sys.stderr)
        args.callgrind_requests = 0
    errcode, minimal = asyncio.run(run(args))
    print(
        f"errcode serve vs a minimal bolt app (ack + one chat.postMessage): {args.rate:g} requests/s for "
        f"{args.duration:g} s, slash commands and message events taking turns, unpinned"
        + (
            f"; instructions: callgrind over {args.callgrind_requests} requests of each kind (errcode's stats "
            "flush, once per 2 s of answers, kept out of the windows)"
            if args.callgrind_requests
            else ""
        )
    )
    print(table(errcode, minimal))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
