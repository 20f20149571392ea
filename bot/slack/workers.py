"""The answer pool: lookups and explains run off the event loop, in threads of their own, bounded
(short ones on the loop: see INLINE_CHARS).

Lookups and explains are CPU work on user-sized input (a 45,000-character paste), so they run in
a small thread pool of their own with a timeout: the event loop keeps serving other requests, and
aiohttp's DNS lookups (which use the default executor) never queue behind them. Built once by
create_app and handed to whatever answers (bot/slack/replies.py).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor

from bot import metrics

log = logging.getLogger("errcode.slack")

# Answers waiting for the pool; beyond either bound a flood is shed, not queued. Sized so a
# half-second stall at 300 requests/s (150 short answers) is absorbed, not shed (64 was not),
# while at most MAX_QUEUED_CHARS of pasted text wait in memory.
MAX_QUEUED = 1000
MAX_QUEUED_CHARS = 4_000_000
THREADS = 4
# Short answers waiting for their turn on the loop (Turns): acks go first, so in a flood answers
# wait here; beyond this many (about 7 s of answers at 300 requests/s) a new one is shed.
MAX_TURNS = 2000
# A lookup of a query this short (an error code, "vendor code", a sentence) takes well under the
# hand-off to a thread and back (~100-200 µs of CPU, two thread switches, and under load a wait
# for the GIL of up to a switch interval, 5 ms, while a thread holds it): it runs on the event
# loop. Over the labelled queries, pastes and real-world tune texts of at most 256 characters, a
# lookup's CPU (result cache cleared) was p99 1.5 ms, worst 1.9 ms; 2.3 ms over texts of vendor
# words and codes. Threads don't run Python in parallel anyway (the GIL); they keep a long text
# from holding the loop for more than a switch interval, which a short one never does.
INLINE_CHARS = 256
# An explain of a paste this short runs on the loop too: over the labelled pastes and real-world
# tune texts of 128-256 characters its CPU was p50 0.40 ms, p99 1.0 ms, worst 1.2 ms (0.9 ms up to
# 128), over adversarial 256-character texts (many code-shaped tokens, JSON bodies, Chinese)
# worst 4.1 ms, below the 4.4-5.6 ms adversarial 128-character texts took when 128 was chosen
# (an entry's words were then gathered for every catalog entry per paste, ~3 ms; now once per
# index). The hand-off it saves cost more than a typical explain. Longer pastes (up to 45,000
# characters) go to the threads, under their timeout.
EXPLAIN_INLINE_CHARS = 256


@functools.cache
def _answer_latency(operation: str):
    """The histogram of one operation (lookup, explain: this code's own words), found once."""
    return metrics.ANSWER_LATENCY.labels(operation)


class Shed(asyncio.TimeoutError):
    """Not even started: max_queued answers (or max_queued_chars of text) are already waiting.
    (A TimeoutError, so callers that only know timeouts still give up cleanly.)"""

    def __init__(self, operation: str, waiting: int, waiting_chars: int):
        super().__init__(f"{waiting} answers already waiting")
        self.operation, self.waiting, self.waiting_chars = operation, waiting, waiting_chars

    def log(self) -> None:
        log.warning(
            "answer shed: too many answers waiting",
            extra={"operation": self.operation, "waiting": self.waiting, "waiting_chars": self.waiting_chars},
        )


class Turns:
    """Answer stages (a lookup or explain and what is drawn from it, up to the reply's send) wait
    their turn behind the acks: at most one stage starts per turn of the event loop, and after the
    requests that arrived before it.

    Why it works: a turn of asyncio's loop runs what was scheduled on the turn before, then the
    callbacks of the sockets that became readable, then the timers that are due. A request's bytes
    arrive in the second group, and its handler (verify, ack) runs first thing on the next turn.
    A stage is granted by a timer, so it runs after the acks of requests already in, and the next
    grant is a timer again: one stage (~0.3-1.5 ms of CPU) at most between a request's arrival and
    its ack, where the queue of answers at 300 requests/s used to hold several."""

    def __init__(self) -> None:
        self._waiting: deque[asyncio.Future] = deque()
        self._timer: asyncio.TimerHandle | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def __len__(self) -> int:
        return len(self._waiting)

    async def take(self) -> None:
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # (a pool used on a new loop: nothing of the old one waits)
            self._loop, self._timer = loop, None
            self._waiting.clear()
        turn = loop.create_future()
        self._waiting.append(turn)
        if self._timer is None:
            self._timer = loop.call_later(0, self._grant)
        await turn

    def _grant(self) -> None:
        self._timer = None
        waiting = self._waiting
        while waiting:
            turn = waiting.popleft()
            if not turn.done():  # (a cancelled answer's turn is skipped)
                turn.set_result(None)
                break
        if waiting:
            self._timer = self._loop.call_later(0, self._grant)


class AnswerPool:
    """The answer threads and their shedding bounds. Its counters are only touched on the event
    loop's thread."""

    def __init__(
        self,
        *,
        threads: int = THREADS,
        max_queued: int = MAX_QUEUED,
        max_queued_chars: int = MAX_QUEUED_CHARS,
        inline_chars: int = INLINE_CHARS,
        explain_inline_chars: int = EXPLAIN_INLINE_CHARS,
        max_turns: int = MAX_TURNS,
    ):
        self.executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="errcode-answer")
        self.max_queued = max_queued
        self.max_queued_chars = max_queued_chars
        self.inline_chars = inline_chars
        self.explain_inline_chars = explain_inline_chars
        self.queued = 0
        self.queued_chars = 0
        self.turns = Turns()
        self.max_turns = max_turns

    async def run(self, fn, *args, timeout: float, operation: str, short_inline: bool = False, **kwargs):
        """Run `fn` in the pool; raises TimeoutError after `timeout` seconds, and TimeoutError at
        once (Shed) when max_queued answers are already waiting (a flood of pastes is shed, not queued).
        `short_inline`: with at most `inline_chars` of text (`explain_inline_chars` when the
        operation is "explain"), `fn` runs right here on the loop instead, at its turn (Turns; shed
        when max_queued answers already wait for theirs; never timed out).

        A timed-out call keeps its thread until it returns (Python can't kill a thread); the pool
        bound keeps a flood of heavy pastes from taking more than its threads."""
        chars = len(args[0]) if len(args) == 1 and type(args[0]) is str else sum(len(a) for a in args if isinstance(a, str))
        if short_inline and chars <= (self.explain_inline_chars if operation == "explain" else self.inline_chars):
            if len(self.turns) >= self.max_turns:  # acks outrun answers: the flood is shed, not queued
                metrics.ERRORS.labels("overloaded").inc()
                raise Shed(operation, len(self.turns), 0)
            await self.turns.take()  # the caller draws the answer in the same turn
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                _answer_latency(operation).observe(time.perf_counter() - started)
        if self.queued >= self.max_queued or self.queued_chars + chars > self.max_queued_chars:
            metrics.ERRORS.labels("overloaded").inc()
            raise Shed(operation, self.queued, self.queued_chars)
        loop = asyncio.get_running_loop()
        started = time.perf_counter()
        self.queued += 1
        self.queued_chars += chars
        try:
            result = await asyncio.wait_for(
                loop.run_in_executor(self.executor, functools.partial(fn, *args, **kwargs)), timeout
            )
        finally:
            self.queued -= 1
            self.queued_chars -= chars
            _answer_latency(operation).observe(time.perf_counter() - started)
        await self.turns.take()  # the caller draws the answer on the loop
        return result
