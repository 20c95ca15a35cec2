"""The ceiling of the emulator benchmark: a bare ASGI app that answers each path with the bytes the
emulator answered it with, served by the same server stack. Nothing can be faster under that
server, so the emulator's requests per second divided by this app's is the share of the server's
capacity it keeps.

`KOODRIVE_CEILING_BODIES` names a JSON file `{path: body file}`; any other path gets an empty 404.
"""

from __future__ import annotations

import json
import os
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]


def _load() -> dict[str, tuple[list[tuple[bytes, bytes]], bytes]]:
    table = os.environ.get("KOODRIVE_CEILING_BODIES")
    if not table:
        return {}
    out = {}
    for path, body_file in json.loads(Path(table).read_text(encoding="utf-8")).items():
        body = Path(body_file).read_bytes()
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        out[path] = (headers, body)
    return out


ANSWERS = _load()
MISSING = ([(b"content-length", b"0")], b"")


async def app(
    scope: Scope, receive: Callable[[], Awaitable[Message]], send: Callable[[Message], Awaitable[None]]
) -> None:
    if scope["type"] != "http":
        return
    answer = ANSWERS.get(scope["path"])
    headers, body = answer or MISSING
    await send({"type": "http.response.start", "status": 200 if answer else 404, "headers": headers})
    await send({"type": "http.response.body", "body": body})
