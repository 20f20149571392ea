"""Feedback and what errcode could not answer: what an answer yields (codes and vendor ids only),
and the database that keeps it per workspace (SQLite, and PostgreSQL by the same code)."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import pytest
from sqlalchemy.engine import make_url

from bot.insights import (
    ANSWERED,
    NO_ENTRY,
    NO_MATCH,
    UNCOVERED_VENDOR,
    Observation,
    fingerprint,
    observe_explain,
    observe_lookup,
)
from bot.render import insights as words
from bot.store.database import create_engine, database_url
from bot.store.insights import InsightStore, since_days
from testing.instances import fresh_database

COVERED = {"agora", "tencent", "netease"}
NOW = datetime(2026, 12, 1, 9, 0)


def test_a_no_match_query_yields_its_code_shaped_tokens_and_vendor_only():
    query = "please explain zego 1002 from my-secret-project today"
    insight = observe_lookup(query, {"query": query, "matches": []}, COVERED)
    assert insight.observations == (Observation(UNCOVERED_VENDOR, "1002", "zego"),)
    assert insight.entry is None and insight.fingerprint == fingerprint(
        "  PLEASE explain zego 1002 from my-secret-project today"
    )
    assert "secret" not in repr(insight) and "please" not in repr(insight)
    # A covered vendor, an unknown code: a plain no-match; words name no code, so nothing is kept.
    assert observe_lookup("agora 999", {"matches": []}, COVERED).observations == (
        Observation(NO_MATCH, "999", "agora"),
    )
    assert observe_lookup("签名过期了怎么办", {"matches": []}, COVERED).observations == ()
    # 即构 (ZEGO) written without spaces around it still counts as evidence.
    assert observe_lookup("即构的1002", {"matches": []}, COVERED).observations == (
        Observation(UNCOVERED_VENDOR, "1002", "zego"),
    )


def test_a_paste_yields_answered_codes_and_findings_with_no_entry():
    match = {
        "catalog": "tencent-live",
        "code": "AuthFailure.SignatureFailure",
        "kind": "error",
        "name": None,
        "vendor": "tencent",
    }
    result = {
        "findings": [
            {
                "code": "AuthFailure.SignatureFailure",
                "vendor": "tencent",
                "message": "private",
                "matches": [match],
            },
            {"code": "FailedOperation.NoSuchThing", "vendor": "tencent", "message": "private", "matches": []},
            {"code": "1002", "vendor": None, "message": "zego says private", "matches": []},
        ]
    }
    insight = observe_explain("a zego paste with private words", result, COVERED)
    assert insight.entry == ("tencent-live", "AuthFailure.SignatureFailure", "error", None)
    assert insight.observations == (
        Observation(ANSWERED, "AuthFailure.SignatureFailure", "tencent"),
        Observation(NO_ENTRY, "FailedOperation.NoSuchThing", "tencent"),
        Observation(UNCOVERED_VENDOR, "1002", "zego"),
    )
    assert "private" not in repr(insight)


def test_an_uncovered_product_is_kept_by_its_id_and_imported_by_its_vendor():
    result = {"matches": [], "uncovered": {"vendor": "agora", "product": "agora/rtc-sdk"}}
    insight = observe_lookup("agora rtc sdk 110", result, COVERED)
    assert insight.observations == (Observation(UNCOVERED_VENDOR, "110", "agora/rtc-sdk"),)
    assert (
        words.import_command("agora/rtc-sdk")
        == "errcode catalogs import PAGE_OR_URL --id agora-rtc-sdk --vendor agora"
    )
    # A follow-up's unknown code keeps the thread's vendor.
    follow = observe_lookup("and 999?", {"matches": [], "unknown": "999"}, COVERED, vendor="agora")
    assert follow.observations == (Observation(NO_MATCH, "999", "agora"),)


def test_only_other_vendors_entries_count_as_the_asked_vendors_no_match():
    netease = {
        "catalog": "netease-webrtc",
        "code": "999",
        "kind": "server_code",
        "name": None,
        "vendor": "netease",
    }
    result = {"matches": [{**netease, "outside_vendor": True}]}
    insight = observe_lookup("agora 999", result, COVERED)
    assert insight.observations == (Observation(NO_MATCH, "999", "agora"),)
    assert insight.entry == ("netease-webrtc", "999", "server_code", None)  # what was shown takes the vote


def test_a_feedback_value_stays_within_slacks_limit_and_reads_back():
    long = ("catalog", "433", "error", "N" * 3000)
    value = words.feedback_value(long, "f" * 32, "zh")
    assert len(value) <= 2000 and words.feedback_request(value)["e"] == ["catalog", "433", "error", None]
    with pytest.raises(ValueError):
        words.feedback_request(value.replace("f" * 32, "short"))


def test_since_reads_days_hours_and_weeks_and_refuses_the_rest():
    assert since_days("7d") == timedelta(days=7)
    assert since_days("24h") == timedelta(hours=24)
    assert since_days("2w") == timedelta(weeks=2)
    assert since_days("3") == timedelta(days=3)
    for bad in ("", "x", "-1d", "0", "7y"):
        with pytest.raises(ValueError):
            since_days(bad)


async def _counts_by_window_and_team(store: InsightStore) -> None:
    await store.create_tables()
    await store.create_tables()  # a second start changes nothing
    old = NOW - timedelta(days=10)
    await store.record("TA", (Observation(NO_MATCH, "999", "agora"),), now=old)
    for hours in (1, 2):
        await store.record(
            "TA",
            (Observation(NO_MATCH, "999", "agora"), Observation(ANSWERED, "433", "agora")),
            now=NOW - timedelta(hours=hours),
        )
    await store.record("TB", (Observation(UNCOVERED_VENDOR, "1002", "zego"),), now=NOW)
    week = await store.report("TA", since=timedelta(days=7), now=NOW)
    [unknown] = week.unknown
    assert (unknown.code, unknown.vendor, unknown.kind, unknown.count) == ("999", "agora", NO_MATCH, 2)
    assert unknown.first_seen == NOW - timedelta(hours=2) and unknown.last_seen == NOW - timedelta(hours=1)
    assert [(c.code, c.count) for c in week.top_codes] == [("433", 2)]
    month = await store.report("TA", since=timedelta(days=30), now=NOW)
    assert month.unknown[0].count == 3 and month.unknown[0].first_seen == old
    assert [c.code for c in (await store.report("TB", now=NOW)).unknown] == ["1002"]
    assert await store.teams() == ["TA", "TB"]
    await store.forget_before(NOW - timedelta(days=7))  # what start() does with counts past KEEP_DAYS
    assert (await store.report("TA", since=timedelta(days=30), now=NOW)).unknown[0].count == 2

    first = await store.vote("TA", ("agora-cloud-recording", "433", "error", None), "f" * 32, -1, now=NOW)
    await store.vote("TA", ("agora-cloud-recording", "433", "error", None), "e" * 32, +1, now=NOW)
    assert await store.give_reason("TA", first, "wrong_vendor")
    assert not await store.give_reason("TB", first, "outdated")  # another workspace's vote
    assert not await store.give_reason("TA", first, "free text from a user")
    report = await store.report("TA", now=NOW)
    [down] = report.downvoted
    assert (down.entry, down.downs, down.ups, down.reasons) == (
        "agora-cloud-recording:433",
        1,
        1,
        {"wrong_vendor": 1},
    )
    text = words.stats_text(report)
    assert ["2", "999", "agora", "no", "match"] in [line.split()[:5] for line in text.splitlines()]
    assert "--vendor agora" in text and "Feedback: 1 👍, 1 👎" in text


async def test_sqlite_keeps_counts_by_window_and_workspace(tmp_path):
    store = InsightStore(create_engine(database_url({"ERRCODE_DATA_DIR": str(tmp_path)})))
    try:
        await _counts_by_window_and_team(store)
    finally:
        await store.close()


async def test_postgresql_keeps_counts_by_window_and_workspace(postgres_url):
    store = InsightStore(create_engine(database_url({"DATABASE_URL": fresh_database(postgres_url)})))
    try:
        await _counts_by_window_and_team(store)
    finally:
        await store.close()


async def test_a_database_in_trouble_costs_the_stats_not_an_error(tmp_path):
    store = InsightStore(create_engine(make_url(f"sqlite+aiosqlite:///{tmp_path}/missing/dir/x.db")))
    await store.record("TA", (Observation(NO_MATCH, "999", "agora"),))  # logged, not raised
    assert await store.vote("TA", None, "0" * 32, 1) is None
    await store.close()


async def test_counts_are_written_together_not_once_per_answer(tmp_path):
    from sqlalchemy import event

    url = database_url({"ERRCODE_DATA_DIR": str(tmp_path)})
    store = InsightStore(create_engine(url), flush_seconds=0.2)
    writes = []
    event.listen(
        store.engine.sync_engine,
        "before_cursor_execute",
        lambda conn, cursor, statement, *rest: (
            writes.append(statement)
            if "errcode_codes_asked" in statement and statement.startswith("INSERT")
            else None
        ),
    )
    await store.start()
    for n in range(200):
        await store.record(f"T{n % 2}", (Observation(NO_MATCH, "999", "agora"),))
    assert writes == []  # nothing written yet: the answers did not wait for the database
    await asyncio.sleep(0.5)
    assert len(writes) == 1
    store.MAX_PENDING = 3
    for code in ("1", "2", "3", "4", "5"):
        await store.record("T0", (Observation(NO_MATCH, code, ""),))
    await store.close()  # the last counts are written on the way out
    again = InsightStore(create_engine(url))
    try:
        counts = {c.code: c.count for c in (await again.report("T0")).unknown}
    finally:
        await again.close()
    assert counts == {"999": 100, "1": 1, "2": 1, "3": 1}  # 4 and 5 were shed, not queued


@pytest.mark.parametrize(
    ("value", "seconds"), [(None, 2.0), ("30", 30.0), ("0.5", 0.5), ("0", 2.0), ("-1", 2.0), ("soon", 2.0)]
)
def test_the_stats_are_written_every_two_seconds_unless_the_environment_says_how_often(tmp_path, value, seconds):
    from bot.store.insights import open_insights

    env = {"ERRCODE_DATA_DIR": str(tmp_path)}
    if value is not None:
        env["ERRCODE_STATS_FLUSH_SECONDS"] = value
    store = open_insights(env)
    try:
        assert store.flush_seconds == seconds
    finally:
        asyncio.run(store.engine.dispose())
