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
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}


class RedactSecrets(logging.Filter):
    """Replace Slack tokens and known secret values in the final message with a placeholder."""

    def __init__(self, secrets: list[str] | None = None):
        super().__init__()
        self.secrets = [s for s in (secrets or []) if s and len(s) >= 8]

    def scrub(self, text: str) -> str:
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
        for key, value in list(record.__dict__.items()):
            if key not in _STANDARD and isinstance(value, str):
                record.__dict__[key] = self.scrub(value)
        record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        obj = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
            "request_id": getattr(record, "request_id", request_id.get()),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and key not in obj and key != "request_id":
                obj[key] = value if isinstance(value, (str, int, float, bool, type(None))) else repr(value)
        return json.dumps(obj, ensure_ascii=False)


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
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == "errcode"]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(os.environ.get(ENV_LEVEL, "INFO").upper())
    return handler
