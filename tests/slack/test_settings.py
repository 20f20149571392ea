"""`errcode serve` configuration: the environment it needs, and HTTP vs Socket Mode."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler

from bot.slack import retry
from bot.slack.app import build_bot, create_app
from bot.slack.memory import BoundedMemory
from bot.slack.runners import socket_mode_handler
from bot.slack.settings import ConfigError, settings_from_env

TOKEN = "xoxb-test-0000000000-not-a-real-token"


def _serve(env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    return subprocess.run(
        [sys.executable, "-m", "bot", "serve"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_serve_without_tokens_exits_2_naming_the_variables():
    proc = _serve({})
    assert proc.returncode == 2
    assert "SLACK_BOT_TOKEN" in proc.stderr and "SLACK_SIGNING_SECRET" in proc.stderr


def test_a_wrong_token_is_refused_without_echoing_it():
    proc = _serve(
        {"SLACK_BOT_TOKEN": "xoxp-user-token-secret-value-42", "SLACK_SIGNING_SECRET": "sekrit-sekrit-sekrit"}
    )
    assert proc.returncode == 2
    assert "xoxb-" in proc.stderr
    assert "secret-value-42" not in proc.stderr + proc.stdout and "sekrit" not in proc.stderr + proc.stdout


def test_http_settings():
    s = settings_from_env(
        {
            "SLACK_BOT_TOKEN": TOKEN,
            "SLACK_SIGNING_SECRET": "x" * 32,
            "PORT": "8080",
            "SLACK_API_URL": "http://127.0.0.1:9/api",
        }
    )
    assert not s.socket_mode and s.port == 8080 and s.api_url == "http://127.0.0.1:9/api/"
    with pytest.raises(ConfigError, match="PORT"):
        settings_from_env({"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": "x" * 32, "PORT": "http"})
    with pytest.raises(ConfigError, match="SLACK_API_URL"):
        settings_from_env(
            {"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": "x" * 32, "SLACK_API_URL": "slack.com"}
        )


async def test_socket_mode_when_an_app_token_is_set():
    s = settings_from_env(
        {
            "SLACK_BOT_TOKEN": TOKEN,
            "SLACK_APP_TOKEN": "xapp-1-test-not-real",
            "SLACK_API_URL": "http://127.0.0.1:9/api/",
        }
    )
    assert s.socket_mode and s.signing_secret is None
    app = create_app(token=s.bot_token, signing_secret=s.signing_secret, api_url=s.api_url)
    handler = socket_mode_handler(app, s.app_token)
    assert isinstance(handler, AsyncSocketModeHandler)
    # SLACK_API_URL reaches Socket Mode too (apps.connections.open goes there).
    assert handler.client.web_client.base_url == "http://127.0.0.1:9/api/"
    await handler.client.aiohttp_client_session.close()  # never connected; just release its session


def test_web_api_client_uses_slack_api_url_and_leaves_retries_to_errcode():
    bot = build_bot(
        token=TOKEN, signing_secret="x" * 32, api_url="http://127.0.0.1:9/api/", max_retry_after=7
    )
    app = bot.app
    assert app.client.base_url == "http://127.0.0.1:9/api/"
    # slack_sdk never re-sends on its own (its handlers changed between releases): one policy decides.
    assert app.client.retry_handlers == []
    assert bot.delivery.policy == retry.RetryPolicy(max_retry_after=7)


def test_max_retry_after_comes_from_the_environment():
    env = {"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": "s"}
    assert settings_from_env(env).max_retry_after == 30.0
    assert settings_from_env({**env, "ERRCODE_MAX_RETRY_AFTER": "5"}).max_retry_after == 5.0
    for bad in ("0", "-1", "soon", "99999"):
        with pytest.raises(ConfigError, match="ERRCODE_MAX_RETRY_AFTER"):
            settings_from_env({**env, "ERRCODE_MAX_RETRY_AFTER": bad})


def test_memory_is_bounded_in_size_and_age():
    now = [0.0]
    memory = BoundedMemory(3, ttl=10, clock=lambda: now[0])
    for key in "abcd":
        assert memory.claim(key)
    assert len(memory) == 3 and "a" not in memory  # the oldest went first
    assert not memory.claim("d")  # seen
    now[0] = 11.0
    assert memory.claim("d")  # forgotten after its time


def test_manifest_declares_what_the_app_listens_to():
    from pathlib import Path

    import yaml

    from bot.slack.listeners.commands import COMMAND

    manifest = yaml.safe_load((Path(__file__).parents[2] / "manifest.yaml").read_text(encoding="utf-8"))
    assert manifest["display_information"]["name"] == "errcode"
    [command] = manifest["features"]["slash_commands"]
    assert command["command"] == COMMAND and command["usage_hint"]
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert events == {
        "app_mention",
        "message.channels",
        "message.groups",
        "message.im",
        "message.mpim",  # group DMs
        "app_home_opened",
        "app_uninstalled",  # multi-workspace mode: a workspace's tokens are deleted
        "tokens_revoked",
    }
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    from bot.slack.oauth import BOT_SCOPES

    assert set(BOT_SCOPES) == scopes  # what OAuth mode asks each workspace for
    assert {
        "commands",
        "chat:write",
        "app_mentions:read",
        "channels:history",
        "groups:history",
        "im:history",
        "users:read",  # the asker's locale for the answer language
        "mpim:history",  # group DMs
        "files:read",  # text files and snippets
        "chat:write.public",  # Share where errcode is not a member
    } == scopes
    from bot.render.insights import SHORTCUT_CALLBACK

    [shortcut] = manifest["features"]["shortcuts"]
    assert shortcut["type"] == "message" and shortcut["callback_id"] == SHORTCUT_CALLBACK
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
