"""Real Redis and PostgreSQL servers for the tests, started by the test session on loopback.

Debian's packages (`redis-server`, `postgresql`; .ci/services installs them) on free ports, in a
temporary folder, stopped at the end of the session. PostgreSQL refuses to run as root: as root,
its commands run as the `postgres` user the package creates (runuser).

Under CI (CI set) a missing server is a failure, never a skip; locally it skips with the reason.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _missing(what: str) -> None:
    message = f"{what} is not installed (run .ci/services, or apt-get install redis-server postgresql)"
    if os.environ.get("CI"):
        pytest.fail(message + "; under CI these tests must run", pytrace=False)
    pytest.skip(message)


def _wait_port(port: int, proc: subprocess.Popen | None, timeout: float, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            break
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    text = log.read_text(errors="replace")[-2000:] if log.exists() else ""
    raise RuntimeError(f"server on port {port} did not start:\n{text}")


@contextlib.contextmanager
def redis_server():
    """A redis-server on loopback, nothing saved to disk. Yields its URL."""
    binary = shutil.which("redis-server")
    if not binary:
        _missing("redis-server")
    folder = Path(tempfile.mkdtemp(prefix="errcode-redis-"))
    port = free_port()
    log = folder / "redis.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(folder)],
            stdout=out, stderr=out,
        )
    try:
        _wait_port(port, proc, 10, log)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(folder, ignore_errors=True)


def _postgres_bin() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(versions[-1]).parent if versions else None


@contextlib.contextmanager
def postgres_server():
    """A PostgreSQL cluster of its own on loopback (initdb + pg_ctl). Yields its URL."""
    bindir = _postgres_bin()
    if bindir is None:
        _missing("PostgreSQL (initdb)")
    folder = Path(tempfile.mkdtemp(prefix="errcode-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb and postgres refuse root
        try:
            account = pwd.getpwnam("postgres")
        except KeyError:
            pytest.fail("running as root and no `postgres` user to run PostgreSQL as", pytrace=False)
        os.chown(folder, account.pw_uid, account.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    data, log, port = folder / "data", folder / "postgres.log", free_port()

    def run(*command: str) -> None:
        done = subprocess.run([*as_user, *command], capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"{command[0]} failed:\n{done.stdout[-1500:]}\n{done.stderr[-1500:]}")

    run(str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "errcode", "-E", "UTF8", "--no-sync")
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
    run(str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w", "-t", "60", "start")
    try:
        _wait_port(port, None, 30, log)
        yield f"postgresql://errcode@127.0.0.1:{port}/postgres"
    finally:
        with contextlib.suppress(Exception):
            run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def redis_url():
    with redis_server() as url:
        yield url


@pytest.fixture(scope="session")
def postgres_url():
    with postgres_server() as url:
        yield url
