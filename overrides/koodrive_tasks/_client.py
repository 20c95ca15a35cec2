"""The one place that sends requests: timeouts, retries, headers and error mapping.

Requests are built by the generated operation modules (`_get_kwargs`), so paths and parameter
serialisation come from the spec; responses are checked here and parsed by `_parsing`. The
generated `sync_detailed` is not used: it builds `HTTPStatus(code)`, which raises on 499 or 520.

Retries (stamina, a well-kept retry library with sync and async support, jittered exponential
backoff, and a hook that can return the wait, which is how `Retry-After` is honoured): reads and
the share-task query (`x-koodrive-idempotent`) are retried on connection errors, timeouts, 429,
5xx and unparsable bodies; creates and cancels only when the connection was never made, since
only then did the request surely not reach the server. Each attempt is a fresh request, so auth
signs it anew (fresh X-Date) and it gets a fresh X-Traceid unless the caller set one.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import ModuleType, TracebackType
from typing import Any, Generic, Self, TypeVar

import httpx
import stamina
from httpx._client import UseClientDefault

from ._auth import AppAuth, TokenAuth, new_trace_id
from ._errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    ConfigurationError,
    ResponseFormatError,
    business_error,
    status_error,
)
from ._logging import log_exchange
from ._version import __version__
from .normalize.codes import to_code

DEFAULT_BASE_URL = "https://intl.myhuaweicloud-koodrive.com"
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
RETRY_STATUSES = frozenset({408, 429})  # and every 5xx, non-standard ones (520...) included
MAX_RETRY_AFTER = 60.0
USER_AGENT = f"koodrive-tasks/{__version__}"
T = TypeVar("T")
Auth = TokenAuth | AppAuth


@dataclass(frozen=True)
class Call(Generic[T]):
    """One API call: the generated operation module, its arguments, and how to read the answer."""

    operation: ModuleType
    kwargs: Mapping[str, Any]
    parse: Callable[[dict[str, Any]], T]
    idempotent: bool


class _Options:
    """What both clients share: settings and the pure request/response steps around the send."""

    def __init__(
        self,
        base_url: str | None,
        auth: Auth | None,
        timeout: float | httpx.Timeout | None,
        max_retries: int,
        language: str | None,
    ) -> None:
        if auth is None:
            raise ValueError("auth is required: TokenAuth(token) or AppAuth(app_id, app_secret, user_id)")
        if max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        self.base_url = (base_url or DEFAULT_BASE_URL).rstrip("/")
        self.auth = auth
        self.timeout = DEFAULT_TIMEOUT if timeout is None else httpx.Timeout(timeout)
        self.max_retries = max_retries
        self.language = language

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, auth={self.auth!r})"

    def request_args(self, call: Call[Any]) -> dict[str, Any]:
        args = dict(call.operation._get_kwargs(**call.kwargs))
        headers = dict(args.pop("headers", {}) or {})
        if self.language and "language" not in headers:
            headers["language"] = self.language  # Q32: en-US, zh-CN, en_us all accepted
        headers.setdefault("User-Agent", USER_AGENT)
        args["headers"] = headers
        return args

    def fresh_headers(self, args: dict[str, Any]) -> dict[str, Any]:
        """Per attempt: a new trace id unless the caller gave one (Q31)."""
        headers = dict(args["headers"])
        headers.setdefault("X-Traceid", new_trace_id())
        return {**args, "headers": headers}

    def should_retry(self, idempotent: bool) -> Callable[[Exception], bool | float]:
        def decide(exc: Exception) -> bool | float:
            if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout):
                return True  # never reached the server: safe for creates and cancels too
            if not idempotent:
                return False
            if isinstance(exc, httpx.TransportError | ResponseFormatError):
                return True
            if isinstance(exc, APIError) and retryable_status(exc.status_code):
                return exc.retry_after if exc.retry_after is not None else True
            return False

        return decide

    def handle(self, response: httpx.Response, call: Call[T]) -> T:
        log_exchange(response)  # KOODRIVE_LOG=debug / the CLI's --debug
        trace_id = response.request.headers.get("X-Traceid")
        status = response.status_code
        if not 200 <= status < 300:
            error = status_error(status, response.content, trace_id)
            error.retry_after = retry_after(response.headers.get("Retry-After"))
            raise error
        try:
            body = json.loads(response.content)
        except (ValueError, UnicodeDecodeError) as exc:
            raise ResponseFormatError(
                f"the body is not JSON ({exc.__class__.__name__})", status_code=status, trace_id=trace_id
            ) from None
        if not isinstance(body, dict):
            raise ResponseFormatError("the body is not a JSON object", status_code=status, trace_id=trace_id)
        try:
            code = to_code(body.get("code"))
        except ValueError:
            raise ResponseFormatError(
                f"`code` is not a number: {body.get('code')!r}",
                status_code=status,
                trace_id=trace_id,
                body=body,
            ) from None
        if code:
            msg = body.get("msg")
            raise business_error(status, code, msg if isinstance(msg, str) else None, trace_id, body)
        try:
            return call.parse(body)
        except (KeyError, ValueError, TypeError, AttributeError) as exc:
            raise ResponseFormatError(
                f"the body does not have the documented shape ({exc.__class__.__name__}: {exc})",
                status_code=status,
                trace_id=trace_id,
                body=body,
            ) from None

    def retry_context(self, call: Call[Any], remaining: float | None) -> stamina._core._RetryContextIterator:
        return stamina.retry_context(
            on=self.should_retry(call.idempotent),
            attempts=self.max_retries + 1,
            timeout=remaining,
            wait_initial=0.5,
            wait_max=8.0,
            wait_jitter=0.5,
        )


def retryable_status(status: int) -> bool:
    """408, 429 and every 5xx (a gateway's 520-524 as much as a 503) are worth another try."""
    return status in RETRY_STATUSES or status >= 500


_deadline: ContextVar[float | None] = ContextVar("koodrive_deadline", default=None)


@contextmanager
def deadline_scope(seconds: float) -> Iterator[None]:
    """Calls made inside end within `seconds` (time.monotonic): wait() bounds each poll with it.

    Each attempt's httpx timeout is cut to the time left and retries stop at the deadline, so a
    slow or hanging server cannot hold a poll past the caller's overall deadline.
    """
    token = _deadline.set(time.monotonic() + max(seconds, 0.0))
    try:
        yield
    finally:
        _deadline.reset(token)


def _remaining() -> float | None:
    deadline = _deadline.get()
    if deadline is None:
        return None
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise APITimeoutError("the caller's deadline passed before the request was sent")
    return remaining


def _request_timeout(timeout: httpx.Timeout) -> httpx.Timeout | UseClientDefault:
    """The client's timeout, cut to the time left when a deadline is in force."""
    remaining = _remaining()
    if remaining is None:
        return httpx.USE_CLIENT_DEFAULT

    def cap(value: float | None) -> float:
        return remaining if value is None else min(value, remaining)

    return httpx.Timeout(
        connect=cap(timeout.connect), read=cap(timeout.read), write=cap(timeout.write), pool=cap(timeout.pool)
    )


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a `Retry-After` header (seconds or an HTTP date), capped at 60 s."""
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds()
        except (TypeError, ValueError):
            return None
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def transport_error(exc: httpx.TransportError) -> APIConnectionError:
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(f"request timed out ({exc.__class__.__name__})")
    return APIConnectionError(f"request failed ({exc.__class__.__name__})")


def env_settings(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """KooDrive(...) arguments from KOODRIVE_BASE_URL, KOODRIVE_TOKEN, KOODRIVE_USER_ID,
    KOODRIVE_APP_ID, KOODRIVE_APP_SECRET (app auth when an app id and secret are set)."""
    env = os.environ if environ is None else environ
    user_id = env.get("KOODRIVE_USER_ID") or None
    auth: Auth
    if env.get("KOODRIVE_APP_ID") and env.get("KOODRIVE_APP_SECRET"):
        if not user_id:
            raise ConfigurationError(
                "KOODRIVE_USER_ID is required with KOODRIVE_APP_ID and KOODRIVE_APP_SECRET"
            )
        auth = AppAuth(env["KOODRIVE_APP_ID"], env["KOODRIVE_APP_SECRET"], user_id)
    elif env.get("KOODRIVE_TOKEN"):
        auth = TokenAuth(env["KOODRIVE_TOKEN"], user_id=user_id)
    else:
        raise ConfigurationError(
            "set KOODRIVE_TOKEN, or KOODRIVE_APP_ID, KOODRIVE_APP_SECRET and KOODRIVE_USER_ID"
        )
    return {"base_url": env.get("KOODRIVE_BASE_URL") or DEFAULT_BASE_URL, "auth": auth}


class SyncSender(_Options):
    def __init__(self, *args: Any, http_client: httpx.Client | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._owns_http = http_client is None  # a client the caller passed in is the caller's to close
        self.http = http_client or httpx.Client(base_url=self.base_url, timeout=self.timeout)

    def execute(self, call: Call[T]) -> T:
        args = self.request_args(call)
        try:
            for attempt in self.retry_context(call, _remaining()):
                with attempt:
                    timeout = _request_timeout(self.http.timeout)
                    request = self.http.build_request(**self.fresh_headers(args), timeout=timeout)
                    response = self.http.send(request, auth=self.auth)
                    return self.handle(response, call)
        except httpx.TransportError as exc:
            raise transport_error(exc) from None
        raise AssertionError("unreachable: stamina re-raises the last error")  # pragma: no cover

    def close(self) -> None:
        if self._owns_http:
            self.http.close()


class AsyncSender(_Options):
    def __init__(self, *args: Any, http_client: httpx.AsyncClient | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._owns_http = http_client is None
        self.http = http_client or httpx.AsyncClient(base_url=self.base_url, timeout=self.timeout)

    async def execute(self, call: Call[T]) -> T:
        args = self.request_args(call)
        try:
            async for attempt in self.retry_context(call, _remaining()):
                with attempt:
                    timeout = _request_timeout(self.http.timeout)
                    request = self.http.build_request(**self.fresh_headers(args), timeout=timeout)
                    response = await self.http.send(request, auth=self.auth)
                    return self.handle(response, call)
        except httpx.TransportError as exc:
            raise transport_error(exc) from None
        raise AssertionError("unreachable: stamina re-raises the last error")  # pragma: no cover

    async def aclose(self) -> None:
        if self._owns_http:
            await self.http.aclose()


class ContextManaged:
    """`with KooDrive(...) as client:` closes the connection pool on exit."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
