"""`errcode serve` as a real process for the hardening tests: environment in, log file out."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path

import aiohttp

from testing.harness import free_port


class Served:
    """One `errcode serve` process; its stdout and stderr go to `log_path` (never a pipe that fills)."""

    def __init__(self, env: dict, log_path: Path, *, fd_limit: int | None = None):
        self.env, self.log_path = env, log_path
        self.fd_limit = fd_limit  # RLIMIT_NOFILE of the child, e.g. 1024 as on many hosts
        self.port = int(env.get("PORT") or free_port())
        self.base_url = f"http://127.0.0.1:{self.port}"
        # GET /metrics lives on its own port (ERRCODE_METRICS_PORT), never on the public one
        self.metrics_url = f"http://127.0.0.1:{env['ERRCODE_METRICS_PORT']}/metrics" if env.get("ERRCODE_METRICS_PORT") else None
        self.proc: asyncio.subprocess.Process | None = None

    async def start(self, *, wait_healthy: bool = True) -> Served:
        clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ERRCODE_"))}
        self._log = open(self.log_path, "ab")
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "serve",
            env={**clean, "PORT": str(self.port), **self.env},
            stdout=self._log,
            stderr=self._log,
            preexec_fn=self._limit_fds if self.fd_limit else None,
        )
        if wait_healthy:
            try:
                await self.wait_healthy()
            except BaseException:
                await self.stop()  # never leave a server behind when a test gives up on it
                raise
        return self

    def _limit_fds(self) -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_NOFILE, (self.fd_limit, self.fd_limit))

    async def wait_healthy(self, timeout: float = 20) -> None:
        async with aiohttp.ClientSession() as session:
            for _ in range(int(timeout / 0.05)):
                if self.proc.returncode is not None:
                    break
                try:
                    async with session.get(self.base_url + "/healthz") as resp:
                        if resp.status == 200:
                            return
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.05)
        raise AssertionError("errcode serve did not become healthy:\n" + self.log()[-3000:])

    async def wait_exit(self, timeout: float = 20) -> int:
        return await asyncio.wait_for(self.proc.wait(), timeout)

    async def stop(self) -> None:
        if self.proc and self.proc.returncode is None:
            self.proc.terminate()
            try:
                await asyncio.wait_for(self.proc.wait(), 10)
            except asyncio.TimeoutError:
                self.proc.kill()
                await self.proc.wait()
        self._log.close()

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def records(self) -> list[dict]:
        """The JSON log lines (ERRCODE_LOG_FORMAT=json)."""
        out = []
        for line in self.log().splitlines():
            try:
                out.append(json.loads(line))
            except ValueError:
                continue
        return out

    async def wait_log(self, needle: str, timeout: float = 10) -> str:
        for _ in range(int(timeout / 0.05)):
            if needle in self.log():
                return self.log()
            await asyncio.sleep(0.05)
        raise AssertionError(f"{needle!r} never logged:\n" + self.log()[-3000:])
