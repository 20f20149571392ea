"""Where a paste's instructions go: `python -m bench.explain_parts [--parts a,b,...] [--window]`.

bench.answer_cost counts a whole stage; this counts, for each part of api.explain_result named
below, the instructions spent inside it (its callees included), per paste of the same workload:
each part in its own `valgrind --tool=callgrind --collect-atstart=no` child, where a wrapper
switches collection on when the part is entered and off when it returns (a callgrind client
request, CALLGRIND_TOGGLE_COLLECT, from a three-line C helper compiled here with gcc against
valgrind's callgrind.h). A part called by another part of its own kind counts once; generators
(`gen:` parts, such as patterns._in) count each step. The toggles themselves cost some thousands
of instructions a call (the `noop` part measures one call a paste): figures, not verdicts.
Needs valgrind, callgrind.h and gcc; says so otherwise.
"""

from __future__ import annotations

import argparse
import ctypes
import importlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARTS = (
    "noop",
    "bot.api:explain_result",
    "bot.api:paste_and_language",
    "bot.api:as_explain",
    "bot.payload.pipeline:explain",
    "bot.payload.normalize:clean",
    "bot.payload.pipeline:_collect",
    "bot.payload.parse:find_blocks",
    "bot.payload.parse:Parser.parse",
    "bot.payload.shapes:hits_in",
    "bot.payload.patterns:tencent_sdk",
    "bot.payload.patterns:log_hits",
    "bot.payload.patterns:_windows",
    "gen:bot.payload.patterns:_in",
    "bot.payload.patterns:_group_codes",
    "bot.payload.patterns:_details",
    "bot.payload.patterns:phrase_hits",
    "bot.payload.patterns:symbol_hits",
    "bot.vendors:find_mentions",
    "bot.payload.claims:judge",
    "bot.payload.pipeline:_finding",
    "bot.payload.entries:PasteCatalogs.exact",
    "bot.payload.claims:select",
)
_HELPER = "#include <valgrind/callgrind.h>\nvoid toggle(void) { CALLGRIND_TOGGLE_COLLECT; }\n"


def _helper(folder: str) -> str | None:
    """The compiled toggle helper's path, or None without gcc or callgrind.h."""
    if not shutil.which("gcc"):
        return None
    source, library = Path(folder) / "toggle.c", Path(folder) / "toggle.so"
    source.write_text(_HELPER)
    built = subprocess.run(["gcc", "-O2", "-shared", "-fPIC", "-o", str(library), str(source)], capture_output=True)
    return str(library) if built.returncode == 0 else None


def _wrapped(function, toggle, depth: list[int], steps: bool):
    def call(*args, **kwargs):
        if depth[0] == 0:
            toggle()
        depth[0] += 1
        try:
            return function(*args, **kwargs)
        finally:
            depth[0] -= 1
            if depth[0] == 0:
                toggle()

    def step(*args, **kwargs):
        inner = iter(function(*args, **kwargs))
        while True:
            if depth[0] == 0:
                toggle()
            depth[0] += 1
            try:
                value = next(inner)
            except StopIteration:
                return
            finally:
                depth[0] -= 1
                if depth[0] == 0:
                    toggle()
            yield value

    return step if steps else call


def child(part: str, window: bool, library: str) -> None:
    """Under callgrind: the workload once (imports, tables built once per index), then once more
    with `part` wrapped (collection on only inside it)."""
    from bench.answer_cost import _fresh, _stage

    toggle = ctypes.CDLL(library).toggle
    items, once = _stage("explain", window)
    once()
    _fresh()
    depth = [0]
    if part == "noop":
        empty = _wrapped(lambda: None, toggle, depth, False)
        for _ in items:
            empty()
        return
    steps = part.startswith("gen:")
    module_name, _, dotted = part.removeprefix("gen:").partition(":")
    owner = importlib.import_module(module_name)
    *path, name = dotted.split(".")
    for attr in path:
        owner = getattr(owner, attr)
    original = getattr(owner, name)
    wrapped = _wrapped(original, toggle, depth, steps)
    setattr(owner, name, wrapped)
    if not path:  # where another module imported it by name (pipeline's find_mentions)
        for module in list(sys.modules.values()):
            if module is not None and getattr(module, name, None) is original:
                setattr(module, name, wrapped)
    once()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.explain_parts", description=__doc__.splitlines()[0])
    parser.add_argument("--parts", default=",".join(PARTS), help="comma-separated module:function parts (gen: for generators)")
    parser.add_argument("--window", action="store_true", help="only the pastes bench.serve's callgrind window sends")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--library", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.window, args.library)
        return 0
    if not shutil.which("valgrind"):
        print("valgrind not installed: no instruction counts", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="errcode-explain-parts-") as folder:
        library = _helper(folder)
        if library is None:
            print("gcc or valgrind/callgrind.h missing: the toggle helper cannot be built", file=sys.stderr)
            return 1
        from bench.answer_cost import _stage

        pastes = len(_stage("explain", args.window)[0])
        for number, part in enumerate(p for p in args.parts.split(",") if p):
            out = str(Path(folder) / f"part{number}.callgrind")
            command = ["valgrind", "--tool=callgrind", "--collect-atstart=no", f"--callgrind-out-file={out}",
                       sys.executable, "-m", "bench.explain_parts", "--child", part, "--library", library]
            command += ["--window"] if args.window else []
            proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
            found = re.search(r"^summary:\s+(\d+)", Path(out).read_text(errors="replace"), re.M) if Path(out).exists() else None
            if proc.returncode or not found:
                print(f"{part}: failed\n{proc.stderr[-1500:]}", flush=True)
                continue
            print(f"{int(found.group(1)) / pastes / 1e6:7.3f} M instructions per paste  {part}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
