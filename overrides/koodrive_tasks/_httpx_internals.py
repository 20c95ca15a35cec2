"""The one module that reaches into httpx's and httpcore's private attributes.

httpx has no public hook for what the client needs of its connection pool, so this module reads
(and, for the own pool, replaces) these private attributes, and no other module does (a test
reads every other module's source to keep it so):

- `httpx.Client._transport` / `AsyncClient._transport` and `._mounts`: the pools a request can go
  through (a proxy from the environment is a mount);
- `httpx.HTTPTransport._pool` / `AsyncHTTPTransport._pool`: the transport's httpcore pool;
- `httpcore.ConnectionPool._network_backend`: wrapped, so every socket wait of the own pool is cut
  to the attempt's whole-response deadline (a server trickling a byte at a time runs into it);
- `ConnectionPool._connections`, `._requests`, `._optional_thread_lock` (and the async pool's):
  emptied and replaced in a forked child, so it never uses a connection the parent opened;
- `httpx.Response._content`: a body read by the bounded reader (`_body`) is kept where httpx's
  `.content` finds it.

Each one is checked when a client is built (the own pools by `watch_deadlines` and
`own_transport`, a caller's client by `check_forgettable`), and a missing one raises
`UnsupportedHttpxError` naming it and the installed versions: an httpx that renamed one gives a
loud error at construction, never a client whose deadlines silently stop working or that silently
falls back to a thread per attempt. tests/packaging/test_newest_httpx.py runs
tests/client/test_httpx_internals.py (and the deadline and fork tests) against the newest httpx and
httpcore the package's pins allow.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextvars import ContextVar
from functools import cache
from typing import Any

import httpcore
import httpx

from ._errors import UnsupportedHttpxError

_MISSING = object()
_VERSIONS = {"httpx_version": httpx.__version__, "httpcore_version": httpcore.__version__}


def _attr(obj: object, name: str, owner: str) -> Any:
    """`obj.name`, or UnsupportedHttpxError naming `owner.name` and the installed versions."""
    value = getattr(obj, name, _MISSING)
    if value is _MISSING:
        raise UnsupportedHttpxError(f"{owner}.{name}", **_VERSIONS)
    return value


def _transports(http: httpx.Client | httpx.AsyncClient) -> Iterator[Any]:
    """Every transport a request of `http` can go through: its own and each mount's."""
    owner = type(http).__name__
    yield _attr(http, "_transport", f"httpx.{owner}")
    mounts = _attr(http, "_mounts", f"httpx.{owner}")
    yield from (t for t in mounts.values() if t is not None)  # None: a NO_PROXY pattern


def _pool(transport: Any) -> Any:
    """The httpcore pool of one of httpx's own transports; None for any other transport (a
    caller's `MockTransport`, httpx-aiohttp's, a proxy library's): nothing to reach into."""
    if isinstance(transport, httpx.HTTPTransport):
        pool = _attr(transport, "_pool", "httpx.HTTPTransport")
        expected: type = httpcore.ConnectionPool
    elif isinstance(transport, httpx.AsyncHTTPTransport):
        pool = _attr(transport, "_pool", "httpx.AsyncHTTPTransport")
        expected = httpcore.AsyncConnectionPool
    else:
        return None
    if not isinstance(pool, expected):
        name = f"httpx.{type(transport).__name__}._pool"
        raise UnsupportedHttpxError(f"{name} as an httpcore.{expected.__name__}", **_VERSIONS)
    return pool


_FORK_STATE = ("_connections", "_requests", "_optional_thread_lock")


@cache
def check_response_content() -> None:
    """`httpx.Response._content` holds a read body (`keep_content` sets it, `read_already` reads it)."""
    probe = httpx.Response(200, content=b"{}")
    if getattr(probe, "_content", None) != b"{}":
        raise UnsupportedHttpxError("httpx.Response._content", **_VERSIONS)


def read_already(response: httpx.Response) -> bytes | None:
    """The body of a response already read (a transport that built it from bytes), else None."""
    content: bytes | None = getattr(response, "_content", None)
    return content


def keep_content(response: httpx.Response, content: bytes) -> None:
    """Store a body read by `_body` as the response's content (`response.content` reads it)."""
    response._content = content


def check_forgettable(http: httpx.Client | httpx.AsyncClient) -> None:
    """At construction, for a caller's client: everything `forget_connections` needs after a fork."""
    check_response_content()
    for transport in _transports(http):
        pool = _pool(transport)
        if pool is not None:
            for name in _FORK_STATE:
                _attr(pool, name, f"httpcore.{type(pool).__name__}")


def forget_connections(http: httpx.Client | httpx.AsyncClient) -> list[Any]:
    """In a forked child: drop (without closing) every connection a caller's httpx client holds,
    so the next request opens its own. httpcore pools (httpx's transports) and the aiohttp session
    of `DefaultAioHttpClient` / httpx-aiohttp's transport; the pool's lock is replaced too (another
    thread of the parent may have held it at the fork). Answers what was dropped: the caller keeps
    it referenced, never closed (closing would shut down the parent's TLS sessions)."""
    dropped: list[Any] = []
    for transport in _transports(http):
        pool = _pool(transport)
        if pool is not None:
            dropped.append(pool._connections)
            pool._connections = []
            pool._requests = []
            pool._optional_thread_lock = type(pool._optional_thread_lock)()
        session = getattr(transport, "client", None)  # httpx-aiohttp's public attribute
        if session is not None and hasattr(session, "connector") and not callable(session):
            dropped.append(session)
            transport.client = None  # httpx-aiohttp makes a new session
    return dropped


def own_transport(http: httpx.Client | httpx.AsyncClient) -> Any:
    """The own client's transport, when every request goes to it (no proxy mounts from the
    environment): then the sender hands requests to it directly, skipping httpx's per-request
    client machinery (auth flow, redirect loop, event hooks, cookie extraction) that the own
    client does not use. None: send through the client."""
    check_response_content()
    owner = f"httpx.{type(http).__name__}"
    transport = _attr(http, "_transport", owner)
    if _attr(http, "_mounts", owner) or not isinstance(
        transport, httpx.BaseTransport | httpx.AsyncBaseTransport
    ):
        return None
    return transport


# --- whole-response deadlines on the own sync pool --------------------------------------------------

#: the end (time.monotonic) of the attempt running in this context; its socket waits are cut to it
attempt_end: ContextVar[float | None] = ContextVar("koodrive_attempt_end", default=None)


def _cut(timeout: float | None, kind: type[Exception]) -> float | None:
    """A socket operation's timeout, cut to what is left of the attempt's whole-response budget."""
    end = attempt_end.get()
    if end is None:
        return timeout
    left = end - time.monotonic()
    if left <= 0:
        raise kind("the whole-response deadline passed")
    return left if timeout is None else min(timeout, left)


class DeadlineStream(httpcore.NetworkStream):
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
        return DeadlineStream(stream)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
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
        return DeadlineStream(self._backend.connect_tcp(host, port, timeout, local_address, socket_options))

    def connect_unix_socket(self, path: str, timeout: float | None = None, socket_options: Any = None) -> Any:
        timeout = _cut(timeout, httpcore.ConnectTimeout)
        return DeadlineStream(self._backend.connect_unix_socket(path, timeout, socket_options))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


def watch_deadlines(http: httpx.Client) -> None:
    """Cut every socket wait of the client's own pool to the attempt's end (`attempt_end`): the
    transport's pool and each mount's (a proxy from the environment is a mount). The own client's
    transports are always httpx's own, so one whose pool cannot be reached is an httpx this module
    does not know: UnsupportedHttpxError, never a pool whose deadlines silently do not hold."""
    pools = []
    for transport in _transports(http):
        pool = _pool(transport)
        if pool is None:
            raise UnsupportedHttpxError(
                f"httpx.Client._transport as an httpx.HTTPTransport (found {type(transport).__name__})",
                **_VERSIONS,
            )
        backend = _attr(pool, "_network_backend", f"httpcore.{type(pool).__name__}")
        if not isinstance(backend, httpcore.NetworkBackend):
            raise UnsupportedHttpxError(
                f"httpcore.{type(pool).__name__}._network_backend as an httpcore.NetworkBackend",
                **_VERSIONS,
            )
        pools.append(pool)
    for pool in pools:
        pool._network_backend = DeadlineBackend(pool._network_backend)


def network_backends(http: httpx.Client) -> list[Any]:
    """The network backend of each pool of `http` (for tests and benchmarks: which ones are watched)."""
    return [pool._network_backend for pool in map(_pool, _transports(http)) if pool is not None]
