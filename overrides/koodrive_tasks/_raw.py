"""`client.with_raw_response`: the same calls, answering the HTTP response beside the parsed record.

    raw = client.with_raw_response.jobs.get(job_id)
    raw.status_code, raw.headers["content-type"], raw.trace_id, raw.content
    detail = raw.parse()  # the JobDetail that `client.jobs.get(job_id)` returns

The raw client sends through the client's own sender (same pool, settings and retries); a
response that is an error still raises the typed error, as without `with_raw_response`. When a
call retried, the response is the one that was parsed.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, Generic, ParamSpec, TypeVar

import httpx

from ._call import ApiCall
from ._pipeline import Prepared, Reply
from ._senders import AsyncSender, SyncSender

if TYPE_CHECKING:
    pass

P = ParamSpec("P")
T = TypeVar("T")
S = TypeVar("S", SyncSender, AsyncSender)

# The replies the call running in this context (thread, or asyncio task) handled, newest last.
_SEEN: ContextVar[list[Reply] | None] = ContextVar("koodrive_raw_replies", default=None)


class RawResponse(Generic[T]):
    """One HTTP response of a call and the record parsed from it (made by `with_raw_response`).

    Args:
        reply: The response as the client received it.
        parsed: The record the call returned.

    Attributes:
        status_code: The HTTP status.
        headers: The response headers (case-insensitive).
        trace_id: The `X-Traceid` the request carried (KooDrive's support asks for it).
        content: The body bytes as received (decompressed).
    """

    __slots__ = ("_parsed", "content", "headers", "status_code", "trace_id")

    def __init__(self, reply: Reply, parsed: T) -> None:
        self.status_code: int = reply.status
        self.headers: httpx.Headers = httpx.Headers(dict(reply.headers.items()))
        self.trace_id: str | None = reply.trace_id
        self.content: bytes = reply.content
        self._parsed = parsed

    def parse(self) -> T:
        """The record the plain call returns (a `JobDetail`, an id, a page, ...)."""
        return self._parsed

    def json(self) -> Any:
        """The body as JSON, as the server sent it (wire names, no normalisation)."""
        return json.loads(self.content)

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")

    def __repr__(self) -> str:  # never the body: it may echo a credential
        return f"<RawResponse {self.status_code} trace_id={self.trace_id}>"


def _note(reply: Reply) -> None:
    seen = _SEEN.get()
    if seen is not None:
        seen.append(reply)


def capturing(sender: S) -> S:
    """A copy of `sender` (same pool and settings, owning nothing) that notes each reply it reads.

    Noted where the caller's context is (a large body is parsed in a worker thread, which does not
    see it): in `finish`, and in `handle` when the sender calls it directly; both see the same reply.
    """
    from ._options import disown  # noqa: PLC0415

    new = copy.copy(sender)
    disown(new, sender)
    handle = type(sender).handle

    def noting(reply: Reply, call: ApiCall[T], prepared: Prepared) -> T:
        _note(reply)
        return handle(new, reply, call, prepared)

    new.handle = noting  # type: ignore[method-assign]
    finish: Any = getattr(type(sender), "finish", None)
    if finish is not None and isinstance(new, SyncSender):

        def noting_finish(reply: Reply, call: ApiCall[T], prepared: Prepared) -> T:
            _note(reply)
            result: T = finish(new, reply, call, prepared)
            return result

        new.finish = noting_finish  # type: ignore[method-assign]
    elif finish is not None:

        async def anoting_finish(reply: Reply, call: ApiCall[T], prepared: Prepared) -> T:
            _note(reply)
            result: T = await finish(new, reply, call, prepared)
            return result

        new.finish = anoting_finish  # type: ignore[method-assign]
    return new


def _answer(seen: list[Reply], value: T) -> RawResponse[T]:
    if not seen:  # pragma: no cover - every call of these resources sends a request
        raise RuntimeError("the call sent no request")
    return RawResponse(seen[-1], value)


def raw(method: Callable[P, T]) -> Callable[P, RawResponse[T]]:
    def call(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        seen: list[Reply] = []
        token = _SEEN.set(seen)
        try:
            value = method(*args, **kwargs)
        finally:
            _SEEN.reset(token)
        return _answer(seen, value)

    call.__doc__ = method.__doc__
    return call


def araw(method: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[RawResponse[T]]]:
    async def call(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        seen: list[Reply] = []
        token = _SEEN.set(seen)
        try:
            value = await method(*args, **kwargs)
        finally:
            _SEEN.reset(token)
        return _answer(seen, value)

    call.__doc__ = method.__doc__
    return call


class RawKooDrive:
    """`KooDrive.with_raw_response`: `jobs`, `tasks` and `share_tasks` answering `RawResponse`s."""

    def __init__(self, sender: SyncSender) -> None:
        from .resources.jobs import Jobs, RawJobs  # noqa: PLC0415 - the resources import this module
        from .resources.share_tasks import RawShareTasks, ShareTasks  # noqa: PLC0415
        from .resources.tasks import RawTasks, Tasks  # noqa: PLC0415

        noted = capturing(sender)
        self.jobs = RawJobs(Jobs(noted))
        self.tasks = RawTasks(Tasks(noted))
        self.share_tasks = RawShareTasks(ShareTasks(noted))


class AsyncRawKooDrive:
    """`AsyncKooDrive.with_raw_response`: the same, each call awaited."""

    def __init__(self, sender: AsyncSender) -> None:
        from koodrive_generated.aio_resources.jobs import AsyncJobs, AsyncRawJobs  # noqa: PLC0415
        from koodrive_generated.aio_resources.share_tasks import (  # noqa: PLC0415
            AsyncRawShareTasks,
            AsyncShareTasks,
        )
        from koodrive_generated.aio_resources.tasks import AsyncRawTasks, AsyncTasks  # noqa: PLC0415

        noted = capturing(sender)
        self.jobs = AsyncRawJobs(AsyncJobs(noted))
        self.tasks = AsyncRawTasks(AsyncTasks(noted))
        self.share_tasks = AsyncRawShareTasks(AsyncShareTasks(noted))
