"""Every error the client raises, in one tree (openai-python's `_exceptions.py` is the model).

    KooDriveError
    ├── APIError                      status_code, code, msg, trace_id
    │   ├── BadRequestError           400 (and any other 4xx)
    │   │   └── NotFoundError         400 with code 13000309 "resource does not exist"
    │   ├── AuthenticationError       401
    │   ├── ServerError               5xx
    │   └── ResponseFormatError       a body that cannot be parsed as the spec says
    ├── APIConnectionError            the request did not complete
    │   └── APITimeoutError
    ├── TaskFailedError               a task ended FAILED, or a job / share task "all failed"
    ├── TaskCancelledError            a job or share task was cancelled
    └── WaitTimeoutError              wait() passed its deadline (carries the last state)

A 200 whose body carries a non-zero `code` is an APIError too; so is a status outside the
standard set (499, 520). Messages never contain tokens or secrets: only the server's `msg`.
"""

from __future__ import annotations

import json
from typing import Any

from .normalize.codes import to_code

RESOURCE_NOT_FOUND = 13000309
INVALID_PARAMETER = 13000102


class KooDriveError(Exception):
    """Root of every error raised by koodrive_tasks."""


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
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.code = code
        self.msg = msg
        self.trace_id = trace_id
        self.body = body
        self.retry_after: float | None = None

    def __str__(self) -> str:
        parts = [f"HTTP {self.status_code}"]
        if self.code is not None:
            parts.append(f"code {self.code}")
        text = ", ".join(parts) + f": {self.msg or self.args[0]}"
        return text + (f" (trace id {self.trace_id})" if self.trace_id else "")


class BadRequestError(APIError):
    """400: a bad parameter, an unknown id, or a business rule (KooDrive answers all with 400)."""


class NotFoundError(BadRequestError):
    """400 with code 13000309: the job, task or share task does not exist."""


class AuthenticationError(APIError):
    """401: the token or signature was refused (Q44: KooDrive's appendix says 400, the pages 401)."""


class ServerError(APIError):
    """5xx: KooDrive failed; reads are retried before this is raised."""


class ResponseFormatError(APIError):
    """The body could not be parsed as the spec says (not JSON, truncated, wrong shape)."""


class ConfigurationError(KooDriveError, ValueError):
    """The client cannot be built as configured (e.g. `from_env()` finds no credentials)."""


class APIConnectionError(KooDriveError):
    """The request did not complete: refused, reset, or dropped before a full response."""


class APITimeoutError(APIConnectionError):
    """The request timed out."""


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


def error_body(content: bytes) -> tuple[int | None, str | None, Any]:
    """(code, msg, parsed body) of an error response; the APIG form `{error_code, error_msg}` too (Q38)."""
    try:
        body = json.loads(content)
    except (ValueError, UnicodeDecodeError):
        return None, None, None
    if not isinstance(body, dict):
        return None, None, body
    raw_code = body.get("code", body.get("error_code"))
    raw_msg = body.get("msg", body.get("error_msg"))
    try:
        code = to_code(raw_code)
    except ValueError:
        code = None
    return code, raw_msg if isinstance(raw_msg, str) else None, body


def status_error(status_code: int, content: bytes, trace_id: str | None) -> APIError:
    """The typed error for a non-2xx response (Q33: every operation answers errors as `{code, msg}`)."""
    code, msg, body = error_body(content)
    cls: type[APIError]
    if status_code == 401:
        cls = AuthenticationError
    elif status_code >= 500:
        cls = ServerError
    elif 400 <= status_code < 500:
        cls = NotFoundError if code == RESOURCE_NOT_FOUND else BadRequestError
    else:
        cls = APIError
    return cls(
        msg or f"HTTP {status_code}",
        status_code=status_code,
        code=code,
        msg=msg,
        trace_id=trace_id,
        body=body,
    )


def business_error(status_code: int, code: int, msg: str | None, trace_id: str | None, body: Any) -> APIError:
    """A 2xx whose `code` is not 0: the operation failed although the HTTP status says it did not."""
    cls = NotFoundError if code == RESOURCE_NOT_FOUND else APIError
    return cls(
        msg or f"code {code}", status_code=status_code, code=code, msg=msg, trace_id=trace_id, body=body
    )
