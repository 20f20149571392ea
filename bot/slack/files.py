"""The text of files and snippets shared in a message (`file_share`), read like a paste.

Only text: a snippet, or a file whose type Slack calls text (plain text, logs, JSON, code).
Images, binaries and anything over MAX_FILE_BYTES are skipped without a word. A file is read
from `url_private` with the bot token (files:read), in memory only (never written to disk), at
most MAX_FILE_BYTES of it, within a timeout, under the one retry policy (bot/slack/retry.py):
re-sent only when the connection could not be made. When the event carries only the file's id
(`file_access: check_file_info`), files.info gives the rest. The token is sent only to Slack's
own hosts (files.slack.com, and SLACK_API_URL's host).
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

import aiohttp
from slack_sdk.web.async_client import AsyncWebClient

from bot import metrics
from bot.slack import retry
from bot.slack.delivery import Delivery

log = logging.getLogger("errcode.slack")

MAX_FILE_BYTES = 256 * 1024  # a log or a payload; a bigger file is not pasted, it is uploaded
MAX_FILES = 3  # per message
# Downloads under way at once: beyond it a file is skipped (logged, counted), so a flood of
# shared files can hold at most this many x MAX_FILE_BYTES in memory.
MAX_DOWNLOADS = 16
SLACK_FILE_HOSTS = {"files.slack.com", "slack-files.com"}
# Slack's filetype ids of text files (https://api.slack.com/types/file#types), beside text/* types.
TEXT_FILETYPES = {
    "text",
    "txt",
    "log",
    "json",
    "javascript",
    "js",
    "typescript",
    "python",
    "java",
    "kotlin",
    "swift",
    "go",
    "c",
    "cpp",
    "csharp",
    "objc",
    "shell",
    "bash",
    "sql",
    "xml",
    "yaml",
    "toml",
    "ini",
    "html",
    "css",
    "markdown",
    "post",
    "diff",
    "csv",
    "tsv",
    "php",
    "ruby",
    "rust",
    "dart",
    "scala",
    "powershell",
}
TEXT_MIMETYPES = {
    "application/json",
    "application/xml",
    "application/javascript",
    "application/x-yaml",
    "application/x-sh",
    "application/toml",
}


@dataclass(frozen=True)
class _Download:
    """One GET, shaped as retry.judge reads a response (status_code, headers)."""

    status_code: int
    headers: dict
    body: bytes
    content_type: str = ""


def is_text(file: dict) -> bool:
    if file.get("mode") == "snippet":
        return True
    mimetype = str(file.get("mimetype") or "").split(";")[0].strip().lower()
    filetype = str(file.get("filetype") or "").lower()
    if mimetype.startswith(("image/", "video/", "audio/")):
        return False
    return mimetype.startswith("text/") or mimetype in TEXT_MIMETYPES or filetype in TEXT_FILETYPES


def _small_enough(file: dict) -> bool:
    size = file.get("size")
    return isinstance(size, int) and 0 < size <= MAX_FILE_BYTES


def _allowed_host(url: str, client: AsyncWebClient) -> bool:
    host = urlsplit(url).hostname or ""
    api_host = urlsplit(client.base_url).hostname or ""
    return host in SLACK_FILE_HOSTS or (bool(host) and host == api_host)


async def _complete(file: dict, client: AsyncWebClient, delivery: Delivery) -> dict | None:
    """The file object with url_private, size and type: asks files.info when the event had only the id."""
    if file.get("url_private") and "size" in file and file.get("file_access") != "check_file_info":
        return file
    if not isinstance(file.get("id"), str):
        return None
    outcome = await delivery.web_api("files.info", client.files_info, file=file["id"], count=0)
    if not outcome.ok:
        log.info("files.info failed; file skipped", extra={"error": outcome.error or outcome.fate.value})
        return None
    data = getattr(outcome.response, "data", None)
    info = data.get("file") if isinstance(data, dict) else None
    return info if isinstance(info, dict) else None


async def _download(url: str, token: str, delivery: Delivery) -> _Download:
    async with contextlib.AsyncExitStack() as stack:
        session = delivery.session  # the keep-alive session once the server runs
        if session is None:
            limit = aiohttp.ClientTimeout(total=delivery.timeout)
            session = await stack.enter_async_context(aiohttp.ClientSession(timeout=limit))
        response = await stack.enter_async_context(
            session.get(url, headers={"Authorization": f"Bearer {token}"}, allow_redirects=False)
        )
        body = b""
        if response.status == 200:
            body = await response.content.read(MAX_FILE_BYTES + 1)
        return _Download(
            response.status, dict(response.headers), body, response.headers.get("Content-Type", "")
        )


def _decode(body: bytes) -> str | None:
    if len(body) > MAX_FILE_BYTES or b"\x00" in body[:8192]:
        return None  # bigger than it said, or binary after all
    return body.decode("utf-8", errors="replace")


class FileReader:
    """Reads the files shared in messages, at most `max_downloads` at once. Built once by
    create_app; its counter is only touched on the event loop's thread."""

    def __init__(self, delivery: Delivery, max_downloads: int = MAX_DOWNLOADS):
        self.delivery = delivery  # the retry policy and the keep-alive session
        self.max_downloads = max_downloads
        self.downloading = 0

    async def file_text(self, file: dict, client: AsyncWebClient) -> str | None:
        """The text of one shared file, or None (not text, too big, unreadable): never raises."""
        if not isinstance(file, dict) or (file.get("mimetype") and not is_text(file)):
            return None
        info = await _complete(file, client, self.delivery)
        if info is None or not is_text(info) or not _small_enough(info):
            return None
        url = info.get("url_private")
        if not isinstance(url, str) or not client.token or not _allowed_host(url, client):
            log.warning("file URL not on a Slack host; not fetched")
            return None
        if self.downloading >= self.max_downloads:
            metrics.ERRORS.labels("file_downloads_shed").inc()
            log.warning("too many files being read at once; file skipped")
            return None
        self.downloading += 1
        try:
            outcome = await retry.call(
                lambda: _download(url, client.token, self.delivery), "files.download", self.delivery.policy
            )
        finally:
            self.downloading -= 1
        if not outcome.ok:
            log.info("file download failed; file skipped", extra={"error": outcome.error or outcome.reason})
            return None
        served = outcome.response.content_type.lower()
        if served.startswith("text/html") and str(info.get("filetype") or "").lower() != "html":
            log.info("Slack served a page instead of the file (files:read missing?); file skipped")
            return None
        return _decode(outcome.response.body)

    async def message_text(self, event: dict, client: AsyncWebClient) -> str:
        """A message's text with the text of its shared files after it, as one paste."""
        text = event.get("text") or ""
        files = event.get("files")
        if event.get("subtype") != "file_share" and not files:
            return text
        parts = [text] if text else []
        for file in (files if isinstance(files, list) else [])[:MAX_FILES]:
            content = await self.file_text(file, client)
            if content:
                parts.append(content)
        return "\n".join(parts)
