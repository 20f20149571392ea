"""The bot on loopback against a Slack that misbehaves, for the hardening tests.

Like the `slack` fixture (testing/fake_slack.py), but the Web API URL, the API timeout and the
bounded memory are chosen by the test: a closed port (Slack refusing connections), a FakeSlack
told to answer slowly, with 500s or with 429 storms.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

from bot import metrics
from bot.slack.delivery import Delivery
from bot.slack.http import DELIVERY
from bot.slack.memory import SlackMemory
from testing.fake_slack import FakeSlack, SlackSender, bot_on_loopback

ACK_BUDGET = 3.0  # Slack's: an ack later than this is a failure the user sees


def free_port() -> int:
    """A loopback port nobody listens on (connecting to it is refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sample(name: str, **labels: str) -> float:
    """A metric's current value, from the registry /metrics shows."""
    return metrics.REGISTRY.get_sample_value(name, labels) or 0.0


@dataclass
class Bot:
    fake: FakeSlack
    send: SlackSender
    base_url: str
    memory: SlackMemory
    delivery: Delivery  # the app's: its replies in flight

    async def timed(self, request) -> tuple[int, float]:
        """(status, seconds to the ack) of one request to the bot."""
        started = time.monotonic()
        status, _ = await request
        return status, time.monotonic() - started

    async def healthy(self) -> bool:
        async with self.send.session.get(self.base_url + "/healthz") as resp:
            return resp.status == 200

    def paste(self, code: str = "AuthFailure.SignatureFailure", *, channel: str = "CFAULT") -> dict:
        text = json.dumps({"Response": {"Error": {"Code": code, "Message": "x"}, "RequestId": "r-1"}})
        return self.send.message(text, channel=channel)


@contextlib.asynccontextmanager
async def bot_against(
    fake: FakeSlack,
    tmp_path,
    *,
    api_url: str | None = None,
    api_timeout: float = 15.0,
    memory: SlackMemory | None = None,
) -> AsyncIterator[Bot]:
    """The bot's own web app on loopback, its Web API at `api_url` (default: the fake's)."""
    memory = memory or SlackMemory()
    options = {"api_timeout": api_timeout, "memory": memory, "api_url": api_url or fake.api_url}
    try:
        async with bot_on_loopback(fake, tmp_path, **options) as (base_url, sender, web_app):
            yield Bot(fake, sender, base_url, memory, web_app[DELIVERY])
    finally:
        await fake.stop()
        await asyncio.sleep(0)


async def raw_http(port: int, head: bytes, body: bytes = b"", *, read_timeout: float = 10.0) -> bytes:
    """Send bytes exactly as given (duplicate or non-ASCII headers no client library sends) and
    return everything the server answered until it closed the connection or `read_timeout`."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(head + b"\r\n" + body)
        await writer.drain()
        chunks: list[bytes] = []

        async def read_all() -> None:
            while chunk := await reader.read(65536):
                chunks.append(chunk)
                if _complete(b"".join(chunks)):
                    return

        try:
            await asyncio.wait_for(read_all(), read_timeout)
        except (asyncio.TimeoutError, ConnectionError):
            pass
        return b"".join(chunks)
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()


def _complete(answer: bytes) -> bool:
    head, sep, rest = answer.partition(b"\r\n\r\n")
    if not sep:
        return False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return len(rest) >= int(value.strip())
    return False


def status_of(answer: bytes) -> int:
    """The status code of a raw HTTP answer; 0 for none."""
    parts = answer.split(b" ", 2)
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0


def request_head(port: int, headers: list[tuple[str, bytes | str]], *, length: int, path: str = "/slack/events") -> bytes:
    lines = [f"POST {path} HTTP/1.1".encode(), f"Host: 127.0.0.1:{port}".encode()]
    for name, value in headers:
        lines.append(name.encode() + b": " + (value if isinstance(value, bytes) else value.encode()))
    lines += [f"Content-Length: {length}".encode(), b"Connection: close", b""]
    return b"\r\n".join(lines)
