import io
import json
import logging

import pytest

from bot import lang, logs


@pytest.mark.parametrize(
    ("query", "rest", "chosen"),
    [
        ("433 lang:zh", "433", "zh"),
        ("lang: en 签名过期", "签名过期", "en"),
        ("--lang en 433", "433", "en"),
        ("433 LANG=中文", "433", "zh"),
        ("golang: 433", "golang: 433", None),
        ("slang:en", "slang:en", None),
    ],
)
def test_lang_token_is_taken_out_of_the_query(query, rest, chosen):
    assert lang.split_lang_token(query) == (rest, chosen)


def test_answer_language_order():
    assert lang.answer_language("433", explicit="zh", locale="en-US", env="en") == "zh"
    assert lang.answer_language("签名过期", locale="en-US", env="en") == "zh"
    assert lang.answer_language("signature expired", explicit="en") == "en"
    assert lang.answer_language("433", locale="zh-CN", env="en") == "zh"
    assert lang.answer_language("433", locale="fr-FR", env="zh") == "zh"
    assert lang.answer_language("433", locale=None, env="") == "en"


def _capture(fmt):
    stream = io.StringIO()
    handler = logs.configure(fmt, secrets=["s3cr3t-signing-value"], stream=stream)
    return stream, handler


def test_json_logs_carry_request_id_and_never_secrets():
    stream, handler = _capture("json")
    try:
        token = logs.request_id.set("Ev123")
        log = logging.getLogger("errcode.test")
        log.info("calling with xoxb-1234-5678-abcdefgh and s3cr3t-signing-value", extra={"channel": "C1"})
        try:
            raise RuntimeError("boom xapp-1-A1-2-abcdef")
        except RuntimeError:
            log.exception("failed")
        logs.request_id.reset(token)
    finally:
        logging.getLogger().removeHandler(handler)
    lines = [json.loads(line) for line in stream.getvalue().splitlines() if line.startswith("{")]
    assert lines[0]["request_id"] == "Ev123" and lines[0]["channel"] == "C1"
    text = stream.getvalue()
    assert "xoxb-1234" not in text and "s3cr3t-signing-value" not in text and "xapp-1-A1" not in text
    assert "[redacted]" in lines[0]["msg"] and "RuntimeError" in lines[1]["msg"]


def test_text_logs_are_readable():
    stream, handler = _capture("text")
    try:
        logging.getLogger("errcode.test").warning("hello")
    finally:
        logging.getLogger().removeHandler(handler)
    assert "WARNING" in stream.getvalue() and "hello" in stream.getvalue()


def test_a_json_log_line_is_one_object_with_its_fields_in_order():
    stream, handler = _capture("json")
    try:
        token = logs.request_id.set("Ev1")
        for created, msecs, channel in (
            (1796138529.945, 945, "C1"),
            (1796138530.002, 2, "C2"),
            (1796138529.5, 500, "xoxb-1234-5678-abcdefgh"),
        ):
            record = logging.getLogger("errcode.slack").makeRecord(
                "errcode.slack", logging.INFO, __file__, 1, "answered %s", ("in thread",), None,
                extra={"channel": channel, "follow_up": False, "matched": True, "n": 2, "vendors": ["a"]},
            )
            record.created, record.msecs = created, msecs
            handler.handle(record)
        logs.request_id.reset(token)
    finally:
        logging.getLogger().removeHandler(handler)
    assert stream.getvalue().splitlines() == [
        '{"ts": "2026-12-01T15:22:09.945Z", "level": "info", "logger": "errcode.slack", "msg": "answered in thread", '
        '"request_id": "Ev1", "channel": "C1", "follow_up": false, "matched": true, "n": 2, "vendors": "[\'a\']"}',
        '{"ts": "2026-12-01T15:22:10.002Z", "level": "info", "logger": "errcode.slack", "msg": "answered in thread", '
        '"request_id": "Ev1", "channel": "C2", "follow_up": false, "matched": true, "n": 2, "vendors": "[\'a\']"}',
        '{"ts": "2026-12-01T15:22:09.500Z", "level": "info", "logger": "errcode.slack", "msg": "answered in thread", '
        '"request_id": "Ev1", "channel": "xoxb-[redacted]", "follow_up": false, "matched": true, "n": 2, "vendors": "[\'a\']"}',
    ]
