"""HTTP logging for people debugging the wire: `KOODRIVE_LOG=debug` (as openai-python's OPENAI_LOG).

With `KOODRIVE_LOG=debug` (or `info`) each request and the raw response it got go to the
`koodrive_tasks` logger, with a stderr handler when the application configured none. `debug` adds
the headers and the raw body: it is how a user with real credentials sees whether the server sent
`taskList` or `taskListDtos`. Secrets never reach the log: the Authorization value (token or
signature), `kdstoken`, `password`, any `*token`/`*secret` field or query parameter become `***`.

A server or proxy that echoes a credential back (in another header, under an innocent JSON key,
in free text, URL-encoded, JSON-escaped, base64, an HTML page) is caught by value, not by name: the
log knows the exact secrets the request carried (the sender hands over its auth's token or app
secret and the request's `Secret` arguments; the request's own Authorization, cookies and secret
fields are read from it) and scrubs each of them, in each of its encodings, from every header value
and body it prints (`_secrets.scrub`, the same mechanism as error messages). Rendering never raises
into the call: a failure to render logs one line instead (and no frame of it outlives the call).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import httpx

# What a credential looks like has one home, _secrets; its names stay importable from here (the
# CLI and the probe's recorded pairs mask with them).
from ._secrets import (
    CREDENTIAL_WORDS,
    REDACTED,
    SECRET_FIELDS,
    SECRET_KEY,
    SECRET_PAIR,
    Secrets,
    authorization_secret,
    redact_signature,
    scrub,
)

__all__ = [
    "CREDENTIAL_WORDS",
    "MAX_BODY_CHARS",
    "QUIET_HANDLER",
    "REDACTED",
    "SECRET_FIELDS",
    "SECRET_KEY",
    "enable",
    "enabled",
    "log_exchange",
    "log_parts",
    "logger",
    "redact_body",
    "redact_header",
    "redact_text",
    "redact_url",
    "request_secrets",
    "setup_from_env",
]

logger = logging.getLogger("koodrive_tasks")

MAX_BODY_CHARS = 4000


#: Each retry the client schedules, stamina logs as a WARNING ("stamina.retry_scheduled"). A program
#: that configured no logging would see those bare lines on stderr (Python's last-resort handler);
#: this do-nothing handler stops that, and nothing else: records still propagate to the handlers a
#: program configures (logging.basicConfig(...)), and KOODRIVE_LOG=debug|info shows them.
QUIET_HANDLER = logging.NullHandler()


def setup_from_env(environ: dict[str, str] | None = None) -> None:
    """Honour KOODRIVE_LOG=debug|info: set the logger's level and give it a stderr handler;
    without it, keep the retry library's log lines off a program that configured no logging."""
    value = (os.environ if environ is None else environ).get("KOODRIVE_LOG", "").strip().lower()
    stamina_logger = logging.getLogger("stamina")
    if value not in {"debug", "info"}:
        if QUIET_HANDLER not in stamina_logger.handlers:
            stamina_logger.addHandler(QUIET_HANDLER)
        return
    stamina_logger.removeHandler(QUIET_HANDLER)
    enable(logging.DEBUG if value == "debug" else logging.INFO)


def enable(level: int = logging.DEBUG) -> None:
    """Log each exchange at `level` (the CLI's --debug calls this)."""
    logger.setLevel(level)
    if not logger.handlers and not logging.getLogger().handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("[%(name)s %(levelname)s] %(message)s"))
        logger.addHandler(handler)


def redact_header(name: str, value: str) -> str:
    lower = name.lower()
    if lower == "authorization":
        scheme, _, rest = value.partition(" ")
        if scheme.upper().startswith("HMAC"):
            # AppId and SignedHeaders help match a signature problem; the signature itself does not leave.
            return redact_signature(value)
        return f"{scheme} {REDACTED}" if rest else REDACTED
    # Cookie, Set-Cookie, X-Auth-Token, kdstoken: a credential word or a spec secret field in the name.
    if SECRET_KEY.search(lower):
        return REDACTED
    return value


def redact_url(url: httpx.URL) -> str:
    if not url.query:
        return str(url)
    params = [(k, REDACTED if SECRET_KEY.search(k) else v) for k, v in url.params.multi_items()]
    return str(url.copy_with(params=params))


def _redact_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: (REDACTED if isinstance(k, str) and SECRET_KEY.search(k) else _redact_json(v))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_redact_json(v) for v in value]
    if isinstance(value, str):
        return redact_text(value)  # a server echoing the Authorization header, or `password=...`
    return value


def redact_text(text: str, secrets: Iterable[str] = ()) -> str:
    """Free text (an error message, an HTML page): `key=value` secrets, credential-shaped tokens
    (`Bearer …`, `Signature=…`) and the known `secrets` in any of their encodings masked."""
    return scrub(SECRET_PAIR.sub(r"\g<key>" + REDACTED, text), secrets)


def redact_body(raw: bytes, secrets: Iterable[str] = ()) -> str:
    """A body as the log shows it: JSON with secret keys masked, or text with secret pairs masked;
    either with the known `secrets` and credential shapes scrubbed (after decoding, so a
    `\\u`-escaped echo is caught too), then cut to MAX_BODY_CHARS."""
    if not raw:
        return ""
    text = raw.decode("utf-8", errors="replace")
    try:
        shown = scrub(json.dumps(_redact_json(json.loads(text)), ensure_ascii=False), secrets)
    except (ValueError, RecursionError):
        shown = redact_text(text, secrets)
    return shown if len(shown) <= MAX_BODY_CHARS else shown[:MAX_BODY_CHARS] + f"... ({len(shown)} chars)"


def request_secrets(url: httpx.URL, headers: Iterable[tuple[str, str]], body: bytes) -> Secrets:
    """The secrets a request carries on its face: the Authorization credential (the token after
    its scheme, or the signature), cookies and secret-named headers, secret-named query parameters
    and JSON fields (`kdstoken`, `password`, `pwd`). With what the sender knows (the auth's token or
    app secret), what the log scrubs by value from everything it prints."""
    found: list[str] = []
    for name, value in headers:
        lower = name.lower()
        if lower == "authorization":
            found.append(authorization_secret(value))
        elif lower == "cookie":
            found += [pair.partition("=")[2].strip() for pair in value.split(";")]
        elif SECRET_KEY.search(lower):
            found.append(value)
    found += [v for k, v in url.params.multi_items() if SECRET_KEY.search(k)]
    if body[:1] in (b"{", b"["):
        with contextlib.suppress(ValueError, RecursionError):
            _secret_fields(json.loads(body), found)
    return Secrets(found)


def _secret_fields(value: Any, found: list[str], depth: int = 0) -> None:
    if depth > 20:
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and SECRET_KEY.search(key) and isinstance(item, str | int):
                found.append(str(item))
            else:
                _secret_fields(item, found, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _secret_fields(item, found, depth + 1)


def _request_body(request: httpx.Request) -> bytes:
    try:
        return request.content
    except httpx.RequestNotRead:  # a streamed upload: nothing to show
        return b""


def enabled() -> bool:
    """Whether exchanges are logged at all (a sender skips building what it would log otherwise)."""
    return logger.isEnabledFor(logging.INFO)


def log_exchange(response: httpx.Response, secrets: Iterable[str] = ()) -> None:
    """One request and its response; headers and raw bodies at DEBUG. `secrets`: what the sender
    knows this request carried (scrubbed by value from everything printed)."""
    if not logger.isEnabledFor(logging.INFO):
        return
    request = response.request
    try:
        raw = response.content
    except httpx.ResponseNotRead:
        raw = b""
    _log(
        request.method,
        request.url,
        request.headers.items(),
        lambda: _request_body(request),
        response.status_code,
        response.headers.items(),
        raw,
        Secrets(secrets),
    )


def log_parts(
    method: str,
    url: str,
    headers: Mapping[str, str],
    body: bytes,
    status: int,
    response_headers: Mapping[str, str],
    content: bytes,
    secrets: Iterable[str] = (),
) -> None:
    """`log_exchange` for a sender without httpx objects (the aiohttp-native one)."""
    if not logger.isEnabledFor(logging.INFO):
        return
    _log(
        method,
        httpx.URL(url),
        headers.items(),
        lambda: body,
        status,
        response_headers.items(),
        content,
        Secrets(secrets),
    )


def _log(
    method: str,
    url: httpx.URL,
    headers: Iterable[tuple[str, str]],
    body: Callable[[], bytes],
    status: int,
    response_headers: Iterable[tuple[str, str]],
    content: bytes,
    known: Secrets,
) -> None:
    try:
        sent_headers = list(headers)
        sent_body = body() if logger.isEnabledFor(logging.DEBUG) else b""
        known = Secrets(known, request_secrets(url, sent_headers, sent_body))
        logger.info("%s %s -> %s", method, scrub(redact_url(url), known), status)
        if not logger.isEnabledFor(logging.DEBUG):
            return
        sent = "".join(f"\n  > {k}: {scrub(redact_header(k, v), known)}" for k, v in sent_headers)
        got = "".join(f"\n  < {k}: {scrub(redact_header(k, v), known)}" for k, v in response_headers)
        shown = redact_body(sent_body, known)
        logger.debug("request headers:%s%s", sent, f"\n  > {shown}" if shown else "")
        logger.debug("response headers:%s\n  < %s", got, redact_body(content, known) or "(empty body)")
    except Exception as exc:  # the log never breaks the call it describes
        failure = type(exc).__name__
    else:
        return
    logger.info("%s -> %s (the exchange could not be shown: %s)", method, status, failure)


setup_from_env()
