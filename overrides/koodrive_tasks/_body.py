"""Reading a response body within bounds: its decompressed size (`max_response_bytes`) and the
attempt's whole-response deadline, on the httpx paths (the own pools, a caller's client, and
`DefaultAioHttpClient`, whose aiohttp transport hands httpx the raw compressed bytes).

httpx's `read()` inflates each raw chunk whole: a 64 KB chunk of a gzip bomb becomes 64 MB at
once, and nothing stops the total. Here gzip and deflate are inflated by `zlib` with `max_length`
(at most `PIECE` bytes per step), so the count is checked after every MiB produced and the read
stops at the cap, not after it; other encodings (br, zstd, stacked ones) go through httpx's own
decoder, checked after every chunk. A plain body whose Content-Length fits the cap is read as
httpx reads it (the framing bounds it): the common answer pays nothing extra.

Large bodies are parsed off the caller's thread (`PARSE_IN_THREAD_BYTES`), by `parse_json`, which
walks the top levels of the document in Python and hands each element below to the C decoder: the
GIL is released between elements, so an event loop (or a thread waiting on the deadline) runs
every few milliseconds instead of waiting for one C call over 100 MB.
"""

from __future__ import annotations

import asyncio
import json
import time
import zlib
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx

from ._errors import APITimeoutError, ResponseFormatError, ResponseTooLargeError
from ._httpx_internals import keep_content, read_already

PIECE = 1 << 20
"""Bytes inflated per step: the granularity of the size and deadline checks."""
PARSE_IN_THREAD_BYTES = 1 << 20
"""Bodies larger than this are parsed in a worker thread (async: off the event loop; both: within
the attempt's deadline)."""
SPLIT_DEPTH = 3
"""`parse_json` walks objects and arrays in Python down to this depth; each value below is one call
into the C decoder (a getJob body: envelope, `data`, `subFileList`, then one file result per call)."""


def too_large(status: int, limit: int) -> ResponseTooLargeError:
    return ResponseTooLargeError(
        f"the response body passed max_response_bytes ({limit} bytes, decompressed)",
        status_code=status,
        limit=limit,
    )


class _Inflate:
    """gzip or deflate, `PIECE` bytes out at most per step (deflate: zlib-wrapped, or raw as some
    servers send it, as httpx reads it)."""

    def __init__(self, encoding: str) -> None:
        self.gzip = encoding in ("gzip", "x-gzip")
        self.first = True
        self.engine = zlib.decompressobj(zlib.MAX_WBITS | 16 if self.gzip else zlib.MAX_WBITS)

    def feed(self, data: bytes) -> Iterator[bytes]:
        try:
            while data:
                try:
                    out = self.engine.decompress(data, PIECE)
                except zlib.error:
                    if self.gzip or not self.first:
                        raise
                    self.engine = zlib.decompressobj(-zlib.MAX_WBITS)
                    out = self.engine.decompress(data, PIECE)
                self.first = False
                data = self.engine.unconsumed_tail
                if out:
                    yield out
        except zlib.error:
            raise ResponseFormatError("the body could not be decoded (zlib.error)", status_code=0) from None

    def flush(self) -> bytes:
        try:
            return self.engine.flush()
        except zlib.error:
            raise ResponseFormatError("the body could not be decoded (zlib.error)", status_code=0) from None


def _plan(response: httpx.Response, limit: int) -> tuple[bool, _Inflate | None]:
    """(read it as httpx does, own inflater or None for httpx's decoder)."""
    known = read_already(response)  # a transport that built it from bytes
    if known is not None:
        if len(known) > limit:
            raise too_large(response.status_code, limit)
        return True, None
    headers = response.headers
    encoding = headers.get("content-encoding", "").strip().lower()
    if encoding in ("", "identity"):
        length = headers.get("content-length")
        if length is not None and length.isdigit():
            if int(length) > limit:
                raise too_large(response.status_code, limit)
            return True, None
        return False, None
    if encoding in ("gzip", "x-gzip", "deflate"):
        return False, _Inflate(encoding)
    return False, None


class _Count:
    __slots__ = ("end", "limit", "parts", "size", "status")

    def __init__(self, status: int, limit: int, end: float | None) -> None:
        self.status, self.limit, self.end = status, limit, end
        self.parts: list[bytes] = []
        self.size = 0

    def add(self, piece: bytes) -> None:
        self.size += len(piece)
        if self.size > self.limit:
            self.parts.clear()
            raise too_large(self.status, self.limit)
        if self.end is not None and time.monotonic() > self.end:
            self.parts.clear()
            raise APITimeoutError(
                "no complete response within the whole-response deadline (reading the body)"
            )
        self.parts.append(piece)

    def content(self) -> bytes:
        return self.parts[0] if len(self.parts) == 1 else b"".join(self.parts)

    def kept(self, response: httpx.Response, inflate: _Inflate | None) -> bytes:
        """The body read (the inflater's last bytes included), stored as the response's content
        too (`response.content`)."""
        if inflate is not None:
            self.add(inflate.flush())
        content = self.content()
        keep_content(response, content)
        return content


def read(response: httpx.Response, limit: int, end: float | None = None) -> bytes:
    """The whole decoded body of a streamed response, at most `limit` bytes; closes it."""
    try:
        whole, inflate = _plan(response, limit)
        if whole:
            return response.read()
        count = _Count(response.status_code, limit, end)
        if inflate is None:
            for chunk in response.iter_bytes():
                count.add(chunk)
        else:
            for raw in response.iter_raw():
                for piece in inflate.feed(raw):
                    count.add(piece)
        return count.kept(response, inflate)
    except ResponseFormatError as exc:
        exc.status_code = exc.status_code or response.status_code
        raise
    finally:
        response.close()


async def aread(response: httpx.Response, limit: int, end: float | None = None) -> bytes:
    """`read` for an async response."""
    try:
        whole, inflate = _plan(response, limit)
        if whole:
            return await response.aread()
        count = _Count(response.status_code, limit, end)
        if inflate is None:
            async for chunk in response.aiter_bytes():
                count.add(chunk)
        else:
            async for raw in response.aiter_raw():
                for piece in inflate.feed(raw):
                    count.add(piece)
                    await asyncio.sleep(0)  # a 64 KB chunk may inflate to 64 MB: let the loop run
        return count.kept(response, inflate)
    except ResponseFormatError as exc:
        exc.status_code = exc.status_code or response.status_code
        raise
    finally:
        await response.aclose()


async def read_chunks(chunks: AsyncIterator[bytes], status: int, limit: int) -> bytes:
    """The body of a decoded chunk stream (aiohttp's, already inflated in bounded steps), at most
    `limit` bytes."""
    count = _Count(status, limit, None)
    async for chunk in chunks:
        count.add(chunk)
    return count.content()


# --- parsing large bodies in steps --------------------------------------------------------------

_WS = " \t\n\r"
_DECODER = json.JSONDecoder()


def parse_json(content: bytes, deadline: float | None = None) -> Any:
    """`json.loads(content)` for a large body, in steps: objects and arrays down to `SPLIT_DEPTH`
    are walked here, each value below decoded by the C decoder in one call. Same result as
    `json.loads` (same errors: ValueError, RecursionError). Past `deadline` (time.monotonic) it
    stops with APITimeoutError: a parse the caller stopped waiting for does not run on."""
    text = content.decode(json.detect_encoding(content), "surrogatepass")
    value, end = _value(text, _skip(text, 0), 0, deadline)
    end = _skip(text, end)
    if end != len(text):
        raise json.JSONDecodeError("Extra data", text, end)
    return value


def _skip(text: str, at: int) -> int:
    n = len(text)
    while at < n and text[at] in _WS:
        at += 1
    return at


def _opened(text: str, at: int, close: str) -> tuple[bool, int]:
    """Just inside `[` or `{`: (True, the end) when `close` follows at once, else (False, the first
    item's start)."""
    at = _skip(text, at)
    return (True, at + 1) if text.startswith(close, at) else (False, at)


def _after_item(text: str, at: int, close: str) -> tuple[bool, int]:
    """After an item: (True, the end) when `close` ends the container, else (False, the next item's
    start, past the `,` that must come)."""
    at = _skip(text, at)
    if text.startswith(close, at):
        return True, at + 1
    if not text.startswith(",", at):
        raise json.JSONDecodeError("Expecting ',' delimiter", text, at)
    return False, _skip(text, at + 1)


def _value(text: str, at: int, depth: int, deadline: float | None) -> tuple[Any, int]:
    if depth >= SPLIT_DEPTH or at >= len(text) or text[at] not in "[{":
        return _DECODER.raw_decode(text, at)
    if text[at] == "[":
        items: list[Any] = []
        closed, at = _opened(text, at + 1, "]")
        while not closed:
            item, at = _value(text, at, depth + 1, deadline)
            items.append(item)
            if deadline is not None and not len(items) & 1023 and time.monotonic() > deadline:
                raise APITimeoutError(
                    "no complete response within the whole-response deadline (parsing the body)"
                )
            closed, at = _after_item(text, at, "]")
        return items, at
    obj: dict[str, Any] = {}
    closed, at = _opened(text, at + 1, "}")
    while not closed:
        if not text.startswith('"', at):
            raise json.JSONDecodeError("Expecting property name enclosed in double quotes", text, at)
        key, at = _DECODER.raw_decode(text, at)
        at = _skip(text, at)
        if not text.startswith(":", at):
            raise json.JSONDecodeError("Expecting ':' delimiter", text, at)
        obj[key], at = _value(text, _skip(text, at + 1), depth + 1, deadline)
        closed, at = _after_item(text, at, "}")
    return obj, at
