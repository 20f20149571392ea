"""Messages and mentions: an error pasted where the bot is gets the answer in that message's thread.

Channels the bot is a member of, group DMs (mpim) like channels, direct messages and mentions;
a text file or snippet shared in the message is read with it. A follow-up in a thread we
answered ("and 435?") is answered there too, narrowed to the vendor seen in the thread.
Ordinary chatter gets nothing; the bot's own messages, other bots, edits, deletions and joins
are ignored.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from slack_sdk.web.async_client import AsyncWebClient

from bot import api
from bot.slack import replies, stats
from bot.slack.listeners.fields import EVENT_STRINGS, strings_only
from bot.store import SharedState, key_of

if TYPE_CHECKING:
    from bot.slack.app import SlackBot
    from bot.slack.delivery import Delivery


log = logging.getLogger("errcode.slack")

# Message subtypes a person's own words arrive with; every other subtype (message_changed,
# message_deleted, channel_join, bot_message, ...) is an edit, a deletion, a join or a bot.
PERSON_SUBTYPES = {None, "thread_broadcast", "file_share"}
# Context key (set by app.drop_redeliveries): this delivery may have been answered already.
UNCERTAIN = "errcode_uncertain"


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
    bot: SlackBot,
    client: AsyncWebClient,
    direct: bool,
    bot_id: str | None = None,
    team_id: str | None = None,
    uncertain: bool = False,
) -> None:
    """`uncertain`: this delivery may have been answered before (a retry, a claim taken over).
    A text file or snippet shared with the message is read as part of it (bot/slack/files.py)."""
    channel, ts = event.get("channel"), event.get("ts")
    if not channel or not ts or not from_a_person(event):
        return
    state, insights = bot.state, bot.insights
    message = key_of(channel, ts)
    # Claimed on receipt (one instance answers a message, even seen as `message` and as
    # `app_mention` on two instances), marked done after the post.
    claim = await state.claim("messages", message)
    if not claim.won:
        return
    thread_ts = event.get("thread_ts") or ts
    if (uncertain or claim.uncertain) and await bot.delivery.answered_before(
        client, channel, thread_ts, ts, bot_id
    ):
        log.info("already answered before a restart; not again", extra={"channel": channel})
        await state.done("messages", message)
        return
    known, vendor = False, None
    if event.get("thread_ts") not in (None, ts):
        known, vendor = await _thread_we_answered(event, thread_ts, state, client, bot.delivery, bot_id)
    text = await bot.files.message_text(event, client)
    locale = None
    if not api.query_decides(text):  # cached per user, short timeout
        locale = await bot.locales.get(client, event.get("user"), team=team_id)
    observed: list = []
    reply = await replies.message_reply(
        text, pool=bot.pool, direct=direct, in_known_thread=known, vendor=vendor, locale=locale, observed=observed
    )
    if reply is None:
        await state.done("messages", message)
        await stats.record(insights, team_id, None, observed)
        return
    reply = stats.offer_feedback(insights, reply)
    # a direct message is a conversation already: answered in it, not in a thread of its own
    inline = event.get("channel_type") == "im" and not event.get("thread_ts")
    posted = await bot.delivery.post_reply_in_thread(client, channel, None if inline else thread_ts, reply, answers=ts)
    if posted:
        thread = key_of(channel, thread_ts)
        await state.update(
            done=[("messages", message)],
            put=[("threads", thread, reply.vendor or vendor or "")],
            delete=[("not_ours", thread)],  # another instance may have cached it as not ours
        )
        log.info(
            "answered in thread",
            extra={"channel": channel, "follow_up": known, "matched": reply.answered, "vendor": reply.vendor},
        )
    await stats.record(insights, team_id, reply)  # after the post: the answer does not wait for it


async def _thread_we_answered(
    event: dict,
    thread_ts: str,
    state: SharedState,
    client: AsyncWebClient,
    delivery: Delivery,
    bot_id: str | None,
) -> tuple[bool, str | None]:
    """(answered there before, vendor seen there): from the shared state, else for a likely
    follow-up from Slack's history (our answers carry metadata), so follow-ups survive a restart."""
    key = key_of(event["channel"], thread_ts)
    known, not_ours = await state.get_many([("threads", key), ("not_ours", key)])
    if known is not None:
        return True, known or None
    if not_ours is not None or not api.may_be_follow_up(event.get("text") or ""):
        return False, None
    vendor = await delivery.answered_thread_vendor(client, event["channel"], thread_ts, bot_id)
    if vendor is None:
        await state.put("not_ours", key)
        return False, None
    await state.put("threads", key, vendor)
    return True, vendor or None


def register(bot: SlackBot) -> None:
    async def answer(event: dict, context, client: AsyncWebClient, *, direct: bool) -> None:
        await answer_message(
            event,
            bot=bot,
            client=client,
            direct=direct,
            bot_id=context.bot_id,
            team_id=context.team_id,
            uncertain=bool(context.get(UNCERTAIN)),
        )

    async def on_message(event: dict, context, client: AsyncWebClient) -> None:
        event = strings_only(event, EVENT_STRINGS)
        is_im = event.get("channel_type") == "im"
        bot_user = context.bot_user_id
        if not is_im and bot_user and f"<@{bot_user}" in (event.get("text") or ""):
            return  # a mention: the app_mention event answers it
        await answer(event, context, client, direct=is_im)

    async def on_mention(event: dict, context, client: AsyncWebClient) -> None:
        await answer(strings_only(event, EVENT_STRINGS), context, client, direct=True)

    # Every message event (all subtypes) must reach a listener, or bolt answers Slack with 404.
    bot.listen_to_event("message", on_message)
    bot.listen_to_event("app_mention", on_mention)
