"""Slow clients can't take `errcode serve` down: 1,000 connections that send headers and then a
byte now and then (or nothing at all), against a process allowed 1,024 file descriptors, while
/healthz and signed slash commands must still be answered within Slack's 3 seconds.

Prints the figures (answer times under attack, how long a slow connection lived, log lines)."""

from __future__ import annotations

import asyncio
import contextlib
import resource
import statistics
import time

import aiohttp

from testing.fake_slack import SIGNING_SECRET, FakeSlack, SlackSender
from testing.served import Served

SLOW_CONNECTIONS = 1100  # more than the 1,024 descriptors the server gets
ATTACK_SECONDS = 14.0


class SlowAttacker:
    """Keeps `count` slow connections open, reconnecting each one the server drops."""

    def __init__(self, port: int, count: int):
        self.port, self.count = port, count
        self.lifetimes: list[float] = []
        self.opened = 0
        self.refused = 0
        self._stop = asyncio.Event()

    def _head(self, kind: int) -> bytes:
        if kind == 0:  # says nothing at all after connecting
            return b""
        if kind == 1:  # a request line and half a header block
            return b"POST /slack/events HTTP/1.1\r\nHost: x\r\n"
        return (
            b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"X-Slack-Request-Timestamp: 1\r\nX-Slack-Signature: v0=00\r\nContent-Length: 100000\r\n\r\n{"
        )

    async def _slot(self, n: int) -> None:
        while not self._stop.is_set():
            try:
                reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
            except OSError:
                self.refused += 1
                await asyncio.sleep(0.2)
                continue
            self.opened += 1
            started = time.monotonic()
            try:
                writer.write(self._head(n % 10 if n % 10 < 2 else 2))
                while not self._stop.is_set():
                    with contextlib.suppress(asyncio.TimeoutError):
                        if await asyncio.wait_for(reader.read(1024), 1.0) == b"":
                            break  # the server closed it
                        break  # the server answered (a 4xx) and will close
                    writer.write(b"x")  # a byte every second: never finishing the body
                    await writer.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                if not self._stop.is_set():
                    self.lifetimes.append(time.monotonic() - started)
                writer.transport.abort()

    async def run(self) -> None:
        await asyncio.gather(*(self._slot(n) for n in range(self.count)))

    def stop(self) -> None:
        self._stop.set()


async def test_serve_answers_healthz_and_signed_commands_under_1100_slow_connections(tmp_path):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 4 * SLOW_CONNECTIONS:  # the attacker (this process) needs its own descriptors
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 8 * SLOW_CONNECTIONS), hard))
    fake = await FakeSlack().start()
    env = {
        "SLACK_BOT_TOKEN": fake.bot_token,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.api_url,
        "ERRCODE_HOST": "127.0.0.1",
        "ERRCODE_LOG_FORMAT": "json",
    }
    server = await Served(env, tmp_path / "serve.log", fd_limit=1024).start()
    send = SlackSender(server.base_url, fake)
    attacker = SlowAttacker(server.port, SLOW_CONNECTIONS)
    lines_before = len(server.log().splitlines())
    attack = asyncio.ensure_future(attacker.run())
    health_times: list[float] = []
    command_times: list[float] = []
    failures: list[str] = []
    try:
        await asyncio.sleep(2.0)  # let the slow connections pile up
        deadline = time.monotonic() + ATTACK_SECONDS
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=3.0)) as session:
            while time.monotonic() < deadline:
                started = time.monotonic()
                try:
                    async with session.get(server.base_url + "/healthz") as resp:
                        ok = resp.status == 200
                except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                    ok, resp = False, exc
                health_times.append(time.monotonic() - started)
                if not ok:
                    failures.append(f"healthz: {resp!r}")
                started = time.monotonic()
                try:
                    status, _ = await asyncio.wait_for(send.command("433"), 3.0)
                except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                    status = repr(exc)
                command_times.append(time.monotonic() - started)
                if status != 200:
                    failures.append(f"command: {status}")
                await asyncio.sleep(0.25)
        lines_during = len(server.log().splitlines()) - lines_before
    finally:
        attacker.stop()
        await asyncio.wait_for(attack, 10)
        await send.close()
        alive = server.proc.returncode is None
        await server.stop()
        await fake.stop()

    lifetimes = sorted(attacker.lifetimes)
    print(
        f"\n{SLOW_CONNECTIONS} slow connections, {attacker.opened} opened in all ({attacker.refused} refused); "
        f"slow connection lived p50 {statistics.median(lifetimes):.1f} s, max {lifetimes[-1]:.1f} s\n"
        f"/healthz under attack: {len(health_times)} asked, p50 {statistics.median(health_times) * 1000:.1f} ms, "
        f"max {max(health_times) * 1000:.1f} ms\n"
        f"signed /errcode under attack: {len(command_times)} sent, "
        f"p50 {statistics.median(command_times) * 1000:.1f} ms, max {max(command_times) * 1000:.1f} ms\n"
        f"failures: {len(failures)}; server log lines during the attack: {lines_during}"
    )
    assert alive, server.log()[-2000:]
    assert failures == [], failures[:10]
    assert max(command_times) < 3.0
    assert lifetimes and lifetimes[-1] < 12.0  # no slow connection outlives its deadline by much
    assert lines_during < 100, server.log()[-3000:]
    # EMFILE on accept() makes asyncio stop accepting for a second: Slack's SYNs are then dropped
    assert "out of system resource" not in server.log()


async def test_slow_heads_slow_bodies_and_silent_clients_are_dropped_within_seconds(tmp_path):
    fake = await FakeSlack().start()
    env = {
        "SLACK_BOT_TOKEN": fake.bot_token,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.api_url,
        "ERRCODE_HOST": "127.0.0.1",
        "ERRCODE_LOG_FORMAT": "json",
    }
    server = await Served(env, tmp_path / "serve.log").start()
    attacker = SlowAttacker(server.port, 30)  # 10 silent, 10 slow heads, 10 slow bodies; no cap in play
    attack = asyncio.ensure_future(attacker.run())
    try:
        for _ in range(200):
            if len(attacker.lifetimes) >= 30:
                break
            await asyncio.sleep(0.1)
    finally:
        attacker.stop()
        await asyncio.wait_for(attack, 10)
        await server.stop()
        await fake.stop()
    print(f"\nfirst 30 slow connections lived {min(attacker.lifetimes):.1f}-{max(attacker.lifetimes):.1f} s")
    assert len(attacker.lifetimes) >= 30  # every one was closed by the server
    assert max(attacker.lifetimes[:30]) < 8.0  # 5 s deadlines, checked once a second
