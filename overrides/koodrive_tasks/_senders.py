"""The senders: the one place requests leave the client, each attempt within its whole-response
deadline, retried by `_retries`' rules, after a fork on a pool of the child's own.

The clients' own pools get each request as a finished `httpx.Request` handed to the pool's
transport (none of httpx.Client.send's per-request machinery: the own client has no hooks, cookies
or auth of its own); a caller's `httpx` client gets `build_request` + `send`, so its hooks, mounts,
cookies and default headers all apply; a `NativeSender` (`NativeAioHttpClient`) gets the request
as parts.

Deadlines. httpx's read timeout is per chunk, so a server that trickles a byte every half second
never trips it. The async client enforces each attempt's budget with `asyncio.timeout` (through
`NativeAioHttpClient`, with aiohttp's `ClientTimeout(total=budget)`, which covers the body read
too). The sync client cuts every socket wait of its own pool to the attempt's end
(`_httpx_internals.watch_deadlines`); a caller's client runs the exchange in a daemon thread and
stops waiting for it when the budget is spent (`_workers`).
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Mapping
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx
import stamina

from . import _body, _fork
from ._call import ApiCall
from ._credentials import SecretHeaders
from ._errors import APIConnectionError, APITimeoutError
from ._httpx_internals import (
    attempt_end,
    check_forgettable,
    forget_connections,
    own_transport,
    watch_deadlines,
)
from ._pipeline import NO_AUTH, Pipeline, Prepared, Reply, parse_cut_short, transport_error
from ._retries import current_deadline
from ._workers import WORKERS, Exchange
from .http_log import enabled as http_log_enabled
from .http_log import log_exchange, log_parts

T = TypeVar("T")


def _default_base_url(http: httpx.Client | httpx.AsyncClient, base_url: str) -> None:
    """A caller's client without a base URL (`DefaultAioHttpClient()`) sends to the client's own:
    the generated paths are relative, so such a client could not send anywhere else."""
    if not str(http.base_url):
        http.base_url = httpx.URL(base_url)


def _forked(sender: SyncSender | AsyncSender) -> None:
    """The last step of a sender's `after_fork`, its pool renewed: the rate limit starts afresh, and
    the process id is set, last, so that another thread waits for the new pool instead of sending
    on the old one."""
    if sender._throttle is not None:
        sender._throttle.after_fork()
    sender._pid = _fork.pid


class SyncSender(Pipeline):
    #: the sender a with_options / with_raw_response copy was made from (None: an original)
    origin: SyncSender | None = None

    def __init__(self, *args: Any, http_client: httpx.Client | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # closes its http client, its own or the one it was given (openai-python's rule); the
        # copies with_options and with_raw_response make set it False: they close nothing
        self._owns_http = True
        self._made_pool = http_client is None  # then a fork gets a new pool (a caller's: emptied)
        self._pid = _fork.pid
        self._watched = False
        self._direct: httpx.BaseTransport | None = None
        if http_client is None:
            self.http = self._own_pool()
        else:
            check_forgettable(http_client)  # what a fork needs of it, checked now (loud, typed)
            self.http = http_client
        _default_base_url(self.http, self.base_url)

    def _own_pool(self) -> httpx.Client:
        http = httpx.Client(base_url=self.base_url, timeout=self.timeout)
        # our own pool: its sockets enforce the whole-response deadline in the caller's thread
        # (UnsupportedHttpxError if httpx's pool cannot be reached); a caller's client (any
        # transport) gets the thread-per-attempt way instead
        watch_deadlines(http)
        self._watched = True
        self._direct = own_transport(http)
        return http

    def after_fork(self) -> None:
        """First use in a forked child: never a connection the parent opened (its socket is shared
        with the parent: answers would go to whichever process reads first). Called under
        `_FORK_LOCK`, once per pool (`renew`); the process id is set last, so another thread keeps
        waiting for the new pool instead of sending on the old one."""
        if self._made_pool:
            _fork.INHERITED.append(self.http)
            self.http = self._own_pool()
        else:
            _fork.INHERITED.extend(forget_connections(self.http))
        _forked(self)

    def adopt(self, origin: SyncSender) -> None:
        """A with_options / with_raw_response copy takes its original's renewed pool."""
        self.http, self._direct, self._watched = origin.http, origin._direct, origin._watched
        self._pid = _fork.pid

    def execute(self, call: ApiCall[T]) -> T:
        if self._pid != _fork.pid:
            _fork.renew(self)
        prepared = self.prepare(call)
        deadline = current_deadline()
        try:  # the first attempt outside stamina: a call that succeeds pays no retry machinery
            return self.finish(self.send(prepared, deadline), call, prepared)
        except Exception as exc:
            if not self.may_retry(exc, call):
                raise
            first: Exception | None = exc
        for attempt in stamina.retry_context(**self.retry_options(call, deadline)):
            with attempt:
                if first is not None:  # stamina sees the first failure as attempt 1: same waits, hooks
                    replay, first = first, None
                    raise replay
                return self.finish(self.send(prepared, deadline), call, prepared)
        raise AssertionError("unreachable: stamina re-raises the last error")  # pragma: no cover

    def finish(self, reply: Reply, call: ApiCall[T], prepared: Prepared) -> T:
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

        WORKERS.run(parse)
        if not done.wait(max(end - time.monotonic(), 0.0)):
            raise parse_cut_short()
        ok, value = outcome[0]
        if not ok:
            raise value
        result: T = value
        return result

    def send(self, prepared: Prepared, deadline: float | None) -> Reply:
        """One attempt: the complete response."""
        if self._throttle is not None:
            self._throttle.wait(deadline)
        http = self.http
        budget = self.attempt_budget(self._given_timeout or http.timeout, deadline)
        end = None if budget is None else time.monotonic() + budget
        direct = self._direct
        request, trace_id = self.build(http, prepared, budget, deadline is None, direct is not None)
        if budget is None or self._watched:  # no budget at all, or the sockets enforce it
            token = attempt_end.set(end)
            try:
                if direct is not None:
                    response = self._send_direct(direct, request, end)
                else:
                    response = http.send(request, auth=self._flow_auth, stream=True, follow_redirects=False)
                    _body.read(response, self.max_response_bytes, end)
            except Exception as exc:
                raise transport_error(exc) from None
            finally:
                attempt_end.reset(token)
        else:
            exchange = Exchange(http, request, self._flow_auth, self.max_response_bytes, end)
            WORKERS.run(exchange.run)
            if not exchange.done.wait(budget):
                exchange.abandon()
                raise APITimeoutError(f"no complete response within {budget:.3g} s (whole-response deadline)")
            response = exchange.result()
        log_exchange(response, prepared.secrets)  # KOODRIVE_LOG=debug / the CLI's --debug
        return Reply(response.status_code, response.content, response.headers, trace_id, end)

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


class AsyncSender(Pipeline):
    #: as `SyncSender.origin`
    origin: AsyncSender | None = None

    def __init__(
        self, *args: Any, http_client: httpx.AsyncClient | NativeSender | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._owns_http = True  # as SyncSender's
        self._made_pool = http_client is None
        self._pid = _fork.pid
        self.native: NativeSender | None = None
        self._direct: httpx.AsyncBaseTransport | None = None
        self.http: httpx.AsyncClient | NativeSender
        if isinstance(http_client, NativeSender):
            if self._flow_auth is not NO_AUTH:
                raise ValueError("NativeAioHttpClient sends without httpx: auth must be TokenAuth or AppAuth")
            if not http_client.base_url:
                http_client.base_url = self.base_url
            self.http = self.native = http_client
        else:
            if http_client is None:
                self.http = httpx.AsyncClient(base_url=self.base_url, timeout=self.timeout)
                self._direct = own_transport(self.http)
            else:
                check_forgettable(http_client)  # what a fork needs of it, checked now (loud, typed)
                self.http = http_client
            _default_base_url(self.http, self.base_url)

    def after_fork(self) -> None:
        """As `SyncSender.after_fork`: a forked child never uses the parent's connections."""
        if self.native is not None:
            self.native.after_fork()
        elif self._made_pool:
            _fork.INHERITED.append(self.http)
            http = httpx.AsyncClient(base_url=self.base_url, timeout=self.timeout)
            self._direct = own_transport(http)
            self.http = http
        else:
            assert isinstance(self.http, httpx.AsyncClient)
            _fork.INHERITED.extend(forget_connections(self.http))
        _forked(self)

    def adopt(self, origin: AsyncSender) -> None:
        """As `SyncSender.adopt`."""
        self.http, self.native, self._direct = origin.http, origin.native, origin._direct
        self._pid = _fork.pid

    async def execute(self, call: ApiCall[T]) -> T:
        if self._pid != _fork.pid:
            _fork.renew(self)
        prepared = self.prepare(call)
        deadline = current_deadline()
        send = self.send if self.native is None else self.send_native
        try:  # as SyncSender.execute: stamina only once the first attempt failed
            reply = await send(prepared, deadline)
            if len(reply.content) <= _body.PARSE_IN_THREAD_BYTES:
                return self.handle(reply, call, prepared)
            return await self.finish(reply, call, prepared)
        except Exception as exc:
            if not self.may_retry(exc, call):
                raise
            first: Exception | None = exc
        async for attempt in stamina.retry_context(**self.retry_options(call, deadline)):
            with attempt:
                if first is not None:
                    replay, first = first, None
                    raise replay
                return await self.finish(await send(prepared, deadline), call, prepared)
        raise AssertionError("unreachable: stamina re-raises the last error")  # pragma: no cover

    async def finish(self, reply: Reply, call: ApiCall[T], prepared: Prepared) -> T:
        """`handle`; a body above `PARSE_IN_THREAD_BYTES` is parsed in a worker thread, in steps
        (`_body.parse_json`), so the event loop keeps running; within the attempt's deadline."""
        if len(reply.content) <= _body.PARSE_IN_THREAD_BYTES:
            return self.handle(reply, call, prepared)
        left = None if reply.end is None else reply.end - time.monotonic()
        try:
            async with asyncio.timeout(left):
                return await asyncio.to_thread(self.handle, reply, call, prepared)
        except TimeoutError:
            raise parse_cut_short() from None

    async def send(self, prepared: Prepared, deadline: float | None) -> Reply:
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
                else:  # never following a redirect (see Exchange.run)
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
        return Reply(response.status_code, response.content, response.headers, trace_id, end)

    async def send_native(self, prepared: Prepared, deadline: float | None) -> Reply:
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
        return Reply(status, content, headers, outgoing.headers.get("X-Traceid"), end)

    def native_request(self, prepared: Prepared, base_url: str) -> Outgoing:
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
