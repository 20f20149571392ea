"""Logging: one JSON object per line in production, readable lines in development.

Every record carries the id of the request it belongs to (a contextvar set by the Slack layer),
and a last-line filter scrubs anything shaped like a Slack token or the signing secret, so a
secret never reaches the logs even if some library logs a header.
"""

from __future__ import annotations

import contextvars
import json
import logging
import os
import re
import sys
import time

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

ENV_FORMAT = "ERRCODE_LOG_FORMAT"  # json | text; default: json unless stderr is a terminal
ENV_LEVEL = "ERRCODE_LOG_LEVEL"
_TOKEN = re.compile(r"\b(xox[abposr]|xapp|xoxe(?:\.xox[bp])?)-[A-Za-z0-9-]{6,}")
_STANDARD = frozenset(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}
_OURS = _STANDARD | {"ts", "level", "logger", "request_id"}  # extras by these names are not written
_TOKEN_STARTS = ("xox", "xapp")  # what every match of _TOKEN begins with: most texts hold neither
# One encoder for every line (json.dumps with options builds one per call); json.dumps's
# separators, so a line reads (and greps) as it always has.
_encode = json.JSONEncoder(ensure_ascii=False).encode


class RedactSecrets(logging.Filter):
    """Replace Slack tokens and known secret values in the final message with a placeholder."""

    def __init__(self, secrets: list[str] | None = None):
        super().__init__()
        self.secrets = [s for s in (secrets or []) if s and len(s) >= 8]

    def scrub(self, text: str) -> str:
        if _TOKEN_STARTS[0] in text or _TOKEN_STARTS[1] in text:
            text = _TOKEN.sub(lambda m: f"{m.group(1)}-[redacted]", text)
        for secret in self.secrets:
            text = text.replace(secret, "[redacted]")
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = self.scrub(message)
        if record.exc_info:
            # Format the traceback now so it can be scrubbed too.
            cleaned += "\n" + self.scrub(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
            record.exc_text = None
        record.msg, record.args = cleaned, None
        fields = record.__dict__
        for key, value in fields.items():  # values replaced in place: the keys don't change
            if key not in _STANDARD and isinstance(value, str):
                fields[key] = self.scrub(value)
        record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ts, level, logger, msg, request_id, then the extras in
    the order given (anything not a plain value as its repr)."""

    def __init__(self):
        super().__init__()
        self._second = (None, "")  # (whole second, its "%Y-%m-%dT%H:%M:%S"): one tuple, swapped whole

    def format(self, record: logging.LogRecord) -> str:
        second = int(record.created)
        stamp = self._second
        if stamp[0] != second:
            stamp = self._second = (second, time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second)))
        obj = {
            "ts": f"{stamp[1]}.{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
            "request_id": getattr(record, "request_id", request_id.get()),
        }
        for key, value in record.__dict__.items():
            if key not in _OURS:
                obj[key] = value if isinstance(value, _PLAIN) else repr(value)
        return _encode(obj)


_PLAIN = (str, int, float, bool, type(None))


class TextFormatter(logging.Formatter):
    def __init__(self):
        super().__init__("%(asctime)s %(levelname)-7s %(name)s [%(request_id)s] %(message)s", "%H:%M:%S")

    def format(self, record: logging.LogRecord) -> str:
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get()
        return super().format(record)


def configure(fmt: str | None = None, *, secrets: list[str] | None = None, stream=None) -> logging.Handler:
    """Install errcode's handler on the root logger (replacing a previous one of ours)."""
    stream = stream or sys.stderr
    fmt = (fmt or os.environ.get(ENV_FORMAT) or ("text" if stream.isatty() else "json")).lower()
    handler = logging.StreamHandler(stream)
    handler.set_name("errcode")
    handler.addFilter(RedactSecrets(secrets))
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    if fmt == "json":
        # What no JSON line carries, not gathered per record (the logging docs' "Optimization"):
        # the caller's frame (file, line), the process and multiprocessing names.
        logging._srcfile = None
        logging.logProcesses = logging.logMultiprocessing = False
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == "errcode"]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(os.environ.get(ENV_LEVEL, "INFO").upper())
    for name in _SLACK_SDK_LOGGERS:
        logging.getLogger(name).setLevel(root.level)
    return handler


# slack_sdk builds its debug lines (the whole request body and headers, per call) whenever its
# loggers' own level is unset (`logger.level <= DEBUG`), whatever the root logs: given ours.
_SLACK_SDK_LOGGERS = (
    "slack_sdk.web.async_base_client",
    "slack_sdk.web.async_slack_response",
    "slack_sdk.webhook.async_client",
    "slack_sdk.web.base_client",
    "slack_sdk.web.slack_response",
    "slack_sdk.webhook.client",
)
