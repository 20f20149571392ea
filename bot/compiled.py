"""The compiled cache: checked catalogs and the built index, in plain containers, under ERRCODE_DATA_DIR.

Loading 50,000 YAML entries costs seconds (parse, check, analyse 160,000 field texts); reading
them back compiled costs a fraction of one. Records live in `<ERRCODE_DATA_DIR>/compiled/`:

- `catalog-*.bin`: one catalog file, parsed and checked (its catalog and problems);
- `analysis-*.bin`: that catalog's entries analysed for the index (search.index.analyse_catalog);
- `index-*.bin`: the whole built index for one list of files, in load order.

A file's key is its path, bundled or not and the SHA-256 of its bytes; the index's key is its
files' keys. Every record also carries FORMAT and a fingerprint of errcode's version and of the
source of the code that builds it, so a change of either one misses every old record. A changed
file re-checks and re-analyses only itself; the index is then assembled from the records.

A cold start does before its first answer only what that answer needs: files parsed and checked
(the last ones by a forked worker meanwhile), the index's exact tables. The analyses, the text
part of the index and every record are made afterwards: by a forked child while this process
answers (the CLI's first lookup; the process waits for it at exit), or before returning where
it may not fork; a lookup that needs the text part first builds it then (search.index.Index).

A record is a local file this process (or another errcode) wrote, and is still not trusted:
its SHA-256 digest, format, fingerprint and key are checked, and it is unpickled with every
class refused (plain str/int/float/tuple/list/dict/set only). Anything wrong and it is ignored
and rebuilt. When the folder can't be written, errcode works as before, just without a cache.
Delete the folder to clear it; at most MAX_RECORDS records are kept (the least recently used go).
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import hashlib
import io
import logging
import os
import pickle
import select
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import bot
from bot.catalogs.loader import LoadResult, catalog_sources, load_catalogs
from bot.catalogs.model import Catalog, Problem, Text, checked_entry
from bot.catalogs.schema import build_catalog
from bot.catalogs.yamlfile import FileFormatError, parse_document, read_bytes
from bot.search import SearchIndex

log = logging.getLogger("errcode.compiled")

FORMAT = 4  # bump when a record's layout changes (the code fingerprint catches the rest)
MAGIC = b"errcode-compiled\n"
DIGEST_BYTES = 32
ENV_DATA_DIR = "ERRCODE_DATA_DIR"  # the same folder and default as bot.store (not imported: SQLAlchemy)
DEFAULT_DATA_DIR = ".errcode"
FOLDER = "compiled"
MAX_RECORDS = 256
PARALLEL_MIN_BYTES = 2 * 1024 * 1024  # less YAML than this to compile: one process is about as fast
WORKER_SHARE = 0.5  # of the bytes to compile, to the worker: this process also reads back what it sends
WORKER_TIMEOUT_S = 600
# The code whose output is cached: a change to any of these files invalidates every record.
_SOURCES = ("catalogs/loader.py", "catalogs/model.py", "catalogs/schema.py", "catalogs/yamlfile.py",
            "search", "vendors.py", "compiled.py")  # fmt: skip


def code_fingerprint() -> str:
    root = Path(bot.__file__).resolve().parent
    digest = hashlib.sha256(f"{bot.__version__}\0{FORMAT}".encode())
    for name in _SOURCES:
        path = root / name
        for source in sorted(path.glob("*.py")) if path.is_dir() else [path]:
            with contextlib.suppress(OSError):
                digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()


def _digest(payload) -> bytes:
    return hashlib.sha256(payload).digest()  # hardware SHA on x86/ARM: ~2.5x BLAKE2b over 25 MB of records


class _PlainUnpickler(pickle.Unpickler):
    """Builds plain containers only: a record naming any class or function is refused."""

    def find_class(self, module: str, name: str):
        raise pickle.UnpicklingError(f"compiled records hold plain types only, not {module}.{name}")


class Store:
    """Verified records in one folder; `folder=None` (not writable) stores and finds nothing."""

    def __init__(self, folder: Path | None, fingerprint: str | None = None):
        self.folder = folder
        self.fingerprint = fingerprint or code_fingerprint()
        self.wrote = False

    @classmethod
    def from_env(cls, env: dict | None = None) -> Store:
        env = os.environ if env is None else env
        folder = Path(env.get(ENV_DATA_DIR, "").strip() or DEFAULT_DATA_DIR) / FOLDER
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if not os.access(folder, os.W_OK | os.X_OK):
                raise PermissionError(str(folder))
        except OSError:  # read-only checkout, a file in the way: work without a cache
            return cls(None)
        return cls(folder)

    def _path(self, kind: str, key: object) -> Path:
        assert self.folder is not None
        name = hashlib.sha256(repr((kind, key)).encode()).hexdigest()[:40]
        return self.folder / f"{kind}-{name}.bin"

    def has(self, kind: str, key: object) -> bool:
        """A record is there (not read, not verified: get may still refuse it)."""
        return self.folder is not None and self._path(kind, key).is_file()

    def get(self, kind: str, key: object) -> object | None:
        if self.folder is None:
            return None
        path = self._path(kind, key)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        try:
            body = self._verified(data, kind, key)
        except Exception as exc:  # corrupt, truncated, foreign or stale: rebuilt, never trusted
            log.info("compiled record ignored", extra={"record": path.name, "why": type(exc).__name__})
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: kept when old records are pruned
        return body

    def _verified(self, data: bytes, kind: str, key: object) -> object:
        head = len(MAGIC) + DIGEST_BYTES
        if len(data) < head or not data.startswith(MAGIC):
            raise ValueError("not a compiled record")
        payload = memoryview(data)[head:]
        if _digest(payload) != data[len(MAGIC) : head]:
            raise ValueError("digest differs")
        record = _PlainUnpickler(io.BytesIO(payload)).load()
        if not (isinstance(record, tuple) and len(record) == 5):
            raise ValueError("not a record")
        fmt, fingerprint, found_kind, found_key, body = record
        if (fmt, fingerprint, found_kind) != (FORMAT, self.fingerprint, kind) or found_key != _plain_key(key):
            raise ValueError("another format, code or key")
        return body

    def put(self, kind: str, key: object, body: object) -> None:
        if self.folder is None:
            return
        payload = pickle.dumps((FORMAT, self.fingerprint, kind, _plain_key(key), body), protocol=5)
        data = MAGIC + _digest(payload) + payload
        path = self._path(kind, key)
        try:  # written whole, then renamed: a reader never sees half a record
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(temp, path)
            self.wrote = True
        except OSError as exc:  # a full disk: the answer does not depend on the cache
            log.info("compiled record not written", extra={"why": type(exc).__name__})
            with contextlib.suppress(OSError, UnboundLocalError):
                os.unlink(temp)

    def prune(self, keep: int = MAX_RECORDS) -> None:
        """Keep the `keep` most recently used records (and no leftover temporary files)."""
        if self.folder is None or not self.wrote:
            return
        try:
            records = [(p.stat().st_mtime, p) for p in self.folder.iterdir() if p.suffix == ".bin"]
            for p in self.folder.glob(".tmp-*"):
                p.unlink(missing_ok=True)
            for _, path in sorted(records, reverse=True)[keep:]:
                path.unlink(missing_ok=True)
        except OSError:
            pass


def _plain_key(key: object) -> object:
    return pickle.loads(pickle.dumps(key, protocol=5))  # the key as it reads back (tuples stay tuples)


# -- catalogs in plain containers -------------------------------------------------------------------


def catalog_plain(catalog: Catalog) -> tuple:
    entries = [
        (e.code, e.kind, e.name, e.meaning, e.handling, e.context, e.section, e.note, e.url, e.line,
         {lang: (t.meaning, t.handling, t.context, t.translated) for lang, t in e.translations.items()})
        for e in catalog.entries
    ]  # fmt: skip
    return (catalog.id, catalog.vendor, catalog.product, catalog.language, catalog.source, catalog.url,
            str(catalog.path), catalog.bundled, dict(catalog.titles), entries)  # fmt: skip


def catalog_from_plain(row: tuple) -> Catalog:
    cat_id, vendor, product, language, source, url, path, bundled, titles, rows = row
    entries = tuple(
        _entry(cat_id, vendor, product, code, kind, name, language, meaning, handling, context, section, note,
               entry_url, source, line, {lang: Text(*t) for lang, t in translations.items()} if translations else {},
               titles)
        for code, kind, name, meaning, handling, context, section, note, entry_url, line, translations in rows
    )  # fmt: skip
    return Catalog(cat_id, vendor, product, language, source, url, Path(path), bundled, entries, titles)


_entry = checked_entry  # an Entry from a record's checked values, its slots set directly


def _problems_plain(problems: Sequence[Problem]) -> list[tuple]:
    return [(str(p.path), p.line, p.message, p.severity) for p in problems]


def _problems_from_plain(rows: list[tuple], path: Path) -> list[Problem]:
    return [Problem(path if text == str(path) else text, line, message, severity)
            for text, line, message, severity in rows]  # fmt: skip


# -- loading ---------------------------------------------------------------------------------------


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic collection while millions of long-lived objects are made (it would walk them all,
    over and over, for nothing); afterwards they are frozen out of later collections."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def load(extra: str | None = None, *, kept: Sequence[Catalog] = (), store: Store | None = None,
         write_index_later: bool = False) -> tuple[LoadResult, SearchIndex]:  # fmt: skip
    """Load the catalogs (bot.catalogs.load_catalogs) and build their index, through the compiled
    cache. `kept`: last good versions of team catalogs that are broken now, indexed with the rest.
    `write_index_later`: the new records (catalogs, analyses, index) may be written by a forked
    child while this process answers (bot.knowledge.build; this process waits for it at exit).
    Raises CatalogError as load_catalogs does."""
    store = store or Store.from_env()
    keys: dict[str, tuple] = {}
    checked: dict[tuple, tuple[Catalog | None, list[Problem]]] = {}  # files no record held, by key

    def load_file(path: Path, *, bundled: bool) -> tuple[Catalog | None, list[Problem]]:
        made = ahead.result(str(path)) if ahead else None
        if made is not None:  # checked by the worker meanwhile
            key, row, problems = made
            keys[str(path)] = key
            catalog = catalog_from_plain(row) if row is not None else None
            checked[key] = catalog, _problems_from_plain(problems, path)
            return checked[key]
        try:
            raw = read_bytes(path)
        except FileFormatError as exc:
            return None, [Problem(path, exc.line, str(exc))]
        key = keys[str(path)] = (str(path), bundled, hashlib.sha256(raw).hexdigest())
        found = store.get("catalog", key)
        if found is not None:
            with contextlib.suppress(Exception):  # a record of the wrong shape: checked again below
                row, problems = found
                return (catalog_from_plain(row) if row is not None else None), _problems_from_plain(problems, path)
        checked[key] = _check(raw, path, bundled)
        return checked[key]

    with paused_gc():
        sources, _ = catalog_sources(extra)
        ahead = Ahead.start(sources, store)  # the last files checked by a worker process meanwhile
        try:
            loaded = load_catalogs(extra, load=load_file)
        finally:
            if ahead:
                ahead.close()
        catalog_keys: list[tuple | None] = [keys.get(str(c.path)) for c in loaded.catalogs]
        if kept:
            ids = {c.id for c in loaded.catalogs}
            more = tuple(c for c in kept if c.id not in ids)
            loaded = LoadResult(loaded.catalogs + more, loaded.problems)
            catalog_keys += [None] * len(more)  # no file behind them: analysed afresh
        index, records = _index(loaded.catalogs, catalog_keys, store, checked)
        if records is not None and not (write_index_later and _write_later(store, records)):
            records()
    store.prune()
    return loaded, index


def _check(raw: bytes, path: Path, bundled: bool) -> tuple[Catalog | None, list[Problem]]:
    """Parse and check one file whose record is missing (its records are written with the index's)."""
    try:
        return build_catalog(parse_document(raw, path), path, bundled=bundled)
    except FileFormatError as exc:
        return None, [Problem(path, exc.line, str(exc))]


class Ahead:
    """A forked worker checking the last files in load order (about WORKER_SHARE of the bytes no
    record holds) while this process checks the first ones: a cold start of a big catalog uses
    two cores. Only where it is safe and pays: fork available, this process single-threaded (a
    fork copies no other thread, so no lock another thread holds), two CPUs, PARALLEL_MIN_BYTES to
    check in two files or more. Anything wrong with the worker and its files are checked here.
    The worker sends each file as soon as it is checked, so this process takes in the first ones
    while the worker checks the last: its pickle goes to an unlinked temporary file (never waiting
    for a reader, as a pipe's 64 KB would have it), and where it lies (offset, length) through a
    pipe. The worker writes no record: this process writes them all, with the index's."""

    def __init__(self, pid: int, pipe: int, spool, paths: set[str]):
        self._pid, self._pipe, self._spool, self._paths = pid, pipe, spool, paths
        self._made: dict[str, tuple] = {}
        self._buffer = bytearray()
        self._deadline = time.monotonic() + WORKER_TIMEOUT_S
        self._broken = False

    @classmethod
    def start(cls, sources: Sequence[tuple[Path, bool]], store: Store) -> Ahead | None:
        if not _may_fork():
            return None
        misses = []
        for path, bundled in sources:
            try:
                raw = read_bytes(path)
            except FileFormatError:
                continue  # load_file reports it
            key = (str(path), bundled, hashlib.sha256(raw).hexdigest())
            if not store.has("catalog", key):
                misses.append((str(path), bundled, raw, key))
        total = sum(len(raw) for _, _, raw, _ in misses)
        if len(misses) < 2 or total < PARALLEL_MIN_BYTES:
            return None
        share: list[tuple] = []
        size = 0
        for miss in reversed(misses):
            if share and size + len(miss[2]) > WORKER_SHARE * total:
                break
            share.append(miss)
            size += len(miss[2])
        spool, fds = None, []
        try:
            spool = tempfile.TemporaryFile()
            fds = pipe, into = os.pipe()
            pid = os.fork()
        except OSError as exc:  # no processes (or no temporary file) to be had: everything is checked here
            log.info("check worker not started", extra={"why": type(exc).__name__})
            for fd in fds:
                os.close(fd)
            if spool is not None:
                spool.close()
            return None
        if pid == 0:  # the worker: check, send, and leave without running anything of the parent's
            try:
                os.close(pipe)
                offset = 0
                for path_text, bundled, raw, key in share[::-1]:
                    catalog, problems = _check(raw, Path(path_text), bundled)
                    row = (path_text, key, catalog_plain(catalog) if catalog else None, _problems_plain(problems))
                    data = pickle.dumps(row, protocol=5)
                    written = 0
                    while written < len(data):
                        written += os.pwrite(spool.fileno(), memoryview(data)[written:], offset + written)
                    os.write(into, offset.to_bytes(8, "little") + len(data).to_bytes(8, "little"))
                    offset += len(data)
            finally:
                os._exit(0)
        os.close(into)
        return cls(pid, pipe, spool, {path for path, _, _, _ in share})

    def result(self, path: str) -> tuple | None:
        """(key, catalog row, problems) for a file the worker checked; None otherwise."""
        if path not in self._paths:
            return None
        while path not in self._made and not self._broken:
            try:
                frame = self._frame()
                found, key, row, problems = pickle.loads(frame)  # noqa: S301 - our own child's output
                self._made[found] = (key, row, problems)
            except Exception as exc:  # a worker that died or hung: its files left are checked here
                log.info("check worker failed", extra={"why": type(exc).__name__})
                self._broken = True
        return self._made.pop(path, None)

    def _frame(self) -> bytes:
        """The worker's next file, once it says where it lies (EOFError when it ended before that)."""
        buffer = self._buffer
        while len(buffer) < 16:
            if not select.select([self._pipe], [], [], max(0.0, self._deadline - time.monotonic()))[0]:
                raise TimeoutError("check worker")
            chunk = os.read(self._pipe, 4096)
            if not chunk:
                raise EOFError("check worker")
            buffer += chunk
        offset, size = int.from_bytes(buffer[:8], "little"), int.from_bytes(buffer[8:16], "little")
        del buffer[:16]
        data = os.pread(self._spool.fileno(), size, offset)
        if len(data) != size:
            raise EOFError("check worker")
        return data

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self._pipe)
        with contextlib.suppress(OSError):
            self._spool.close()
        with contextlib.suppress(OSError):  # done, or never asked, or hung: not waited for
            os.kill(self._pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError, OSError):
            os.waitpid(self._pid, 0)


def _may_fork() -> bool:
    if not hasattr(os, "fork") or threading.active_count() != 1:
        return False
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return cpus >= 2


def _index(catalogs: Sequence[Catalog], keys: list[tuple | None], store: Store,
           checked: dict[tuple, tuple[Catalog | None, list[Problem]]]) -> tuple[SearchIndex, Callable | None]:  # fmt: skip
    """The index (from its record, or built), and what writes the records this load lacks (None:
    nothing to write). Built, its text part waits for its first use, or for the records' writing."""
    whole = tuple(keys) if all(keys) else None  # kept catalogs have no file behind them
    if whole is not None:
        state = store.get("index", whole)
        if state is not None:
            try:
                index = SearchIndex.from_plain(catalogs, _index_state(state))
                return index, (lambda: _write_records(store, checked, (), None)) if checked else None
            except Exception:  # noqa: S110 - a record that does not fit: built again below
                pass
    analyses: list[dict | None] = []
    for catalog, key in zip(catalogs, keys, strict=True):
        analysis = store.get("analysis", key) if key and key not in checked else None
        if not (isinstance(analysis, dict) and len(analysis.get("entries", ())) == len(catalog.entries)):
            analysis = None  # analysed when the index needs it or the records are written
        analyses.append(analysis)
    try:
        index = SearchIndex(catalogs, analyses)
    except Exception:  # an analysis record that does not fit after all: everything afresh
        analyses = [None] * len(catalogs)
        index = SearchIndex(catalogs)
    if store.folder is None:
        return index, None
    missing = [(i, key) for i, (key, analysis) in enumerate(zip(keys, analyses, strict=True)) if key and analysis is None]
    return index, lambda: _write_records(store, checked, missing, index, whole)


def _write_records(store: Store, checked: dict, missing: Sequence[tuple[int, tuple]], index: SearchIndex | None,
                   whole: tuple | None = None) -> None:  # fmt: skip
    """The records of this load's checked files, its catalogs' analyses that no record held, and its
    index: in that order, so a load stopped half way finds the first ones."""
    for key, (catalog, problems) in checked.items():
        store.put("catalog", key, (catalog_plain(catalog) if catalog else None, _problems_plain(problems)))
    if index is None:
        return
    if missing:
        analyses = index.index.analyses()
        for i, key in missing:
            store.put("analysis", key, analyses[i])
    if whole is not None:
        store.put("index", whole, _index_record(index.index.plain()))


# What a part of the index (search.index.PARTS) holds: each is pickled on its own inside the record,
# so a warm start unpickles only the rest and a part waits until a lookup reads it.
_INDEX_PARTS = {"text": ("fields", "docs", "postings", "idf"), "typo": ("fuzzy_keys", "key_grams")}


def _index_record(state: dict) -> dict:
    record = {k: v for k, v in state.items() if not any(k in names for names in _INDEX_PARTS.values())}
    record["parts"] = {part: pickle.dumps({k: state[k] for k in names}, protocol=5)
                       for part, names in _INDEX_PARTS.items()}  # fmt: skip
    return record


def _index_state(record: dict) -> dict:
    """The record with a function per part that unpickles it (classes refused, as for records)."""
    parts = record["parts"]
    if set(parts) != set(_INDEX_PARTS) or not all(isinstance(raw, bytes) for raw in parts.values()):
        raise ValueError("not an index record")
    loads = {part: (lambda raw=raw: _PlainUnpickler(io.BytesIO(raw)).load()) for part, raw in parts.items()}
    return {**record, "parts": loads}


_writers: list[int] = []  # forked children writing records


def _write_later(store: Store, records: Callable[[], None]) -> bool:
    """Fork a child that writes the records (catalogs, analyses, the index: its text part and typo
    trigrams built, pickled, written, a few seconds for 50,000 entries) while this process answers;
    False where it may not fork (see _may_fork: never with other threads running). The process
    waits for its children at exit, so the next start finds the records."""
    if not _may_fork():
        return False
    try:
        pid = os.fork()
    except OSError:
        return False
    if pid == 0:  # the child: write, and leave without running anything of the parent's at exit
        try:
            records()
            store.prune()
        finally:
            os._exit(0)
    if not _writers:
        atexit.register(wait_for_writers)
    _writers.append(pid)
    return True


def wait_for_writers() -> None:
    """Wait until every index record being written by a child is written (at exit: once what was
    printed is out, so an answer is not held back by the cache)."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    while _writers:
        pid = _writers.pop()
        with contextlib.suppress(ChildProcessError, OSError):
            os.waitpid(pid, 0)
