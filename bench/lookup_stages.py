"""Where an afresh lookup's time goes: `python -m bench.lookup_stages [--rounds N] [--clock cpu] [--category C]`.

The labelled query set (tests/queries/lookup.yaml) on the bundled catalogs, answered afresh as
bench/lookup.py times it (`index.clear_cache()` before every call, GC paused, queries interleaved:
each call finds caches as the previous, different query left them), in two passes:
- per query category: the median and worst of each query's best time over the rounds, unwrapped;
- per stage: each stage function's time summed over the rounds (inclusive: a stage holds the ones
  it calls, so shares overlap), as µs per query and as a share of the afresh total (a timer around
  every stage call adds its own ~0.3 µs: the total is the wrapped run's).
Figures, not verdicts.
"""

from __future__ import annotations

import argparse
import gc
import statistics
from collections import defaultdict

import yaml

from bench.lookup import CLOCKS, LABELLED

# (module, owner, attribute, label), in calling order
STAGES = (
    ("bot.search.engine", "SearchIndex", "_search_afresh", "whole lookup"),
    ("bot.search.engine", "SearchIndex", "parse", "query parse"),
    ("bot.search.engine", "SearchIndex", "_uncovered_product", "uncovered product check"),
    ("bot.search.engine", "SearchIndex", "_one_code", "one-code fast path"),
    ("bot.search.engine", "SearchIndex", "_search", "stages (_search)"),
    ("bot.search.engine", "SearchIndex", "_phrase_hits", "  phrase keys"),
    ("bot.search.rank", None, "fuzzy_hits", "  typo scan (fuzzy_hits)"),
    ("bot.search.text_search", "TextSearch", "__init__", "  text set-up (TextSearch)"),
    ("bot.search.text_search", "TextSearch", "_collect", "  text scoring walk (_collect)"),
    ("bot.search.rank", "DocScorer", "__call__", "    document scorer"),
    ("bot.search.engine", "SearchIndex", "_suggest", "did-you-mean"),
    ("bot.search.engine", "SearchIndex", "_ordered", "ordering"),
)


def _wrap(now, totals: dict[str, int], counts: dict[str, int]) -> list[tuple[object, str, object]]:
    import importlib

    undo = []
    for module, owner, name, label in STAGES:
        holder = importlib.import_module(module)
        if owner is not None:
            holder = getattr(holder, owner)
        original = holder.__dict__[name] if owner is not None else getattr(holder, name)

        def timed(*args, __original=original, __label=label, **kwargs):
            start = now()
            try:
                return __original(*args, **kwargs)
            finally:
                totals[__label] += now() - start
                counts[__label] += 1

        setattr(holder, name, timed)
        undo.append((holder, name, original))
        if module == "bot.search.rank" and owner is None:  # engine imported it by name
            import bot.search.engine as engine

            if getattr(engine, name, None) is original:
                setattr(engine, name, timed)
                undo.append((engine, name, original))
    return undo


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--clock", choices=sorted(CLOCKS), default="wall")
    parser.add_argument("--category", action="append", default=[],
                        help="only the labelled queries of this category (repeatable; default: all)")
    args = parser.parse_args(argv)
    now = CLOCKS[args.clock]

    from bot import api

    cases = yaml.safe_load(LABELLED.read_text(encoding="utf-8"))
    if args.category:
        cases = [c for c in cases if c["cat"] in args.category]
    queries = [str(c["q"]) for c in cases]
    index = api.build().index
    for query in queries:
        index.search(query)

    best: dict[str, float] = {}
    gc.collect()
    gc.disable()
    try:
        for _ in range(args.rounds):
            for query in queries:
                index.clear_cache()
                start = now()
                index.search(query)
                took = (now() - start) / 1e3
                best[query] = min(best.get(query, took), took)
    finally:
        gc.enable()
    by_category: dict[str, list[float]] = defaultdict(list)
    for case in cases:
        by_category[case["cat"]].append(best[str(case["q"])])
    ordered = sorted(best.values())
    print(f"== labelled set afresh, {len(queries)} queries x {args.rounds} rounds ({args.clock} clock), "
          "each query's best round ==")  # fmt: skip
    print(f"p50 {ordered[len(ordered) // 2]:.1f} µs, p99 {ordered[int(len(ordered) * 0.99)]:.1f} µs, "
          f"mean {statistics.fmean(ordered):.1f} µs")  # fmt: skip
    head = f"{'category':<16}{'n':>5}{'median µs':>12}{'worst µs':>11}"
    print(head + "\n" + "-" * len(head))
    for category, times in sorted(by_category.items(), key=lambda kv: statistics.median(kv[1])):
        print(f"{category:<16}{len(times):>5}{statistics.median(times):>12.1f}{max(times):>11.1f}")

    totals: dict[str, int] = defaultdict(int)
    counts: dict[str, int] = defaultdict(int)
    undo = _wrap(now, totals, counts)
    gc.collect()
    gc.disable()
    try:
        start = now()
        for _ in range(args.rounds):
            for query in queries:
                index.clear_cache()
                index.search(query)
        total = now() - start
    finally:
        gc.enable()
        for holder, name, original in reversed(undo):
            setattr(holder, name, original)
    calls = len(queries) * args.rounds
    print(f"\n== stages, inclusive, timed around each call: {total / calls / 1e3:.1f} µs per query in all ==")
    head = f"{'stage':<34}{'calls/query':>12}{'µs/query':>10}{'share':>8}"
    print(head + "\n" + "-" * len(head))
    for _, _, _, label in STAGES:
        print(f"{label:<34}{counts[label] / calls:>12.2f}{totals[label] / calls / 1e3:>10.1f}"
              f"{100 * totals[label] / total:>7.1f}%")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
