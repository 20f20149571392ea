"""Multi-workspace mode: bolt's own OAuth v2 flow over slack_sdk's SQLAlchemy stores.

With SLACK_CLIENT_ID (and SLACK_CLIENT_SECRET) set, `GET /slack/install` is the "Add to Slack"
page, `GET /slack/oauth_redirect` finishes the install (oauth.v2.access) and saves the
workspace's bot token in the database (DATABASE_URL); every request is then answered with the
token of the workspace it came from. `app_uninstalled` and `tokens_revoked` delete it (bolt's
built-in listeners). Bolt's environment names: SLACK_SCOPES (comma-separated; default the
manifest's bot scopes), SLACK_REDIRECT_URI (optional; Slack uses the app's one).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings

from bot.slack.memory import BoundedMemory

if TYPE_CHECKING:  # single-workspace mode never loads SQLAlchemy
    from bot.store.database import Database

# manifest.yaml's bot scopes: what errcode needs in every workspace.
BOT_SCOPES = (
    "commands",
    "chat:write",
    "app_mentions:read",
    "channels:history",
    "groups:history",
    "im:history",
    "users:read",
)
AUTH_CACHE_SIZE = 1000  # workspaces whose auth.test is remembered in this process
AUTH_CACHE_TTL = 3600.0


@dataclass(frozen=True)
class OAuthConfig:
    client_id: str
    client_secret: str
    scopes: tuple[str, ...] = BOT_SCOPES
    redirect_uri: str | None = None


def oauth_config_from_env(env: Mapping[str, str]) -> OAuthConfig | None:
    """The OAuth settings in the environment; None without SLACK_CLIENT_ID (single workspace).
    ValueError names what is missing."""
    client_id = env.get("SLACK_CLIENT_ID", "").strip()
    if not client_id:
        return None
    secret = env.get("SLACK_CLIENT_SECRET", "").strip()
    if not secret:
        raise ValueError("set SLACK_CLIENT_SECRET (SLACK_CLIENT_ID is set: multi-workspace mode)")
    scopes = tuple(s.strip() for s in env.get("SLACK_SCOPES", "").split(",") if s.strip()) or BOT_SCOPES
    return OAuthConfig(client_id, secret, scopes, env.get("SLACK_REDIRECT_URI", "").strip() or None)


class _AuthorizeCache(BoundedMemory):
    """bolt's authorize result cache (a dict by token), bounded in size and age."""

    def __getitem__(self, key):
        return self.get(key)

    def __setitem__(self, key, value) -> None:
        self.put(key, value)


def oauth_settings(config: OAuthConfig, database: Database) -> AsyncOAuthSettings:
    settings = AsyncOAuthSettings(
        client_id=config.client_id,
        client_secret=config.client_secret,
        scopes=list(config.scopes),
        user_scopes=[],
        redirect_uri=config.redirect_uri,
        installation_store=database.installations,
        # The bot token only (errcode asks for no user scopes): a revoked bot token (tokens_revoked
        # deletes the bot row) then stops being used at once.
        installation_store_bot_only=True,
        state_store=database.states,
    )
    # bolt checks the stored token with auth.test on every request unless it caches the result;
    # the installation is still read from the database first, so an uninstall takes effect at once.
    settings.authorize.cache_enabled = True
    settings.authorize.authorize_result_cache = _AuthorizeCache(AUTH_CACHE_SIZE, ttl=AUTH_CACHE_TTL)
    return settings


def oauth_routes(bolt_app: AsyncApp) -> list[web.RouteDef]:
    """GET install and redirect paths (as bolt's own aiohttp server serves them), when in OAuth mode."""
    flow = bolt_app.oauth_flow
    if flow is None:
        return []

    async def install(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await flow.handle_installation(await to_bolt_request(request)))

    async def redirect(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await flow.handle_callback(await to_bolt_request(request)))

    return [web.get(flow.install_path, install), web.get(flow.redirect_uri_path, redirect)]
