"""Team catalog problems are never silent and never fatal: `lookup`, `paste` and `serve` report
each broken file or missing path once, by file:line, and keep answering from the rest; one broken
file doesn't hold back other files' changes; a folder that can't be listed is reported, not a crash."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from bot import api, reload
from bot.catalogs import load_catalogs
from testing.fake_slack import SIGNING_SECRET, FakeSlack, SlackSender
from testing.served import Served

ROOT = Path(__file__).resolve().parents[2]
TEAM = textwrap.dedent(
    """\
    id: team-{name}
    vendor: acme
    language: en
    source: team wiki
    entries:
      - code: "{code}"
        kind: error
        meaning: {meaning}
    """
)
BROKEN = "id: team-broken\nvendor: acme\nlanguage: en\nentries:\n  - code: X-1\n    kind: [unclosed\n"


def _team(tmp_path: Path) -> tuple[str, Path, Path]:
    good = tmp_path / "good.yaml"
    good.write_text(TEAM.format(name="good", code="ACME-1", meaning="the good one"), encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text(BROKEN, encoding="utf-8")
    missing = tmp_path / "nowhere" / "gone.yaml"
    return os.pathsep.join([str(good), str(broken), str(missing)]), broken, missing


def _cli(args: list[str], env_catalogs: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ERRCODE_")}
    env.update({"ERRCODE_CATALOGS": env_catalogs, "PYTHONPATH": str(ROOT)})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, text=True, env=env, timeout=60
    )


def test_lookup_and_paste_report_team_catalog_problems_on_stderr_and_still_answer(tmp_path):
    catalogs, broken, missing = _team(tmp_path)
    for args, stdin in ((["lookup", "ACME-1"], ""), (["paste"], "{\"error\": {\"code\": \"ACME-1\", \"message\": \"x\"}}")):
        done = _cli(args, catalogs, stdin)
        assert done.returncode == 0, done.stderr
        assert "the good one" in done.stdout
        assert f"{broken}:7:" in done.stderr, done.stderr
        assert str(missing) in done.stderr
        assert done.stderr.count(str(broken)) == 1  # once


async def test_serve_logs_each_team_catalog_problem_once_and_serves_the_rest(tmp_path):
    catalogs, broken, missing = _team(tmp_path)
    fake = await FakeSlack().start()
    env = {
        "SLACK_BOT_TOKEN": fake.bot_token,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.api_url,
        "ERRCODE_HOST": "127.0.0.1",
        "ERRCODE_CATALOGS": catalogs,
        "ERRCODE_LOG_FORMAT": "json",
    }
    server = await Served(env, tmp_path / "serve.log").start()
    send = SlackSender(server.base_url, fake)
    try:
        assert (await send.command("ACME-1"))[0] == 200
        [call] = await fake.wait_for("response_url")
        assert "the good one" in str(call.args)
        time.sleep(2.5)  # a poll or two: nothing changed, nothing logged again
    finally:
        await send.close()
        await server.stop()
        await fake.stop()
    problems = [r for r in server.records() if "team catalog" in r.get("msg", "")]
    assert sum(f"{broken}:7:" in r["msg"] for r in problems) == 1, server.log()[-2000:]
    assert sum(str(missing) in r["msg"] for r in problems) == 1
    assert "Traceback" not in server.log()


async def test_one_broken_file_does_not_hold_back_another_files_change(tmp_path, monkeypatch):
    monkeypatch.setenv("ERRCODE_CATALOGS", str(tmp_path))
    one, two = tmp_path / "one.yaml", tmp_path / "two.yaml"
    one.write_text(TEAM.format(name="one", code="ONE-1", meaning="first"), encoding="utf-8")
    two.write_text(TEAM.format(name="two", code="TWO-1", meaning="second"), encoding="utf-8")
    api.install(api.build())
    try:
        one.write_text(BROKEN.replace("team-broken", "team-one"), encoding="utf-8")
        assert reload.reload_now("test") is False
        two.write_text(TEAM.format(name="two", code="TWO-2", meaning="second, changed"), encoding="utf-8")
        reload.reload_now("test")
        codes = {e.code for e in api.knowledge().index.entries}
        assert "TWO-2" in codes, "the other file's change went live"
        assert "ONE-1" in codes, "the broken file keeps its last good version"
    finally:
        api.install(None)


def test_a_folder_that_cannot_be_listed_is_reported_not_a_crash(tmp_path, monkeypatch, caplog):
    # (Tests run as root, who can list any folder: the one call that fails is made to fail.)
    locked = tmp_path / "locked"
    locked.mkdir()
    good = tmp_path / "good.yaml"
    good.write_text(TEAM.format(name="good", code="ACME-1", meaning="the good one"), encoding="utf-8")
    real_iterdir = Path.iterdir

    def iterdir(self):
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_iterdir(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    monkeypatch.setenv("ERRCODE_CATALOGS", os.pathsep.join([str(locked), str(good)]))
    loaded = load_catalogs()
    assert any(str(locked) in str(p) and "cannot read folder" in p.message for p in loaded.problems)
    assert "team-good" in {c.id for c in loaded.catalogs}
    caplog.set_level(logging.ERROR)
    reload.snapshot()  # the watcher's poll survives it too
    assert not [r for r in caplog.records if r.exc_info]
