"""What stands between strangers and the bot on the public HTTP port.

- A body must arrive within BODY_TIMEOUT and fit MAX_BODY_BYTES; headers (and an idle keep-alive
  connection) get HEADER_TIMEOUT through aiohttp's keep-alive timer.
- Concurrent connections are capped below the file-descriptor limit; at the cap the oldest
  connection is closed to make room, so slow clients can't lock Slack out.
- Slack's signature is checked here, before bolt: exactly one timestamp and one signature header,
  ASCII digits, within 5 minutes, HMAC-SHA256 over the raw bytes. bolt's own check would log every
  bad request with its body (user text, response_url); here a refusal is one line, rate-limited.
- Request metrics are labelled from a fixed set, never from what a body claims.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import resource
import socket
import time
import weakref
from collections.abc import Mapping

from aiohttp import web

log = logging.getLogger("errcode.slack")

BODY_TIMEOUT = 5.0  # seconds for a whole body: Slack sends a few KB at once
HEADER_TIMEOUT = 5.0  # seconds from connecting (or the last answer) to a complete request head
MAX_BODY_BYTES = 2 * 1024 * 1024  # a 40,000-character Slack message is well under this
SIGNATURE_MAX_AGE = 300  # Slack's: a request older than 5 minutes is a replay
FD_RESERVE = 256  # descriptors kept for Slack API calls, catalog files, logs, and one accept burst
# asyncio accepts up to ACCEPT_BURST sockets in one go before the cap sees any of them, and the
# connections the cap closes for them are freed only on the loop's next turn: a burst can hold
# 2 x ACCEPT_BURST descriptors on top of the cap, which must stay well inside FD_RESERVE (past it,
# accept() fails with EMFILE and asyncio stops accepting for a whole second).
ACCEPT_BURST = 64
# The kernel's queue of connections waiting for accept(): long enough that a connection from Slack
# arriving during a flood waits its turn instead of having its SYN dropped (1 s, then 3 s retries).
LISTEN_QUEUE = 1024
MAX_CONNECTIONS = 4096

SURFACES = ("command", "event", "block_actions", "view_submission", "shortcut", "options", "other", "rejected")
_BY_TYPE = {
    "event_callback": "event",
    "block_actions": "block_actions",
    "view_submission": "view_submission",
    "shortcut": "shortcut",
    "message_action": "shortcut",
    "block_suggestion": "options",
    "options": "options",
}


def surface_of(body: object) -> str:
    """The metrics label of a (signed) request body: always one of SURFACES."""
    if not isinstance(body, Mapping):
        return "other"
    if "command" in body:
        return "command"
    kind = body.get("type")
    return _BY_TYPE.get(kind, "other") if isinstance(kind, str) else "other"


def signature_problem(headers, raw: bytes, secret: str, now: float | None = None) -> str | None:
    """Why a request is not signed by Slack with `secret`, or None when it is."""
    stamps = headers.getall("X-Slack-Request-Timestamp", [])
    signatures = headers.getall("X-Slack-Signature", [])
    if len(stamps) != 1 or len(signatures) != 1:
        return "missing or repeated signature headers"
    stamp, signature = stamps[0].strip(), signatures[0].strip()
    # isdigit() alone takes "²³" and other digits int() refuses; 12 digits is the year 33658
    if not (stamp.isascii() and stamp.isdigit() and len(stamp) <= 12):
        return "malformed timestamp"
    if abs((time.time() if now is None else now) - int(stamp)) > SIGNATURE_MAX_AGE:
        return "stale timestamp"
    if not signature.isascii():  # compare_digest raises on a non-ASCII str
        return "malformed signature"
    base = b"v0:" + stamp.encode() + b":" + raw
    expected = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected.encode(), signature.encode()):
        return "bad signature"
    return None


class Throttled:
    """One log line per `interval` seconds for a kind of trouble strangers can repeat at will;
    the next line says how many were left out."""

    def __init__(self, message: str, interval: float = 10.0, level: int = logging.WARNING):
        self.message, self.interval, self.level = message, interval, level
        self._last = float("-inf")
        self._left_out = 0

    def __call__(self, **fields) -> None:
        now = time.monotonic()
        if now - self._last < self.interval:
            self._left_out += 1
            return
        self._last = now
        fields["left_out"], self._left_out = self._left_out, 0
        log.log(self.level, self.message, extra=fields)


# Connections that have sent a whole request in time (a body read, a GET answered): the cap closes
# these last, so a flood of slow clients can't push Slack's own connections out. One set per
# application, made with it (guarded) and read by its listener's ConnectionCap.
PROVEN = web.AppKey("errcode_proven_connections", weakref.WeakSet)


def guarded(app: web.Application) -> web.Application:
    """`app` with its set of proven connections (what `proven` marks and the cap spares)."""
    app[PROVEN] = weakref.WeakSet()
    return app


def proven(request: web.BaseRequest) -> None:
    known = request.app.get(PROVEN) if isinstance(request, web.Request) else None
    if known is not None and request.transport is not None:  # (aiohttp's handlers take no weak references; transports do)
        known.add(request.transport)


class BodyRefused(Exception):
    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status, self.reason = status, reason


async def read_body(request: web.Request, *, timeout: float = BODY_TIMEOUT, limit: int = MAX_BODY_BYTES) -> bytes:
    """The whole body within `timeout` seconds and `limit` bytes, or BodyRefused. A client too slow
    has its connection closed (nothing more is read from it)."""
    if request.content_length is not None and request.content_length > limit:
        raise BodyRefused(413, "body too large")
    try:
        if request.content.is_eof():
            # The whole body has arrived (Slack's few KB come in one segment): read() returns
            # without waiting, so no timer and no task of wait_for's, and the ack goes out on
            # this turn of the loop rather than the next.
            body = await request.read()
        else:
            body = await asyncio.wait_for(request.read(), timeout)
    except asyncio.TimeoutError:
        drop_connection(request)
        raise BodyRefused(408, "body too slow") from None
    except web.HTTPRequestEntityTooLarge:
        raise BodyRefused(413, "body too large") from None
    except (ConnectionError, asyncio.IncompleteReadError, RuntimeError):
        # (aiohttp raises RuntimeError("Connection closed.") when the connection was closed under it)
        raise BodyRefused(400, "client left mid-body") from None
    proven(request)
    return body


def drop_connection(request: web.Request) -> None:
    if request.transport is not None:
        request.transport.abort()


class ConnectionCap:
    """aiohttp's protocol factory with a cap on open connections: at the cap the oldest open
    connection that never sent a whole request in time is closed before a new one is taken (the
    oldest of all when every one did)."""

    def __init__(self, server: web.Server, limit: int, proven: weakref.WeakSet | None = None):
        self.server, self.limit = server, limit
        self.proven = proven if proven is not None else weakref.WeakSet()
        self.evicted = 0
        self._warn = Throttled("connection cap reached; closing the oldest connections")

    def __call__(self):
        connections = self.server.connections
        if len(connections) >= self.limit:
            open_ = [h for h in connections if h.transport is not None]  # not already closing
            victim = next((h for h in open_ if h.transport not in self.proven), open_[0] if open_ else None)
            if victim is not None:
                victim.force_close()
                self.evicted += 1
                self._warn(limit=self.limit, evicted=self.evicted)
        return self.server()


def connection_limit(configured: int | None = None) -> int:
    """The cap: below the process's descriptor limit (RLIMIT_NOFILE) less a reserve."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    ceiling = configured or MAX_CONNECTIONS
    if soft != resource.RLIM_INFINITY:
        ceiling = min(ceiling, soft - FD_RESERVE)
    return max(16, ceiling)


async def listen(runner: web.AppRunner, host: str, port: int, *, limit: int) -> asyncio.AbstractServer:
    """Listen on host:port with the runner's aiohttp server behind a ConnectionCap (which spares
    the connections its application marked proven)."""
    loop = asyncio.get_running_loop()
    cap = ConnectionCap(runner.server, limit, runner.app.get(PROVEN))
    listener = await loop.create_server(cap, host, port, backlog=ACCEPT_BURST, reuse_address=True)
    # create_server uses one number for both the kernel's queue and asyncio's burst; listen()
    # again on a listening socket only lengthens its queue (the kernel caps it at somaxconn).
    for sock in listener.sockets:
        with socket.fromfd(sock.fileno(), sock.family, sock.type) as same_socket:
            same_socket.listen(LISTEN_QUEUE)
    return listener


class _QuietAsyncio(logging.Filter):
    """asyncio's accept loop logs each failed accept (EMFILE under a flood): one line in 10 s."""

    def __init__(self):
        super().__init__()
        self._last = float("-inf")

    def filter(self, record: logging.LogRecord) -> bool:
        if "socket.accept() out of system resource" not in str(record.msg):
            return True
        now = time.monotonic()
        if now - self._last < 10.0:
            return False
        self._last = now
        record.exc_info, record.exc_text = None, None
        return True


class _QuietAiohttp(logging.Filter):
    """aiohttp logs an ERROR with a traceback for every malformed request and every client gone
    mid-request: strangers can send those by the thousand. One line in 10 s, no traceback."""

    def __init__(self):
        super().__init__()
        self._last = float("-inf")
        self._left_out = 0

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if not str(record.msg).startswith("Error handling request") or not _clients_fault(exc):
            return True
        now = time.monotonic()
        if now - self._last < 10.0:
            self._left_out += 1
            return False
        self._last = now
        record.msg, record.args = "malformed or broken requests from clients", None
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.error, record.left_out, self._left_out = type(exc).__name__, self._left_out, 0
        record.exc_info, record.exc_text = None, None
        return True


def _clients_fault(exc: BaseException | None) -> bool:
    from aiohttp.http_exceptions import HttpProcessingError

    return isinstance(exc, (HttpProcessingError, ConnectionError)) or (
        isinstance(exc, RuntimeError) and "closed" in str(exc).lower()
    )


class _NoBodies(logging.Filter):
    """bolt's signature check logs the whole body; errcode checks signatures first, and if that
    ever logs anyway the record goes without the body."""

    def filter(self, record: logging.LogRecord) -> bool:
        return False


def quiet_library_logs() -> None:
    asyncio_log = logging.getLogger("asyncio")
    if not any(isinstance(f, _QuietAsyncio) for f in asyncio_log.filters):
        asyncio_log.addFilter(_QuietAsyncio())
    server_log = logging.getLogger("aiohttp.server")
    if not any(isinstance(f, _QuietAiohttp) for f in server_log.filters):
        server_log.addFilter(_QuietAiohttp())
    for name in ("slack_bolt.AsyncRequestVerification", "slack_bolt.RequestVerification"):
        bolt_log = logging.getLogger(name)
        if not any(isinstance(f, _NoBodies) for f in bolt_log.filters):
            bolt_log.addFilter(_NoBodies())
