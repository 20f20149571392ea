"""Prometheus metrics (official prometheus_client), served at GET /metrics on ERRCODE_METRICS_PORT."""

from __future__ import annotations

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

REGISTRY = CollectorRegistry(auto_describe=True)

REQUESTS = Counter("errcode_requests_total", "Requests from Slack, by surface", ["surface"], registry=REGISTRY)
ACK_LATENCY = Histogram(
    "errcode_ack_seconds",
    "Time from receiving a Slack request to answering it (the ack)",
    ["surface"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
    registry=REGISTRY,
)
ANSWER_LATENCY = Histogram(
    "errcode_answer_seconds",
    "Time spent computing an answer (lookup or explain)",
    ["operation"],
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1),
    registry=REGISTRY,
)
REPLIES = Counter("errcode_replies_total", "Answers sent to Slack, by surface and outcome", ["surface", "outcome"], registry=REGISTRY)
RETRIES = Counter("errcode_slack_api_retries_total", "Slack Web API calls retried, by reason", ["reason"], registry=REGISTRY)
GAVE_UP = Counter(
    "errcode_slack_calls_given_up_total",
    "Slack calls given up unsent: attempts exhausted, or a Retry-After past ERRCODE_MAX_RETRY_AFTER",
    ["reason"],
    registry=REGISTRY,
)
ERRORS = Counter("errcode_errors_total", "Errors survived, by where they happened", ["where"], registry=REGISTRY)
DUPLICATES = Counter("errcode_duplicate_events_total", "Slack retries of events already answered", registry=REGISTRY)
RELOADS = Counter("errcode_catalog_reloads_total", "Catalog reloads, by outcome", ["outcome"], registry=REGISTRY)
IN_FLIGHT = Gauge("errcode_slack_replies_in_flight", "Replies on their way to Slack (bounded)", registry=REGISTRY)
ENTRIES = Gauge("errcode_catalog_entries", "Entries currently served", registry=REGISTRY)
DRAWN_ANSWERS = Counter(
    "errcode_drawn_answers_total",
    "Slash-command answers drawn afresh (miss) or reused for an equal result (hit)",
    ["outcome"],
    registry=REGISTRY,
)
LOOKUP_CACHE = Gauge(
    "errcode_lookup_cache_lookups",
    "Lookups answered from the served index's result cache (hit) or searched (miss), since it was loaded",
    ["outcome"],
    registry=REGISTRY,
)


def _lookup_cache(outcome: str) -> float:
    from bot import api

    knowledge = api.current()
    results = getattr(getattr(getattr(knowledge, "index", None), "index", None), "results", None)
    return float(getattr(results, outcome, 0) or 0)


LOOKUP_CACHE.labels("hit").set_function(lambda: _lookup_cache("hits"))
LOOKUP_CACHE.labels("miss").set_function(lambda: _lookup_cache("misses"))


def exposition() -> tuple[bytes, str]:
    """The body and content type of GET /metrics."""
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


def metrics_app():
    """GET /metrics alone, for its own listener (ERRCODE_METRICS_PORT): never the public port, so
    strangers can't read or grow it. Rendered off the event loop: a big registry never stalls acks."""
    import asyncio

    from aiohttp import web

    async def endpoint(request: web.Request) -> web.Response:
        body, content_type = await asyncio.to_thread(exposition)
        return web.Response(body=body, headers={"Content-Type": content_type})

    app = web.Application()
    app.add_routes([web.get("/metrics", endpoint)])
    return app
