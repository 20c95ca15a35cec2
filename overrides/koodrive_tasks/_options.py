"""`client.with_options(...)`: the same client with another timeout or retry count for some calls.

The derived client shares the original's connection pool (its httpx transport, or its aiohttp
session): it only sends with other settings, and closing it closes nothing. The original keeps its
own settings, and closing the original closes the pool both use.
"""

from __future__ import annotations

import copy
from typing import TypeVar

import httpx

from ._base import NOT_GIVEN, NotGiven
from ._env import checked_retries, checked_timeout
from ._senders import AsyncSender, SyncSender

S = TypeVar("S", SyncSender, AsyncSender)


def disown(copy_: SyncSender | AsyncSender, origin: SyncSender | AsyncSender) -> None:
    """A copy of `origin` that never closes the pool it shares: its `close()`/`aclose()` do nothing
    (the original's close the pool), and after a fork it sends through the pool the original
    renews (`_fork.renew`), never one of its own."""
    copy_._owns_http = False
    copy_.origin = origin.origin or origin
    if isinstance(copy_, SyncSender):
        copy_.close = _nothing  # type: ignore[method-assign]
    else:
        copy_.aclose = _anothing  # type: ignore[method-assign]


def _nothing() -> None:
    return None


async def _anothing() -> None:
    return None


def derive(sender: S, timeout: float | httpx.Timeout | NotGiven, max_retries: int | NotGiven) -> S:
    """A copy of `sender` with the given settings, sending through the same pool, owning nothing.

    The timeout is the copy's own given timeout: every transport reads a sender's given timeout
    before its http client's (the pool and its client object stay shared, which is what lets a
    fork renew them once for the original and every copy)."""
    new = copy.copy(sender)
    disown(new, sender)
    if max_retries is not NOT_GIVEN:
        new.max_retries = checked_retries(max_retries)
    if timeout is not NOT_GIVEN:
        value = checked_timeout(timeout)
        new.timeout = new._given_timeout = value
        new._timeouts = new._budget = None  # caches keyed on the timeout object
    return new
