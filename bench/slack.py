"""Latency of the Slack bot end to end: `python -m bench.slack [--runs N]`.

The bot's own aiohttp app (what `errcode serve` runs, bundled catalogs) on loopback, its Web API
pointed at the fake Slack of the tests, requests signed as Slack signs them. Prints p50/p99 of
the ack (Slack wants it within 3 s) and of the answer reaching Slack, for slash commands, for
40,000-character pastes and for a burst of concurrent commands; the baseline is GET /healthz
through the same stack (what HTTP on loopback costs with no Slack work at all).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

from aiohttp import web

SLACK_ACK_BUDGET_MS = 3000.0
QUERIES = [
    "433",
    "agora 433",
    "AuthFailure.SignatureExpire",
    "签名过期",
    "404",
    "serviceIdle",
    "InvalidParameter",
    "no such thing",
]


def _answerable(paste: str) -> bool:
    from bot import api

    return any(f["matches"] for f in api.explain(paste)["findings"])


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _line(name: str, values: list[float], baseline: float) -> str:
    p50, p99 = statistics.median(values), percentile(values, 0.99)
    return (
        f"  {name:<34} p50 {p50:7.1f} ms  p99 {p99:7.1f} ms  "
        f"x{p50 / baseline:5.1f} baseline  {p99 / SLACK_ACK_BUDGET_MS:6.1%} of 3 s"
    )


async def run(runs: int) -> None:
    from bench.paste import realistic_paste
    from bot import api
    from bot.slack.app import build_bot
    from bot.slack.http import build_web_app
    from testing.fake_slack import BOT_TOKEN, SIGNING_SECRET, FakeSlack, SlackSender

    api.knowledge()
    fake = await FakeSlack().start()
    web_app = build_web_app(build_bot(token=BOT_TOKEN, signing_secret=SIGNING_SECRET, api_url=fake.api_url))
    runner = web.AppRunner(web_app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    send = SlackSender(f"http://127.0.0.1:{runner.addresses[0][1]}", fake)
    try:
        health = []
        for _ in range(runs):
            started = time.perf_counter()
            async with send.session.get(send.base_url + "/healthz") as resp:
                await resp.read()
            health.append((time.perf_counter() - started) * 1000)
        baseline = statistics.median(health)

        acks, answers = [], []
        for i in range(runs):
            started, n = time.monotonic(), len(fake.calls_to("response_url"))
            await send.command(QUERIES[i % len(QUERIES)])
            acks.append((time.monotonic() - started) * 1000)
            call = (await fake.wait_for("response_url", n + 1))[-1]
            answers.append((call.at - started) * 1000)

        # Pastes that hold at least one catalogued error (some seeds hold none: no reply to time).
        pastes = [
            p for p in (realistic_paste(seed=i) for i in range(3 * max(1, runs // 10))) if _answerable(p)
        ]
        paste_acks, paste_answers = [], []
        for i in range(runs):
            started, n = time.monotonic(), len(fake.calls_to("chat.postMessage"))
            await send.event(send.message(pastes[i % len(pastes)]))
            paste_acks.append((time.monotonic() - started) * 1000)
            call = (await fake.wait_for("chat.postMessage", n + 1, timeout=30))[-1]
            paste_answers.append((call.at - started) * 1000)

        burst = 50
        started, n = time.monotonic(), len(fake.calls_to("response_url"))
        await asyncio.gather(*(send.command(QUERIES[i % len(QUERIES)]) for i in range(burst)))
        calls = (await fake.wait_for("response_url", n + burst, timeout=30))[n:]
        burst_answers = [(c.at - started) * 1000 for c in calls]

        print(f"Slack bot on loopback, {runs} runs each, bundled catalogs")
        print(f"  {'baseline: GET /healthz':<34} p50 {baseline:7.1f} ms  p99 {percentile(health, 0.99):7.1f} ms")
        print(_line("/errcode: ack", acks, baseline))
        print(_line("/errcode: answer at response_url", answers, baseline))
        print(_line("40,000-char paste: ack", paste_acks, baseline))
        print(_line("40,000-char paste: thread reply", paste_answers, baseline))
        print(_line(f"{burst} concurrent /errcode: answer", burst_answers, baseline))
    finally:
        await send.close()
        await runner.cleanup()
        await fake.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.slack", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args(argv)
    asyncio.run(run(max(1, args.runs)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
