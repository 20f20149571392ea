"""Multi-workspace mode (bolt's OAuth flow): a workspace installs errcode through one instance,
is answered by either with its own token, and uninstalling (or revoking the token) removes it.
Two `errcode serve` instances sharing Redis and PostgreSQL, the fake Slack playing oauth.v2.access."""

from __future__ import annotations

import asyncio
import time
from http.cookies import SimpleCookie
from urllib.parse import parse_qs, urlparse

import aiohttp
import psycopg
import pytest
from sqlalchemy.engine import make_url

from testing.fake_slack import CLIENT_ID, CLIENT_SECRET, SIGNING_SECRET, Team
from testing.instances import PASTE, fresh_database, two_instances


@pytest.fixture
def database_url(postgres_url):
    return fresh_database(postgres_url)


OAUTH_ENV = {
    "SLACK_BOT_TOKEN": "",
    "SLACK_CLIENT_ID": CLIENT_ID,
    "SLACK_CLIENT_SECRET": CLIENT_SECRET,
    "SLACK_SIGNING_SECRET": SIGNING_SECRET,
}


def bots_of(database_url: str, team_id: str) -> int:
    url = make_url(database_url)
    with psycopg.connect(host=url.host, port=url.port, user=url.username, dbname=url.database) as conn:
        return conn.execute("SELECT count(*) FROM slack_bots WHERE team_id = %s", (team_id,)).fetchone()[0]


async def _until(predicate, timeout: float = 8.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.05)


async def install(pair, team: Team, code: str) -> None:
    """The "Add to Slack" page on instance A, Slack's redirect back to instance B."""
    async with aiohttp.ClientSession() as browser:
        async with browser.get(pair.servers[0].base_url + "/slack/install") as page:
            assert page.status == 200
            html = await page.text()
            cookie = SimpleCookie(page.headers["Set-Cookie"])
        state = cookie["slack-app-oauth-state"].value
        link = html[html.index("https://slack.com/oauth/v2/authorize") :].split('"')[0].replace("&amp;", "&")
        query = parse_qs(urlparse(link).query)
        assert query["client_id"] == [CLIENT_ID] and query["state"] == [state]
        assert "chat:write" in query["scope"][0].split(",")
        pair.fake.install(code, team)  # the user approved: Slack redirects with a code
        async with browser.get(
            pair.servers[1].base_url + "/slack/oauth_redirect",
            params={"code": code, "state": state},
            headers={"Cookie": f"slack-app-oauth-state={state}"},
        ) as done:
            assert done.status == 200, await done.text()


async def test_an_installed_workspace_is_answered_with_its_own_token_until_it_uninstalls(
    tmp_path, redis_url, database_url
):
    new = Team("T0NEW", "xoxb-3333-new-team-token", bot_user_id="UNEWBOT", bot_id="BNEW", name="new")
    async with two_instances(tmp_path, redis_url, database_url, **OAUTH_ENV) as pair:
        # Not installed yet: no answer for this workspace, only bolt's note to (re)install the app.
        await pair.a.command("agora 433", team=new.team_id)
        [note] = await pair.fake.wait_for("response_url")
        assert "reinstall" in note.args["text"] and "blocks" not in note.args

        await install(pair, new, "code-new")
        assert bots_of(database_url, new.team_id) == 1

        await pair.a.command("agora 433", team=new.team_id)
        [_, answer] = await pair.fake.wait_for("response_url", 2)
        assert answer.args["blocks"] and "reinstall" not in answer.args["text"]
        paste = pair.b.message(PASTE % 1, channel="CNEW")
        await pair.b.event(paste, team=new.team_id)
        [post] = await pair.fake.wait_for("chat.postMessage")
        assert pair.fake.token_of(post) == new.token and post.args["thread_ts"] == paste["ts"]
        assert {pair.fake.token_of(c) for c in pair.fake.calls_to("users.info")} == {new.token}

        # Uninstalled: Slack says so (and the token stops working); the workspace is gone.
        await pair.a.event({"type": "app_uninstalled"}, team=new.team_id)
        pair.fake.revoke(new.token)
        await _until(lambda: bots_of(database_url, new.team_id) == 0, what="the installation deleted")
        await pair.b.event(pair.b.message(PASTE % 2, channel="CNEW"), team=new.team_id)
        await pair.b.command("agora 433", team=new.team_id)
        await pair.fake.settle(1.0)
        assert len(pair.fake.calls_to("chat.postMessage")) == 1
        answered = [c for c in pair.fake.calls_to("response_url") if "blocks" in c.args]
        assert answered == [answer]


async def test_a_revoked_bot_token_stops_being_used(tmp_path, redis_url, database_url):
    team = Team("T0TWO", "xoxb-4444-second-team-token", bot_user_id="UTWOBOT", bot_id="BTWO", name="two")
    async with two_instances(tmp_path, redis_url, database_url, **OAUTH_ENV) as pair:
        await install(pair, team, "code-two")
        await pair.b.event(pair.b.message(PASTE % 1, channel="CTWO"), team=team.team_id)
        await pair.fake.wait_for("chat.postMessage")
        revoked = {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": [team.bot_user_id]}}
        await pair.b.event(revoked, team=team.team_id)
        pair.fake.revoke(team.token)
        await _until(lambda: bots_of(database_url, team.team_id) == 0, what="the bot token deleted")
        await pair.a.event(pair.a.message(PASTE % 2, channel="CTWO"), team=team.team_id)
        await pair.fake.settle(1.0)
        assert len(pair.fake.calls_to("chat.postMessage")) == 1
