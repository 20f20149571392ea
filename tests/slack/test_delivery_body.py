"""What a thread reply sends Slack is what slack_sdk's chat_postMessage would send for it."""

from __future__ import annotations

import pytest

from bot import api, render
from bot.slack.delivery import Delivery, answer_metadata
from bot.slack.replies import Reply
from testing.fake_slack import BOT_TOKEN, FakeSlack

CHANNEL, THREAD = "CBODY", "1700000000.000002"


@pytest.fixture
async def fake():
    fake = await FakeSlack().start()
    yield fake
    await fake.stop()


async def test_a_thread_reply_sends_the_body_and_headers_chat_postmessage_would(fake):
    result = api.explain_result('{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure"}}}')
    reply = Reply(render.fallback_text(result, "en"), render.explain_blocks(result, "en"), "tencent", True)
    delivery = Delivery(timeout=5.0)
    await delivery.start()
    try:
        client = delivery.web_client(BOT_TOKEN, fake.api_url)
        assert await delivery.post_reply_in_thread(client, CHANNEL, THREAD, reply, answers=THREAD)
        await client.chat_postMessage(
            channel=CHANNEL,
            thread_ts=THREAD,
            unfurl_links=False,
            unfurl_media=False,
            metadata=answer_metadata("tencent", THREAD),
            **reply.message(),
        )
    finally:
        await delivery.close()
    ours, sdk = fake.calls_to("chat.postMessage")
    assert ours.args == sdk.args and ours.args["blocks"] and ours.args["unfurl_links"] is False
    assert ours.path == sdk.path
    for header in ("Content-Type", "Authorization", "User-Agent"):
        assert ours.headers.get(header) == sdk.headers.get(header)


async def test_a_message_of_slack_sdk_models_or_without_text_is_still_sent_as_slack_sdk_sends_it(fake):
    from slack_sdk.models.blocks import SectionBlock

    delivery = Delivery(timeout=5.0)
    await delivery.start()
    try:
        client = delivery.web_client(BOT_TOKEN, fake.api_url)
        assert await delivery.post_message(client, "message", channel=CHANNEL, text="hi", blocks=[SectionBlock(text="hi")])
        assert await delivery.post_message(client, "message", channel=CHANNEL, text=None, blocks=[{"type": "divider"}])
    finally:
        await delivery.close()
    models, no_text = fake.calls_to("chat.postMessage")
    assert models.args["blocks"] == [{"type": "section", "text": {"type": "mrkdwn", "text": "hi"}}]
    assert "text" not in no_text.args and no_text.args["blocks"] == [{"type": "divider"}]


class _CountedRepr(str):
    reprs = 0

    def __repr__(self) -> str:
        type(self).reprs += 1
        return super().__repr__()


@pytest.mark.parametrize(("level", "built"), [("INFO", False), ("DEBUG", True)])
async def test_slack_sdk_builds_its_debug_lines_only_when_debug_is_logged(fake, monkeypatch, level, built):
    # its debug line holds the whole request body, built whenever its own logger's level is unset
    import io
    import logging

    from bot import logs

    monkeypatch.setenv(logs.ENV_LEVEL, level)
    handler = logs.configure("json", stream=io.StringIO())
    delivery = Delivery(timeout=5.0)
    await delivery.start()
    _CountedRepr.reprs = 0
    try:
        client = delivery.web_client(BOT_TOKEN, fake.api_url)
        assert await delivery.post_message(client, "message", channel=CHANNEL, text=_CountedRepr("hi"))
        assert await delivery.respond(fake.response_url("c1"), "command", text=_CountedRepr("hi"))
    finally:
        await delivery.close()
        logging.getLogger().removeHandler(handler)
        logging.getLogger().setLevel(logging.WARNING)
    assert (_CountedRepr.reprs > 0) is built
