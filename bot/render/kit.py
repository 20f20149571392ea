"""Block Kit as plain dicts: the few block and element shapes errcode sends, built directly.

Built on the hot path of every answer, so no slack_sdk model objects and no to_dict() round trip
(tests/render/test_block_kit.py parses what render produces with slack_sdk's models, so a shape
Slack would refuse still fails a test). Texts arrive clipped to Slack's limits (mrkdwn.py).
"""

from __future__ import annotations

from collections.abc import Iterable


def section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def header(text: str) -> dict:
    return {"type": "header", "text": {"type": "plain_text", "text": text, "emoji": True}}


def context(text: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def divider() -> dict:
    return {"type": "divider"}


def actions(elements: Iterable[dict]) -> dict:
    return {"type": "actions", "elements": list(elements)}


def button(text: str, action_id: str, value: str, style: str | None = None) -> dict:
    if style:
        return {
            "type": "button",
            "text": {"type": "plain_text", "text": text, "emoji": True},
            "action_id": action_id,
            "value": value,
            "style": style,
        }
    return {"type": "button", "text": {"type": "plain_text", "text": text, "emoji": True}, "action_id": action_id, "value": value}
