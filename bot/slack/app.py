"""Build the bolt-python AsyncApp and the parts its listeners are handed (SlackBot): the Web API
client, who the bot is, retry dedup, the answer pool, the file reader, and every listener."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from slack_bolt.async_app import AsyncApp
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.authorization.async_authorize import AsyncAuthorize
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from bot import logs, metrics
from bot.slack import listeners, retry
from bot.slack.delivery import DEFAULT_TIMEOUT, Delivery, trouble
from bot.slack.files import FileReader
from bot.slack.listeners.messages import UNCERTAIN
from bot.slack.locale import AskerLocales
from bot.slack.memory import SlackMemory
from bot.slack.workers import AnswerPool
from bot.store import Claim, SharedState
from bot.store.memory import MemoryState

if TYPE_CHECKING:  # SQLAlchemy is loaded only where a store is opened
    from bot.store.insights import InsightStore


log = logging.getLogger("errcode.slack")


async def first_delivery(state: SharedState, body: dict, retry_num: str | None) -> tuple[bool, bool]:
    """(whether to go on with this request, whether it may have been answered already).

    An event Slack delivers again (X-Slack-Retry-Num, same event_id) is dropped, so a retry never
    produces a second reply. A command or button press sent twice (a replay within the 5 minutes
    its signature is valid: Slack itself never repeats them) is known by its trigger_id, unique per
    invocation, and dropped the same way.

    The claim is shared by every instance on the same REDIS_URL. An event whose claim's holder
    died (kill -9) is taken over; it, and a retry nobody remembers (a restart without Redis), is
    uncertain: the listener then asks Slack's history before answering."""
    event_id = body.get("event_id")
    trigger_id = body.get("trigger_id")
    logs.request_id.set(str(event_id or trigger_id or "-"))
    if body.get("type") == "event_callback":
        once, space = (event_id if isinstance(event_id, str) and event_id else None), "events"
    else:
        once, space = (trigger_id if isinstance(trigger_id, str) and trigger_id else None), "triggers"
    if not once:
        return True, False
    # A replayed trigger_id is never taken over: Slack does not repeat commands or presses.
    claim = await state.claim(space, once, takeover=space == "events")
    # Unknown (Redis trouble): a first delivery goes on; a retry most likely was answered.
    if not claim.won or (claim is Claim.UNKNOWN and retry_num is not None):
        metrics.DUPLICATES.inc()
        log.info("redelivered request dropped", extra={"once_id": once, "retry_num": retry_num or "?"})
        return False, False
    return True, claim.uncertain or retry_num is not None


def drop_redeliveries(state: SharedState):
    """Global middleware: a redelivered event or a replayed command or press (first_delivery) is
    acked and dropped; one that may have been answered already is marked uncertain in the context."""

    async def drop_redelivered_events(body: dict, request, context, next) -> BoltResponse | None:
        retry_num = (request.headers.get("x-slack-retry-num") or [None])[0]
        go_on, uncertain = await first_delivery(state, body, retry_num)
        if not go_on:
            return BoltResponse(status=200, body="")
        context[UNCERTAIN] = uncertain
        return await next()

    return drop_redelivered_events


class BotIdentity(AsyncAuthorize):
    """Who the bot is (auth.test), asked once and remembered, never in the way of an ack.

    bolt's own single-workspace authorization calls auth.test before every ack until one call
    succeeds, so with Slack refusing connections, slow or rate-limiting, each request would wait
    for auth.test and its retries, past Slack's 3 seconds. Here a request waits at most
    ASK_TIMEOUT for it (only until Slack first answers, normally at start-up); meanwhile requests
    go on with the token alone (the bot's own messages are still known by their bot_id)."""

    ASK_TIMEOUT = 1.0
    ASK_AGAIN_AFTER = 10.0  # seconds between asks while Slack can't answer

    def __init__(self, client: AsyncWebClient, delivery: Delivery, state: SharedState | None = None):
        self.client = client
        self.delivery = delivery
        self.state = state  # shares what auth.test said with the other instances, per team
        self.auth: dict | None = None
        self._asking: asyncio.Future | None = None
        self._asked_at: float | None = None
        self._shared = False

    def remember(self, auth) -> None:
        self.auth = dict(getattr(auth, "data", auth) or {})

    async def _share(self, team_id: str | None) -> None:
        """Learn the identity from another instance, or tell them ours (once)."""
        if self.state is None:
            return
        key = team_id or "-"
        if self.auth is None:
            known = await self.state.get("identity", key)
            if known:
                try:
                    self.auth = json.loads(known)
                    self._shared = True
                except ValueError:
                    pass
        elif not self._shared:
            fields = {k: self.auth.get(k) for k in ("team_id", "user_id", "bot_id")}
            await self.state.put("identity", key, json.dumps(fields))
            self._shared = True

    async def _ask(self) -> None:
        outcome = await self.delivery.web_api("auth.test", self.client.auth_test)
        if outcome.ok:
            self.remember(outcome.response)
        else:
            log.warning(
                "auth.test failed; going on without the bot's identity",
                extra=trouble(outcome),
            )

    async def __call__(self, *, context, enterprise_id, team_id, user_id, **_) -> AuthorizeResult:
        if not self._shared:
            await self._share(team_id)
        if self.auth is None:
            now = time.monotonic()
            idle = self._asking is None or self._asking.done()
            if idle and (self._asked_at is None or now - self._asked_at >= self.ASK_AGAIN_AFTER):
                self._asked_at = now
                self._asking = asyncio.ensure_future(self._ask())
            if self._asking is not None and not self._asking.done():
                try:  # shielded: a slow auth.test goes on in the background and is remembered
                    await asyncio.wait_for(asyncio.shield(self._asking), self.ASK_TIMEOUT)
                except asyncio.TimeoutError:
                    pass
        auth = self.auth or {}
        return AuthorizeResult(
            enterprise_id=enterprise_id,
            team_id=team_id or auth.get("team_id"),
            bot_token=self.client.token,
            bot_id=auth.get("bot_id"),
            bot_user_id=auth.get("user_id"),
            user_id=user_id,
        )


@dataclass(frozen=True)
class SlackBot:
    """The app and the objects built with it, handed to every listener (nothing kept in module
    globals or patched onto bolt's app): what instances share, every Slack call's session and
    retry policy, the answer pool, the file reader,
    the askers' locales, the feedback store, and who the bot is (None in OAuth mode)."""

    app: AsyncApp
    state: SharedState
    delivery: Delivery
    pool: AnswerPool
    files: FileReader
    locales: AskerLocales
    insights: InsightStore | None = None
    identity: BotIdentity | None = None
    # The commands and event types a listener takes (listen_to_command / listen_to_event add
    # them): the HTTP handler acks those itself and runs their listener (bot/slack/hot_path.py);
    # any other event type is left to bolt, whose 404 says it is not ours.
    hot_commands: dict[str, Callable] = field(default_factory=dict)
    hot_events: dict[str, Callable] = field(default_factory=dict)
    hot_clients: dict[str | None, AsyncWebClient] = field(default_factory=dict)  # per team (hot_path)

    def listen_to_command(self, command: str, listener) -> None:
        """`listener(ack, command, client)`, also bolt's (Socket Mode, OAuth mode)."""
        self.app.command(command)(listener)
        self.hot_commands[command] = listener

    def listen_to_event(self, event_type: str, listener) -> None:
        """`listener(event, context, client)`, also bolt's (Socket Mode, OAuth mode)."""
        self.app.event(event_type)(listener)
        self.hot_events[event_type] = listener


def build_bot(
    *,
    token: str | None = None,
    signing_secret: str | None = None,
    api_url: str | None = None,
    memory: SlackMemory | None = None,
    api_timeout: float = DEFAULT_TIMEOUT,
    max_retry_after: float = retry.DEFAULT_MAX_RETRY_AFTER,
    state: SharedState | None = None,
    oauth_settings=None,
    insights: InsightStore | None = None,
    pool: AnswerPool | None = None,
) -> SlackBot:
    """The errcode Slack app and its parts. `api_url` (SLACK_API_URL) sends every Web API call to
    that base URL; `api_timeout` (ERRCODE_SLACK_TIMEOUT) bounds each Web API / response_url call,
    in seconds; `max_retry_after` (ERRCODE_MAX_RETRY_AFTER): the longest 429 Retry-After waited out.
    `state` is what instances share (default: `memory`, in this process). With `oauth_settings`
    (bolt's AsyncOAuthSettings, bot/slack/oauth.py) every installed workspace is served with its
    own token; otherwise the one workspace of `token`. `insights` keeps feedback and what errcode
    could not answer (bot/store/insights.py); without it answers carry no 👍/👎. `pool`: the answer
    threads (default: a new AnswerPool)."""
    state = state or MemoryState(memory)
    # Every Slack call of this app: one keep-alive session (opened on the serving loop by
    # build_web_app / the Socket Mode runner), one retry policy.
    replies = Delivery(timeout=api_timeout, policy=retry.RetryPolicy(max_retry_after=max_retry_after))
    # The client is handed over without its token, so bolt runs our BotIdentity (multi-team
    # authorization) instead of its per-request auth.test; the token goes back right after.
    client = replies.web_client(None, api_url)
    options = {
        "client": client,
        "signing_secret": signing_secret,
        # bot/slack/http.py checks every request's signature before bolt sees it (Socket Mode has
        # none to check): bolt's own check would only do the same work a second time.
        "request_verification_enabled": False,
        # Ack first, answer after: the answer may take longer than Slack's 3 seconds.
        "process_before_response": False,
        # Bolt pins the level of a logger named after the app; a child name keeps it off "errcode".
        "name": "errcode.slack.bolt",
    }
    identity = None
    if oauth_settings is not None:
        app = AsyncApp(oauth_settings=oauth_settings, **options)
        app.enable_token_revocation_listeners()  # app_uninstalled, tokens_revoked: delete them
    else:
        identity = BotIdentity(client, replies, state)
        app = AsyncApp(authorize=identity, **options)
        client.token = token
    app.middleware(drop_redeliveries(state))
    bot = SlackBot(
        app=app,
        state=state,
        delivery=replies,  # the runners open and close its session
        pool=pool or AnswerPool(),
        files=FileReader(replies),
        locales=AskerLocales(state=state, delivery=replies),  # the askers' Slack locales: the answer language
        insights=insights,
        identity=identity,
    )
    listeners.register(bot)
    return bot


def create_app(**options) -> AsyncApp:
    """The errcode Slack app alone (build_bot's options): what tests and benches serve."""
    return build_bot(**options).app
