"""Property: whatever the server sends (any status 100-599, any headers, any body), every public
method of both clients returns a result or raises a KooDriveError subclass; nothing else escapes
(no RecursionError, httpx.DecodingError, ValueError, OSError, OverflowError, KeyError ...)."""

from __future__ import annotations

import contextlib
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from koodrive_tasks import KooDriveError

from .conftest import (
    ASYNC_METHODS,
    HOSTILE,
    SYNC_METHODS,
    Reply,
    async_client,
    native_client,
    own_async_client,
    own_sync_client,
    replies,
    run_async,
    sync_client,
)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def serve(reply: Reply) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        return reply.response()

    return handler


def serve_each(script: list[Reply]) -> Any:
    """A different reply to each request (the last one again once the script ends)."""
    queue = list(script)

    def handler(request: httpx.Request) -> httpx.Response:
        return (queue.pop(0) if len(queue) > 1 else queue[0]).response()

    return handler


@pytest.mark.parametrize("method", sorted(SYNC_METHODS))
@HOSTILE
@given(reply=replies)
def test_sync_methods_return_or_raise_typed_errors(method: str, reply: Reply) -> None:
    with (
        sync_client(serve(reply)) as client,
        contextlib.suppress(KooDriveError),
    ):  # a result, or a typed error
        SYNC_METHODS[method](client)


@pytest.mark.parametrize("method", sorted(ASYNC_METHODS))
@HOSTILE
@given(reply=replies)
def test_async_methods_return_or_raise_typed_errors(method: str, reply: Reply) -> None:
    with contextlib.suppress(KooDriveError):
        run_async(ASYNC_METHODS[method], async_client(serve(reply)))


@pytest.mark.parametrize("method", sorted(ASYNC_METHODS))
@HOSTILE
@given(reply=replies)
def test_native_aiohttp_methods_return_or_raise_typed_errors(method: str, reply: Reply) -> None:
    """The same replies over a real socket to NativeAioHttpClient: aiohttp's parser and decoders
    (a bad status line, a 1xx, a body that claims gzip) end in typed errors too."""
    with contextlib.suppress(KooDriveError):
        run_async(ASYNC_METHODS[method], native_client(serve(reply)))


@pytest.mark.parametrize("method", sorted(SYNC_METHODS))
@HOSTILE
@given(reply=replies)
def test_own_pool_methods_return_or_raise_typed_errors(method: str, reply: Reply) -> None:
    """The same replies over a real socket to the clients' own pools, whose requests skip
    httpx.Client.send and go to the pool's transport directly (sync and async)."""
    with own_sync_client(serve(reply)) as client, contextlib.suppress(KooDriveError):
        SYNC_METHODS[method](client)
    with contextlib.suppress(KooDriveError):
        run_async(ASYNC_METHODS[method], own_async_client(serve(reply)))


@pytest.mark.parametrize("method", ["jobs.iter", "jobs.wait", "tasks.iter", "tasks.wait", "share_tasks.wait"])
@HOSTILE
@given(script=st.lists(replies, min_size=2, max_size=6))
def test_multi_request_methods_survive_a_different_attack_on_each_request(
    method: str, script: list[Reply]
) -> None:
    with sync_client(serve_each(script)) as client, contextlib.suppress(KooDriveError):
        SYNC_METHODS[method](client)
