"""CI's short load run (bench/load.py): `errcode serve` as a process, signed requests at a fixed
rate, a stand-in Slack. Zero errors and every reply exactly once; the ack bound is generous here
(the 50 ms goal is measured by the full run, `python -m bench.load`, on a quiet machine)."""

from __future__ import annotations

from bench import load


async def test_short_load_run_has_no_errors_and_answers_each_request_exactly_once():
    summary = await load.run(rate=100, duration=4, warmup=0.5, quiet=True)
    assert summary["requests"] == 400
    assert summary["errors"] == 0, summary["errors_sample"]
    assert summary["replies_expected"] > 250
    assert summary["replies_missing"] == 0
    assert summary["replies_duplicated"] == 0
    assert summary["server_error_lines"] == 0, summary["server_errors_sample"]
    assert summary["ack_p99_ms"] < 500
    assert summary["rss_peak_mb"] < 150
    # Slack's redeliveries were sent and dropped, as /metrics counted them.
    assert summary["by_kind"]["retry"] > 0
    assert summary["metrics"]["errcode_duplicate_events_total"] >= summary["by_kind"]["retry"]
    table = load.table(summary)
    assert "ack p99" in table and "replies missing / duplicated" in table
    assert load.goals_missed(summary, full=False) == []
