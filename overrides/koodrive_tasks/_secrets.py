"""Secrets stay out of reprs, tracebacks and exception text.

`Secret` is a `str` whose `repr()` is `'***'`: the resources wrap `password` and `kdstoken` in it
as soon as a public method receives them, so every object that holds one afterwards (the generated
request model, its `to_dict()`, the `Call`, the frames of the client's own functions) shows `'***'`
where `traceback.TracebackException(capture_locals=True)`, `pytest --showlocals` or a logger print
it. It is still the real string for JSON encoding and signing (json and httpx read the characters,
not the repr).

`scrub()` takes out of a server's text what the client knows to be secret (the token, the app
secret, the request's secrets) and anything shaped like a credential (`Bearer …`, `Signature=…`):
a server that echoes the Authorization header into `msg` must not put the token into `str(exc)`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

REDACTED = "***"
MIN_SECRET = 4  # shorter "secrets" would scrub ordinary words out of messages
_CREDENTIAL = re.compile(r"(?i)(bearer[ +]?|signature=|app_?secret[=:]\s*|kdstoken[=:\"' ]+)[^\s\"',;&]+")


class Secret(str):
    """A string that never shows itself in a repr."""

    __slots__ = ()

    def __repr__(self) -> str:
        return repr(REDACTED)


def secret(value: str | None) -> Secret | None:
    return None if value is None else Secret(value)


def secrets_in(value: Any, found: set[str] | None = None, depth: int = 0) -> set[str]:
    """Every `Secret` inside a request's JSON arguments (dicts and lists, a bounded depth)."""
    found = set() if found is None else found
    if isinstance(value, Secret):
        found.add(str.__str__(value))
    elif depth < 20 and isinstance(value, dict):
        for item in value.values():
            secrets_in(item, found, depth + 1)
    elif depth < 20 and isinstance(value, list | tuple):
        for item in value:
            secrets_in(item, found, depth + 1)
    return found


def scrub(text: str, secrets: Iterable[str]) -> str:
    """`text` with each known secret and each credential-shaped token replaced by `***`."""
    for value in secrets:
        if len(value) >= MIN_SECRET and value in text:
            text = text.replace(value, REDACTED)
    return _CREDENTIAL.sub(lambda m: m.group(1) + REDACTED, text)


def scrub_bytes(content: bytes, secrets: Iterable[str]) -> bytes:
    """The same, on a raw body before it is parsed (so `error.body` holds no echoed secret)."""
    for value in secrets:
        raw = value.encode("utf-8", "replace")
        if len(value) >= MIN_SECRET and raw in content:
            content = content.replace(raw, REDACTED.encode())
    if not _CREDENTIAL_BYTES.search(content):
        return content
    return _CREDENTIAL_BYTES.sub(lambda m: m.group(1) + REDACTED.encode(), content)


_CREDENTIAL_BYTES = re.compile(_CREDENTIAL.pattern.encode())
