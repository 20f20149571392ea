"""`errcode serve` on the default SQLite file loads no database code until it first keeps a
count or a vote, and then keeps them as the store itself does."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from bot.insights import NO_MATCH, Observation
from bot.store.deferred import DeferredInsights

ROOT = Path(__file__).resolve().parents[2]

START_UP = """
import sys
from bot.slack import serve
from bot.slack.app import create_app
from bot.slack.settings import settings_from_env
env = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "ERRCODE_DATA_DIR": sys.argv[1]}
settings = settings_from_env(env)
state, _ = serve._stores(settings, env)
insights = serve._insights(env, settings)
create_app(token=settings.bot_token, signing_secret="s", state=state, insights=insights)
print(type(insights).__name__, "sqlalchemy" in sys.modules)
"""


def test_serve_starts_without_database_code(tmp_path):
    out = subprocess.run(
        [sys.executable, "-c", START_UP, str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["DeferredInsights", "False"]


async def test_the_first_count_opens_the_store_and_is_kept(tmp_path):
    store = DeferredInsights({"ERRCODE_DATA_DIR": str(tmp_path)})
    await store.start()
    assert not store.opened
    await store.record("TA", (Observation(NO_MATCH, "999", "agora"),))
    assert store.opened
    await store.close()  # the background writer's last flush
    again = DeferredInsights({"ERRCODE_DATA_DIR": str(tmp_path)})
    report = await again.report("TA", since=timedelta(days=1))
    assert [(c.kind, c.code, c.vendor, c.count) for c in report.unknown] == [(NO_MATCH, "999", "agora", 1)]
    await again.close()


async def test_opened_while_serving_it_makes_no_task_of_its_own(tmp_path):
    """The drain waits for every task born after start: the writer must be born at start."""
    store = DeferredInsights({"ERRCODE_DATA_DIR": str(tmp_path)})
    await store.start()
    before = asyncio.all_tasks()
    await store.record("TA", (Observation(NO_MATCH, "999", "agora"),))
    await store.record("TA", (Observation(NO_MATCH, "999", "agora"),))
    await asyncio.sleep(0.05)
    assert asyncio.all_tasks() <= before
    await store.close()
    again = DeferredInsights({"ERRCODE_DATA_DIR": str(tmp_path)})
    report = await again.report("TA", since=timedelta(days=1))
    assert [c.count for c in report.unknown] == [2]
    await again.close()


FIRST_OPEN = """
import asyncio, sys, threading
seen = []

class Watch:  # notes which thread first imports SQLAlchemy
    def find_spec(self, name, path=None, target=None):
        if name == "sqlalchemy":
            seen.append(threading.current_thread() is threading.main_thread())
        return None

sys.meta_path.insert(0, Watch())
from bot.insights import NO_MATCH, Observation
from bot.store.deferred import DeferredInsights

async def main():
    store = DeferredInsights({"ERRCODE_DATA_DIR": sys.argv[1]})
    await store.start()
    await store.record("T1", (Observation(NO_MATCH, "999", "agora"),))
    await store.close()

asyncio.run(main())
print("on the loop's thread" if seen[0] else "in another thread")
"""


def test_the_first_open_loads_sqlalchemy_off_the_event_loop(tmp_path):
    # the import takes a few hundred ms: on the loop, every ack arriving meanwhile waited for it
    out = subprocess.run(
        [sys.executable, "-c", FIRST_OPEN, str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "in another thread"
