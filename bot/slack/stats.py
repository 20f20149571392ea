"""What the Slack layer hands the workspace's stats (bot/store/insights.py) after an answer."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot.slack.replies import Reply, with_feedback

if TYPE_CHECKING:  # SQLAlchemy is loaded only where a store is opened
    from bot.store.insights import InsightStore


log = logging.getLogger("errcode.slack")


def offer_feedback(store: InsightStore | None, reply: Reply) -> Reply:
    """👍/👎 go on an answer only where a vote can be kept."""
    return with_feedback(reply) if store is not None else reply


async def record(store: InsightStore | None, team_id: str | None, reply: Reply | None, observed=()) -> None:
    """Count the codes an answer showed or could not show; `observed`: insights of pastes that got
    no reply (a channel paste whose codes no entry holds). Never raises: stats are not answers."""
    if store is None or not isinstance(team_id, str) or not team_id:
        return
    insight = reply.insight if reply is not None and reply.insight is not None else None
    insights = [insight] if insight is not None else [i for i in observed if i is not None]
    for item in insights:
        try:
            await store.record(team_id, item.observations)
        except Exception:
            log.exception("stats not recorded")
