"""Where a served answer's instructions go: `python -m bench.answer_cost [--window] [--stages a,b]`.

bench.serve counts a whole request (HTTP, signature, ack, answer, reply) under callgrind; this
counts only the answer's own stages, in-process, on bench.serve's workload (its seeded order of
the labelled queries and pastes), each stage in its own `valgrind --tool=callgrind` child with
collection switched on (callgrind_control) around a second pass over the items, the search's
result cache and the drawn answers cleared first (so every lookup is answered afresh; the tables
kept per entry stay, as in a serving process: `--cold` clears the drawing's too):
- slash: replies.command_reply (query language, lookup, Block Kit, notification text, insight);
- lookup: api.lookup_result alone (bot/search);
- render: a lookup's drawing alone (lookup_blocks, fallback_text, observe_lookup, with_feedback);
- event: replies.message_reply of a direct message (language, explain, drawing or a lookup);
- explain: api.explain_result alone (bot/payload);
- erender: a paste's drawing alone, for the pastes with findings;
- elookup: the lookup a direct message with no code found falls back to (api.lookup_result of its
  first 2,000 characters), for those pastes alone: part of an event's cost that is neither explain
  nor erender.
Every stage runs on the loop here (no answer threads). `--window`: only the items bench.serve's
callgrind window sends (after its 5 warm-up requests, 40 of each kind). Without valgrind, prints
each stage's CPU time instead. Figures, not verdicts.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAGES = ("slash", "lookup", "render", "event", "explain", "erender", "elookup")


def _stage(name: str, window: bool):
    """(items, run once over them): the stage's work, built on first use."""
    from bench.serve import workload
    from bot import api, insights, render
    from bot.render import insights as insight_words
    from bot.render.blocks import SHOWN, SHOWN_ALL
    from bot.slack import replies
    from bot.slack.workers import AnswerPool

    queries, pastes = workload()
    if window:
        queries, pastes = queries[6:46], pastes[6:46]
    pool = AnswerPool(inline_chars=10**9, explain_inline_chars=10**9)
    covered = insights.covered_vendors(api.catalogs())
    if name in ("slash", "lookup", "render"):
        asked = [replies.parse_query(api.unescape(q)) for q in queries]
    else:
        texts = [api.plain_text(p) for p in pastes]
        asked = [(t, api.paste_and_language(t[:2000])[1]) for t in texts]

    async def slash():
        for q in queries:
            await replies.command_reply(q, pool=pool)

    async def event():
        for p in pastes:
            await replies.message_reply(p, pool=pool, direct=True)

    if name == "slash":
        return queries, lambda: asyncio.run(slash())
    if name == "event":
        return pastes, lambda: asyncio.run(event())
    if name == "lookup":
        return asked, lambda: [api.lookup_result(q, lang=lang, limit=SHOWN_ALL) for q, lang in asked]
    if name == "explain":
        return asked, lambda: [api.explain_result(t, lang=lang) for t, lang in asked]
    if name == "render":
        drawn = [(q, api.lookup_result(q, lang=lang, limit=SHOWN_ALL), lang) for q, lang in asked]

        def draw():
            for q, result, lang in drawn:
                blocks = render.lookup_blocks(result, lang, share=bool(result.matches), shown=SHOWN)
                render.fallback_text(result, lang)
                seen = insights.observe_lookup(q, result, covered)
                insight_words.with_feedback(blocks, seen.entry, seen.fingerprint, lang)

        return drawn, draw
    found = [(t, api.explain_result(t, lang=lang), lang) for t, lang in asked]
    if name == "elookup":  # message_reply's fallback: no finding, so the text is looked up
        fallback = [replies.parse_query(t[:2000]) for t, result, _ in found if not result.findings]
        return fallback, lambda: [api.lookup_result(q, lang=lang, limit=SHOWN_ALL) for q, lang in fallback]
    found = [item for item in found if item[1].findings]

    def draw_pastes():
        for text, result, lang in found:
            blocks = render.explain_blocks(result, lang)
            render.fallback_text(result, lang)
            seen = insights.observe_explain(text, result, covered)
            insight_words.with_feedback(blocks, seen.entry, seen.fingerprint, lang)

    return found, draw_pastes


def _fresh(cold: bool = False) -> None:
    """Every lookup answered afresh, every answer drawn afresh. The tables kept per entry (the
    index's texts of an entry in a language, the drawing's view of an entry and its section) stay,
    as they do in a serving process, unless `cold`: then every entry is viewed and drawn afresh too."""
    from bot import api
    from bot.render import blocks, notify, view
    from bot.slack import replies

    api.knowledge().index.clear_cache()
    replies._drawn.clear()
    if cold:
        view._views.clear()
        view._last = (None, None, None)
        blocks._parts.clear()
        notify._said.clear()


def child(name: str, window: bool, out: str | None, cold: bool = False) -> None:
    """One stage: a first pass (imports, tables built once per index), then the counted one."""
    items, once = _stage(name, window)
    once()
    _fresh(cold)
    if out is None:
        started = time.process_time()
        once()
        print(f"{name} {(time.process_time() - started) * 1e6 / max(1, len(items)):.0f} µs CPU per item ({len(items)})")
        return
    control = ["callgrind_control", "-i", "on", str(os.getpid())]
    subprocess.run(control, stdout=subprocess.DEVNULL, check=False)
    once()
    subprocess.run(["callgrind_control", "-d", str(os.getpid())], stdout=subprocess.DEVNULL, check=False)
    dump = Path(f"{out}.1")
    for _ in range(200):  # written a moment after callgrind_control returns
        found = dump.exists() and re.search(r"^(?:summary|totals):\s+(\d+)", dump.read_text(errors="replace"), re.M)
        if found:
            print(f"{name} {int(found.group(1)) / max(1, len(items)) / 1e6:.3f} M instructions per item ({len(items)})")
            return
        time.sleep(0.05)
    print(f"{name}: no callgrind dump", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.answer_cost", description=__doc__.splitlines()[0])
    parser.add_argument("--window", action="store_true", help="only the items bench.serve's callgrind window sends")
    parser.add_argument("--stages", default=",".join(STAGES), help=f"comma-separated, of {', '.join(STAGES)}")
    parser.add_argument("--cpu", action="store_true", help="CPU time per item, without valgrind")
    parser.add_argument("--cold", action="store_true", help="every entry viewed and drawn afresh too (no table kept per entry)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.window, args.out, args.cold)
        return 0
    stages = [s for s in args.stages.split(",") if s]
    unknown = [s for s in stages if s not in STAGES]
    if unknown:
        parser.error(f"unknown stage(s): {', '.join(unknown)}")
    valgrind = not args.cpu and shutil.which("valgrind") and shutil.which("callgrind_control")
    if not valgrind and not args.cpu:
        print("valgrind not installed: CPU time instead", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="errcode-answer-cost-") as folder:
        for name in stages:  # one at a time: each child is a whole valgrind
            command = [sys.executable, "-m", "bench.answer_cost", "--child", name] + (["--window"] if args.window else [])
            command += ["--cold"] if args.cold else []
            if valgrind:
                out = str(Path(folder) / f"{name}.callgrind")
                command = ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}",
                           *command, "--out", out]
            proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
            print(proc.stdout.strip() or f"{name}: failed\n{proc.stderr[-2000:]}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
