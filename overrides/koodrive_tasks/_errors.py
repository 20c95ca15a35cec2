"""Every error the client raises, in one tree (openai-python's `_exceptions.py` is the model).

    KooDriveError
    ├── APIError                      status_code, code, raw_code, msg, trace_id, retry_after
    │   ├── BadRequestError           400 (and any other 4xx but 401 and 429)
    │   │   └── NotFoundError         400 with code 13000309 "resource does not exist"
    │   ├── AuthenticationError       401
    │   ├── RateLimitError            429, or the API gateway's throttle code (APIGW.0308, Q65):
    │   │                             the request was not processed; `retry_after` when the server said
    │   ├── ServerError               5xx
    │   └── ResponseFormatError       a body that cannot be parsed as the spec says
    │       └── ResponseTooLargeError the body (decompressed) passed `max_response_bytes`
    ├── APIConnectionError            the request did not complete
    │   └── APITimeoutError           a timeout, or the caller's deadline (whole response, not per chunk)
    ├── StuckCursorError              paging that would never end (a cursor or offset that does not move)
    ├── TaskFailedError               a task ended FAILED, or a job / share task "all failed"
    ├── TaskCancelledError            a job or share task was cancelled
    └── WaitTimeoutError              wait() passed its deadline (carries the last state)

A 200 whose body carries a non-zero `code` is an APIError too; so is a status outside the
standard set (499, 520). Messages never contain tokens or secrets: only the server's `msg`, with
every credential the client knows of (and anything shaped like one) scrubbed out (`_secrets.scrub`).

Every error pickles and copies with its fields (`status_code`, `code`, `raw_code`, `msg`,
`trace_id`, `retry_after`, `body`, `state`, `result_code`, `reached_server`), so one raised in a
`multiprocessing` or `ProcessPoolExecutor` worker reaches the caller as the same class.

`code` is KooDrive's number, or None when the body has none the client can read as a number; the
code exactly as the body gave it (`"APIGW.0301"` from the API gateway, Q38) stays in `raw_code`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from koodrive_generated.facts import THROTTLE_CODES

from ._secrets import scrub, scrub_bytes
from .normalize.codes import to_code

RESOURCE_NOT_FOUND = 13000309
INVALID_PARAMETER = 13000102
#: the API gateway's "throttling threshold has been reached" codes (Q38's gateway body, Q65), from
#: the spec's `x-koodrive-throttle-codes` on ErrorBody (baked in by `make generate`)
GATEWAY_THROTTLE_CODES = frozenset(THROTTLE_CODES)


def _rebuild(cls: type[BaseException], args: tuple[Any, ...], state: dict[str, Any]) -> BaseException:
    """Unpickle / copy an error without calling its `__init__` (whose keyword-only arguments
    `BaseException.__reduce__` cannot pass): the message and every field come back as they were."""
    error = cls.__new__(cls, *args)
    error.args = args
    error.__dict__.update(state)
    return error


class KooDriveError(Exception):
    """Root of every error raised by koodrive_tasks."""

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.args, dict(self.__dict__)))


class APIError(KooDriveError):
    """The server answered, and the answer is an error."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        code: int | None = None,
        msg: str | None = None,
        trace_id: str | None = None,
        body: Any = None,
        raw_code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.code = code
        self.raw_code = raw_code if raw_code is not None else (None if code is None else str(code))
        self.msg = msg
        self.trace_id = trace_id
        self.body = body
        self.retry_after: float | None = None

    def __str__(self) -> str:
        parts = [f"HTTP {self.status_code}"]
        if self.raw_code is not None:
            parts.append(f"code {self.raw_code}")
        text = ", ".join(parts) + f": {self.msg or self.args[0]}"
        return text + (f" (trace id {self.trace_id})" if self.trace_id else "")


class BadRequestError(APIError):
    """400: a bad parameter, an unknown id, or a business rule (KooDrive answers all with 400)."""


class NotFoundError(BadRequestError):
    """400 with code 13000309: the job, task or share task does not exist."""


class AuthenticationError(APIError):
    """401: the token or signature was refused (Q44: KooDrive's appendix says 400, the pages 401)."""


class RateLimitError(APIError):
    """429, or the API gateway's throttle code (`APIGW.0308`, Q65), on any status: the request was
    throttled before it was processed, so even a create may be sent again. `retry_after` holds the
    server's `Retry-After` (seconds, capped at 60) or None; the client retries within the
    caller's deadline and raises this once it cannot. Not a `BadRequestError`: `except
    BadRequestError` does not swallow throttling."""


class ServerError(APIError):
    """5xx: KooDrive failed; reads are retried before this is raised."""


class ResponseFormatError(APIError):
    """The body could not be parsed as the spec says (not JSON, truncated, wrong shape)."""


class ResponseTooLargeError(ResponseFormatError):
    """The body, decompressed, passed the client's `max_response_bytes` (reading stopped there:
    neither a gzip bomb nor a runaway listing is held in memory). `limit` is the cap in bytes."""

    def __init__(self, message: str, *, status_code: int, limit: int, trace_id: str | None = None) -> None:
        super().__init__(message, status_code=status_code, trace_id=trace_id)
        self.limit = limit


class ConfigurationError(KooDriveError, ValueError):
    """The client cannot be built as configured (e.g. `from_env()` finds no credentials)."""


class UnsupportedHttpxError(ConfigurationError):
    """The installed httpx or httpcore lacks a private attribute the client relies on (its
    whole-response deadlines, its direct send path, its fork safety): raised when the client is
    built, naming the attribute and both versions, instead of a client that silently loses a bound.

    Attributes:
        attribute: The missing attribute, as `Owner._name`.
        httpx_version: The installed httpx's version.
        httpcore_version: The installed httpcore's version.
    """

    def __init__(self, attribute: str, *, httpx_version: str, httpcore_version: str) -> None:
        super().__init__(
            f"httpx {httpx_version} / httpcore {httpcore_version} has no {attribute}, which "
            "koodrive-tasks needs (its deadlines and fork safety reach into httpx's connection pool); "
            "install an httpx/httpcore release this koodrive-tasks supports, or a koodrive-tasks "
            "release that supports these"
        )
        self.attribute = attribute
        self.httpx_version = httpx_version
        self.httpcore_version = httpcore_version


class APIConnectionError(KooDriveError):
    """The request did not complete: refused, reset, or dropped before a full response.

    `reached_server` is False when the connection was never made (then even a create may be
    retried: the request surely did not arrive). `final` is True when no retry could end in time
    (the rate limiter's next slot is past the deadline, or the deadline cut a parse short)."""

    final: bool = False

    def __init__(self, message: str, *, reached_server: bool = True) -> None:
        super().__init__(message)
        self.reached_server = reached_server


class APITimeoutError(APIConnectionError):
    """The request timed out."""


class StuckCursorError(KooDriveError):
    """Paging that would never end: a cursor or offset that does not move, cursors that cycle, or
    the same page again and again. Raised instead of looping (or handing out a record twice)."""


class TaskFailedError(KooDriveError):
    """The task ended in failure. `result_code` is KooDrive's (e.g. 18000205); `state` the final object."""

    def __init__(self, message: str, *, state: Any, result_code: int | None = None) -> None:
        super().__init__(message)
        self.state = state
        self.result_code = result_code


class TaskCancelledError(KooDriveError):
    """The job or share task was cancelled; `state` is the final object."""

    def __init__(self, message: str, *, state: Any) -> None:
        super().__init__(message)
        self.state = state


class WaitTimeoutError(KooDriveError):
    """wait() passed its deadline; `state` is the last state seen (None if none was)."""

    def __init__(self, message: str, *, state: Any) -> None:
        super().__init__(message)
        self.state = state


def read_code(value: Any) -> tuple[int | None, str | None]:
    """(code as a number or None, the code as the body gave it or None): 0, "0", 13000102,
    "13000102" are numbers; "APIGW.0301" is not, and stays available as the raw code (Q38)."""
    if value is None:
        return None, None
    raw = value if isinstance(value, str) else json.dumps(value)
    try:
        return to_code(value), raw
    except (ValueError, TypeError):
        return None, raw[:200]


def error_body(content: bytes, secrets: Iterable[str] = ()) -> tuple[int | None, str | None, Any, str | None]:
    """(code, msg, parsed body, raw code) of an error response; the APIG form `{error_code,
    error_msg}` too (Q38). Echoed credentials are scrubbed from the body before it is parsed."""
    secrets = tuple(secrets)
    try:
        body = json.loads(scrub_bytes(content, secrets))
    except (ValueError, RecursionError):
        return None, None, None, None
    if not isinstance(body, dict):
        return None, None, body, None
    code, raw_code = read_code(body.get("code", body.get("error_code")))
    raw_msg = body.get("msg", body.get("error_msg"))
    msg = scrub(raw_msg, secrets) if isinstance(raw_msg, str) else None
    return code, msg, body, raw_code


def status_error(
    status_code: int, content: bytes, trace_id: str | None, secrets: Iterable[str] = ()
) -> APIError:
    """The typed error for a non-2xx response (Q33: every operation answers errors as `{code, msg}`)."""
    code, msg, body, raw_code = error_body(content, secrets)
    cls: type[APIError]
    if status_code == 401:
        cls = AuthenticationError
    elif status_code == 429 or raw_code in GATEWAY_THROTTLE_CODES:
        cls = RateLimitError
    elif status_code >= 500:
        cls = ServerError
    elif 400 <= status_code < 500:
        cls = NotFoundError if code == RESOURCE_NOT_FOUND else BadRequestError
    else:
        cls = APIError
    return _made(cls, f"HTTP {status_code}", status_code, code, msg, trace_id, body, raw_code)


def business_error(
    status_code: int,
    code: int | None,
    msg: str | None,
    trace_id: str | None,
    body: Any,
    raw_code: str | None = None,
    secrets: Iterable[str] = (),
) -> APIError:
    """A 2xx whose `code` is not 0 (or not a number at all, like the gateway's `APIGW.0301`): the
    operation failed although the HTTP status says it did not."""
    cls: type[APIError] = APIError
    if code == RESOURCE_NOT_FOUND:
        cls = NotFoundError
    elif raw_code in GATEWAY_THROTTLE_CODES:
        cls = RateLimitError
    msg = scrub(msg, secrets) if msg is not None else None
    default = f"code {raw_code if code is None else code}"
    return _made(cls, default, status_code, code, msg, trace_id, body, raw_code)


def _made(
    cls: type[APIError],
    default: str,
    status_code: int,
    code: int | None,
    msg: str | None,
    trace_id: str | None,
    body: Any,
    raw_code: str | None,
) -> APIError:
    """An error of a response: its message is `msg`, else `default`."""
    return cls(
        msg or default,
        status_code=status_code,
        code=code,
        msg=msg,
        trace_id=trace_id,
        body=body,
        raw_code=raw_code,
    )
