"""`errcode serve`: settings, stores and catalogs at start, the token checked, then a runner.

HTTP mode (SLACK_BOT_TOKEN + SLACK_SIGNING_SECRET): listen on ERRCODE_HOST:PORT behind
bot.slack.http_guard; POST /slack/events takes slash commands, events and interactivity; GET
/healthz answers 200 once the catalogs are loaded. GET /metrics (Prometheus) only on its own
listener, ERRCODE_METRICS_PORT. Socket Mode when SLACK_APP_TOKEN is set (GET /healthz on PORT when
PORT is set). SLACK_API_URL sends every Web API call to another base URL.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING

from bot import api, logs, metrics
from bot.slack import retry
from bot.slack.delivery import trouble
from bot.slack.http import build_web_app
from bot.slack.runners import run_http, run_socket_mode, watch_catalogs
from bot.slack.settings import ConfigError, Settings, settings_from_env

if TYPE_CHECKING:
    from bot.slack.app import SlackBot

log = logging.getLogger("errcode.slack")


# Slack's answers to a token it will never accept (auth.test, apps.connections.open)
REFUSED_TOKEN = ("invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired")

async def check_app_token(bot: SlackBot, app_token: str) -> tuple[str | None, str | None]:
    """apps.connections.open once at start: (a reason to stop when Slack refuses SLACK_APP_TOKEN,
    the WebSocket URL it gave). slack_sdk alone would retry a refused token every 10 s forever,
    with a traceback each time."""
    outcome = await bot.delivery.web_api(
        "apps.connections.open", bot.app.client.apps_connections_open, app_token=app_token
    )
    if outcome.error in REFUSED_TOKEN:
        return f"Slack refused SLACK_APP_TOKEN ({outcome.error})", None
    if not outcome.ok:
        log.warning("apps.connections.open failed; connecting anyway", extra=trouble(outcome))
        return None, None
    data = getattr(outcome.response, "data", None)
    url = data.get("url") if isinstance(data, dict) else None
    return None, url if isinstance(url, str) else None


async def check_token(bot: SlackBot) -> str | None:
    """auth.test at start: a reason to stop when Slack rejects the token, else None. The bot's
    identity (its BotIdentity) is told what auth.test said, so requests never wait for it.

    An unreachable Slack is only logged: the bot starts and answers once Slack is back."""
    identity = bot.identity
    outcome = await bot.delivery.web_api("auth.test", bot.app.client.auth_test)
    if outcome.error in REFUSED_TOKEN:
        return f"Slack refused SLACK_BOT_TOKEN ({outcome.error})"
    if outcome.fate is not retry.Fate.DONE:
        log.warning(
            "Slack unreachable at start; starting anyway"
            if outcome.fate is not retry.Fate.REFUSED
            else "auth.test failed; starting anyway",
            extra=trouble(outcome),
        )
        return None
    data = getattr(outcome.response, "data", None)
    auth = data if isinstance(data, dict) else {}
    if identity is not None:  # requests then never wait for auth.test
        identity.remember(auth)
    log.info("authenticated", extra={"bot_user_id": auth.get("user_id"), "team_id": auth.get("team_id")})
    return None


def _report_team_catalog_problems(knowledge) -> None:
    from bot.reload import report_problems

    report_problems(knowledge.loaded.errors, context="team catalog skipped")


def _stores(settings: Settings, env: Mapping[str, str] | None):
    """(shared state, database or None): Redis when REDIS_URL is set, else this process's bounded
    memories; the database only in OAuth mode (installations and OAuth state live there)."""
    from bot.slack.memory import SlackMemory
    from bot.store import shared_state

    # Bounded and compact (bot/slack/memory.py): a few MB when full, nothing at start.
    env = os.environ if env is None else env
    memory = None if env.get("REDIS_URL", "").strip() else SlackMemory()
    state = shared_state(env, memory=memory)
    database = None
    if settings.oauth is not None:  # only then is SQLAlchemy loaded
        from bot.store.database import Database, DatabaseError, create_engine, database_url

        try:
            database = Database(create_engine(database_url(env)), client_id=settings.oauth.client_id)
        except DatabaseError as exc:
            raise ConfigError(str(exc)) from None
    return state, database


class DatabaseUnavailable(Exception):
    """The database could not be reached or its schema created at start."""


def _insights(env: Mapping[str, str] | None, settings: Settings):
    """The feedback/stats store (every mode: it lives in the database); None (answers without
    👍/👎) when its data folder can't be made. Unlike the OAuth database, an unreachable one at
    start costs only the stats (InsightStore.start). On the default SQLite file (no DATABASE_URL,
    no OAuth database), SQLAlchemy is loaded with the first stats written, not at start."""
    env = os.environ if env is None else env
    if settings.oauth is None and not env.get("DATABASE_URL", "").strip():
        from bot.store.deferred import DeferredInsights
        from bot.store.paths import data_dir

        try:
            data_dir(env).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            log.error("ERRCODE_DATA_DIR can't be used; feedback and stats are off", extra={"error": type(exc).__name__})
            return None
        return DeferredInsights(env)
    from bot.store.database import DatabaseError
    from bot.store.insights import open_insights

    try:
        return open_insights(env)
    except DatabaseError as exc:
        raise ConfigError(str(exc)) from None
    except OSError as exc:
        log.error("ERRCODE_DATA_DIR can't be used; feedback and stats are off", extra={"error": type(exc).__name__})
        return None


def _lifecycle(state, database) -> tuple[list, list]:
    """What the serving loop opens before listening and closes after the drain."""
    on_start, on_stop = [state.start], []
    if database is not None:

        async def create_tables() -> None:
            try:
                await database.create_tables()
            except Exception as exc:  # unreachable, refused, no rights: say which kind, not the URL
                await database.close()
                raise DatabaseUnavailable(type(exc).__name__) from None

        on_start.append(create_tables)
        on_stop.append(database.close)
    on_stop.append(state.close)  # last: the heartbeat says "alive" until the answers are done
    return on_start, on_stop


def prepare_answers(knowledge) -> None:
    """Everything a first answer would otherwise build on the event loop, made before listening."""
    # The explain pipeline (its patterns compiled at import, ~65 ms, 0.7 MB) and its tables of the
    # catalogs (phrase automatons, every entry's words): the first message would build them where
    # short pastes are explained. (A reload's new index builds its own with its first paste.)
    from bot.payload import pipeline  # noqa: F401
    from bot.payload.entries import entry_texts
    from bot.payload.phrases import phrases

    phrases(knowledge.index)
    entry_texts(knowledge.index)
    # A cold start builds the text and typo parts of the index on first use (a command-line lookup
    # of one code never needs them); a server makes them now, not while holding its first answer.
    knowledge.index.index.complete()


def serve(env: Mapping[str, str] | None = None) -> int:
    """Run the bot until stopped. 2: the environment is incomplete; 1: the catalogs are invalid."""
    from bot.slack.app import build_bot
    from bot.slack.oauth import oauth_settings

    try:
        settings = settings_from_env(env)
        state, database = _stores(settings, env)
        insights = _insights(env, settings)
    except ConfigError as exc:
        print(f"errcode serve: {exc}", file=sys.stderr)
        return 2
    logs.configure(secrets=settings.secrets())
    try:
        knowledge = api.knowledge()  # load before listening: /healthz is 200 from the first request
    except api.CatalogError as exc:
        print(f"errcode serve: the bundled catalogs are invalid:\n{exc}", file=sys.stderr)
        return 1
    metrics.ENTRIES.set(sum(len(c.entries) for c in knowledge.loaded.catalogs))
    _report_team_catalog_problems(knowledge)
    prepare_answers(knowledge)

    bot = build_bot(
        token=None if settings.oauth else settings.bot_token,
        signing_secret=settings.signing_secret,
        api_url=settings.api_url,
        api_timeout=settings.api_timeout,
        max_retry_after=settings.max_retry_after,
        state=state,
        oauth_settings=oauth_settings(settings.oauth, database) if settings.oauth else None,
        insights=insights,
    )
    bolt_app = bot.app
    if settings.oauth is None:
        refused = asyncio.run(check_token(bot))
        if refused:
            print(f"errcode serve: {refused}", file=sys.stderr)
            return 2
    on_start, on_stop = _lifecycle(state, database)
    if insights is not None:  # feedback and what errcode could not answer
        on_start.append(insights.start)
        on_stop.insert(0, insights.close)
    try:
        if settings.socket_mode:
            refused, url = asyncio.run(check_app_token(bot, settings.app_token))
            if refused:
                print(f"errcode serve: {refused}", file=sys.stderr)
                return 2
            log.info("starting in Socket Mode")
            # (in HTTP mode build_web_app opens and closes it with the aiohttp app)
            on_start.insert(0, bot.delivery.start)
            on_stop.insert(0, bot.delivery.close)
            asyncio.run(
                run_socket_mode(
                    bolt_app, settings.app_token, settings, first_url=url, on_start=on_start, on_stop=on_stop
                )
            )
            return 0
        web_app = build_web_app(bot, signing_secret=settings.signing_secret)
        watch_catalogs(web_app)
        asyncio.run(run_http(web_app, settings, on_start=on_start, on_stop=on_stop))
    except DatabaseUnavailable as exc:
        print(f"errcode serve: the database (DATABASE_URL) is unavailable ({exc})", file=sys.stderr)
        return 2
    return 0
