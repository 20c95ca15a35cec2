"""ASGI plumbing shared by the public API, its middleware and the admin API: a reply, reading a
bounded body, sending a reply whole, broken or cut short. No emulator state, no spec."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from .validation import MAX_BODY_BYTES, BadRequest

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

JSON_HEADERS = [(b"content-type", b"application/json")]


class Reply:
    """A response to send: status, body bytes and extra headers."""

    __slots__ = ("body", "headers", "media", "status")

    def __init__(self, status: int, body: bytes, headers: list[tuple[bytes, bytes]] | None = None) -> None:
        self.status, self.body, self.headers = status, body, headers or []
        self.media = b"application/json"


async def read_body(receive: Receive, limit: int = MAX_BODY_BYTES, timeout: float | None = None) -> bytes:
    """The whole body, refused (BadRequest) past `limit` bytes or `timeout` seconds."""
    if timeout is None:
        return await _read_chunks(receive, limit)
    try:
        return await asyncio.wait_for(_read_chunks(receive, limit), timeout)
    except TimeoutError as exc:
        raise BadRequest("the body did not arrive in time") from exc


async def _read_chunks(receive: Receive, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise BadRequest("the body is too large")
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


async def answer(send: Send, reply: Reply) -> Reply:
    await send_reply(send, reply)
    return reply


async def send_reply(send: Send, reply: Reply, media: bytes | None = None) -> None:
    headers = [
        (b"content-type", media or reply.media),
        (b"content-length", str(len(reply.body)).encode()),
        *reply.headers,
    ]
    await send({"type": "http.response.start", "status": reply.status, "headers": headers})
    await send({"type": "http.response.body", "body": reply.body})


async def drop(send: Send) -> None:
    """A dropped connection: the status line goes out, then the connection closes with no body.

    ASGI has no way to close a connection before the status line; the server closes it because the
    response never completes, so the client sees a broken response (httpx: RemoteProtocolError).
    """
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"64")]})


async def truncate(send: Send, reply: Reply) -> None:
    """Half the body under a Content-Length for all of it, then the connection closes."""
    full = len(reply.body)
    await send(
        {
            "type": "http.response.start",
            "status": reply.status,
            "headers": [*JSON_HEADERS, (b"content-length", str(full).encode())],
        }
    )
    await send({"type": "http.response.body", "body": reply.body[: full // 2], "more_body": True})
