"""The ceiling of the emulator benchmark: a bare ASGI app that answers every request with the same
pre-recorded bytes, served by the same uvicorn. Nothing can be faster under that server, so the
emulator's requests per second divided by this app's is the share of the server's capacity it keeps.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]

BODY = Path(os.environ.get("KOODRIVE_CEILING_BODY", "/dev/null")).read_bytes()
HEADERS = [(b"content-type", b"application/json"), (b"content-length", str(len(BODY)).encode())]


async def app(
    scope: Scope, receive: Callable[[], Awaitable[Message]], send: Callable[[Message], Awaitable[None]]
) -> None:
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": BODY})
