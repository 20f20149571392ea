"""The HTTP surface: Slack's signature checks, url_verification, /healthz and /metrics."""

from __future__ import annotations

import json
import time

from aiohttp import web

from bot import metrics
from testing.fake_slack import SIGNING_SECRET, SlackHarness, slack_signature


async def test_a_bad_signature_is_rejected_with_401_and_no_answer(slack: SlackHarness):
    body = slack.send.event_body(
        slack.send.message('{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure"}}}')
    )
    ts = str(int(time.time()))
    wrong = slack_signature("not-the-" + SIGNING_SECRET, ts, body)
    status, _ = await slack.send.post(body, "application/json", timestamp=int(ts), signature=wrong)
    assert status == 401
    tampered = slack_signature(SIGNING_SECRET, ts, body)  # signed, then the body changed
    status, _ = await slack.send.post(
        body.replace("CGENERAL", "CSECRET"), "application/json", timestamp=int(ts), signature=tampered
    )
    assert status == 401
    await slack.fake.settle()
    assert slack.fake.calls == []


async def test_a_stale_timestamp_is_rejected_with_401(slack: SlackHarness):
    status, _ = await slack.send.command(
        "433", timestamp=int(time.time()) - 10 * 60
    )  # correctly signed, 10 min old
    assert status == 401
    await slack.fake.settle()
    assert slack.fake.calls_to("response_url") == []
    status, _ = await slack.send.command("433")  # the same request, fresh, is fine
    assert status == 200


async def test_url_verification_answers_the_challenge(slack: SlackHarness):
    body = json.dumps(
        {
            "token": "legacy",
            "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
            "type": "url_verification",
        }
    )
    status, text = await slack.send.post(body, "application/json")
    assert status == 200
    assert json.loads(text) == {"challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}


async def test_healthz_and_metrics(slack: SlackHarness):
    async with slack.send.session.get(slack.base_url + "/healthz") as resp:
        assert resp.status == 200
        assert await resp.json() == {"ok": True, "catalogs": 3, "entries": 7}
    await slack.send.command("433")
    await slack.fake.wait_for("response_url")
    async with slack.send.session.get(slack.base_url + "/metrics") as resp:
        assert resp.status == 404  # not on the public port: ERRCODE_METRICS_PORT serves it
    runner = web.AppRunner(metrics.metrics_app())
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        async with slack.send.session.get(f"http://127.0.0.1:{runner.addresses[0][1]}/metrics") as resp:
            assert resp.status == 200
            assert 'errcode_requests_total{surface="command"}' in await resp.text()
    finally:
        await runner.cleanup()


async def test_every_subscribed_event_type_is_handled_not_404(slack: SlackHarness):
    # bolt answers 404 to an event no listener takes; Slack would then retry and disable the app.
    send = slack.send
    events = [
        send.message("hi", channel_type="channel"),  # message.channels
        send.message("hi", channel="GPRIVATE", channel_type="group"),  # message.groups
        send.message("hi", channel="DASKER"),  # message.im
        send.message("", subtype="message_changed"),
        {
            "type": "app_mention",
            "user": "UHUMAN",
            "text": "<@UERRCODEBOT>",
            "ts": send.new_ts(),
            "channel": "CGENERAL",
        },
        {"type": "app_home_opened", "user": "UHUMAN", "channel": "DHOME", "tab": "messages"},
    ]
    for event in events:
        status, _ = await send.event(event)
        assert status == 200, event
    # ...whereas a type we never subscribed to is not ours: the check above can fail.
    status, _ = await send.event({"type": "reaction_added", "user": "UHUMAN", "reaction": "eyes"})
    assert status == 404
