"""CI's short load run across two `errcode serve` instances sharing Redis (bench/load.py,
`--instances 2`): signed requests round-robin at 600 requests/s in all, Slack's redeliveries
landing on whichever instance is next. Zero errors, every reply exactly once. The longer run is
`python -m bench.load --instances 2 --rate 600 --duration 60`."""

from __future__ import annotations

from bench import load
from testing.instances import empty_redis


async def test_two_instances_at_600_requests_a_second_answer_every_request_exactly_once(redis_url):
    await empty_redis(redis_url)
    summary = await load.run(
        rate=600, duration=2, warmup=0.5, quiet=True, instances=2, env={"REDIS_URL": redis_url}
    )
    assert summary["instances"] == 2 and summary["requests"] == 1200
    assert summary["errors"] == 0, summary["errors_sample"]
    assert summary["replies_expected"] > 800
    assert summary["replies_missing"] == 0
    assert summary["replies_duplicated"] == 0
    assert summary["server_error_lines"] == 0, summary["server_errors_sample"]
    # Redeliveries were sent (to the other instance as often as not) and dropped by both together.
    assert summary["by_kind"]["retry"] > 0
    assert summary["metrics"]["errcode_duplicate_events_total"] >= summary["by_kind"]["retry"]
    assert load.goals_missed(summary, full=False) == []
