"""`errcode serve`'s environment for the two modes and the drain: single workspace with
SLACK_BOT_TOKEN exactly as before, multi-workspace with bolt's OAuth names, clear refusals."""

from __future__ import annotations

import pytest

from bot.slack.oauth import BOT_SCOPES
from bot.slack.settings import ConfigError, settings_from_env

SECRET = {"SLACK_SIGNING_SECRET": "s3cret"}


def test_single_workspace_needs_a_bot_token_as_before():
    with pytest.raises(ConfigError, match="SLACK_BOT_TOKEN"):
        settings_from_env(SECRET)
    settings = settings_from_env({**SECRET, "SLACK_BOT_TOKEN": "xoxb-1"})
    assert settings.oauth is None and settings.bot_token == "xoxb-1" and settings.drain_seconds == 8


def test_multi_workspace_takes_bolts_names_and_needs_no_bot_token():
    env = {**SECRET, "SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "cs", "SLACK_REDIRECT_URI": "https://h/r"}
    settings = settings_from_env(env)
    assert settings.oauth.client_id == "1.2" and settings.oauth.scopes == BOT_SCOPES
    assert settings.oauth.redirect_uri == "https://h/r"
    assert "cs" in settings.secrets()  # kept out of the logs like the tokens
    scoped = settings_from_env({**env, "SLACK_SCOPES": "commands, chat:write"})
    assert scoped.oauth.scopes == ("commands", "chat:write")


@pytest.mark.parametrize(
    "env, reason",
    [
        ({"SLACK_CLIENT_ID": "1.2", **SECRET}, "SLACK_CLIENT_SECRET"),
        ({"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "cs"}, "SLACK_SIGNING_SECRET"),
        ({"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "cs", "SLACK_APP_TOKEN": "xapp-1"}, "SLACK_APP_TOKEN"),
        ({**SECRET, "SLACK_BOT_TOKEN": "xoxb-1", "ERRCODE_DRAIN_SECONDS": "soon"}, "ERRCODE_DRAIN_SECONDS"),
        ({**SECRET, "SLACK_BOT_TOKEN": "xoxb-1", "ERRCODE_DRAIN_SECONDS": "-1"}, "ERRCODE_DRAIN_SECONDS"),
    ],
)
def test_an_unusable_environment_is_refused_with_the_variable_named(env, reason):
    with pytest.raises(ConfigError, match=reason):
        settings_from_env(env)


def test_a_bad_database_url_stops_serve_with_status_2(capsys):
    from bot.slack.serve import serve

    env = {"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "cs", **SECRET, "DATABASE_URL": "mysql://u:pw@h/db"}
    assert serve(env) == 2
    err = capsys.readouterr().err
    assert "DATABASE_URL" in err and "pw" not in err


def test_an_unreachable_database_stops_serve_with_status_2_and_no_password():
    import os
    import subprocess
    import sys

    from testing.services import free_port

    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ERRCODE_"))}
    env = {
        **clean,
        "SLACK_CLIENT_ID": "1.2",
        "SLACK_CLIENT_SECRET": "cs",
        **SECRET,
        "PORT": str(free_port()),
        "DATABASE_URL": f"postgresql://u:hunter2@127.0.0.1:{free_port()}/db",  # nobody listens
    }
    done = subprocess.run(
        [sys.executable, "-m", "bot", "serve"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2, done.stderr[-2000:]
    assert "DATABASE_URL" in done.stderr and "unavailable" in done.stderr
    assert "hunter2" not in done.stderr + done.stdout


def test_a_server_makes_every_index_part_before_listening():
    """A freshly built index leaves its text and typo parts to their first use (a one-code lookup
    needs neither); `serve` makes them before it listens, so no first answer waits for them."""
    from bot import api
    from bot.knowledge import Knowledge
    from bot.search import SearchIndex
    from bot.slack.serve import prepare_answers

    loaded = api.knowledge().loaded
    fresh = Knowledge(loaded, SearchIndex(loaded.catalogs))
    assert fresh.index.index._pending, "a fresh index is expected to leave parts for later"
    prepare_answers(fresh)
    assert not fresh.index.index._pending
    assert fresh.index.search("signature expired", limit=1).matches
