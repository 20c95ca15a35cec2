"""The `aiohttp` extra (`pip install koodrive-tasks[aiohttp]`): two ways for `AsyncKooDrive` to send
through aiohttp instead of httpcore's async pool.

`NativeAioHttpClient` is the one for concurrency: the client builds each request from its parts
(URL, headers, JSON bytes, signed by the same `koodrive_tasks.auth.sign` as on httpx) and hands it to
an `aiohttp.ClientSession` itself, with no httpx request, response, auth flow or transport in the
call path. Being no `httpx.AsyncClient`, it takes no httpx event hooks, mounts, auth or transport:
nothing of httpx's is skipped in silence, because none can be given. It keeps no cookies (the
KooDrive API sets none) and reads no proxy from the environment unless `trust_env=True` (aiohttp
then looks the proxy up in a worker thread on every request); `proxy=` names one.

    client = AsyncKooDrive(auth=..., http_client=koodrive_tasks.NativeAioHttpClient())

`DefaultAioHttpClient` is openai-python's shape: an `httpx.AsyncClient` whose transport is
`httpx-aiohttp`, for code that needs httpx's API (event hooks, mounts, its auth): everything
httpx does still runs, at about twice the client CPU per call.

httpx's own async pool (httpcore) costs more CPU per request than the call itself at tens of
requests in flight: it re-scans every connection on each request (httpcore #1035, #1103, httpx
#3215), so `AsyncKooDrive` with 50 in flight was CPU-bound at ~5x sequential. `httpx-aiohttp`
(what openai-python's `DefaultAioHttpClient` uses) keeps the httpx API and sends through aiohttp's
connector instead. The limits keep a connection alive for every request in flight (aiohttp keeps
each open connection alive up to `max_connections`; httpx's default closes all but 20).

    client = AsyncKooDrive(auth=..., http_client=koodrive_tasks.DefaultAioHttpClient())

The client's whole-response deadline still holds: the async sender wraps each attempt in
`asyncio.timeout`, whatever the transport.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from . import _base, _body
from ._errors import APIConnectionError, APITimeoutError, KooDriveError, ResponseFormatError
from ._fork import INHERITED
from ._pipeline import DEFAULT_TIMEOUT
from ._senders import NativeSender, Outgoing

#: enough connections for the concurrency people run (openai-python uses the same ceiling)
DEFAULT_CONNECTION_LIMITS = httpx.Limits(max_connections=1000, max_keepalive_connections=1000)

try:
    import aiohttp
    import httpx_aiohttp
    import yarl
except ImportError:  # the extra is not installed: say how to get it when someone asks for it

    class _NeedsTheExtra:
        """Needs the `aiohttp` extra: `pip install koodrive-tasks[aiohttp]`.

        Args:
            **kwargs: The client's arguments (unused: without the extra this only raises).

        Raises:
            RuntimeError: always, naming the extra to install.
        """

        def __init__(self, **kwargs: Any) -> None:
            raise RuntimeError(
                f"{type(self).__name__} needs the aiohttp extra: pip install 'koodrive-tasks[aiohttp]'"
            )

    class DefaultAioHttpClient(_NeedsTheExtra, httpx.AsyncClient):
        __doc__ = _NeedsTheExtra.__doc__

    class NativeAioHttpClient(_NeedsTheExtra, NativeSender):
        __doc__ = _NeedsTheExtra.__doc__

else:

    class DefaultAioHttpClient(httpx_aiohttp.HttpxAiohttpClient):  # type: ignore[no-redef]
        """An `httpx.AsyncClient` that sends through aiohttp; give it to `AsyncKooDrive(http_client=)`.

        Without `base_url`, `AsyncKooDrive`'s own base URL is used; without `timeout`, the
        client's default (30 s, 5 s to connect). Other `httpx.AsyncClient` arguments pass through.

        Args:
            **kwargs: `httpx.AsyncClient` arguments; `timeout` defaults to the client's (30 s,
                5 s to connect) and `limits` to 1,000 kept-alive connections, so every request
                in flight keeps its connection.
        """

        def __init__(self, **kwargs: Any) -> None:
            kwargs.setdefault("timeout", DEFAULT_TIMEOUT)
            kwargs.setdefault("limits", DEFAULT_CONNECTION_LIMITS)
            super().__init__(**kwargs)

    def _payload_error(exc: BaseException) -> bool:
        """A body that claims an encoding it does not have (httpx's DecodingError)."""
        seen: BaseException | None = exc
        for _ in range(5):
            if seen is None:
                return False
            if isinstance(seen, aiohttp.http_exceptions.ContentEncodingError) or "content-encoding" in str(
                seen
            ).lower().replace(" ", "-"):
                return True
            seen = seen.__cause__ or seen.__context__
        return False

    def _failure(exc: Exception, budget: float | None) -> KooDriveError:
        """The typed error for anything between sending and having the whole body (class names
        only: aiohttp's messages and request info can hold the URL and headers)."""
        name = exc.__class__.__name__
        if isinstance(exc, KooDriveError):
            return exc
        if isinstance(exc, aiohttp.ConnectionTimeoutError):
            return APITimeoutError(f"request timed out ({name})", reached_server=False)
        if isinstance(exc, TimeoutError):
            shown = "no limit" if budget is None else f"{budget:.3g} s"
            return APITimeoutError(f"no complete response within {shown} (whole-response deadline)")
        if isinstance(exc, aiohttp.ClientConnectorError | aiohttp.InvalidURL):
            return APIConnectionError(f"request failed ({name})", reached_server=False)
        if isinstance(exc, aiohttp.ClientPayloadError | aiohttp.ClientResponseError) and _payload_error(exc):
            return ResponseFormatError(f"the body could not be decoded ({name})", status_code=0)
        return APIConnectionError(f"request failed ({name})")

    class NativeAioHttpClient(NativeSender):  # type: ignore[no-redef]
        """`AsyncKooDrive`'s sender straight through aiohttp: give it to `AsyncKooDrive(http_client=)`.

        No httpx in the call path (see the module docstring): the client builds each request and
        aiohttp sends it, under an `aiohttp.ClientTimeout(total=...)` of the attempt's whole-response
        budget. The session is made on first use, in the running event loop; close the client with
        `await client.aclose()`, or let `AsyncKooDrive`'s `aclose()` / `async with` close it.

        Args:
            base_url: Scheme and host of the API; None: `AsyncKooDrive`'s.
            timeout: Seconds an attempt may take as a whole, or an `httpx.Timeout` (its largest
                value is the budget, `connect` the limit to connect); None: 30 s, 5 s to connect.
            limit: Connections kept open at most (and kept alive: one per request in flight).
            proxy: An HTTP proxy URL for every request; None: none (or the environment's, with
                `trust_env`).
            trust_env: Read `HTTP(S)_PROXY` and `.netrc` as aiohttp does (a thread hop per request).
            session: An `aiohttp.ClientSession` to send through instead of one made here (its
                connector, its trace configs); the caller closes it.

        Raises:
            ValueError: `limit` < 1.
        """

        def __init__(
            self,
            *,
            base_url: str | None = None,
            timeout: float | httpx.Timeout | None = None,
            limit: int = DEFAULT_CONNECTION_LIMITS.max_connections or 1000,
            proxy: str | None = None,
            trust_env: bool = False,
            session: aiohttp.ClientSession | None = None,
        ) -> None:
            if limit < 1:
                raise ValueError("limit must be >= 1")
            self.base_url = (base_url or "").rstrip("/")
            self.timeout = DEFAULT_TIMEOUT if timeout is None else httpx.Timeout(timeout)
            self._limit, self._proxy, self._trust_env = limit, proxy, trust_env
            self._session = session
            self._owns_session = session is None
            self._closed = False
            self._timeouts: dict[tuple[float | None, float | None], aiohttp.ClientTimeout] = {}

        def __repr__(self) -> str:
            return f"NativeAioHttpClient(base_url={self.base_url!r})"

        @property
        def is_closed(self) -> bool:
            """Whether `aclose()` was called."""
            return self._closed

        def _client(self) -> aiohttp.ClientSession:
            session = self._session
            if session is None:
                session = self._session = aiohttp.ClientSession(
                    connector=aiohttp.TCPConnector(limit=self._limit, limit_per_host=0),
                    cookie_jar=aiohttp.DummyCookieJar(),  # no cookies: nothing to filter per request
                    trust_env=self._trust_env,
                )
            return session

        def _timeout(self, budget: float | None, connect: float | None) -> aiohttp.ClientTimeout:
            key = (budget, connect)
            known = self._timeouts.get(key)
            if known is None:
                known = aiohttp.ClientTimeout(total=budget, sock_connect=connect)
                if len(self._timeouts) < 64:  # under a deadline every budget differs: keep a few
                    self._timeouts[key] = known
            return known

        async def exchange(
            self, request: Outgoing, budget: float | None, connect: float | None, limit: int | None = None
        ) -> tuple[int, Mapping[str, str], bytes]:
            """One attempt, as a whole within `budget` seconds; a KooDriveError for any failure.

            Args:
                request: Method, whole URL (percent-encoded: sent as it is, and signed as it
                    is), headers and body bytes; its repr shows none of them.
                budget: Seconds for the whole exchange, body included; None: no limit.
                connect: Seconds to connect at most.
                limit: Body bytes (decompressed) at most: `ResponseTooLargeError` past them,
                    raised while reading; None: `_base.DEFAULT_MAX_RESPONSE_BYTES`.

            Returns:
                Status, headers and the (decoded) body of the complete response.

            Raises:
                KooDriveError: The exchange failed (a typed error, never aiohttp's).
            """
            try:
                if self._closed:
                    raise RuntimeError("the client has been closed")
                # the response lives in a holder whose repr shows no header (a traceback with
                # locals would print aiohttp's repr, headers included, echoed credentials too)
                held = _Held(
                    await self._client()
                    .request(
                        request.method,
                        yarl.URL(request.url, encoded=True),
                        headers=request.headers,
                        data=request.body,
                        allow_redirects=False,
                        timeout=self._timeout(budget, connect),
                        proxy=self._proxy,
                    )
                    .__aenter__()
                )
                try:
                    return await held.read(_base.DEFAULT_MAX_RESPONSE_BYTES if limit is None else limit)
                finally:
                    held.release()
            except Exception as exc:
                raise _failure(exc, budget) from None

        def after_fork(self) -> None:
            """In a forked child: the session made here goes unused (kept, never closed: its
            connections are the parent's); the next request makes a new one. A session the caller
            passed in is the caller's: make it after the fork."""
            if self._owns_session and self._session is not None:
                INHERITED.append(self._session)
                self._session = None
                self._closed = False

        async def aclose(self) -> None:
            """Close the session made here (not one the caller passed in). `AsyncKooDrive`'s
            `aclose()` and `async with` call it."""
            self._closed = True
            if self._owns_session and self._session is not None:
                session, self._session = self._session, None
                await session.close()

    class _Held:
        """One aiohttp response, out of every repr (see `exchange`)."""

        __slots__ = ("response",)

        def __init__(self, response: aiohttp.ClientResponse) -> None:
            self.response = response

        def __repr__(self) -> str:
            return "<response (headers and body redacted)>"

        async def read(self, limit: int) -> tuple[int, Mapping[str, str], bytes]:
            response = self.response
            length = response.content_length
            if length is not None and length > limit and not response.headers.get("Content-Encoding"):
                raise _body.too_large(response.status, limit)
            content = await _body.read_chunks(response.content.iter_any(), response.status, limit)
            return response.status, response.headers, content

        def release(self) -> None:
            self.response.release()
