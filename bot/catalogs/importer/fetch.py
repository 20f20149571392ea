"""Fetch a page by URL with aiohttp: bounded in time and size, decoded as the server says."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from urllib.parse import urlsplit

import aiohttp

MAX_BYTES = 20 * 1024 * 1024  # the largest SDK header seen is ~300 KB; a saved page a few MB
TIMEOUT_SECONDS = 30
MAX_REDIRECTS = 5


class FetchError(Exception):
    pass


@dataclass
class Fetched:
    url: str  # after redirects
    text: str
    content_type: str | None


def is_url(value: str) -> bool:
    return urlsplit(value).scheme in ("http", "https")


async def fetch_page(url: str, *, max_bytes: int = MAX_BYTES, timeout: float = TIMEOUT_SECONDS) -> Fetched:
    if not is_url(url):
        raise FetchError(f"not an http(s) URL: {url}")
    client_timeout = aiohttp.ClientTimeout(total=timeout)
    headers = {"User-Agent": "errcode-catalog-importer", "Accept": "text/html,text/markdown,text/plain,*/*"}
    try:
        async with aiohttp.ClientSession(timeout=client_timeout, headers=headers) as session:
            async with session.get(url, max_redirects=MAX_REDIRECTS) as response:
                if response.status != 200:
                    raise FetchError(f"{url} answered HTTP {response.status}")
                if response.content_length is not None and response.content_length > max_bytes:
                    raise FetchError(f"{url} is {response.content_length} bytes, more than {max_bytes}")
                body = bytearray()
                async for chunk in response.content.iter_chunked(65536):
                    body += chunk
                    if len(body) > max_bytes:
                        raise FetchError(f"{url} is more than {max_bytes} bytes")
                charset = response.charset or "utf-8"
                try:
                    text = bytes(body).decode(charset)
                except (LookupError, UnicodeDecodeError):
                    try:
                        text = bytes(body).decode("utf-8")
                    except UnicodeDecodeError as exc:
                        raise FetchError(f"{url} is not text in {charset} or UTF-8") from exc
                return Fetched(str(response.url), text, response.content_type)
    except asyncio.TimeoutError as exc:
        raise FetchError(f"{url} did not answer within {timeout:g} s") from exc
    except aiohttp.TooManyRedirects as exc:
        raise FetchError(f"{url} redirects more than {MAX_REDIRECTS} times") from exc
    except aiohttp.ClientError as exc:
        raise FetchError(f"cannot fetch {url}: {exc}") from exc
