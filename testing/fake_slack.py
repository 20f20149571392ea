"""A stand-in for Slack, for the Slack tests: real HTTP on loopback, no mocks.

- `FakeSlack`: an aiohttp server that plays the Slack Web API (auth.test, chat.postMessage,
  chat.postEphemeral, views.publish, views.open, files.info, oauth.v2.access), the response_url
  endpoint and files' url_private (bot token required); it records
  every call and can be told to answer a method with 429 (Retry-After) or 500 first. Each bot
  token it accepts belongs to a team (`install` adds one, handed out by oauth.v2.access).
- `SlackSender`: sends requests to the bot signed exactly as Slack signs them
  (X-Slack-Signature: v0=HMAC-SHA256(secret, "v0:{timestamp}:{body}")).
- The `slack` fixture: the bot's own aiohttp app (the one `errcode serve` runs) on a loopback
  port, pointed at a FakeSlack through SLACK_API_URL, with the test catalogs in tests/fixtures/slack.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import itertools
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

import aiohttp
import pytest
from aiohttp import web

from bot import api
from bot.catalogs import load_catalogs
from bot.search import SearchIndex
from bot.slack.app import build_bot
from bot.slack.http import build_web_app

SIGNING_SECRET = "test-signing-secret-0123456789abcdef"
BOT_TOKEN = "xoxb-test-0000000000-not-a-real-token"
APP_TOKEN = "xapp-1-ATEST-0000-not-a-real-token"
BOT_USER_ID = "UERRCODEBOT"
BOT_ID = "BERRCODE"
TEAM_ID = "T0TEST"
CLIENT_ID, CLIENT_SECRET = "1111.2222", "test-client-secret-0123456789"  # the app's, for OAuth
FIXTURE_CATALOGS = Path(__file__).parents[1] / "tests" / "fixtures" / "slack"


@dataclass
class Call:
    method: str  # Web API method, or "response_url"
    args: dict
    headers: dict
    at: float  # time.monotonic() when it arrived
    path: str = ""


@dataclass
class _Failure:
    status: int
    headers: dict
    times: int


@dataclass
class _Drop:
    times: int
    acted: bool  # whether Slack did what was asked before the connection dropped


@dataclass
class Team:
    """A workspace the app is installed in: its bot token and who the bot is there."""

    team_id: str
    token: str
    bot_user_id: str = BOT_USER_ID
    bot_id: str = BOT_ID
    name: str = "errcode test"


class FakeSlack:
    def __init__(self, *, bot_token: str = BOT_TOKEN, app_token: str = APP_TOKEN) -> None:
        self.bot_token, self.app_token = bot_token, app_token  # the tokens this Slack accepts
        self.teams: dict[str, Team] = {bot_token: Team(TEAM_ID, bot_token)}  # by bot token
        self.install_codes: dict[str, Team] = {}  # OAuth codes oauth.v2.access exchanges
        self.client_id, self.client_secret = CLIENT_ID, CLIENT_SECRET
        self.calls: list[Call] = []
        self._failures: dict[str, _Failure] = {}
        self._changed = asyncio.Condition()
        self._ts = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self.port = 0
        self._sockets: list[web.WebSocketResponse] = []
        self.messages: dict[str, list[dict]] = {}  # channel -> messages, for conversations.replies
        self.locales: dict[str, str] = {}  # user id -> Slack locale, for users.info (include_locale)
        self.users_info_error: str | None = None  # e.g. "missing_scope": users.info answers that
        self._envelopes = itertools.count(1)
        self._delays: dict[str, _Failure] = {}  # method -> (seconds in .status's place) answered late
        self._garbled: dict[str, _Failure] = {}  # method -> a body that is not Slack's JSON
        self._stopping = asyncio.Event()
        self._drops: dict[str, _Drop] = {}
        self.files: dict[str, dict] = {}  # file id -> {"info": files.info's file, "content": bytes}
        self.post_errors: dict[str, str] = {}  # channel -> the error chat.postMessage answers there

    # -- control
    def fail(self, method: str, status: int, *, times: int = 1, retry_after: int | None = None) -> None:
        """Answer the next `times` calls of `method` with `status` (429 with Retry-After, 500...)."""
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        self._failures[method] = _Failure(status, headers, times)

    def drop(self, method: str, *, times: int = 1, acted: bool = False) -> None:
        """Drop the connection of the next `times` calls of `method` after reading the request,
        without answering; `acted`: Slack posted the message all the same (its fate is unknown
        to the caller either way)."""
        self._drops[method] = _Drop(times, acted)

    def _dropping(self, method: str) -> _Drop | None:
        drop = self._drops.get(method)
        if not drop or drop.times <= 0:
            return None
        drop.times -= 1
        return drop

    @staticmethod
    def _hang_up(request: web.Request) -> web.Response:
        if request.transport is not None:
            request.transport.abort()  # the request was read; no answer comes
        return web.Response(status=500)  # never reaches the client

    def garble(
        self,
        method: str,
        status: int = 200,
        *,
        body: str = "<html>oops",
        content_type: str = "text/plain",
        times: int = 1,
    ) -> None:
        """Answer the next `times` calls of `method` with a body that is not Slack's JSON (an outage
        page, a proxy's error, JSON cut short)."""
        self._garbled[method] = _Failure(status, {"body": body, "content_type": content_type}, times)

    def _garbled_answer(self, method: str) -> web.Response | None:
        garbled = self._garbled.get(method)
        if not garbled or garbled.times <= 0:
            return None
        garbled.times -= 1
        return web.Response(
            status=garbled.status, text=garbled.headers["body"], content_type=garbled.headers["content_type"]
        )

    def delay(self, method: str, seconds: float, *, times: int = 1) -> None:
        """Answer the next `times` calls of `method` only after `seconds` (a slow Slack)."""
        self._delays[method] = _Failure(0, {"seconds": seconds}, times)

    async def _maybe_wait(self, method: str) -> None:
        delay = self._delays.get(method)
        if delay and delay.times > 0:
            delay.times -= 1
            try:  # cut short when the fake stops, so a test never waits out a slow answer
                await asyncio.wait_for(self._stopping.wait(), delay.headers["seconds"])
            except asyncio.TimeoutError:
                pass

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, name: str = "cmd") -> str:
        return f"http://127.0.0.1:{self.port}/respond/{name}"

    def add_message(self, channel: str, message: dict) -> None:
        """Put a message in a channel's history (e.g. an answer from before the bot restarted)."""
        self.messages.setdefault(channel, []).append(message)

    def add_file(
        self,
        content: bytes,
        *,
        name: str = "error.log",
        mimetype: str = "text/plain",
        filetype: str = "text",
        mode: str = "hosted",
        size: int | None = None,
    ) -> dict:
        """A file shared in Slack: its bytes served at url_private (bot token required), its
        object answered by files.info. Returns the object as a file_share event carries it."""
        file_id = f"F{len(self.files) + 1:08d}"
        info = {
            "id": file_id,
            "name": name,
            "title": name,
            "mimetype": mimetype,
            "filetype": filetype,
            "mode": mode,
            "size": len(content) if size is None else size,
            "url_private": f"http://127.0.0.1:{self.port}/files/{file_id}/{name}",
            "url_private_download": f"http://127.0.0.1:{self.port}/files/{file_id}/download/{name}",
            "is_external": False,
        }
        self.files[file_id] = {"info": info, "content": content}
        return dict(info)

    def install(self, code: str, team: Team) -> None:
        """Slack's side of an "Add to Slack": `code` comes back in the redirect, and
        oauth.v2.access exchanges it (with the app's client id and secret) for the team's token."""
        self.install_codes[code] = team

    def revoke(self, token: str) -> None:
        """The token stops working (the app was uninstalled, or the token revoked)."""
        self.teams.pop(token, None)

    def token_of(self, call: Call) -> str | None:
        auth = call.headers.get("Authorization") or ""
        return auth[len("Bearer ") :] if auth.startswith("Bearer ") else None

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    async def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Wait until `method` has been called `count` times; the calls, or AssertionError."""

        def enough() -> bool:
            return len(self.calls_to(method)) >= count

        async with self._changed:
            try:
                await asyncio.wait_for(self._changed.wait_for(enough), timeout)
            except asyncio.TimeoutError:
                raise AssertionError(
                    f"{method} called {len(self.calls_to(method))} times, expected {count}; "
                    f"calls: {[c.method for c in self.calls]}"
                ) from None
        return self.calls_to(method)

    async def settle(self, quiet: float = 0.3) -> None:
        """Give the bot time to make any (unwanted) call: used before asserting that nothing came."""
        await asyncio.sleep(quiet)

    # -- server
    async def start(self, port: int = 0) -> FakeSlack:
        """Listen on loopback: any free port, or `port` (a Slack that comes back where it was)."""
        app = web.Application(client_max_size=4 * 1024 * 1024)
        app.add_routes(
            [
                web.post("/api/{method}", self._web_api),
                web.get("/api/{method}", self._web_api),  # slack_sdk reads history with GET
                web.post("/respond/{name}", self._respond),
                web.get("/files/{file_id}/{tail:.*}", self._file_download),
                web.get("/socket", self._socket),
            ]
        )
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def __aenter__(self) -> FakeSlack:  # `async with FakeSlack() as fake:` starts and stops it
        return await self.start()

    async def __aexit__(self, *exc_info) -> None:
        await self.stop()

    async def stop(self) -> None:
        self._stopping.set()
        for ws in list(self._sockets):
            await ws.close()
        if self._runner:
            await self._runner.cleanup()

    async def _record(self, method: str, request: web.Request) -> Call:
        raw = await request.text()
        if request.method == "GET":
            args = dict(request.query)
        elif request.content_type == "application/json":
            args = json.loads(raw or "{}")
        else:
            args = dict(parse_qsl(raw))
            for key in ("blocks", "view"):
                if isinstance(args.get(key), str):
                    args[key] = json.loads(args[key])
        call = Call(method, args, dict(request.headers), time.monotonic(), request.path)
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()
        return call

    def _failure(self, method: str) -> web.Response | None:
        failure = self._failures.get(method)
        if not failure or failure.times <= 0:
            return None
        failure.times -= 1
        body = {"ok": False, "error": "ratelimited" if failure.status == 429 else "internal_error"}
        return web.json_response(body, status=failure.status, headers=failure.headers)

    async def _web_api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        call = await self._record(method, request)
        await self._maybe_wait(method)
        failed = self._failure(method) or self._garbled_answer(method)
        if failed is not None:
            return failed
        drop = self._dropping(method)
        if drop is not None and not drop.acted:
            return self._hang_up(request)
        answer = await self._answer(method, call, request)
        return self._hang_up(request) if drop is not None else answer

    async def _answer(self, method: str, call: Call, request: web.Request) -> web.Response:
        if method == "apps.connections.open":  # Socket Mode: the app-level token asks for a WebSocket URL
            if request.headers.get("Authorization") != f"Bearer {self.app_token}":
                return web.json_response({"ok": False, "error": "invalid_auth"})
            return web.json_response({"ok": True, "url": f"ws://127.0.0.1:{self.port}/socket"})
        if method == "oauth.v2.access":
            return self._oauth_access(call, request)
        team = self.teams.get(self.token_of(call) or "")
        if team is None:
            return web.json_response({"ok": False, "error": "invalid_auth"})
        if method == "auth.test":
            return web.json_response(
                {
                    "ok": True,
                    "url": "https://errcode-test.slack.com/",
                    "team": team.name,
                    "user": "errcode",
                    "team_id": team.team_id,
                    "user_id": team.bot_user_id,
                    "bot_id": team.bot_id,
                    "is_enterprise_install": False,
                }
            )
        if method == "chat.postMessage":
            ts = f"{int(time.time())}.{next(self._ts):06d}"
            channel = call.args.get("channel")
            if channel in self.post_errors:
                return web.json_response({"ok": False, "error": self.post_errors[channel]})
            message = {
                "type": "message",
                "text": call.args.get("text"),
                "user": team.bot_user_id,
                "bot_id": team.bot_id,
                "ts": ts,
            }
            for key in ("thread_ts", "metadata"):
                if call.args.get(key):
                    message[key] = call.args[key]
            self.add_message(channel, message)
            return web.json_response({"ok": True, "channel": channel, "ts": ts, "message": message})
        if method == "conversations.replies":
            root = call.args.get("ts")
            thread = [
                m
                for m in self.messages.get(call.args.get("channel"), [])
                if m.get("ts") == root or m.get("thread_ts") == root
            ]
            if str(call.args.get("include_all_metadata")).lower() not in ("1", "true"):
                thread = [{k: v for k, v in m.items() if k != "metadata"} for m in thread]
            return web.json_response({"ok": True, "messages": thread, "has_more": False})
        if method == "users.info":  # a user's locale comes only with include_locale=true
            user = call.args.get("user")
            if self.users_info_error:
                return web.json_response({"ok": False, "error": self.users_info_error})
            if user not in self.locales:
                return web.json_response({"ok": False, "error": "user_not_found"})
            profile = {"id": user, "name": user.lower(), "tz": "Asia/Shanghai"}
            if str(call.args.get("include_locale")).lower() in ("1", "true"):
                profile["locale"] = self.locales[user]
            return web.json_response({"ok": True, "user": profile})
        if method in ("chat.postEphemeral", "views.publish"):
            return web.json_response({"ok": True})
        if method == "views.open":
            if not call.args.get("trigger_id"):
                return web.json_response({"ok": False, "error": "invalid_trigger_id"})
            return web.json_response({"ok": True, "view": {"id": "VMODAL1", **(call.args.get("view") or {})}})
        if method == "files.info":
            stored = self.files.get(call.args.get("file") or "")
            if stored is None:
                return web.json_response({"ok": False, "error": "file_not_found"})
            return web.json_response({"ok": True, "file": stored["info"]})
        return web.json_response({"ok": False, "error": "unknown_method"})

    def _oauth_access(self, call: Call, request: web.Request) -> web.Response:
        """oauth.v2.access: the app's credentials (HTTP Basic, as slack_sdk sends them) and a code."""
        import base64

        expected = base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode()
        if request.headers.get("Authorization") != f"Basic {expected}":
            return web.json_response({"ok": False, "error": "invalid_client_id"})
        team = self.install_codes.pop(call.args.get("code") or "", None)
        if team is None:
            return web.json_response({"ok": False, "error": "invalid_code"})
        self.teams[team.token] = team
        return web.json_response(
            {
                "ok": True,
                "app_id": "AERRCODE",
                "authed_user": {"id": "UINSTALLER"},
                "scope": "commands,chat:write,app_mentions:read,channels:history,groups:history,im:history,users:read",
                "token_type": "bot",
                "access_token": team.token,
                "bot_user_id": team.bot_user_id,
                "team": {"id": team.team_id, "name": team.name},
                "enterprise": None,
                "is_enterprise_install": False,
            }
        )

    async def _file_download(self, request: web.Request) -> web.Response:
        """url_private: the file's bytes for a bot token of a team, as Slack serves them."""
        call = await self._record("files.download", request)
        stored = self.files.get(request.match_info["file_id"])
        if self.teams.get(self.token_of(call) or "") is None:
            return web.Response(
                status=302, headers={"Location": "https://errcode-test.slack.com/?redir=login"}
            )
        if stored is None:
            return web.Response(status=404, text="file not found")
        return web.Response(body=stored["content"], content_type=stored["info"]["mimetype"])

    async def _respond(self, request: web.Request) -> web.Response:
        await self._record("response_url", request)
        await self._maybe_wait("response_url")
        failed = self._failure("response_url") or self._garbled_answer("response_url")
        if failed is not None:
            return failed
        if self._dropping("response_url") is not None:
            return self._hang_up(request)
        return web.Response(text="ok")

    # -- Socket Mode: Slack pushes envelopes over a WebSocket; the app acks each envelope_id
    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_json({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "AERRCODE"}})
        async with self._changed:
            self.calls.append(Call("socket.connected", {}, dict(request.headers), time.monotonic()))
            self._changed.notify_all()
        try:
            async for msg in ws:
                if msg.type == aiohttp.WSMsgType.TEXT:
                    async with self._changed:
                        self.calls.append(Call("socket.ack", json.loads(msg.data), {}, time.monotonic()))
                        self._changed.notify_all()
        finally:
            self._sockets.remove(ws)
        return ws

    async def push(self, envelope_type: str, payload: dict) -> str:
        """Send an envelope (slash_commands, events_api, interactive) to the connected app."""
        envelope_id = f"env-{next(self._envelopes)}"
        envelope = {
            "envelope_id": envelope_id,
            "type": envelope_type,
            "payload": payload,
            "accepts_response_payload": envelope_type != "events_api",
        }
        await self._sockets[-1].send_json(envelope)
        return envelope_id


def slack_signature(secret: str, timestamp: str, body: str) -> str:
    """Slack's request signature (https://api.slack.com/authentication/verifying-requests-from-slack)."""
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


class SlackSender:
    """Sends the bot what Slack would send, signed as Slack signs it."""

    def __init__(self, base_url: str, fake: FakeSlack, secret: str = SIGNING_SECRET):
        self.base_url = base_url
        self.fake = fake
        self.secret = secret
        self._event_ids = itertools.count(1)
        self._ts = itertools.count(1)
        self._triggers = itertools.count(42)
        self.session = aiohttp.ClientSession()

    async def close(self) -> None:
        await self.session.close()

    def new_trigger_id(self) -> str:
        """Slack gives every command invocation and button press a trigger_id of its own."""
        return f"1337.{next(self._triggers)}.abcdef"

    def new_ts(self) -> str:
        return f"1700000000.{next(self._ts):06d}"

    async def post(
        self,
        body: str,
        content_type: str,
        *,
        timestamp: int | None = None,
        signature: str | None = None,
        headers: dict | None = None,
        path: str = "/slack/events",
    ) -> tuple[int, str]:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        all_headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": signature or slack_signature(self.secret, ts, body),
            **(headers or {}),
        }
        async with self.session.post(self.base_url + path, data=body.encode(), headers=all_headers) as resp:
            return resp.status, await resp.text()

    def command_form(
        self, text: str, *, user: str = "UASKER", channel: str = "CGENERAL", team: str = TEAM_ID
    ) -> dict:
        return {
            "token": "legacy-verification-token",
            "team_id": team,
            "team_domain": "errcode-test",
            "channel_id": channel,
            "channel_name": "general",
            "user_id": user,
            "user_name": "asker",
            "command": "/errcode",
            "text": text,
            "api_app_id": "AERRCODE",
            "response_url": self.fake.response_url("cmd"),
            "trigger_id": self.new_trigger_id(),
        }

    async def command(
        self, text: str, *, user: str = "UASKER", channel: str = "CGENERAL", team: str = TEAM_ID, **kw
    ) -> tuple[int, str]:
        form = self.command_form(text, user=user, channel=channel, team=team)
        return await self.post(urlencode(form), "application/x-www-form-urlencoded", **kw)

    async def action(
        self,
        value: str,
        *,
        user: str = "UASKER",
        channel: str = "CGENERAL",
        action_id: str = "errcode_share",
        ephemeral: bool = True,
    ) -> tuple[int, str]:
        payload = {
            "type": "block_actions",
            "team": {"id": TEAM_ID, "domain": "errcode-test"},
            "user": {"id": user, "name": "asker", "team_id": TEAM_ID},
            "api_app_id": "AERRCODE",
            "token": "legacy-verification-token",
            "container": {
                "type": "message",
                "message_ts": "1700000000.000100",
                "channel_id": channel,
                "is_ephemeral": ephemeral,
            },
            "trigger_id": self.new_trigger_id(),
            "channel": {"id": channel, "name": "general"},
            "response_url": self.fake.response_url("action"),
            "actions": [
                {
                    "type": "button",
                    "action_id": action_id,
                    "block_id": "share",
                    "text": {"type": "plain_text", "text": "Share in channel"},
                    "value": value,
                    "action_ts": "1700000001.000200",
                }
            ],
        }
        return await self.post(
            urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"
        )

    async def interaction(self, payload: dict) -> tuple[int, str]:
        """Any interactivity payload (block_actions, message_action, view_submission), as Slack
        posts it: a form with one `payload` field of JSON."""
        return await self.post(
            urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"
        )

    def shortcut_payload(
        self,
        message: dict,
        *,
        user: str = "UASKER",
        channel: str = "CELSEWHERE",
        team: str = TEAM_ID,
        callback_id: str = "errcode_explain",
    ) -> dict:
        """The message shortcut ("Explain this error") on `message`: Slack's message_action payload."""
        payload = {
            "type": "message_action",
            "token": "legacy-verification-token",
            "action_ts": "1700000002.000300",
            "team": {"id": team, "domain": "errcode-test"},
            "user": {"id": user, "name": "asker", "team_id": team},
            "channel": {"id": channel, "name": "elsewhere"},
            "is_enterprise_install": False,
            "enterprise": None,
            "callback_id": callback_id,
            "trigger_id": self.new_trigger_id(),
            "response_url": self.fake.response_url("shortcut"),
            "message_ts": message.get("ts"),
            "message": message,
        }
        return payload

    async def shortcut(self, message: dict, **options) -> tuple[int, str]:
        """The message shortcut on `message`, posted as Slack posts a message_action."""
        return await self.interaction(self.shortcut_payload(message, **options))

    async def press(
        self,
        button: dict,
        *,
        user: str = "UASKER",
        channel: str | None = "CGENERAL",
        team: str = TEAM_ID,
        ephemeral: bool = False,
        container: dict | None = None,
        response_url: str | None = "action",
    ) -> tuple[int, str]:
        """A press of `button` (a Block Kit button element the bot sent), as block_actions."""
        payload = {
            "type": "block_actions",
            "team": {"id": team, "domain": "errcode-test"},
            "user": {"id": user, "name": "asker", "team_id": team},
            "api_app_id": "AERRCODE",
            "token": "legacy-verification-token",
            "container": container
            or {
                "type": "message",
                "message_ts": "1700000000.000100",
                "channel_id": channel,
                "is_ephemeral": ephemeral,
            },
            "trigger_id": self.new_trigger_id(),
            "actions": [
                {
                    "type": button.get("type", "button"),
                    "action_id": button["action_id"],
                    "block_id": button.get("block_id", "b1"),
                    "text": button.get("text") or {"type": "plain_text", "text": "?"},
                    "value": button.get("value", ""),
                    "action_ts": "1700000001.000200",
                }
            ],
        }
        if channel:
            payload["channel"] = {"id": channel, "name": "general"}
        if response_url:
            payload["response_url"] = self.fake.response_url(response_url)
        return await self.interaction(payload)

    async def home_search(self, text: str, *, user: str = "UASKER", team: str = TEAM_ID) -> tuple[int, str]:
        """Enter in the App Home's search box: block_actions from a view, the input's value."""
        payload = {
            "type": "block_actions",
            "team": {"id": team, "domain": "errcode-test"},
            "user": {"id": user, "name": "asker", "team_id": team},
            "api_app_id": "AERRCODE",
            "token": "legacy-verification-token",
            "container": {"type": "view", "view_id": "VHOME1"},
            "trigger_id": self.new_trigger_id(),
            "view": {"id": "VHOME1", "type": "home", "callback_id": "", "state": {"values": {}}},
            "actions": [
                {
                    "type": "plain_text_input",
                    "action_id": "errcode_home_search",
                    "block_id": "errcode_home_search",
                    "value": text,
                    "action_ts": "1700000003.000400",
                }
            ],
        }
        return await self.interaction(payload)

    async def submit_view(self, view: dict, values: dict, *, user: str = "UASKER", team: str = TEAM_ID):
        """The Submit of a modal the bot opened (views.open's view), with the chosen `values`."""
        payload = {
            "type": "view_submission",
            "team": {"id": team, "domain": "errcode-test"},
            "user": {"id": user, "name": "asker", "team_id": team},
            "api_app_id": "AERRCODE",
            "token": "legacy-verification-token",
            "trigger_id": self.new_trigger_id(),
            "view": {**view, "id": "VMODAL1", "state": {"values": values}},
        }
        return await self.interaction(payload)

    def event_body(
        self, event: dict, *, event_id: str | None = None, team: str = TEAM_ID, bot_user: str = BOT_USER_ID
    ) -> str:
        return json.dumps(
            {
                "token": "legacy-verification-token",
                "team_id": team,
                "api_app_id": "AERRCODE",
                "event": event,
                "type": "event_callback",
                "event_id": event_id or f"Ev{next(self._event_ids):08d}",
                "event_time": int(time.time()),
                "authorizations": [
                    {
                        "team_id": team,
                        "user_id": bot_user,
                        "is_bot": True,
                        "is_enterprise_install": False,
                    }
                ],
            }
        )

    async def event(
        self, event: dict, *, event_id: str | None = None, retry_num: int | None = None, team: str = TEAM_ID
    ) -> tuple[int, str]:
        headers = (
            {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
            if retry_num
            else None
        )
        body = self.event_body(event, event_id=event_id, team=team)
        return await self.post(body, "application/json", headers=headers)

    def message(self, text: str, *, channel: str = "CGENERAL", user: str = "UHUMAN", **extra) -> dict:
        event = {
            "type": "message",
            "channel": channel,
            "user": user,
            "text": text,
            "ts": self.new_ts(),
            "channel_type": "im"
            if channel.startswith("D")
            else "mpim"
            if channel.startswith("GM")
            else "channel",
            "event_ts": "",
        }
        event.update(extra)
        event["event_ts"] = event["ts"]
        return event


@dataclass
class SlackHarness:
    fake: FakeSlack
    send: SlackSender
    base_url: str
    web_app: web.Application = field(repr=False)


def fixture_knowledge(empty_dir: Path) -> api.Knowledge:
    """The test catalogs only (tests/fixtures/slack), not the bundled drafts: answers stay stable."""
    loaded = load_catalogs(str(FIXTURE_CATALOGS), bundled=empty_dir)
    assert not loaded.errors, loaded.errors
    return api.Knowledge(loaded, SearchIndex(loaded.catalogs))


@contextlib.asynccontextmanager
async def bot_on_loopback(fake: FakeSlack, tmp_path, **app_options):
    """The bot's own web app (what `errcode serve` runs) on loopback over the fixture catalogs,
    its Web API at the fake unless `api_url` says otherwise. Yields (base_url, sender, web_app)."""
    api.install(fixture_knowledge(tmp_path))
    app_options.setdefault("api_url", fake.api_url)
    web_app = build_web_app(build_bot(token=BOT_TOKEN, signing_secret=SIGNING_SECRET, **app_options))
    runner = web.AppRunner(web_app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    base_url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    sender = SlackSender(base_url, fake)
    try:
        yield base_url, sender, web_app
    finally:
        await sender.close()
        await runner.cleanup()
        api.install(None)


@pytest.fixture
async def slack(tmp_path):
    """The bot in HTTP mode on loopback, its Web API pointed at a FakeSlack."""
    fake = await FakeSlack().start()
    try:
        async with bot_on_loopback(fake, tmp_path) as (base_url, sender, web_app):
            yield SlackHarness(fake, sender, base_url, web_app)
    finally:
        await fake.stop()
