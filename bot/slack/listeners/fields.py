"""Fields of a signed Slack payload, read defensively: a field of the wrong type (`"text": 5`, a
list for `thread_ts`, a string where an object belongs) reads as missing, never as an exception
inside a listener."""

from __future__ import annotations

EVENT_STRINGS = ("type", "subtype", "channel", "channel_type", "user", "text", "ts", "thread_ts", "bot_id", "tab")
COMMAND_STRINGS = ("text", "user_id", "channel_id", "response_url", "command", "trigger_id")


def strings_only(payload: object, keys: tuple[str, ...]) -> dict:
    """A copy of `payload` (a dict, or {}) where each of `keys` is a str or None."""
    if not isinstance(payload, dict):
        return {}
    clean = dict(payload)
    for key in keys:
        if key in clean and not isinstance(clean[key], str):
            clean[key] = None
    return clean


def part(payload: object, key: str) -> dict:
    """payload[key] when it is an object, else {}."""
    value = payload.get(key) if isinstance(payload, dict) else None
    return value if isinstance(value, dict) else {}


def string(payload: object, key: str) -> str | None:
    value = payload.get(key) if isinstance(payload, dict) else None
    return value if isinstance(value, str) else None
