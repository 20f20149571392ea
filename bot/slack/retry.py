"""One retry policy for every outgoing Slack call: Web API methods and response_url posts.

slack_sdk's own retry handlers are switched off (`retry_handlers=[]` on every client) and this
module decides alone, so an upgrade of slack_sdk cannot change how often a reply is sent. A call
is re-sent only where Slack cannot have acted on it:
- the connection was never established (refused, unreachable, DNS): retried after a short backoff;
- Slack answered 429: retried after `Retry-After`, unless that is longer than `max_retry_after`
  (ERRCODE_MAX_RETRY_AFTER), when the call is given up with one log line and a metric.
Anything else after the request went out (the connection dropped, the call timed out, Slack
answered 5xx) leaves the call's fate unknown: Slack may have posted it, so it is never re-sent
here. The caller decides what an unknown fate means (a thread reply looks at the thread first).
At most MAX_ATTEMPTS attempts per call, whatever happens.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError

from bot import metrics

log = logging.getLogger("errcode.slack")

MAX_ATTEMPTS = 3
DEFAULT_MAX_RETRY_AFTER = 30.0
BACKOFF_SECONDS = (0.5, 1.0)  # before the 2nd and 3rd attempt of a call that could not connect


class Fate(Enum):
    """What became of a call, as far as errcode can know."""

    DONE = "done"  # Slack answered 2xx
    REFUSED = "refused"  # Slack answered and said no (4xx, ok=false): re-sending would not help
    NOT_SENT = "not_sent"  # never reached Slack (no connection, or 429s past the attempts or the cap)
    UNKNOWN = "unknown"  # sent, then dropped, timed out or 5xx: Slack may have acted on it


@dataclass(frozen=True)
class Outcome:
    fate: Fate
    attempts: int
    response: Any = None  # the slack_sdk response of the last attempt, when there was one
    error: str = ""  # Slack's error code or the exception's type, for logs (never message text)
    reason: str = "ok"  # the last attempt's verdict: connection_error, rate_limited, timeout, ...
    status: int | None = None  # the last attempt's HTTP status, when Slack answered

    @property
    def ok(self) -> bool:
        return self.fate is Fate.DONE


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = MAX_ATTEMPTS
    max_retry_after: float = DEFAULT_MAX_RETRY_AFTER
    backoff: tuple[float, ...] = BACKOFF_SECONDS

    def pause_before_retry(self, attempt: int, verdict: _Verdict) -> float | None:
        """Seconds to wait before attempt `attempt + 1`, or None when the call must not be re-sent."""
        if verdict.fate is not Fate.NOT_SENT:
            return None
        if verdict.retry_after is not None:
            return verdict.retry_after if verdict.retry_after <= self.max_retry_after else None
        return self.backoff[min(attempt - 1, len(self.backoff) - 1)]


@dataclass(frozen=True)
class _Verdict:
    fate: Fate
    reason: str  # fixed set: the metric label
    retry_after: float | None = None
    error: str = ""


def status_of(response: Any) -> int | None:
    """The HTTP status of a slack_sdk response, a webhook response or an aiohttp ClientResponse."""
    for attribute in ("status_code", "status"):
        status = getattr(response, attribute, None)
        if isinstance(status, int) and status:
            return status
    return None


def _header(headers: Any, name: str) -> str | None:
    if not headers:
        return None
    for key, value in dict(headers).items():
        if str(key).lower() == name:
            return value[0] if isinstance(value, list | tuple) and value else value
    return None


def _retry_after(headers: Any) -> float:
    try:
        return max(0.0, float(_header(headers, "retry-after") or 1))
    except (TypeError, ValueError):
        return 1.0


def _by_status(status: int, headers: Any, error: str) -> _Verdict:
    if 200 <= status < 300:
        return _Verdict(Fate.DONE, "ok")
    if status == 429:
        return _Verdict(Fate.NOT_SENT, "rate_limited", _retry_after(headers), error or "ratelimited")
    if status >= 500:
        return _Verdict(Fate.UNKNOWN, "server_error", error=error or f"HTTP {status}")
    return _Verdict(Fate.REFUSED, "refused", error=error or f"HTTP {status}")


def judge(result: Any = None, exc: BaseException | None = None) -> _Verdict:
    """Classify one attempt: a slack_sdk response (Web API or webhook) or the exception it raised."""
    if exc is None:
        status = getattr(result, "status_code", 200)
        return _by_status(int(status), getattr(result, "headers", None), "")
    if isinstance(exc, SlackApiError):
        response = exc.response
        status = status_of(response) or 0
        data = getattr(response, "data", None)
        if not isinstance(data, dict):  # not Slack's JSON (an outage page, JSON cut short)
            if status == 429 or status >= 500:
                return _by_status(status, getattr(response, "headers", None), "not_json")
            # Slack (or a proxy) answered but the answer can't be read: it may have acted.
            return _Verdict(Fate.UNKNOWN, "not_json", error="not_json")
        error = str(data.get("error") or "")
        if status in (0, 200):  # ok=false on a 200: Slack answered and refused
            return _Verdict(Fate.REFUSED, "refused", error=error or "not ok")
        return _by_status(status, getattr(response, "headers", None), error)
    # Refused, unreachable or unresolvable: nothing was sent.
    if isinstance(exc, aiohttp.ClientConnectorError | ConnectionRefusedError):
        return _Verdict(Fate.NOT_SENT, "connection_error", error=type(exc).__name__)
    if isinstance(exc, asyncio.TimeoutError | aiohttp.ServerTimeoutError):
        return _Verdict(Fate.UNKNOWN, "timeout", error="timed out")
    # Dropped mid-call, a garbled answer, or anything else: it may have been acted on.
    return _Verdict(Fate.UNKNOWN, "unknown", error=type(exc).__name__)


async def call(
    send: Callable[[], Awaitable[Any]], what: str, policy: RetryPolicy, *, max_attempts: int | None = None
) -> Outcome:
    """Run `send` (one Slack call) under the policy; never raises for Slack's or the network's trouble."""
    limit = min(policy.max_attempts, max_attempts or policy.max_attempts)
    attempt = 0
    while True:
        attempt += 1
        result, exc = None, None
        try:
            result = await send()
        except asyncio.CancelledError:
            raise
        except Exception as error:  # judged below: every failure becomes an Outcome
            exc = error
        verdict = judge(result, exc)
        response = result if exc is None else getattr(exc, "response", None)
        status = status_of(response)
        if verdict.fate is Fate.DONE:
            return Outcome(Fate.DONE, attempt, response, status=status)
        pause = policy.pause_before_retry(attempt, verdict) if attempt < limit else None
        if pause is None:
            if verdict.fate is Fate.NOT_SENT:
                gave_up = "retry_after_too_long" if attempt < limit else "attempts_exhausted"
                metrics.GAVE_UP.labels(gave_up).inc()
                log.warning(
                    "Slack call given up",
                    extra={"call": what, "reason": gave_up, "attempts": attempt, "error": verdict.error},
                )
            return Outcome(verdict.fate, attempt, response, verdict.error, verdict.reason, status)
        metrics.RETRIES.labels(verdict.reason).inc()
        log.warning(
            "Slack API call retried",
            extra={"call": what, "reason": verdict.reason, "attempt": attempt, "wait_s": round(pause, 2)},
        )
        await asyncio.sleep(pause)
