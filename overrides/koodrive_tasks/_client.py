"""The one place that sends requests: timeouts, deadlines, retries, headers and error mapping.

Requests are built by the generated operation modules (`_get_kwargs`), so paths and parameter
serialisation come from the spec; responses are checked here and parsed by `_parsing`. The clients'
own pools get each request as a finished `httpx.Request` handed to the pool's transport (none of
httpx.Client.send's per-request machinery: the own client has no hooks, cookies or auth of its
own); a caller's `httpx` client gets `build_request` + `send`, so its hooks, mounts, cookies and
default headers all apply; a `NativeSender` (`NativeAioHttpClient`) gets the request as parts. The
generated `sync_detailed` is not used: it builds `HTTPStatus(code)`, which raises on 499 or 520.

Deadlines. httpx's read timeout is per chunk, so a server that trickles a byte every half second
never trips it. Here each attempt has a whole-response budget: the client's timeout (the largest
of its connect/read/write/pool values: 30 s by default, `timeout=2` means 2 s), cut to the time
left when the call runs under a deadline (`deadline_scope`, which `wait()` uses). The async client
enforces it with `asyncio.timeout` (through `NativeAioHttpClient`, with aiohttp's
`ClientTimeout(total=budget)`, which covers the body read too). The sync client cuts every socket
wait of its own pool to the attempt's end; a caller's client runs the exchange in a daemon thread
and stops waiting for it when the budget is spent (closing the connection once the response has
started, so the abandoned exchange ends at the next chunk). A call therefore ends by its budget plus
`DEADLINE_MARGIN`, whatever the server sends.

Retries (stamina, a well-kept retry library with sync and async support and a hook that can
return the wait): reads and the share-task query (`x-koodrive-idempotent`) are retried on
connection errors, timeouts, 429, 5xx and unparsable bodies; creates and cancels only when the
connection was never made, since only then did the request surely not reach the server. The wait
before a retry is jittered exponential backoff, or the server's `Retry-After` (sanitised: only
finite, non-negative numbers or an HTTP date count, capped at 60 s); a retry whose wait would pass
the caller's deadline is not made, so the last error is raised at once instead. Each attempt is a
fresh request, so auth signs it anew (fresh X-Date) and it gets a fresh X-Traceid unless the
caller set one.

Nothing but a `KooDriveError` leaves `execute`: transport errors, decoding errors (a body that
claims gzip and is not), bodies nested too deep for the JSON parser and any failure of a parser
are all mapped to the error tree. Secrets: see `_secrets`; no frame of this module holds a raw
request argument (`_Prepared` hides them from reprs) and echoed credentials are scrubbed.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import queue
import random
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Generic, TypeVar
from urllib.parse import urlsplit

import httpcore
import httpx
import stamina

from . import _base, _body
from ._auth import AppAuth, SecretHeaders, TokenAuth, new_trace_id
from ._base import DEFAULT_BASE_URL  # defined where `import koodrive_tasks` reads it cheaply
from ._errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    ConfigurationError,
    KooDriveError,
    RateLimitError,
    ResponseFormatError,
    ResponseTooLargeError,
    business_error,
    read_code,
    status_error,
)
from ._limits import RateLimit, Throttle
from ._secrets import PARSING_SECRETS, Secrets, scrub, scrub_bytes, secrets_in
from ._version import __version__
from .http_log import enabled as http_log_enabled
from .http_log import log_exchange, log_parts

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
RETRY_STATUSES = frozenset({408, 429})  # and every 5xx, non-standard ones (520...) included
MAX_RETRY_AFTER = 60.0
USER_AGENT = f"koodrive-tasks/{__version__}"
WAIT_INITIAL, WAIT_MAX, WAIT_JITTER = 0.5, 8.0, 0.5
#: a call under a deadline (or an attempt under its budget) ends by it plus this much: the time to
#: notice the budget is spent and raise (measured worst case over tests/hostile's timing attacks
#: is far below it; it is a bound for a loaded CI machine, not a performance figure)
DEADLINE_MARGIN = 0.5
T = TypeVar("T")
Auth = TokenAuth | AppAuth
_NO_AUTH = httpx.Auth()  # the request carries its auth headers already; overrides a client's own auth


@dataclass(frozen=True, repr=False)
class Call(Generic[T]):
    """One API call: the request (a closure over the generated `_get_kwargs`, so mypy checks every
    argument name against the spec), how to read the answer, and whether it may be retried (the
    spec's `x-koodrive-idempotent`, through `koodrive_generated.facts`)."""

    request: Callable[[], dict[str, Any]]
    parse: Callable[[dict[str, Any]], T]
    idempotent: bool

    def __repr__(self) -> str:
        # never the arguments: a request body may hold a password or a kdstoken
        return f"Call(parse={getattr(self.parse, '__name__', '?')}, idempotent={self.idempotent})"


class _Prepared:
    """A call's request arguments and the secrets they carry, kept out of every repr (tracebacks
    that show locals print this object, not the dict inside)."""

    __slots__ = ("args", "secrets")

    def __init__(self, args: dict[str, Any], secrets: Secrets) -> None:
        self.args = args
        self.secrets = secrets

    def __repr__(self) -> str:
        return "<request arguments (redacted)>"


class _Reply:
    """One complete response: status, body bytes, headers, the trace id sent. Its repr shows the
    status only (a body may echo a credential; tracebacks show locals)."""

    __slots__ = ("content", "end", "headers", "status", "trace_id")

    def __init__(
        self,
        status: int,
        content: bytes,
        headers: Mapping[str, str],
        trace_id: str | None,
        end: float | None = None,
    ) -> None:
        self.status, self.content, self.headers, self.trace_id = status, content, headers, trace_id
        self.end = end  # the attempt's whole-response deadline (time.monotonic), parsing included

    def __repr__(self) -> str:
        return f"<response {self.status} (body redacted)>"


def _auth_secrets(auth: Auth) -> set[str]:
    values = {getattr(auth, "_token", None), getattr(auth, "_app_secret", None)}
    return {v for v in values if isinstance(v, str)}


def checked_timeout(timeout: float | httpx.Timeout) -> httpx.Timeout:
    """`timeout=` as the clients and `with_options` take it: seconds (> 0, finite) or an
    `httpx.Timeout`; ValueError otherwise (a bool is no number of seconds)."""
    if isinstance(timeout, httpx.Timeout):
        return timeout
    if isinstance(timeout, bool) or not isinstance(timeout, int | float):
        raise ValueError(f"timeout must be seconds or an httpx.Timeout, not {type(timeout).__name__}")
    if not (timeout > 0 and math.isfinite(timeout)):
        raise ValueError("timeout must be a positive number of seconds")
    return httpx.Timeout(timeout)


def checked_retries(max_retries: int) -> int:
    if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
        raise ValueError(f"max_retries must be an int >= 0, not {max_retries!r}")
    return max_retries


def checked_base_url(url: str) -> str:
    """The base URL without its trailing slash; ConfigurationError unless it is an absolute
    http(s) URL with a host (`http://[::1`, `kd.example.com`, `/koodrive` are refused when the
    client is built, not at its first request). The message does not repeat the URL (it may
    carry user info)."""
    try:
        parsed = httpx.URL(url)
    except Exception as exc:  # httpx.InvalidURL, TypeError for a non-string
        raise ConfigurationError(f"base_url is not a valid URL ({exc.__class__.__name__})") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise ConfigurationError(
            "base_url must be an absolute http(s) URL with a host, such as " + DEFAULT_BASE_URL
        )
    return url.rstrip("/")


class _Options:
    """What both clients share: settings and the pure request/response steps around the send."""

    def __init__(
        self,
        base_url: str | None,
        auth: Auth | None,
        timeout: float | httpx.Timeout | None,
        max_retries: int,
        language: str | None,
        max_response_bytes: int = _base.DEFAULT_MAX_RESPONSE_BYTES,
        rate_limit: float | RateLimit | None = None,
    ) -> None:
        if auth is None:
            raise ValueError("auth is required: TokenAuth(token) or AppAuth(app_id, app_secret, user_id)")
        max_retries = checked_retries(max_retries)
        if not (isinstance(max_response_bytes, int) and max_response_bytes > 0):
            raise ValueError("max_response_bytes must be a positive number of bytes")
        self.base_url = checked_base_url(base_url or DEFAULT_BASE_URL)
        self.auth = auth
        self.timeout = DEFAULT_TIMEOUT if timeout is None else checked_timeout(timeout)
        #: a timeout the caller gave wins over the http client's own (None: the client's applies)
        self._given_timeout: httpx.Timeout | None = None if timeout is None else self.timeout
        self.max_response_bytes = max_response_bytes
        self._throttle: Throttle | None = None if rate_limit is None else Throttle(rate_limit)
        self.max_retries = max_retries
        self.language = language
        # built once: the headers every request starts from (a call's own headers win)
        self._headers: dict[str, str] = {"User-Agent": USER_AGENT}
        if language:
            self._headers["language"] = language  # Q32: en-US, zh-CN, en_us all accepted
        self._secrets = Secrets(_auth_secrets(auth))
        self._timeouts: tuple[httpx.Timeout, httpx.Timeout] | None = None
        self._budget: tuple[httpx.Timeout, float | None] | None = None
        self._base: tuple[httpx.URL | str, str] | None = None
        self._client_defaults: tuple[httpx.Headers, dict[str, str]] | None = None
        # The shipped auths set their headers as the request is built: one dict that httpx parses
        # once, instead of Headers.__setitem__ calls after it (the auth generator itself is ~1 us;
        # the gain is the header handling), and the only way for a sender with no httpx request
        # (NativeAioHttpClient). Any other httpx.Auth, or a subclass with its own flow, runs as
        # httpx's auth flow.
        shipped = type(auth).auth_flow in (TokenAuth.auth_flow, AppAuth.auth_flow)
        self._token_auth = auth if shipped and isinstance(auth, TokenAuth) else None
        self._app_auth = auth if shipped and isinstance(auth, AppAuth) else None
        self._flow_auth: httpx.Auth = _NO_AUTH if self._token_auth or self._app_auth else auth

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, auth={self.auth!r})"

    def request_args(self, call: Call[Any]) -> dict[str, Any]:
        args = call.request()  # a fresh dict from the generated `_get_kwargs`: ours to change
        own = args.get("headers")
        args["headers"] = {**self._headers, **own} if own else self._headers
        return args

    def prepare(self, call: Call[Any]) -> _Prepared:
        args = self.request_args(call)
        body = args.get("json")
        found = None if body is None else secrets_in(body)
        return _Prepared(args, Secrets(self._secrets, found) if found else self._secrets)

    def attempt_headers(self, prepared: _Prepared, base: Mapping[str, str] | None = None) -> SecretHeaders:
        """Per attempt: `base`, the call's headers, a new trace id unless the caller gave one (Q31),
        and the token's headers (an `AppAuth` signs the built request instead)."""
        headers = SecretHeaders(prepared.args["headers"]) if base is None else SecretHeaders(base)
        if base is not None:
            headers.update(prepared.args["headers"])
        if "X-Traceid" not in headers:
            headers["X-Traceid"] = new_trace_id()
        if self._token_auth is not None:
            self._token_auth._add_headers(headers)
        return headers

    def should_retry(self, idempotent: bool, deadline: float | None) -> Callable[[Exception], bool | float]:
        failures = 0

        def decide(exc: Exception) -> bool | float:
            nonlocal failures
            failures += 1
            if not retryable(exc, idempotent):
                return False
            wait = getattr(exc, "retry_after", None)
            if wait is None:
                wait = backoff(failures)
            if deadline is not None and time.monotonic() + wait >= deadline:
                return False  # the retry could not finish in time: raise the last error now
            return wait

        return decide

    def attempt_budget(self, timeout: httpx.Timeout, deadline: float | None) -> float | None:
        """Seconds this attempt may take as a whole: the client's timeout, cut to the time left."""
        known = self._budget
        if known is not None and known[0] is timeout:
            budget = known[1]
        else:
            values = [
                t for t in (timeout.connect, timeout.read, timeout.write, timeout.pool) if t is not None
            ]
            budget = max(values) if values else None
            self._budget = (timeout, budget)
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise APITimeoutError("the caller's deadline passed before the request was sent")
            budget = left if budget is None else min(budget, left)
        return budget

    def timeout_for(self, timeout: httpx.Timeout, budget: float | None, deadline_free: bool) -> httpx.Timeout:
        """The client's timeout with every value cut to the attempt's budget (built once when no
        deadline cuts the budget: then it is the same for every attempt)."""
        if budget is None:
            return timeout
        if not deadline_free:
            return self._capped(timeout, budget)
        cached = self._timeouts
        if cached is None or cached[0] is not timeout:
            cached = self._timeouts = (timeout, self._capped(timeout, budget))
        return cached[1]

    def absolute(self, url: str, base: httpx.URL | str) -> str:
        """The generated path on the client's base URL, as one string (httpx then parses one URL
        instead of two and a merge)."""
        if not url.startswith("/"):
            return url
        known = self._base
        if known is None or known[0] is not base:
            known = self._base = (base, str(base).rstrip("/"))
        return known[1] + url

    def build(
        self,
        http: httpx.Client | httpx.AsyncClient,
        prepared: _Prepared,
        budget: float | None,
        deadline_free: bool = False,
        direct: bool = False,
    ) -> tuple[httpx.Request, str | None]:
        """The attempt's request and its trace id. `direct`: for the client's own pool, built as
        `httpx.Request` with the pool's default headers (what `build_request` would merge: the own
        client has no cookies, params or event hooks to merge); otherwise by `build_request`, so a
        caller's client adds its own headers, cookies and params."""
        timeout = self.timeout_for(self._given_timeout or http.timeout, budget, deadline_free)
        args = prepared.args
        try:
            url = self.absolute(args["url"], http.base_url)
            if direct:
                headers = self.attempt_headers(prepared, self._defaults(http))
                request = httpx.Request(
                    args["method"],
                    url,
                    params=args.get("params"),
                    json=args.get("json"),
                    headers=headers,
                    extensions={"timeout": timeout.as_dict()},
                )
            else:
                headers = self.attempt_headers(prepared)
                request = http.build_request(
                    args["method"],
                    url,
                    params=args.get("params"),
                    json=args.get("json"),
                    headers=headers,
                    timeout=timeout,
                )
            if self._app_auth is not None:
                self._app_auth._sign_into(request)
        except Exception as exc:  # an invalid base URL, a header httpx refuses, a header to sign missing
            raise APIConnectionError(
                f"the request could not be built ({exc.__class__.__name__})", reached_server=False
            ) from None
        return request, headers.get("X-Traceid")

    def _defaults(self, http: httpx.Client | httpx.AsyncClient) -> dict[str, str]:
        """The own client's default headers (Accept, Accept-Encoding, Connection), less those the
        client sets itself (User-Agent), read once."""
        known = self._client_defaults
        if known is None or known[0] is not http.headers:
            ours = {name.lower() for name in self._headers}
            known = self._client_defaults = (
                http.headers,
                {k: v for k, v in http.headers.items() if k.lower() not in ours},
            )
        return known[1]

    @staticmethod
    def _capped(timeout: httpx.Timeout, budget: float) -> httpx.Timeout:
        def cap(value: float | None) -> float:
            return budget if value is None else min(value, budget)

        return httpx.Timeout(
            connect=cap(timeout.connect),
            read=cap(timeout.read),
            write=cap(timeout.write),
            pool=cap(timeout.pool),
        )

    def handle(self, reply: _Reply, call: Call[T], prepared: _Prepared) -> T:
        """The typed result of one complete response, or its error."""
        status, trace_id = reply.status, reply.trace_id
        if not 200 <= status < 300:
            error = status_error(status, reply.content, trace_id, prepared.secrets)
            error.retry_after = retry_after(reply.headers.get("Retry-After"))
            raise error
        try:
            # no local holds the raw body (it may echo a credential; tracebacks show locals)
            if len(reply.content) <= _body.PARSE_IN_THREAD_BYTES:
                body = json.loads(reply.content)
            else:
                body = _body.parse_json(reply.content, reply.end)
        except (ValueError, RecursionError) as exc:  # not UTF-8, not JSON, or nested too deep
            raise ResponseFormatError(
                f"the body is not JSON ({exc.__class__.__name__})", status_code=status, trace_id=trace_id
            ) from None
        if not isinstance(body, dict):
            raise ResponseFormatError("the body is not a JSON object", status_code=status, trace_id=trace_id)
        code, raw_code = read_code(body.get("code", body.get("error_code")))
        if raw_code is not None and code != 0:
            # a non-zero code, or one that is no number (the gateway's "APIGW.0301", Q38)
            msg = body.get("msg", body.get("error_msg"))
            msg = scrub(msg, prepared.secrets) if isinstance(msg, str) else None
            del body  # the raw body may echo a credential: no frame keeps it (tracebacks show locals)
            error = business_error(
                status,
                code,
                msg,
                trace_id,
                _scrubbed(reply.content, prepared.secrets, None),
                raw_code,
                prepared.secrets,
            )
            if isinstance(error, RateLimitError):
                error.retry_after = retry_after(reply.headers.get("Retry-After"))
            raise error
        parsing = PARSING_SECRETS.set(prepared.secrets)  # scrubbed from `extra` and field warnings
        try:
            return call.parse(body)
        except KooDriveError:
            raise
        except Exception as exc:  # whatever the shape of the body, the caller gets a typed error
            problem = f"{exc.__class__.__name__}: {scrub(str(exc)[:200], prepared.secrets)}"
        finally:
            PARSING_SECRETS.reset(parsing)
        del body
        raise ResponseFormatError(
            f"the body does not have the documented shape ({problem})",
            status_code=status,
            trace_id=trace_id,
            body=_scrubbed(reply.content, prepared.secrets, None),
        )


def _scrubbed(content: bytes, secrets: Secrets, body: Any) -> Any:
    """The body kept on an error, with echoed credentials taken out."""
    try:
        return json.loads(scrub_bytes(content, secrets))
    except (ValueError, RecursionError):
        return body


def retryable(exc: Exception, idempotent: bool) -> bool:
    if getattr(exc, "final", False):
        return False  # no retry could end in time (the limiter's next slot, a parse cut short)
    if isinstance(exc, APIConnectionError) and not exc.reached_server:
        return True  # never reached the server: safe for creates and cancels too
    if isinstance(exc, RateLimitError):
        return True  # throttled before it was processed (Q65): safe for creates and cancels too
    if not idempotent or isinstance(exc, ResponseTooLargeError):
        return False  # the same body again would be as large
    if isinstance(exc, APIConnectionError | ResponseFormatError):
        return True
    return isinstance(exc, APIError) and retryable_status(exc.status_code)


def _parse_cut_short() -> APITimeoutError:
    """The deadline passed while a large body was parsed: not retried (the same body would come
    again with less time left, and the abandoned parse may still hold the first one)."""
    error = APITimeoutError("no complete response within the whole-response deadline (parsing the body)")
    error.final = True
    return error


def backoff(failures: int) -> float:
    """Jittered exponential backoff before retry number `failures` (0.5 s, 1 s, 2 s ... 8 s)."""
    growth: float = WAIT_INITIAL * 2.0 ** min(failures - 1, 16)
    return min(WAIT_MAX, growth + random.uniform(0, WAIT_JITTER))


def retryable_status(status: int) -> bool:
    """408, 429 and every 5xx (a gateway's 520-524 as much as a 503) are worth another try."""
    return status in RETRY_STATUSES or status >= 500


_deadline: ContextVar[float | None] = ContextVar("koodrive_deadline", default=None)


@contextmanager
def deadline_scope(seconds: float) -> Iterator[None]:
    """Calls made inside end within `seconds` (time.monotonic), plus DEADLINE_MARGIN.

    Each attempt's whole-response budget is cut to the time left and no retry starts that could
    not end in time, so a slow, trickling or hanging server cannot hold a call past the deadline.
    A nested scope can only shorten the deadline, never extend it.
    """
    seconds = seconds if math.isfinite(seconds) or seconds < 0 else 1e9
    new = time.monotonic() + max(seconds, 0.0)
    outer = _deadline.get()
    token = _deadline.set(new if outer is None else min(outer, new))
    try:
        yield
    finally:
        _deadline.reset(token)


_SECONDS = re.compile(r"\s*\d{1,12}(\.\d{1,6})?\s*")


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a `Retry-After` header (seconds or an HTTP date), capped at 60 s.

    Only a plain non-negative number or a valid HTTP date counts: `nan`, `inf`, `-1`, `1e999`,
    `1_000` and garbage are ignored (the client's own backoff applies), never slept on."""
    if not value:
        return None
    if _SECONDS.fullmatch(value):
        seconds = float(value)
    else:
        try:
            when = parsedate_to_datetime(value)
            seconds = (when - datetime.now(UTC)).total_seconds()
        except Exception:  # parsedate_to_datetime raises TypeError, ValueError, IndexError ...
            return None
    if not math.isfinite(seconds):
        return None
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def transport_error(exc: Exception, status: int = 0) -> KooDriveError:
    """The typed error for anything that went wrong between sending and having the whole body."""
    name = exc.__class__.__name__
    if isinstance(exc, KooDriveError):  # a bound of the body (size, deadline) or its decoding
        if isinstance(exc, ResponseFormatError) and not exc.status_code:
            exc.status_code = status
        return exc
    if isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout):
        return APITimeoutError(f"request timed out ({name})", reached_server=False)
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(f"request timed out ({name})")
    if isinstance(exc, httpx.ConnectError | httpx.UnsupportedProtocol):
        return APIConnectionError(f"request failed ({name})", reached_server=False)
    if isinstance(exc, httpx.DecodingError):
        return ResponseFormatError(f"the body could not be decoded ({name})", status_code=status)
    return APIConnectionError(f"request failed ({name})")


_attempt_end: ContextVar[float | None] = ContextVar("koodrive_attempt_end", default=None)


def _cut(timeout: float | None, kind: type[Exception]) -> float | None:
    """A socket operation's timeout, cut to what is left of the attempt's whole-response budget."""
    end = _attempt_end.get()
    if end is None:
        return timeout
    left = end - time.monotonic()
    if left <= 0:
        raise kind("the whole-response deadline passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A socket whose every read and write waits at most until the attempt's end: a server that
    trickles a byte at a time runs into the whole-response deadline, not a per-chunk timeout."""

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _cut(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _cut(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> Any:
        stream = self._stream.start_tls(ssl_context, server_hostname, _cut(timeout, httpcore.ConnectTimeout))
        return _DeadlineStream(stream)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self, backend: httpcore.NetworkBackend) -> None:
        self._backend = backend

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        timeout = _cut(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._backend.connect_tcp(host, port, timeout, local_address, socket_options))

    def connect_unix_socket(self, path: str, timeout: float | None = None, socket_options: Any = None) -> Any:
        timeout = _cut(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._backend.connect_unix_socket(path, timeout, socket_options))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


def _watch_deadlines(http: httpx.Client) -> bool:
    """Cut every socket wait of the client's own pool to the attempt's end; True when that worked.

    httpx has no public hook for the network backend, so this reaches into the transport's pool
    (httpcore's `ConnectionPool`, whose backend is a public httpcore type); if httpx changes that
    layout the sender falls back to running each attempt in a thread, which is slower but bounded.
    """
    # every pool requests can go through: the transport's and each mount's (a proxy from the
    # environment is a mount); one that cannot be watched means the thread-per-attempt way
    transports = [getattr(http, "_transport", None), *getattr(http, "_mounts", {}).values()]
    pools: list[Any] = [getattr(t, "_pool", None) for t in transports if t is not None]
    if not pools or not all(
        isinstance(getattr(pool, "_network_backend", None), httpcore.NetworkBackend) for pool in pools
    ):
        return False
    for pool in pools:
        pool._network_backend = _DeadlineBackend(pool._network_backend)
    return True


class _Exchange:
    """One sync attempt, run in a daemon thread so the caller can stop waiting at its budget."""

    def __init__(
        self, http: httpx.Client, request: httpx.Request, auth: httpx.Auth, limit: int, end: float | None
    ) -> None:
        self.http, self.request, self.auth, self.limit, self.end = http, request, auth, limit, end
        self.done = threading.Event()
        self.lock = threading.Lock()
        self.abandoned = False
        self.response: httpx.Response | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            # never follow a redirect, whatever the caller's client says: a 307/308 would carry the
            # signed headers and a body with a password or kdstoken to wherever the server points
            response = self.http.send(self.request, auth=self.auth, stream=True, follow_redirects=False)
            with self.lock:
                self.response = response
                abandoned = self.abandoned
            if abandoned:
                response.close()
                return
            _body.read(response, self.limit, self.end)
        except BaseException as exc:  # handed to the caller's thread
            self.error = exc
        finally:
            self.done.set()

    def abandon(self) -> None:
        """The caller gave up: cut the connection so the thread ends at the next chunk."""
        with self.lock:
            self.abandoned = True
            response = self.response
        if response is None:
            return  # still before the response headers: the thread ends at its per-chunk timeout
        stream = response.extensions.get("network_stream")
        sock = stream.get_extra_info("socket") if stream is not None else None
        try:
            if sock is not None:
                sock.shutdown(2)  # wakes a recv blocked in the other thread
        except OSError:
            pass

    def result(self) -> httpx.Response:
        if self.error is not None:
            if isinstance(self.error, Exception):
                status = self.response.status_code if self.response is not None else 0
                raise transport_error(self.error, status) from None
            raise self.error
        assert self.response is not None
        return self.response


def _default_base_url(http: httpx.Client | httpx.AsyncClient, base_url: str) -> None:
    """A caller's client without a base URL (`DefaultAioHttpClient()`) sends to the client's own:
    the generated paths are relative, so such a client could not send anywhere else."""
    if not str(http.base_url):
        http.base_url = httpx.URL(base_url)


class _Workers:
    """Daemon threads kept for the next attempt (starting a thread per attempt cost more than the
    call itself); an attempt that finds none idle starts one, so an abandoned exchange still
    running never delays another. A worker idle for IDLE_SECONDS ends."""

    IDLE_SECONDS = 30.0

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._idle: list[queue.SimpleQueue[Callable[[], None]]] = []

    def run(self, job: Callable[[], None]) -> None:
        with self._lock:
            jobs = self._idle.pop() if self._idle else None
        if jobs is None:
            jobs = queue.SimpleQueue()
            threading.Thread(target=self._loop, args=(jobs,), name="koodrive-request", daemon=True).start()
        jobs.put(job)

    def _loop(self, jobs: queue.SimpleQueue[Callable[[], None]]) -> None:
        while True:
            try:
                job = jobs.get(timeout=self.IDLE_SECONDS)
            except queue.Empty:
                with self._lock:
                    if jobs in self._idle:  # nobody took it meanwhile: end
                        self._idle.remove(jobs)
                        return
                continue  # taken just now: its job is on the way
            job()  # _Exchange.run catches everything
            del job
            with self._lock:
                self._idle.append(jobs)

    def forget(self) -> None:
        """In a forked child the workers' threads do not exist: never hand them a job."""
        self._lock = threading.Lock()
        self._idle = []


_WORKERS = _Workers()
_pid = os.getpid()
#: what a forked child inherited from its parent: connections, pools, sessions. Kept referenced and
#: never used, closed or collected here (closing would shut down the parent's TLS sessions or warn
#: of unclosed sockets); they go when the child exits.
_INHERITED: list[Any] = []


#: held while a sender renews its pool after a fork: the first thread of the child renews it, the
#: others wait and then use the new one (never the parent's while it is being replaced)
_FORK_LOCK = threading.Lock()


def _forked() -> None:
    global _pid, _FORK_LOCK  # noqa: PLW0603 - set once per fork, in the child
    _pid = os.getpid()
    _FORK_LOCK = threading.Lock()  # a parent's thread may have held it at the fork
    _WORKERS.forget()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forked)


def forget_connections(http: httpx.Client | httpx.AsyncClient) -> None:
    """In a forked child: drop (without closing) every connection a caller's httpx client holds,
    so the next request opens its own. httpcore pools (httpx's transports) and the aiohttp session
    of `DefaultAioHttpClient` / httpx-aiohttp's transport; the pool's lock is replaced too (another
    thread of the parent may have held it at the fork)."""
    transports = [getattr(http, "_transport", None), *getattr(http, "_mounts", {}).values()]
    for transport in transports:
        pool = getattr(transport, "_pool", None)
        if isinstance(pool, httpcore.ConnectionPool | httpcore.AsyncConnectionPool):
            _INHERITED.append(pool._connections)
            pool._connections = []
            pool._requests = []
            pool._optional_thread_lock = type(pool._optional_thread_lock)()
        session = getattr(transport, "client", None)
        if session is not None and hasattr(session, "connector") and not callable(session):
            _INHERITED.append(session)
            transport.client = None  # httpx-aiohttp makes a new session


def _own_transport(http: httpx.Client | httpx.AsyncClient) -> Any:
    """The own client's transport, when every request goes to it (no proxy mounts from the
    environment): then the sender hands requests to it directly, skipping httpx's per-request
    client machinery (auth flow, redirect loop, event hooks, cookie extraction) that the own
    client does not use. None: send through the client."""
    transport = getattr(http, "_transport", None)
    if getattr(http, "_mounts", True) or not isinstance(
        transport, httpx.BaseTransport | httpx.AsyncBaseTransport
    ):
        return None
    return transport


def renew(sender: SyncSender | AsyncSender) -> None:
    """In a forked child, before a sender's first use: its pool renewed once (by the original
    sender, under `_FORK_LOCK`), and a copy made by with_options / with_raw_response sending
    through the original's new pool, as it did through the old one."""
    origin = sender.origin or sender
    with _FORK_LOCK:
        if origin._pid != _pid:
            origin.after_fork()
        if sender is not origin:
            sender.adopt(origin)  # type: ignore[arg-type]


class SyncSender(_Options):
    #: the sender a with_options / with_raw_response copy was made from (None: an original)
    origin: SyncSender | None = None

    def __init__(self, *args: Any, http_client: httpx.Client | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # closes its http client, its own or the one it was given (openai-python's rule); the
        # copies with_options and with_raw_response make set it False: they close nothing
        self._owns_http = True
        self._made_pool = http_client is None  # then a fork gets a new pool (a caller's: emptied)
        self._pid = _pid
        self._watched = False
        self._direct: httpx.BaseTransport | None = None
        self.http = http_client or self._own_pool()
        _default_base_url(self.http, self.base_url)

    def _own_pool(self) -> httpx.Client:
        http = httpx.Client(base_url=self.base_url, timeout=self.timeout)
        # our own pool: its sockets enforce the whole-response deadline in the caller's thread;
        # a caller's client (any transport) gets the thread-per-attempt way instead
        self._watched = _watch_deadlines(http)
        self._direct = _own_transport(http) if self._watched else None
        return http

    def after_fork(self) -> None:
        """First use in a forked child: never a connection the parent opened (its socket is shared
        with the parent: answers would go to whichever process reads first). Called under
        `_FORK_LOCK`, once per pool (`renew`); the process id is set last, so another thread keeps
        waiting for the new pool instead of sending on the old one."""
        if self._made_pool:
            _INHERITED.append(self.http)
            self.http = self._own_pool()
        else:
            forget_connections(self.http)
        if self._throttle is not None:
            self._throttle.after_fork()
        self._pid = _pid

    def adopt(self, origin: SyncSender) -> None:
        """A with_options / with_raw_response copy takes its original's renewed pool."""
        self.http, self._direct, self._watched = origin.http, origin._direct, origin._watched
        self._pid = _pid

    def execute(self, call: Call[T]) -> T:
        if self._pid != _pid:
            renew(self)
        prepared = self.prepare(call)
        deadline = _deadline.get()
        try:  # the first attempt outside stamina: a call that succeeds pays no retry machinery
            return self.finish(self.send(prepared, deadline), call, prepared)
        except Exception as exc:
            if not (self.max_retries and retryable(exc, call.idempotent)):
                raise
            first: Exception | None = exc
        for attempt in stamina.retry_context(
            on=self.should_retry(call.idempotent, deadline), attempts=self.max_retries + 1, timeout=None
        ):
            with attempt:
                if first is not None:  # stamina sees the first failure as attempt 1: same waits, hooks
                    replay, first = first, None
                    raise replay
                return self.finish(self.send(prepared, deadline), call, prepared)
        raise AssertionError("unreachable: stamina re-raises the last error")  # pragma: no cover

    def finish(self, reply: _Reply, call: Call[T], prepared: _Prepared) -> T:
        """`handle`, within the attempt's deadline: a large body is parsed in a worker thread
        that the caller stops waiting for when the deadline passes."""
        end = reply.end
        if end is None or len(reply.content) <= _body.PARSE_IN_THREAD_BYTES:
            return self.handle(reply, call, prepared)
        outcome: list[Any] = []
        done = threading.Event()

        def parse() -> None:
            try:
                outcome.append((True, self.handle(reply, call, prepared)))
            except BaseException as exc:  # handed to the caller's thread
                outcome.append((False, exc))
            finally:
                done.set()

        _WORKERS.run(parse)
        if not done.wait(max(end - time.monotonic(), 0.0)):
            raise _parse_cut_short()
        ok, value = outcome[0]
        if not ok:
            raise value
        result: T = value
        return result

    def send(self, prepared: _Prepared, deadline: float | None) -> _Reply:
        """One attempt: the complete response."""
        if self._throttle is not None:
            self._throttle.wait(deadline)
        http = self.http
        budget = self.attempt_budget(self._given_timeout or http.timeout, deadline)
        end = None if budget is None else time.monotonic() + budget
        direct = self._direct
        request, trace_id = self.build(http, prepared, budget, deadline is None, direct is not None)
        if budget is None or self._watched:  # no budget at all, or the sockets enforce it
            token = _attempt_end.set(end)
            try:
                if direct is not None:
                    response = self._send_direct(direct, request, end)
                else:
                    response = http.send(request, auth=self._flow_auth, stream=True, follow_redirects=False)
                    _body.read(response, self.max_response_bytes, end)
            except Exception as exc:
                raise transport_error(exc) from None
            finally:
                _attempt_end.reset(token)
        else:
            exchange = _Exchange(http, request, self._flow_auth, self.max_response_bytes, end)
            _WORKERS.run(exchange.run)
            if not exchange.done.wait(budget):
                exchange.abandon()
                raise APITimeoutError(f"no complete response within {budget:.3g} s (whole-response deadline)")
            response = exchange.result()
        log_exchange(response, prepared.secrets)  # KOODRIVE_LOG=debug / the CLI's --debug
        return _Reply(response.status_code, response.content, response.headers, trace_id, end)

    def _send_direct(
        self, transport: httpx.BaseTransport, request: httpx.Request, end: float | None
    ) -> httpx.Response:
        if self.http.is_closed:
            raise RuntimeError("the client has been closed")
        response = transport.handle_request(request)
        response.request = request
        _body.read(response, self.max_response_bytes, end)  # closes it: the connection goes back to the pool
        return response

    def close(self) -> None:
        """Close the http client, the caller's too (as openai-python does): `with` calls it.
        A with_options / with_raw_response copy closes nothing (the original's pool)."""
        if self._owns_http:
            self.http.close()


class Outgoing:
    """One native attempt's request; its repr shows no header value or body (credentials)."""

    __slots__ = ("body", "headers", "method", "url")

    def __init__(self, method: str, url: str, headers: SecretHeaders, body: bytes | None) -> None:
        self.method, self.url, self.headers, self.body = method, url, headers, body

    def __repr__(self) -> str:
        return f"<{self.method} request (redacted)>"


class NativeSender:
    """A sender of whole exchanges that is no `httpx.AsyncClient` (`NativeAioHttpClient`): it
    takes the request as parts and answers status, headers and body bytes. No httpx machinery
    (event hooks, mounts, auth flows) runs for it, so it takes none."""

    base_url: str
    timeout: httpx.Timeout

    @property
    def is_closed(self) -> bool:
        raise NotImplementedError

    async def exchange(
        self, request: Outgoing, budget: float | None, connect: float | None, limit: int | None = None
    ) -> tuple[int, Mapping[str, str], bytes]:
        """One attempt, within `budget` seconds as a whole and `limit` body bytes (decompressed);
        a KooDriveError for any failure (`ResponseTooLargeError` past the limit)."""
        raise NotImplementedError

    def after_fork(self) -> None:
        """In a forked child, before first use: drop (never use) what the parent opened."""

    async def aclose(self) -> None:
        raise NotImplementedError


class AsyncSender(_Options):
    #: as `SyncSender.origin`
    origin: AsyncSender | None = None

    def __init__(
        self, *args: Any, http_client: httpx.AsyncClient | NativeSender | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._owns_http = True  # as SyncSender's
        self._made_pool = http_client is None
        self._pid = _pid
        self.native: NativeSender | None = None
        self._direct: httpx.AsyncBaseTransport | None = None
        self.http: httpx.AsyncClient | NativeSender
        if isinstance(http_client, NativeSender):
            if self._flow_auth is not _NO_AUTH:
                raise ValueError("NativeAioHttpClient sends without httpx: auth must be TokenAuth or AppAuth")
            if not http_client.base_url:
                http_client.base_url = self.base_url
            self.http = self.native = http_client
        else:
            self.http = http_client or httpx.AsyncClient(base_url=self.base_url, timeout=self.timeout)
            _default_base_url(self.http, self.base_url)
            if http_client is None:
                self._direct = _own_transport(self.http)

    def after_fork(self) -> None:
        """As `SyncSender.after_fork`: a forked child never uses the parent's connections."""
        if self.native is not None:
            self.native.after_fork()
        elif self._made_pool:
            _INHERITED.append(self.http)
            http = httpx.AsyncClient(base_url=self.base_url, timeout=self.timeout)
            self._direct = _own_transport(http)
            self.http = http
        else:
            assert isinstance(self.http, httpx.AsyncClient)
            forget_connections(self.http)
        if self._throttle is not None:
            self._throttle.after_fork()
        self._pid = _pid

    def adopt(self, origin: AsyncSender) -> None:
        """As `SyncSender.adopt`."""
        self.http, self.native, self._direct = origin.http, origin.native, origin._direct
        self._pid = _pid

    async def execute(self, call: Call[T]) -> T:
        if self._pid != _pid:
            renew(self)
        prepared = self.prepare(call)
        deadline = _deadline.get()
        send = self.send if self.native is None else self.send_native
        try:  # as SyncSender.execute: stamina only once the first attempt failed
            reply = await send(prepared, deadline)
            if len(reply.content) <= _body.PARSE_IN_THREAD_BYTES:
                return self.handle(reply, call, prepared)
            return await self.finish(reply, call, prepared)
        except Exception as exc:
            if not (self.max_retries and retryable(exc, call.idempotent)):
                raise
            first: Exception | None = exc
        async for attempt in stamina.retry_context(
            on=self.should_retry(call.idempotent, deadline), attempts=self.max_retries + 1, timeout=None
        ):
            with attempt:
                if first is not None:
                    replay, first = first, None
                    raise replay
                return await self.finish(await send(prepared, deadline), call, prepared)
        raise AssertionError("unreachable: stamina re-raises the last error")  # pragma: no cover

    async def finish(self, reply: _Reply, call: Call[T], prepared: _Prepared) -> T:
        """`handle`; a body above `PARSE_IN_THREAD_BYTES` is parsed in a worker thread, in steps
        (`_body.parse_json`), so the event loop keeps running; within the attempt's deadline."""
        if len(reply.content) <= _body.PARSE_IN_THREAD_BYTES:
            return self.handle(reply, call, prepared)
        left = None if reply.end is None else reply.end - time.monotonic()
        try:
            async with asyncio.timeout(left):
                return await asyncio.to_thread(self.handle, reply, call, prepared)
        except TimeoutError:
            raise _parse_cut_short() from None

    async def send(self, prepared: _Prepared, deadline: float | None) -> _Reply:
        if self._throttle is not None:
            await self._throttle.await_turn(deadline)
        http = self.http
        assert isinstance(http, httpx.AsyncClient)  # a NativeSender goes to send_native
        budget = self.attempt_budget(self._given_timeout or http.timeout, deadline)
        end = None if budget is None else time.monotonic() + budget
        direct = self._direct
        request, trace_id = self.build(http, prepared, budget, deadline is None, direct is not None)
        response: httpx.Response | None = None
        try:
            async with asyncio.timeout(budget):
                if direct is not None:
                    if http.is_closed:
                        raise RuntimeError("the client has been closed")
                    response = await direct.handle_async_request(request)
                    response.request = request
                else:  # never following a redirect (see _Exchange.run)
                    response = await http.send(
                        request, auth=self._flow_auth, stream=True, follow_redirects=False
                    )
                await _body.aread(response, self.max_response_bytes, end)
        except TimeoutError:
            raise APITimeoutError(
                f"no complete response within {budget:.3g} s (whole-response deadline)"
            ) from None
        except Exception as exc:
            raise transport_error(exc, response.status_code if response is not None else 0) from None
        log_exchange(response, prepared.secrets)  # KOODRIVE_LOG=debug / the CLI's --debug
        return _Reply(response.status_code, response.content, response.headers, trace_id, end)

    async def send_native(self, prepared: _Prepared, deadline: float | None) -> _Reply:
        """One attempt through a `NativeSender`: the request built from its parts (URL, headers,
        JSON bytes, as httpx would send them), signed by the same `sign`, no httpx in the path."""
        if self._throttle is not None:
            await self._throttle.await_turn(deadline)
        native = self.native
        assert native is not None
        timeout = self._given_timeout or native.timeout
        budget = self.attempt_budget(timeout, deadline)
        end = None if budget is None else time.monotonic() + budget
        outgoing = self.native_request(prepared, native.base_url)
        connect = (
            timeout.connect if budget is None or timeout.connect is None else min(timeout.connect, budget)
        )
        status, headers, content = await native.exchange(outgoing, budget, connect, self.max_response_bytes)
        if http_log_enabled():
            log_parts(
                outgoing.method,
                outgoing.url,
                outgoing.headers,
                outgoing.body or b"",
                status,
                headers,
                content,
                prepared.secrets,
            )
        return _Reply(status, content, headers, outgoing.headers.get("X-Traceid"), end)

    def native_request(self, prepared: _Prepared, base_url: str) -> Outgoing:
        args = prepared.args
        try:
            url = self.absolute(args["url"], base_url)
            params = args.get("params")
            query = str(httpx.QueryParams(params)) if params else ""  # httpx's own encoding, ~3 us
            if query:
                url = f"{url}&{query}" if "?" in url else f"{url}?{query}"
            body: bytes | None = None
            headers = self.attempt_headers(prepared)
            if "json" in args:
                body = json.dumps(
                    args["json"], ensure_ascii=False, separators=(",", ":"), allow_nan=False
                ).encode()
                headers["Content-Type"] = "application/json"
            if self._app_auth is not None:
                _, host, path, raw_query = _url_parts(url)
                headers["Host"] = host
                headers.update(
                    self._app_auth._signed_headers(
                        args["method"].upper(), host, path, raw_query, body or b"", _lower(headers)
                    )
                )
        except Exception as exc:
            raise APIConnectionError(
                f"the request could not be built ({exc.__class__.__name__})", reached_server=False
            ) from None
        return Outgoing(args["method"].upper(), url, headers, body)

    async def aclose(self) -> None:
        """Close the http client, the caller's too (as openai-python does): `async with` calls it.
        A with_options / with_raw_response copy closes nothing (the original's pool)."""
        if self._owns_http:
            await self.http.aclose()


_DEFAULT_PORTS = {"http": 80, "https": 443}


def _url_parts(url: str) -> tuple[str, str, str, str]:
    """(scheme, Host as httpx sends it: no default port, raw path, raw query) of an encoded URL."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    if port is not None and port != _DEFAULT_PORTS.get(parts.scheme):
        host = f"{host}:{port}"
    return parts.scheme, host, parts.path or "/", parts.query


def _lower(headers: Mapping[str, str]) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}


class _EnvView(Mapping[str, str]):
    """The environment, read-only, with a repr that lists no value (a traceback that shows locals
    would otherwise print KOODRIVE_TOKEN and KOODRIVE_APP_SECRET with the rest of os.environ)."""

    def __init__(self, env: Mapping[str, str]) -> None:
        self._env = env

    def __getitem__(self, key: str) -> str:
        return self._env[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._env)

    def __len__(self) -> int:
        return len(self._env)

    def __repr__(self) -> str:
        return "<environment (redacted)>"


def env_settings(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """KooDrive(...) arguments from KOODRIVE_BASE_URL, KOODRIVE_TOKEN, KOODRIVE_USER_ID,
    KOODRIVE_APP_ID, KOODRIVE_APP_SECRET (app auth when an app id and secret are set)."""
    env = _EnvView(os.environ if environ is None else environ)  # its repr shows no secret
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
