"""`client.with_options(...)`: the same client with another timeout or retry count for some calls.

The derived client shares the original's connection pool (its httpx transport, or its aiohttp
session): it only sends with other settings, and closing it closes nothing. The original keeps its
own settings, and closing the original closes the pool both use.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping
from typing import Any, TypeVar

import httpx

from ._base import NOT_GIVEN, NotGiven
from ._client import AsyncSender, NativeSender, Outgoing, SyncSender

S = TypeVar("S", SyncSender, AsyncSender)


def checked_timeout(timeout: float | httpx.Timeout) -> httpx.Timeout:
    if isinstance(timeout, httpx.Timeout):
        return timeout
    if isinstance(timeout, bool) or not isinstance(timeout, int | float):
        raise TypeError(f"timeout must be seconds or an httpx.Timeout, not {type(timeout).__name__}")
    if not (timeout > 0 and math.isfinite(timeout)):
        raise ValueError("timeout must be a positive number of seconds")
    return httpx.Timeout(timeout)


class _TimedNative(NativeSender):
    """An aiohttp sender seen with another timeout: every exchange goes through the original's
    session (the budget and connect limit the sender computes from this timeout)."""

    def __init__(self, inner: NativeSender, timeout: httpx.Timeout) -> None:
        self._inner = inner
        self.timeout = timeout
        self.base_url = inner.base_url  # set on the original before any copy is made

    @property
    def is_closed(self) -> bool:
        return self._inner.is_closed

    async def exchange(
        self, request: Outgoing, budget: float | None, connect: float | None, limit: int | None = None
    ) -> tuple[int, Mapping[str, str], bytes]:
        return await self._inner.exchange(request, budget, connect, limit)

    def after_fork(self) -> None:
        self._inner.after_fork()

    async def aclose(self) -> None:
        return None  # the original's session: the original closes it


def disown(sender: SyncSender | AsyncSender) -> None:
    """A derived sender never closes the pool it shares: its `close()`/`aclose()` do nothing (the
    original's close the pool), and after a fork it forgets inherited connections rather than
    making a pool of its own."""
    sender._owns_http = False
    if isinstance(sender, SyncSender):
        sender.close = _nothing  # type: ignore[method-assign]
    else:
        sender.aclose = _anothing  # type: ignore[method-assign]


def _nothing() -> None:
    return None


async def _anothing() -> None:
    return None


def derive(sender: S, timeout: float | httpx.Timeout | NotGiven, max_retries: int | NotGiven) -> S:
    """A copy of `sender` with the given settings, sending through the same pool, owning nothing."""
    new = copy.copy(sender)
    disown(new)
    if max_retries is not NOT_GIVEN:
        if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
            raise ValueError("max_retries must be an int >= 0")
        new.max_retries = max_retries
    if timeout is not NOT_GIVEN:
        value = checked_timeout(timeout)
        new.timeout = value
        new._timeouts = new._budget = None  # caches keyed on the timeout object
        http: Any = sender.http
        if isinstance(http, NativeSender):
            assert isinstance(new, AsyncSender)
            new.http = new.native = _TimedNative(http, value)
        else:
            # httpx reads the timeout from the client: a shallow copy has the same transport (the
            # pool), headers, base URL and event hooks, and its own timeout
            clone = copy.copy(http)
            clone.timeout = value
            new.http = clone
    return new
