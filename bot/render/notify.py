"""The message `text` Slack shows in notifications and where blocks can't be drawn: short."""



from bot.render.mrkdwn import (
    NOTIFY_MAX,
    clip,
    escape,
    without_addresses,
)
from bot.render.view import (
    explain_view,
    lookup_view,
)


def fallback_text(result: dict, lang: str | None = None) -> str:
    """The message `text` Slack shows in notifications and where blocks can't be drawn: short."""
    if "findings" in result:
        view = explain_view(result, lang)
        ms = [f.matches[0] for f in view.findings if f.matches]
        why = [f"{f.code}: {f.details[0]}" for f in view.findings if not f.matches and f.says_why and f.details]
        if not ms and why:  # "401: Looks like a LiveKit error; errcode has no LiveKit catalog."
            return clip(escape("; ".join(why)), NOTIFY_MAX)
    else:
        view = lookup_view(result, lang)
        ms = view.matches[:1]
        if not ms:
            return clip(escape(view.word("notify_none", q=view.query)), NOTIFY_MAX)
    said = "; ".join(f"{m.vendor} {m.title}: {m.meaning}" for m in ms) or "errcode"
    return escape(clip(without_addresses(said), NOTIFY_MAX))
