"""Messages and mentions: an error pasted where the bot is gets the answer in that message's thread.

Channels the bot is a member of, direct messages and mentions. A follow-up in a thread we
answered ("and 435?") is answered there too, narrowed to the vendor seen in the thread.
Ordinary chatter gets nothing; the bot's own messages, other bots, edits, deletions and joins
are ignored.
"""

from __future__ import annotations

import logging

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot import lang
from bot.slack import answers, delivery
from bot.slack.listeners.fields import EVENT_STRINGS, strings_only
from bot.slack.locale import AskerLocales
from bot.slack.memory import SlackMemory

log = logging.getLogger("errcode.slack")

# Message subtypes a person's own words arrive with; every other subtype (message_changed,
# message_deleted, channel_join, bot_message, ...) is an edit, a deletion, a join or a bot.
PERSON_SUBTYPES = {None, "thread_broadcast", "file_share"}


def from_a_person(event: dict) -> bool:
    return (
        event.get("subtype") in PERSON_SUBTYPES
        and not event.get("bot_id")
        and not event.get("bot_profile")
        and not event.get("hidden")
        and bool(event.get("user"))
    )


async def answer_message(
    event: dict,
    *,
    memory: SlackMemory,
    client: AsyncWebClient,
    direct: bool,
    bot_id: str | None = None,
    locales: AskerLocales | None = None,
) -> None:
    channel, ts = event.get("channel"), event.get("ts")
    if not channel or not ts or not from_a_person(event):
        return
    if not memory.answered_messages.claim((channel, ts)):
        return  # the same message seen as a `message` and as an `app_mention`
    thread_ts = event.get("thread_ts") or ts
    known, vendor = False, None
    if event.get("thread_ts") not in (None, ts):
        known, vendor = await _thread_we_answered(event, thread_ts, memory, client, bot_id)
    text = event.get("text") or ""
    locale = None
    if locales is not None and not lang.query_decides(text):  # cached per user, short timeout
        locale = await locales.get(client, event.get("user"))
    reply = await answers.message_reply(
        text, direct=direct, in_known_thread=known, vendor=vendor, locale=locale
    )
    if reply is None:
        return
    # a direct message is a conversation already: answered in it, not in a thread of its own
    inline = event.get("channel_type") == "im" and not event.get("thread_ts")
    if await delivery.post_reply_in_thread(client, channel, None if inline else thread_ts, reply, reply_to=ts):
        memory.threads.put((channel, thread_ts), reply.vendor or vendor or "")
        log.info(
            "answered in thread",
            extra={"channel": channel, "follow_up": known, "matched": reply.answered, "vendor": reply.vendor},
        )


async def _thread_we_answered(
    event: dict, thread_ts: str, memory: SlackMemory, client: AsyncWebClient, bot_id: str | None
) -> tuple[bool, str | None]:
    """(answered there before, vendor seen there): from memory, else for a likely follow-up from
    Slack's history (our answers carry metadata), so follow-ups survive a restart."""
    key = (event["channel"], thread_ts)
    if key in memory.threads:
        return True, memory.threads.get(key) or None
    if key in memory.not_our_threads or not answers.may_be_follow_up(event.get("text") or ""):
        return False, None
    vendor = await delivery.answered_thread_vendor(client, event["channel"], thread_ts, bot_id)
    if vendor is None:
        memory.not_our_threads.put(key)
        return False, None
    memory.threads.put(key, vendor)
    return True, vendor or None


def register(app: AsyncApp, memory: SlackMemory, locales: AskerLocales | None = None) -> None:
    async def on_message(event: dict, context, client: AsyncWebClient) -> None:
        event = strings_only(event, EVENT_STRINGS)
        is_im = event.get("channel_type") == "im"
        bot_user = context.bot_user_id
        if not is_im and bot_user and f"<@{bot_user}" in (event.get("text") or ""):
            return  # a mention: the app_mention event answers it
        await answer_message(
            event, memory=memory, client=client, direct=is_im, bot_id=context.bot_id, locales=locales
        )

    async def on_mention(event: dict, context, client: AsyncWebClient) -> None:
        event = strings_only(event, EVENT_STRINGS)
        await answer_message(
            event, memory=memory, client=client, direct=True, bot_id=context.bot_id, locales=locales
        )

    # Every message event (all subtypes) must reach a listener, or bolt answers Slack with 404.
    app.event("message")(on_message)
    app.event("app_mention")(on_mention)
