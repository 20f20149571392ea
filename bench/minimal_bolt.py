"""The yardstick of bench/serve.py: the least a bolt app can do for each request errcode serves.

A slack-bolt AsyncApp on aiohttp (bolt's own adapter) that acks every /errcode command and every
message event and posts one chat.postMessage reply over one shared keep-alive ClientSession, to
the Web API at SLACK_API_URL. `python bench/minimal_bolt.py` with SLACK_BOT_TOKEN,
SLACK_SIGNING_SECRET, SLACK_API_URL and PORT set; GET /healthz answers 200 once it listens.
"""

from __future__ import annotations

import asyncio
import os
import signal

import aiohttp
from aiohttp import web
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient


def build(session: aiohttp.ClientSession) -> AsyncApp:
    client = AsyncWebClient(
        token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"], session=session
    )
    app = AsyncApp(client=client, signing_secret=os.environ["SLACK_SIGNING_SECRET"])

    @app.command("/errcode")
    async def command(ack, command, client):
        await ack()
        await client.chat_postMessage(channel=command["channel_id"], text="an answer")

    @app.event("message")
    async def message(event, client):
        await client.chat_postMessage(channel=event["channel"], thread_ts=event["ts"], text="an answer")

    return app


async def main() -> None:
    session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=15))
    web_app = build(session).web_app(path="/slack/events")
    web_app.router.add_get("/healthz", lambda request: web.json_response({"ok": True}))
    runner = web.AppRunner(web_app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", int(os.environ["PORT"])).start()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set)
    await stop.wait()
    await runner.cleanup()
    await session.close()


if __name__ == "__main__":
    asyncio.run(main())
