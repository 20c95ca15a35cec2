"""HTTP logging for people debugging the wire: `KOODRIVE_LOG=debug` (as openai-python's OPENAI_LOG).

With `KOODRIVE_LOG=debug` (or `info`) each request and the raw response it got go to the
`koodrive_tasks` logger, with a stderr handler when the application configured none. `debug` adds
the headers and the raw body: it is how a user with real credentials sees whether the server sent
`taskList` or `taskListDtos`. Secrets never reach the log: the Authorization value (token or
signature), `kdstoken`, `password`, any `*token`/`*secret` field or query parameter become `***`.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import httpx

logger = logging.getLogger("koodrive_tasks")

REDACTED = "***"
# Header names whose whole value is a credential; Authorization keeps its scheme and AppId.
_SECRET_HEADERS = frozenset({"authorization", "cookie", "set-cookie", "x-auth-token", "kdstoken"})
#: Names (JSON keys, query parameters, headers) whose value is a credential: tokens (`kdstoken`),
#: secrets, passwords (listFile's archive password is `pwd`), signatures. The probe's recorded
#: pairs are masked by the same pattern.
SECRET_KEY = re.compile(r"(token|secret|password|pwd|signature)", re.IGNORECASE)
# The same keys inside text that is not JSON (a query string, an HTML error page, a form).
_SECRET_PAIR = re.compile(
    r"""(?P<key>["']?[\w-]*(?:token|secret|password|pwd|signature)[\w-]*["']?\s*[:=]\s*["']?)(?P<value>[^"'&\s,}]+)""",
    re.IGNORECASE,
)
_BEARER = re.compile(r"(Bearer\+?\s*)\S+", re.IGNORECASE)
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
            return re.sub(r"(Signature=)[^,\s]+", r"\1" + REDACTED, value)
        return f"{scheme} {REDACTED}" if rest else REDACTED
    if lower in _SECRET_HEADERS or SECRET_KEY.search(lower):
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
        return _BEARER.sub(r"\1" + REDACTED, value)  # a server echoing the Authorization header
    return value


def redact_text(text: str) -> str:
    """Free text (an error message, an HTML page): `key=value` secrets and bearer tokens masked."""
    return _BEARER.sub(r"\1" + REDACTED, _SECRET_PAIR.sub(r"\g<key>" + REDACTED, text))


def redact_body(raw: bytes) -> str:
    if not raw:
        return ""
    text = raw.decode("utf-8", errors="replace")
    try:
        shown = json.dumps(_redact_json(json.loads(text)), ensure_ascii=False)
    except (ValueError, RecursionError):
        shown = redact_text(text)
    return shown if len(shown) <= MAX_BODY_CHARS else shown[:MAX_BODY_CHARS] + f"... ({len(shown)} chars)"


def _request_body(request: httpx.Request) -> bytes:
    try:
        return request.content
    except httpx.RequestNotRead:  # a streamed upload: nothing to show
        return b""


def enabled() -> bool:
    """Whether exchanges are logged at all (a sender skips building what it would log otherwise)."""
    return logger.isEnabledFor(logging.INFO)


def log_exchange(response: httpx.Response) -> None:
    """One request and its response; headers and raw bodies at DEBUG."""
    if not logger.isEnabledFor(logging.INFO):
        return
    request = response.request
    try:
        raw = response.content
    except httpx.ResponseNotRead:
        raw = b""
    _log(
        request.method,
        redact_url(request.url),
        request.headers.items(),
        lambda: _request_body(request),
        response.status_code,
        response.headers.items(),
        raw,
    )


def log_parts(
    method: str,
    url: str,
    headers: Mapping[str, str],
    body: bytes,
    status: int,
    response_headers: Mapping[str, str],
    content: bytes,
) -> None:
    """`log_exchange` for a sender without httpx objects (the aiohttp-native one)."""
    if not logger.isEnabledFor(logging.INFO):
        return
    _log(
        method,
        redact_url(httpx.URL(url)),
        headers.items(),
        lambda: body,
        status,
        response_headers.items(),
        content,
    )


def _log(
    method: str,
    url: str,
    headers: Iterable[tuple[str, str]],
    body: Callable[[], bytes],
    status: int,
    response_headers: Iterable[tuple[str, str]],
    content: bytes,
) -> None:
    logger.info("%s %s -> %s", method, url, status)
    if not logger.isEnabledFor(logging.DEBUG):
        return
    sent = "".join(f"\n  > {k}: {redact_header(k, v)}" for k, v in headers)
    got = "".join(f"\n  < {k}: {redact_header(k, v)}" for k, v in response_headers)
    shown = redact_body(body())
    logger.debug("request headers:%s%s", sent, f"\n  > {shown}" if shown else "")
    logger.debug("response headers:%s\n  < %s", got, redact_body(content) or "(empty body)")


setup_from_env()
