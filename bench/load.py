"""Load on `errcode serve`: `python -m bench.load [--rate 300] [--duration 60]`.

Starts the real `errcode serve` (HTTP mode, bundled catalogs) as a subprocess pinned to one core,
its SLACK_API_URL at a stand-in Slack Web API (testing/fake_slack.FakeSlack) served by this script,
which runs on the other core. Sends, open-loop at a fixed rate (a slow answer never slows the
sending), requests signed exactly as Slack signs them: slash commands (answered at their own
response_url), pastes in a channel, direct messages, mentions (Slack sends each one twice, as
`message` and `app_mention`), chatter that must get no reply, and Slack's redeliveries of events
already sent (X-Slack-Retry-Num, same event_id) that must get no second reply.

Prints one table: rate achieved, requests, errors, time to ack (p50/p95/p99/max), replies expected /
got / missing / duplicated, the server's resident memory (VmRSS sampled every second: start, peak,
end, slope) and what its /metrics counted. Exit status 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import sys
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import aiohttp

from testing.harness import free_port

ROOT = Path(__file__).resolve().parent.parent
# The goals, on one core.
GOAL_RATE = 300.0
GOAL_ACK_P99_MS = 50.0
GOAL_RSS_MB = 150.0
GOAL_RSS_SLOPE_MB_PER_MIN = 5.0  # "flat": less than this growth per minute after the first seconds

COMMANDS = [
    "433",
    "agora 433",
    "AuthFailure.SignatureExpire",
    "签名过期",
    "netease 404",
    "serviceIdle",
    "InvalidParameter lang:zh",
    "no such thing at all",
    "help",
    "token expired",
]
PASTES = [  # each holds a catalogued error: one reply in the thread
    '{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":"bad sig"},"RequestId":"r-%d"}}',
    "[TencentCloudSDKException] code:RequestLimitExceeded message:请求的次数超过了频率限制。 requestId:%d",
    'HTTP/1.1 404 Not Found\n{"resourceId":"Jyv","sid":"s-%d","code":435}',
    '{"code":404,"msg":"not found","requestId":"%d"} from netease im',
]
CHATTER = ["lunch at noon? #%d", "deploy %d is green, thanks all", "ok, merging %d now"]
SLACK_RETRY_WINDOW = 300.0  # Slack redelivers an event immediately, after 1 minute and after 5
# One cycle of the mix; "mention" sends two requests (message + app_mention), "retry" redelivers.
MIX = ["command", "paste", "command", "dm", "command", "chatter", "command", "mention", "command", "retry"]


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _slope(samples: list[tuple[float, float]]) -> float:
    """Least-squares growth of RSS in MB per minute."""
    if len(samples) < 2:
        return 0.0
    n = len(samples)
    mean_t = sum(t for t, _ in samples) / n
    mean_m = sum(m for _, m in samples) / n
    var = sum((t - mean_t) ** 2 for t, _ in samples)
    if not var:
        return 0.0
    return 60 * sum((t - mean_t) * (m - mean_m) for t, m in samples) / var


def rss_mb(pid: int) -> float | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
    return int(found.group(1)) / 1024 if found else None


def _replied_to(args: dict) -> str | None:
    """The message an inline answer (a direct message's) replies to, from the answer's metadata."""
    metadata = args.get("metadata")
    if isinstance(metadata, str):
        try:
            metadata = json.loads(metadata)
        except ValueError:
            return None
    payload = metadata.get("event_payload") if isinstance(metadata, dict) else None
    return payload.get("answers") if isinstance(payload, dict) else None


@dataclass
class Result:
    rate: float
    duration: float
    sent: int = 0
    by_kind: Counter = field(default_factory=Counter)
    acks_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    expected: dict[str, int] = field(default_factory=dict)  # reply key -> replies expected (0 or 1)
    got: Counter = field(default_factory=Counter)  # reply key -> replies seen
    rss: list[tuple[float, float]] = field(default_factory=list)  # (seconds into the run, MB)
    send_span: float = 0.0
    late_sends_ms: float = 0.0  # how far behind schedule the generator fell at worst
    metrics: dict[str, float] = field(default_factory=dict)
    server_errors: list[str] = field(default_factory=list)  # error-level lines in the server's log

    @property
    def achieved_rate(self) -> float:
        return (self.sent - 1) / self.send_span if self.send_span > 0 else 0.0

    @property
    def missing(self) -> int:
        return sum(1 for k, n in self.expected.items() if self.got[k] < n)

    @property
    def duplicates(self) -> int:
        return sum(max(0, self.got[k] - n) for k, n in self.expected.items()) + sum(
            v for k, v in self.got.items() if k not in self.expected
        )

    def summary(self) -> dict:
        rss = [m for _, m in self.rss]
        steady = [(t, m) for t, m in self.rss if t >= min(5.0, self.duration / 2)]
        return {
            "rate_target": self.rate,
            "rate_achieved": round(self.achieved_rate, 1),
            "duration_s": self.duration,
            "requests": self.sent,
            "by_kind": dict(self.by_kind),
            "errors": len(self.errors),
            "ack_p50_ms": round(percentile(self.acks_ms, 0.50), 2),
            "ack_p95_ms": round(percentile(self.acks_ms, 0.95), 2),
            "ack_p99_ms": round(percentile(self.acks_ms, 0.99), 2),
            "ack_max_ms": round(max(self.acks_ms, default=float("nan")), 2),
            "replies_expected": sum(self.expected.values()),
            "replies_got": sum(min(self.got[k], n) for k, n in self.expected.items()),
            "replies_missing": self.missing,
            "replies_duplicated": self.duplicates,
            "rss_start_mb": round(rss[0], 1) if rss else None,
            "rss_peak_mb": round(max(rss), 1) if rss else None,
            "rss_end_mb": round(rss[-1], 1) if rss else None,
            "rss_slope_mb_per_min": round(_slope(steady), 2),
            "rss_slope_last_half_mb_per_min": round(
                _slope([(t, m) for t, m in self.rss if t >= self.duration / 2]), 2
            ),
            "rss_by_minute_mb": [round(m, 1) for t, m in self.rss if int(t) % 60 == 0 and t >= 1][:30],
            "generator_worst_lag_ms": round(self.late_sends_ms, 1),
            "server_error_lines": len(self.server_errors),
            "metrics": self.metrics,
        }


class Load:
    """One run: the server process, the stand-in Slack, the sender and the bookkeeping."""

    def __init__(
        self,
        rate: float,
        duration: float,
        *,
        server_cpu: int | None,
        quiet: bool = False,
        instances: int = 1,
        env: dict | None = None,
    ):
        self.rate, self.duration, self.server_cpu, self.quiet = rate, duration, server_cpu, quiet
        self.instances, self.env = instances, dict(env or {})  # env: e.g. REDIS_URL they share
        self.targets: list = []  # one sender per instance: requests go round-robin
        self.metrics_ports: dict[str, int] = {}  # base URL -> that instance's /metrics port
        self.result = Result(rate, duration)
        self._n = 0
        self._sent_events: deque[tuple[float, str]] = deque()  # (when, body) of events sent, to redeliver
        self._warmup_keys: set[str] = set()  # replies to the warm-up are not counted

    def say(self, text: str) -> None:
        if not self.quiet:
            print(text, file=sys.stderr, flush=True)

    # -- the server
    async def start_server(self, api_url: str, log_path: Path) -> tuple[asyncio.subprocess.Process, str]:
        from testing.fake_slack import BOT_TOKEN, SIGNING_SECRET

        port = free_port()
        metrics_port = free_port()
        clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ERRCODE_"))}
        env = {
            **clean,
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": api_url,
            "PORT": str(port),
            "ERRCODE_HOST": "127.0.0.1",
            "ERRCODE_METRICS_PORT": str(metrics_port),  # /metrics is never on the public port
            "ERRCODE_LOG_FORMAT": "json",
            "ERRCODE_LOG_LEVEL": os.environ.get("ERRCODE_LOG_LEVEL", "INFO"),
            "PYTHONPATH": str(ROOT),
            **self.env,
        }
        cpu = self.server_cpu

        def pin() -> None:  # in the child, before exec: the server and all its threads on one core
            if cpu is not None:
                os.sched_setaffinity(0, {cpu})

        self._log = open(log_path, "wb")  # a file, not a pipe: a full pipe would stall the server
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "serve", env=env, stdout=self._log, stderr=self._log, preexec_fn=pin
        )
        base = f"http://127.0.0.1:{port}"
        self.metrics_ports[base] = metrics_port  # each instance's own (one shared attribute read the last one's twice)
        async with aiohttp.ClientSession() as session:
            for _ in range(400):  # up to 20 s to import and load the catalogs
                if proc.returncode is not None:
                    break
                try:
                    async with session.get(base + "/healthz") as resp:
                        if resp.status == 200:
                            return proc, base
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.05)
        raise RuntimeError("errcode serve did not become healthy; see " + str(log_path))

    # -- what to send
    def _next(self, send, fake) -> list[tuple[str, str, str, dict | None, str | None]]:
        """(kind, body, content type, extra headers, reply key) of the next request(s)."""
        from testing.fake_slack import BOT_USER_ID

        i = self._n
        self._n += 1
        kind = MIX[i % len(MIX)]
        user = f"ULOAD{i % 20:02d}"
        if kind == "command":
            key = f"c{i}"
            form = send.command_form(COMMANDS[i % len(COMMANDS)], user=user)
            form["response_url"] = fake.response_url(key)
            self.result.expected[key] = 1
            return [(kind, urlencode(form), "application/x-www-form-urlencoded", None, key)]
        while self._sent_events and self._sent_events[0][0] < time.monotonic() - SLACK_RETRY_WINDOW:
            self._sent_events.popleft()  # Slack retries for 5 minutes at most
        if kind == "retry" and self._sent_events:
            body = self._sent_events[(i * 7919) % len(self._sent_events)][1]
            return [
                (
                    kind,
                    body,
                    "application/json",
                    {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"},
                    None,
                )
            ]
        if kind == "mention":
            text = f"<@{BOT_USER_ID}> agora 433 ({i})"
            event = send.message(text, channel="CLOAD", user=user)
            mention = {**event, "type": "app_mention"}
            mention.pop("channel_type", None)
            self.result.expected[event["ts"]] = 1
            return [
                ("mention", send.event_body(event), "application/json", None, None),
                ("mention", send.event_body(mention), "application/json", None, None),
            ]
        if kind == "dm":
            event = send.message(f"{COMMANDS[i % len(COMMANDS)]} ", channel="DLOAD", user=user)
            self.result.expected[event["ts"]] = 1
        elif kind == "chatter":
            event = send.message(CHATTER[i % len(CHATTER)] % i, channel="CLOAD", user=user)
            self.result.expected[event["ts"]] = 0
        else:  # a paste in a channel ("retry" before any event was sent falls back to this)
            kind = "paste"
            event = send.message(PASTES[i % len(PASTES)] % i, channel="CLOAD", user=user)
            self.result.expected[event["ts"]] = 1
        return [(kind, send.event_body(event), "application/json", None, None)]

    async def _one(self, send, kind: str, body: str, content_type: str, headers: dict | None) -> None:
        started = time.perf_counter()
        try:
            status, text = await send.post(body, content_type, headers=headers)
        except Exception as exc:  # refused, reset, timed out: all errors of the run
            self.result.errors.append(f"{kind}: {type(exc).__name__} {exc}")
            return
        self.result.acks_ms.append((time.perf_counter() - started) * 1000)
        if status != 200:
            self.result.errors.append(f"{kind}: HTTP {status} {text[:100]}")
        if kind in ("paste", "dm", "chatter") or (kind == "mention" and '"app_mention"' in body):
            self._sent_events.append((time.monotonic(), body))

    async def drive(self, send, fake, *, rate: float, duration: float, count: bool = True) -> None:
        """Send open-loop at `rate` for `duration` seconds (a fixed schedule, not paced by answers)."""
        total = int(rate * duration)
        tasks: set[asyncio.Task] = set()
        pending: list = []
        t0 = time.perf_counter()
        first = last = t0
        for n in range(total):
            due = t0 + n / rate
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            now = time.perf_counter()
            if count:
                self.result.late_sends_ms = max(self.result.late_sends_ms, (now - due) * 1000)
            if not pending:  # one HTTP request per tick; a mention's two requests take two ticks
                pending.extend(self._next(send, fake))
            kind, body, content_type, headers, _key = pending.pop(0)
            target = self.targets[n % len(self.targets)] if self.targets else send  # round-robin
            task = asyncio.create_task(self._one(target, kind, body, content_type, headers))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
            if count:
                self.result.sent += 1
                self.result.by_kind[kind] += 1
            if n == 0:
                first = now
            last = now
        if count:
            self.result.send_span = last - first
        if tasks:
            await asyncio.gather(*tasks)

    def count_replies(self, fake) -> None:
        got: Counter = Counter()
        for call in fake.calls:
            if call.method == "response_url":
                got[call.path.rsplit("/", 1)[-1]] += 1
            elif call.method == "chat.postMessage" and call.args.get("channel") in ("CLOAD", "DLOAD"):
                got[call.args.get("thread_ts") or _replied_to(call.args)] += 1  # a DM is answered inline
        self.result.got = Counter({k: n for k, n in got.items() if k not in self._warmup_keys})

    async def read_metrics(self, base: str, into: dict[str, float]) -> None:
        wanted = (
            "errcode_requests_total",
            "errcode_replies_total",
            "errcode_slack_api_retries_total",
            "errcode_errors_total",
            "errcode_duplicate_events_total",
        )
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://127.0.0.1:{self.metrics_ports[base]}/metrics") as resp:
                text = await resp.text()
        for line in text.splitlines():
            if line.startswith(wanted):
                name, value = line.rsplit(" ", 1)
                into[name] = into.get(name, 0.0) + float(value)

    async def read_settled_metrics(self, bases: list[str], deadline: float) -> None:
        """Every instance's counters, summed, once two reads 0.5 s apart agree: an event is acked
        before bolt runs, so a redelivery's drop is counted just after its ack, not before."""
        seen: dict[str, float] | None = None
        while True:
            now: dict[str, float] = {}
            for base in bases:
                await self.read_metrics(base, now)
            if now == seen or time.monotonic() > deadline:
                break
            seen = now
            await asyncio.sleep(0.5)
        self.result.metrics = now

    async def run(self, *, warmup: float = 1.0, settle_timeout: float = 30.0) -> Result:
        import tempfile

        from testing.fake_slack import FakeSlack, SlackSender

        fake = await FakeSlack().start()
        folder = Path(tempfile.mkdtemp(prefix="errcode-load-"))
        log_paths = [folder / f"serve-{i}.log" for i in range(self.instances)]
        procs, logs = [], []
        for log_path in log_paths:
            proc, base = await self.start_server(fake.api_url, log_path)
            procs.append((proc, base))
            logs.append(self._log)

        def sender(base: str) -> SlackSender:
            send = SlackSender(base, fake)
            # (the sender's own session is replaced by one with room for the open-loop burst)
            asyncio.get_running_loop().create_task(send.session.close())
            send.session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=0), timeout=aiohttp.ClientTimeout(total=10)
            )
            return send

        send = sender(procs[0][1])
        self.targets = [send] + [sender(base) for _, base in procs[1:]]
        stop_sampling = asyncio.Event()

        async def sample_rss(started: float) -> None:  # all instances together
            while not stop_sampling.is_set():
                sizes = [rss_mb(proc.pid) for proc, _ in procs]
                if all(mb is not None for mb in sizes):
                    self.result.rss.append((time.perf_counter() - started, sum(sizes)))
                try:
                    await asyncio.wait_for(stop_sampling.wait(), 1.0)
                except asyncio.TimeoutError:
                    pass

        try:
            for proc, base in procs:
                self.say(f"serving at {base} (pid {proc.pid}, cpu {self.server_cpu})")
            self.say(f"warm-up {warmup:.0f} s")
            if warmup > 0:
                await self.drive(send, fake, rate=min(self.rate, 50), duration=warmup, count=False)
                await asyncio.sleep(0.5)
            self._warmup_keys = set(self.result.expected)
            self.result.expected.clear()
            fake.calls.clear()
            self.say(f"sending {self.rate:.0f} requests/s for {self.duration:.0f} s")
            sampler = asyncio.create_task(sample_rss(time.perf_counter()))
            await self.drive(send, fake, rate=self.rate, duration=self.duration)
            deadline = time.monotonic() + settle_timeout
            while time.monotonic() < deadline:  # replies still on their way
                self.count_replies(fake)
                if not self.result.missing:
                    break
                await asyncio.sleep(0.2)
            await asyncio.sleep(0.5)  # a late duplicate would show up here
            self.count_replies(fake)
            stop_sampling.set()
            await sampler
            await self.read_settled_metrics([base for _, base in procs], time.monotonic() + 10)
        finally:
            for target in self.targets:
                await target.close()
            for proc, _ in procs:
                if proc.returncode is None:
                    proc.terminate()
            for proc, _ in procs:
                try:
                    await asyncio.wait_for(proc.wait(), 15)
                except asyncio.TimeoutError:
                    proc.kill()
                    await proc.wait()
            for log in logs:
                log.close()
            await fake.stop()
        for log_path in log_paths:
            for line in log_path.read_text(errors="replace").splitlines():
                try:
                    record = json.loads(line)
                except ValueError:
                    continue
                if record.get("level") in ("error", "critical"):
                    self.result.server_errors.append(line[:300])
        if self.result.server_errors or self.result.errors:
            self.say(f"the servers' logs are kept in {folder}")
        else:  # a clean run leaves nothing behind (CI runs this on every push)
            import shutil

            shutil.rmtree(folder, ignore_errors=True)
        return self.result


def table(summary: dict) -> str:
    """The figures as a Markdown table (it goes into the README as it is)."""
    s = summary
    rows = [
        ("rate (requests/s)", f"{s['rate_achieved']:.1f} of {s['rate_target']:.0f}", f"≥ {GOAL_RATE:.0f}"),
        ("duration", f"{s['duration_s']:.0f} s", "60 s"),
        (
            "requests",
            f"{s['requests']} ({', '.join(f'{k} {v}' for k, v in sorted(s['by_kind'].items()))})",
            "",
        ),
        ("errors (non-200, refused, timed out)", str(s["errors"]), "0"),
        (
            "ack p50 / p95 / p99",
            f"{s['ack_p50_ms']:.1f} / {s['ack_p95_ms']:.1f} / {s['ack_p99_ms']:.1f} ms",
            "",
        ),
        ("ack p99", f"{s['ack_p99_ms']:.1f} ms", f"≤ {GOAL_ACK_P99_MS:.0f} ms"),
        ("ack max", f"{s['ack_max_ms']:.1f} ms", "< 3000 ms"),
        ("replies expected / got", f"{s['replies_expected']} / {s['replies_got']}", "all"),
        ("replies missing / duplicated", f"{s['replies_missing']} / {s['replies_duplicated']}", "0 / 0"),
        (
            "server RSS start / peak / end",
            f"{s['rss_start_mb']} / {s['rss_peak_mb']} / {s['rss_end_mb']} MB",
            f"≤ {GOAL_RSS_MB:.0f} MB",
        ),
        (
            "server RSS slope: after 5 s / last half",
            f"{s['rss_slope_mb_per_min']:+.2f} / {s['rss_slope_last_half_mb_per_min']:+.2f} MB/min",
            "flat",
        ),
        *(
            [("server RSS at each minute", " / ".join(f"{m}" for m in s["rss_by_minute_mb"]) + " MB", "flat")]
            if s["rss_by_minute_mb"]
            else []
        ),
        ("error lines in the server log", str(s["server_error_lines"]), "0"),
        ("generator's worst lag behind schedule", f"{s['generator_worst_lag_ms']:.1f} ms", ""),
    ]
    width = max(len(r[0]) for r in rows)
    vwidth = max(len(r[1]) for r in rows)
    lines = [
        f"| {'':<{width}} | {'measured':<{vwidth}} | goal |",
        f"|{'-' * (width + 2)}|{'-' * (vwidth + 2)}|------|",
    ]
    lines += [f"| {a:<{width}} | {b:<{vwidth}} | {c} |" for a, b, c in rows]
    return "\n".join(lines)


def goals_missed(summary: dict, *, full: bool) -> list[str]:
    s = summary
    missed = []
    if s["errors"]:
        missed.append(f"{s['errors']} errors")
    if s["replies_missing"] or s["replies_duplicated"]:
        missed.append("replies not exactly once")
    if s["server_error_lines"]:
        missed.append("errors in the server log")
    if full:
        if s["rate_achieved"] < 0.98 * s["rate_target"]:
            missed.append("rate not reached")
        if s["ack_p99_ms"] > GOAL_ACK_P99_MS:
            missed.append(f"ack p99 over {GOAL_ACK_P99_MS:.0f} ms")
        if (s["rss_peak_mb"] or 0) > GOAL_RSS_MB:
            missed.append(f"RSS over {GOAL_RSS_MB:.0f} MB")
        if abs(s["rss_slope_last_half_mb_per_min"]) > GOAL_RSS_SLOPE_MB_PER_MIN and s["duration_s"] >= 30:
            missed.append("RSS not flat")
    return missed


def cpus() -> tuple[int | None, int | None]:
    """(server core, load core): two different cores when there are two, else no pinning."""
    try:
        available = sorted(os.sched_getaffinity(0))
    except AttributeError:
        return None, None
    if len(available) < 2:
        return None, None
    return available[0], available[1]


async def run(
    rate: float,
    duration: float,
    *,
    warmup: float = 1.0,
    quiet: bool = False,
    instances: int = 1,
    env: dict | None = None,
) -> dict:
    """One load run. `instances` > 1: that many `errcode serve` processes sharing `env`'s
    REDIS_URL, requests round-robin (no core pinning: the instances share the machine)."""
    server_cpu, load_cpu = cpus() if instances == 1 else (None, None)
    if load_cpu is not None:
        original = os.sched_getaffinity(0)
        os.sched_setaffinity(0, {load_cpu})
    load = Load(rate, duration, server_cpu=server_cpu, quiet=quiet, instances=instances, env=env)
    try:
        result = await load.run(warmup=warmup)
    finally:
        if load_cpu is not None:
            os.sched_setaffinity(0, original)
    summary = result.summary()
    summary["instances"] = instances
    summary["errors_sample"] = result.errors[:5]
    summary["server_errors_sample"] = result.server_errors[:5]
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=GOAL_RATE, help="requests per second (default 300)")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load (default 60)")
    parser.add_argument("--short", action="store_true", help="CI's size: 100 requests/s for 5 s")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    parser.add_argument(
        "--instances",
        type=int,
        default=1,
        help="errcode serve processes sharing one Redis (REDIS_URL, else a redis-server started "
        "on loopback), requests round-robin; e.g. --instances 2 --rate 600",
    )
    args = parser.parse_args(argv)
    rate, duration = (100.0, 5.0) if args.short else (args.rate, args.duration)
    if args.instances > 1:
        return _main_instances(args, rate, duration)
    summary = asyncio.run(run(rate, duration))
    print(f"errcode serve under load: {rate:.0f} requests/s for {duration:.0f} s, server pinned to one core")
    print(table(summary))
    if args.json:
        print(json.dumps(summary, indent=2, ensure_ascii=False))
    for line in summary["errors_sample"] + summary["server_errors_sample"]:
        print("  " + line)
    full = rate >= GOAL_RATE and duration >= 60
    missed = goals_missed(summary, full=full)
    if missed:
        print("goals missed: " + "; ".join(missed))
    return 1 if missed else 0


def _main_instances(args, rate: float, duration: float) -> int:
    """Several instances on one Redis: errors, exactly-once replies and log errors are the goals
    (the ack and RSS goals are one process's on one core; RSS here is all instances together)."""
    import contextlib
    import shutil

    from testing.services import redis_server

    url = os.environ.get("REDIS_URL", "").strip()
    if not url and not shutil.which("redis-server"):
        print("--instances needs REDIS_URL or redis-server (apt-get install redis-server)", file=sys.stderr)
        return 2
    with contextlib.nullcontext(url) if url else redis_server() as redis_url:
        summary = asyncio.run(run(rate, duration, instances=args.instances, env={"REDIS_URL": redis_url}))
    print(
        f"{args.instances} errcode serve instances sharing Redis, round-robin: {rate:.0f} requests/s "
        f"in all for {duration:.0f} s (RSS: all instances together)"
    )
    print(table(summary))
    if args.json:
        print(json.dumps(summary, indent=2, ensure_ascii=False))
    for line in summary["errors_sample"] + summary["server_errors_sample"]:
        print("  " + line)
    missed = goals_missed(summary, full=False)
    if missed:
        print("goals missed: " + "; ".join(missed))
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
