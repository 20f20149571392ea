"""`errcode serve`'s environment -> Settings, or a ConfigError naming the variable to set (never its value)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from bot.slack.oauth import OAuthConfig, oauth_config_from_env

DEFAULT_PORT = 3000


class ConfigError(Exception):
    """The environment can't run the bot; the message says which variable to set (never its value)."""


@dataclass(frozen=True)
class Settings:
    bot_token: str
    signing_secret: str | None
    app_token: str | None
    api_url: str | None
    port: int
    host: str = "0.0.0.0"  # ERRCODE_HOST: the address every listener binds
    api_timeout: float = 15.0  # ERRCODE_SLACK_TIMEOUT: seconds one Web API call may take
    metrics_address: tuple[str, int] | None = None  # ERRCODE_METRICS_PORT: [HOST:]PORT; None: off
    port_set: bool = False  # PORT given in the environment (Socket Mode then serves /healthz there)
    max_connections: int | None = None  # ERRCODE_MAX_CONNECTIONS; default below the fd limit
    max_retry_after: float = 30.0  # ERRCODE_MAX_RETRY_AFTER: the longest 429 Retry-After waited out
    oauth: OAuthConfig | None = None  # SLACK_CLIENT_ID...: every installed workspace, own tokens
    drain_seconds: float = 8.0  # ERRCODE_DRAIN_SECONDS: answers finished after SIGTERM

    @property
    def socket_mode(self) -> bool:
        return bool(self.app_token)

    def secrets(self) -> list[str]:
        oauth_secret = self.oauth.client_secret if self.oauth else None
        return [s for s in (self.bot_token, self.signing_secret, self.app_token, oauth_secret) if s]


def _multi_workspace_from_env(env: Mapping[str, str]) -> OAuthConfig | None:
    """OAuth mode's settings, or None (single workspace, SLACK_BOT_TOKEN)."""
    try:
        oauth = oauth_config_from_env(env)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    if oauth is not None:
        if env.get("SLACK_APP_TOKEN", "").strip():
            raise ConfigError("multi-workspace mode (SLACK_CLIENT_ID) serves HTTP: unset SLACK_APP_TOKEN")
        if not env.get("SLACK_SIGNING_SECRET", "").strip():
            raise ConfigError("set SLACK_SIGNING_SECRET (SLACK_CLIENT_ID is set: multi-workspace mode)")
    return oauth


def settings_from_env(env: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if env is None else env
    oauth = _multi_workspace_from_env(env)
    bot_token = env.get("SLACK_BOT_TOKEN", "").strip()
    app_token = env.get("SLACK_APP_TOKEN", "").strip() or None
    secret = env.get("SLACK_SIGNING_SECRET", "").strip() or None
    missing = [name for name, value in (("SLACK_BOT_TOKEN", bot_token or oauth),) if not value]
    if not app_token and not secret:
        missing.append("SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode)")
    if missing:
        raise ConfigError("set " + " and ".join(missing))
    if bot_token and not bot_token.startswith("xoxb-"):
        raise ConfigError("SLACK_BOT_TOKEN must be a bot token (it starts with xoxb-)")
    if app_token and not app_token.startswith("xapp-"):
        raise ConfigError("SLACK_APP_TOKEN must be an app-level token (it starts with xapp-)")
    port_text = env.get("PORT", str(DEFAULT_PORT)).strip()
    if not (port_text.isascii() and port_text.isdigit()) or not 0 < int(port_text) < 65536:
        raise ConfigError(f"PORT must be a port number, not {port_text!r}")
    api_url = env.get("SLACK_API_URL", "").strip() or None
    if api_url:
        if not api_url.startswith(("http://", "https://")):
            raise ConfigError("SLACK_API_URL must be an http(s) URL such as https://slack.com/api/")
        api_url = api_url.rstrip("/") + "/"  # slack_sdk joins method names onto it
    host = env.get("ERRCODE_HOST", "").strip() or "0.0.0.0"
    return Settings(
        bot_token,
        secret,
        app_token,
        api_url,
        int(port_text),
        host=host,
        api_timeout=_seconds(env, "ERRCODE_SLACK_TIMEOUT", 15.0, 300.0),
        max_retry_after=_seconds(env, "ERRCODE_MAX_RETRY_AFTER", 30.0, 3600.0),
        metrics_address=_metrics_address(env.get("ERRCODE_METRICS_PORT", ""), host, int(port_text)),
        port_set="PORT" in env,
        max_connections=_positive_int(env, "ERRCODE_MAX_CONNECTIONS"),
        oauth=oauth,
        drain_seconds=_seconds(env, "ERRCODE_DRAIN_SECONDS", 8.0, 600.0, zero=True),
    )


def _seconds(env: Mapping[str, str], name: str, default: float, most: float, *, zero: bool = False) -> float:
    text = env.get(name, "").strip() or str(default)
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not (0 <= seconds if zero else 0 < seconds) or seconds > most:
        low = "[0" if zero else "(0"
        raise ConfigError(f"{name} must be seconds {low}-{most:g}], not {text!r}")
    return seconds


def _metrics_address(text: str, host: str, public_port: int) -> tuple[str, int] | None:
    """ERRCODE_METRICS_PORT: "9090" (on ERRCODE_HOST) or "127.0.0.1:9090"; empty: no /metrics."""
    text = text.strip()
    if not text:
        return None
    metrics_host, _, port_text = text.rpartition(":")
    metrics_host = metrics_host.strip("[]") or host
    if not (port_text.isascii() and port_text.isdigit() and 0 < int(port_text) < 65536):
        raise ConfigError(f"ERRCODE_METRICS_PORT must be PORT or HOST:PORT, not {text!r}")
    if int(port_text) == public_port:
        raise ConfigError("ERRCODE_METRICS_PORT must not be PORT: /metrics stays off the public port")
    return metrics_host, int(port_text)


def _positive_int(env: Mapping[str, str], name: str) -> int | None:
    text = env.get(name, "").strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit() and int(text) > 0):
        raise ConfigError(f"{name} must be a positive number, not {text!r}")
    return int(text)
