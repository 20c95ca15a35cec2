"""Timing attacks on a loopback socket server: a call under a deadline ends by the deadline plus
DEADLINE_MARGIN whatever the server does (trickled headers or body, one byte at a time, a 503
storm with a `Retry-After` of nan, inf, a negative or a huge number).

httpx's read timeout is per chunk: before the whole-response deadline, a byte every 0.5 s kept
`jobs.get()` with `timeout=2` and `jobs.wait(timeout=2)` alive for 40 s. Every bound below is the
deadline plus the stated margin; the worst overrun seen is printed (`pytest -s`) for the record.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import stamina
from hypothesis import given, settings
from hypothesis import strategies as st
from koodrive_tasks import (
    APITimeoutError,
    AsyncKooDrive,
    KooDrive,
    KooDriveError,
    NativeAioHttpClient,
    ServerError,
    TokenAuth,
    WaitTimeoutError,
)
from koodrive_tasks._client import DEADLINE_MARGIN, retry_after

from .conftest import (
    HOSTILE,
    JOB_ID,
    TOKEN,
    TrickleServer,
    http_head,
    native_client,
    run_async,
    sync_client,
    timed,
)

DETAIL = {"code": 0, "msg": "OK", "data": {"jobInfo": {"taskId": JOB_ID, "taskType": 1, "status": 1}}}
BODY = json.dumps(DETAIL).encode()
OVERRUNS: list[float] = []


@pytest.fixture(autouse=True)
def real_backoff() -> Iterator[None]:
    """These tests measure time: stamina sleeps for real here (the conftest switches it off)."""
    stamina.set_testing(False)
    yield


@pytest.fixture(scope="module", autouse=True)
def report_overruns() -> Iterator[None]:
    yield
    if OVERRUNS:
        print(f"\nworst overrun past the deadline over {len(OVERRUNS)} timing attacks: {max(OVERRUNS):.3f} s")


def within(deadline: float, elapsed: float) -> None:
    OVERRUNS.append(elapsed - deadline)
    assert elapsed < deadline + DEADLINE_MARGIN, f"{elapsed:.2f} s for a {deadline} s deadline"


def trickling_body(interval: float = 0.3) -> TrickleServer:
    head = http_head(200, {"Content-Type": "application/json"}, len(BODY))
    return TrickleServer(head, BODY, interval, trickle_from=len(head))


def trickling_headers(interval: float = 0.3) -> TrickleServer:
    return TrickleServer(http_head(200, {"X-Pad": "p" * 200}, len(BODY)), BODY, interval, trickle_from=0)


@pytest.mark.parametrize("server", [trickling_body, trickling_headers])
def test_a_trickled_response_cannot_hold_a_sync_get_past_its_timeout(server: Any) -> None:
    with server() as srv, KooDrive(srv.url, TokenAuth(TOKEN), timeout=1.0, max_retries=0) as client:
        elapsed, error, _ = timed(lambda: client.jobs.get(JOB_ID))
    assert isinstance(error, APITimeoutError)
    within(1.0, elapsed)


@pytest.mark.parametrize("server", [trickling_body, trickling_headers])
def test_a_trickled_response_cannot_hold_an_async_get_past_its_timeout(server: Any) -> None:
    async def main() -> None:
        async with AsyncKooDrive(srv.url, TokenAuth(TOKEN), timeout=1.0, max_retries=0) as client:
            await client.jobs.get(JOB_ID)

    with server() as srv:
        elapsed, error, _ = timed(lambda: asyncio.run(main()))
    assert isinstance(error, APITimeoutError)
    within(1.0, elapsed)


@pytest.mark.parametrize("server", [trickling_body, trickling_headers])
def test_a_trickled_response_cannot_hold_a_native_aiohttp_get_past_its_timeout(server: Any) -> None:
    async def main() -> None:
        http = NativeAioHttpClient(timeout=1.0)
        try:
            async with AsyncKooDrive(srv.url, TokenAuth(TOKEN), max_retries=0, http_client=http) as client:
                await client.jobs.get(JOB_ID)
        finally:
            await http.aclose()

    with server() as srv:
        elapsed, error, _ = timed(lambda: asyncio.run(main()))
    assert isinstance(error, APITimeoutError), repr(error)
    within(1.0, elapsed)


def test_a_trickled_response_cannot_hold_a_native_aiohttp_wait_past_its_deadline() -> None:
    async def main() -> None:
        http = NativeAioHttpClient()
        try:
            async with AsyncKooDrive(srv.url, TokenAuth(TOKEN), http_client=http) as client:
                await client.jobs.wait(JOB_ID, timeout=1.5, poll_interval=0.05)
        finally:
            await http.aclose()

    with trickling_body() as srv:
        elapsed, error, _ = timed(lambda: asyncio.run(main()))
    assert isinstance(error, WaitTimeoutError) and isinstance(error.__cause__, APITimeoutError), repr(error)
    within(1.5, elapsed)


def test_a_trickled_response_cannot_hold_wait_past_its_deadline_sync_and_async() -> None:
    with trickling_body() as srv:
        with KooDrive(srv.url, TokenAuth(TOKEN)) as client:
            elapsed, error, _ = timed(lambda: client.jobs.wait(JOB_ID, timeout=1.5, poll_interval=0.05))
        assert isinstance(error, WaitTimeoutError) and isinstance(error.__cause__, APITimeoutError)
        within(1.5, elapsed)

        async def main() -> None:
            async with AsyncKooDrive(srv.url, TokenAuth(TOKEN)) as client:
                await client.jobs.wait(JOB_ID, timeout=1.5, poll_interval=0.05)

        elapsed, error, _ = timed(lambda: asyncio.run(main()))
        assert isinstance(error, WaitTimeoutError)
        within(1.5, elapsed)


STORM = [
    "nan",
    "inf",
    "-inf",
    "-5",
    "1e999",
    "1000000000",
    "99999999999999999999",
    "Fri, 31 Dec 9999 23:59:59 GMT",
]


@pytest.mark.parametrize("value", STORM)
def test_a_503_storm_with_a_hostile_retry_after_ends_wait_by_its_deadline(value: str) -> None:
    """Retry-After: nan made the sync client raise a bare ValueError and the async one sleep forever;
    1000000000 held wait(timeout=2) for 60 s (stamina's timeout does not shorten a sleep)."""

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(503, headers={"Retry-After": value}, json={"code": 1, "msg": "busy"})

    with sync_client(handler, max_retries=5) as client:
        elapsed, error, _ = timed(lambda: client.jobs.wait(JOB_ID, timeout=1.0, poll_interval=0.05))
    assert isinstance(error, KooDriveError), repr(error)
    within(1.0, elapsed)

    async def main() -> None:
        http = httpx.AsyncClient(base_url="https://kd.test", transport=httpx.MockTransport(handler))
        async with AsyncKooDrive(
            "https://kd.test", TokenAuth(TOKEN), http_client=http, max_retries=5
        ) as client:
            await client.jobs.wait(JOB_ID, timeout=1.0, poll_interval=0.05)

    elapsed, error, _ = timed(lambda: asyncio.run(main()))
    assert isinstance(error, KooDriveError), repr(error)
    within(1.0, elapsed)

    client = native_client(handler, max_retries=5)
    elapsed, error, _ = timed(
        lambda: run_async(lambda c: c.jobs.wait(JOB_ID, timeout=1.0, poll_interval=0.05), client)
    )
    assert isinstance(error, KooDriveError), repr(error)
    within(1.0, elapsed)


def test_retry_after_is_sanitised() -> None:
    for value in ("nan", "NaN", "inf", "-inf", "1e999", "1_000", "0x10", "soon", "", "Mon, 99 Foo 2024"):
        assert retry_after(value) is None, value
    assert retry_after("-5") is None  # not a plain non-negative number: the client's own backoff applies
    assert retry_after("99999999999999999999") is None  # more digits than any sane wait
    assert retry_after("1000000000") == 60.0 and retry_after(" 3 ") == 3.0 and retry_after("0") == 0.0
    assert retry_after("Fri, 31 Dec 9999 23:59:59 GMT") == 60.0
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0


def test_a_retry_that_would_pass_the_deadline_is_not_made() -> None:
    """Retry-After 30 with 1 s left: the 503 is raised at once, not slept on."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(503, headers={"Retry-After": "30"}, json={"code": 1, "msg": "busy"})

    from koodrive_tasks._client import deadline_scope

    with sync_client(handler, max_retries=5) as client, deadline_scope(1.0):
        start = time.monotonic()
        with pytest.raises(ServerError):
            client.jobs.get(JOB_ID)
    assert time.monotonic() - start < 0.5 and len(seen) == 1


@settings(HOSTILE, max_examples=12)
@given(
    interval=st.sampled_from([0.05, 0.2, 0.45]),
    trickle_headers=st.booleans(),
    status=st.sampled_from([200, 503]),
    method=st.sampled_from(["get", "list", "iter", "wait"]),
    asynchronous=st.sampled_from([False, True, "native"]),
)
def test_any_trickle_ends_any_call_by_its_deadline(
    interval: float, trickle_headers: bool, status: int, method: str, asynchronous: bool | str
) -> None:
    deadline = 0.6
    head = http_head(status, {"Retry-After": "nan", "Content-Type": "application/json"}, len(BODY))
    server = TrickleServer(head, BODY, interval, trickle_from=0 if trickle_headers else len(head))

    def calls(client: Any) -> Any:
        if method == "wait":
            return client.jobs.wait(JOB_ID, timeout=deadline, poll_interval=0.05)
        return {"get": lambda: client.jobs.get(JOB_ID), "list": client.jobs.list, "iter": client.jobs.iter}[
            method
        ]()

    with server as srv:
        if asynchronous:

            async def main() -> None:
                native = NativeAioHttpClient(timeout=deadline) if asynchronous == "native" else None
                try:
                    async with AsyncKooDrive(
                        srv.url, TokenAuth(TOKEN), timeout=deadline, max_retries=0, http_client=native
                    ) as client:
                        result = calls(client)
                        if method == "iter":
                            async for _ in result:
                                pass
                        else:
                            await result
                finally:
                    if native is not None:
                        await native.aclose()

            elapsed, error, _ = timed(lambda: asyncio.run(main()))
        else:
            with KooDrive(srv.url, TokenAuth(TOKEN), timeout=deadline, max_retries=0) as client:
                elapsed, error, _ = timed(lambda: list(calls(client)) if method == "iter" else calls(client))
    assert error is None or isinstance(error, KooDriveError), repr(error)
    within(deadline, elapsed)


@pytest.mark.parametrize("server", [trickling_body, trickling_headers])
def test_a_callers_own_http_client_gets_the_same_whole_response_deadline(server: Any) -> None:
    """A caller's httpx.Client (any transport) is not rewired: each attempt runs in a thread the
    caller stops waiting for at the budget."""
    with (
        server() as srv,
        httpx.Client(base_url=srv.url, timeout=1.0) as http,
        KooDrive(srv.url, TokenAuth(TOKEN), http_client=http, max_retries=0) as client,
    ):
        assert not client._sender._watched
        elapsed, error, _ = timed(lambda: client.jobs.get(JOB_ID))
    assert isinstance(error, APITimeoutError)
    within(1.0, elapsed)
