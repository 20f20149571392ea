"""After the HTTP handler's ack: /errcode and the message events, run straight to their listener.

bolt's dispatch of an acked request (a context and a Web API client built per request, its
middleware chain, each listener's matcher and kwargs injection, a task per listener and its 10 ms
ack poll) cost about a fifth of a request's instructions, with nothing to decide: the handler
already knows which listener takes the request. Here the same steps run as bolt's middleware
would run them for these requests, in its order, with bolt's own helpers:
- the redelivery claim (app.first_delivery, what the drop_redeliveries middleware runs);
- authorization by the app's BotIdentity (single-workspace mode only: in OAuth mode bolt acks and
  dispatches everything, see http.hot_listener);
- bolt's self-event check (IgnoringSelfEvents);
- the listener, called with the arguments it names (ack, command / event, context, client).
Everything else (url_verification, buttons, views, shortcuts, home, other event types, OAuth, Socket
Mode) is still bolt's; the listeners are registered with bolt as well (SlackBot.listen_to_*).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING

from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.middleware.ignoring_self_events.ignoring_self_events import IgnoringSelfEvents
from slack_bolt.request.async_internals import build_async_context
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.app import first_delivery
from bot.slack.listeners.messages import UNCERTAIN

if TYPE_CHECKING:
    from bot.slack.app import SlackBot

log = logging.getLogger("errcode.slack")


async def _acked() -> None:
    """The listener's ack(): the HTTP handler has answered Slack already."""


def hot_listener(bot: SlackBot, body: Mapping) -> Callable[..., Awaitable[None]] | None:
    """The listener the hot path runs for this (signed, readable) body, or None when bolt handles it."""
    if body.get("type") == "event_callback":
        event = body.get("event")
        return bot.hot_events.get(event.get("type")) if isinstance(event, dict) else None
    command = body.get("command")
    return bot.hot_commands.get(command) if isinstance(command, str) else None


# Web API clients per workspace, as bolt builds one per request (its team_id is a default
# parameter of every call): built once here. Single-workspace mode has one team; the bound is
# for a Slack that sends more (an org-wide install), never a stranger (requests are signed).
MAX_CLIENTS = 64


def _client_of(bot: SlackBot, team_id: str | None) -> AsyncWebClient:
    app_client = bot.app.client
    clients = bot.hot_clients
    client = clients.get(team_id)
    if client is None:
        if len(clients) >= MAX_CLIENTS:
            clients.clear()
        # what bolt's AsyncApp._init_context builds for each request
        client = clients[team_id] = AsyncWebClient(
            token=app_client.token,
            base_url=app_client.base_url,
            timeout=app_client.timeout,
            ssl=app_client.ssl,
            proxy=app_client.proxy,
            session=app_client.session,
            trust_env_in_session=app_client.trust_env_in_session,
            headers=app_client.headers,
            team_id=team_id,
            logger=app_client.logger,
            retry_handlers=app_client.retry_handlers.copy() if app_client.retry_handlers is not None else None,
        )
    client.session = app_client.session  # the delivery's keep-alive session, opened and closed with it
    return client


def context_of(body: dict) -> AsyncBoltContext:
    """bolt's context of a request (its ids read from the body), as AsyncBoltRequest builds it; it
    raises for the bodies of the wrong shape bolt would fail on (the handler refuses those)."""
    return build_async_context(AsyncBoltContext(), body)


async def run(
    bot: SlackBot,
    listener: Callable[..., Awaitable[None]],
    body: dict,
    context: AsyncBoltContext,
    retry_num: str | None,
) -> None:
    """What bolt would do for an acked command or event of `listener`'s, past the ack."""
    go_on, uncertain = await first_delivery(bot.state, body, retry_num)
    if not go_on:
        return
    auth = await bot.identity(
        context=context, enterprise_id=context.enterprise_id, team_id=context.team_id, user_id=context.user_id
    )
    # as bolt's AsyncMultiTeamsAuthorization leaves the context
    context.set_authorize_result(auth)
    token = auth.bot_token or auth.user_token
    client = _client_of(bot, context.team_id)
    client.token = context["token"] = token
    context["client"] = client
    event = body.get("event")
    if event is not None:
        if IgnoringSelfEvents._is_self_event(auth, context.user_id, event.get("bot_id"), body):
            return  # bolt acks and drops the bot's own events
        context[UNCERTAIN] = uncertain
        await listener(event=event, context=context, client=client)
    else:
        context[UNCERTAIN] = uncertain
        await listener(ack=_acked, command=body, client=client)
