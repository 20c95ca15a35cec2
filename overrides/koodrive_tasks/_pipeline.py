"""The request pipeline both senders share: a call's request built and signed, each attempt's
budget, and the reply checked and parsed (no sending: that is `_senders`).

Requests are built by the generated operation modules (`_get_kwargs`), so paths and parameter
serialisation come from the spec; responses are checked here and parsed by `_parsing`. The
generated `sync_detailed` is not used: it builds `HTTPStatus(code)`, which raises on 499 or 520.

Each attempt has a whole-response budget: the client's timeout (the largest of its
connect/read/write/pool values: 30 s by default, `timeout=2` means 2 s), cut to the time left when
the call runs under a deadline (`_retries.deadline_scope`). A call therefore ends by its budget plus
`DEADLINE_MARGIN`, whatever the server sends (how each sender enforces it: `_senders`).

Nothing but a `KooDriveError` leaves a call: transport errors, decoding errors (a body that claims
gzip and is not), bodies nested too deep for the JSON parser and any failure of a parser are all
mapped to the error tree. Secrets: see `_secrets`; no frame of this module holds a raw request
argument (`Prepared` hides them from reprs) and echoed credentials are scrubbed.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from typing import Any, TypeVar

import httpx

from . import _base, _body
from ._base import DEFAULT_BASE_URL  # defined where `import koodrive_tasks` reads it cheaply
from ._call import ApiCall
from ._credentials import AppAuth, Auth, SecretHeaders, TokenAuth, new_trace_id
from ._env import checked_base_url, checked_retries, checked_timeout
from ._errors import (
    APIConnectionError,
    APITimeoutError,
    KooDriveError,
    RateLimitError,
    ResponseFormatError,
    business_error,
    read_code,
    status_error,
)
from ._limits import RateLimit, Throttle
from ._retries import retry_after, retryable, should_retry
from ._secrets import PARSING_SECRETS, Secrets, scrub, scrub_bytes, secrets_in
from ._version import __version__

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
USER_AGENT = f"koodrive-tasks/{__version__}"
T = TypeVar("T")
NO_AUTH = httpx.Auth()  # the request carries its auth headers already; overrides a client's own auth


class Prepared:
    """A call's request arguments and the secrets they carry, kept out of every repr (tracebacks
    that show locals print this object, not the dict inside)."""

    __slots__ = ("args", "secrets")

    def __init__(self, args: dict[str, Any], secrets: Secrets) -> None:
        self.args = args
        self.secrets = secrets

    def __repr__(self) -> str:
        return "<request arguments (redacted)>"


class Reply:
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


class Pipeline:
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
        self._flow_auth: httpx.Auth = NO_AUTH if self._token_auth or self._app_auth else auth

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, auth={self.auth!r})"

    def request_args(self, call: ApiCall[Any]) -> dict[str, Any]:
        args = call.request()  # a fresh dict from the generated `_get_kwargs`: ours to change
        own = args.get("headers")
        args["headers"] = {**self._headers, **own} if own else self._headers
        return args

    def prepare(self, call: ApiCall[Any]) -> Prepared:
        args = self.request_args(call)
        body = args.get("json")
        found = None if body is None else secrets_in(body)
        return Prepared(args, Secrets(self._secrets, found) if found else self._secrets)

    def attempt_headers(self, prepared: Prepared, base: Mapping[str, str] | None = None) -> SecretHeaders:
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

    def may_retry(self, exc: Exception, call: ApiCall[Any]) -> bool:
        """Whether a call whose first attempt raised `exc` is tried again (`_retries.retryable`)."""
        return bool(self.max_retries) and retryable(exc, call.idempotent)

    def retry_options(self, call: ApiCall[Any], deadline: float | None) -> dict[str, Any]:
        """`stamina.retry_context` arguments for the attempts after a first that failed: stamina
        sees the first failure as attempt 1 (replayed), so waits and hooks are as for any retry."""
        return {
            "on": should_retry(call.idempotent, deadline),
            "attempts": self.max_retries + 1,
            "timeout": None,
        }

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
        prepared: Prepared,
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
            method, params, body = args["method"], args.get("params"), args.get("json")
            if direct:
                headers = self.attempt_headers(prepared, self._defaults(http))
                extensions = {"timeout": timeout.as_dict()}
                request = httpx.Request(
                    method, url, params=params, json=body, headers=headers, extensions=extensions
                )
            else:
                headers = self.attempt_headers(prepared)
                request = http.build_request(
                    method, url, params=params, json=body, headers=headers, timeout=timeout
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

    def handle(self, reply: Reply, call: ApiCall[T], prepared: Prepared) -> T:
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


def parse_cut_short() -> APITimeoutError:
    """The deadline passed while a large body was parsed: not retried (the same body would come
    again with less time left, and the abandoned parse may still hold the first one)."""
    error = APITimeoutError("no complete response within the whole-response deadline (parsing the body)")
    error.final = True
    return error


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
