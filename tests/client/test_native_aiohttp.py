"""NativeAioHttpClient (the [aiohttp] extra): AsyncKooDrive sending through aiohttp with no httpx
in the call path. The same requests as on httpx (URL, query, JSON bytes, signature), the same
answers, typed errors and whole-response deadline (the hostile suite runs its cases on it too)."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import httpx
import pytest
from koodrive_emulator import RunningEmulator
from koodrive_tasks import (
    AppAuth,
    AsyncKooDrive,
    AuthenticationError,
    JobDetail,
    JobStatus,
    JobType,
    NativeAioHttpClient,
    ServerError,
    TaskStatus,
    TaskType,
    TokenAuth,
    http_log,
)

from .conftest import APP_ID, APP_SECRET, TOKEN, USER_ID

pytest.importorskip("aiohttp")
SRC = "IAADfsBFCO6WtAtuA315074383680425b8aa9a130cba2d4"
DST = "IAADfsBFCO6WtAtuA315074383680425b8aa9a130cba2d5"


def run(base: str, auth: Any, body: Any, **options: Any) -> Any:
    async def main() -> Any:
        http = NativeAioHttpClient(**options)
        try:
            async with AsyncKooDrive(base, auth, http_client=http) as client:
                return await body(client)
        finally:
            await http.aclose()

    return asyncio.run(main())


@pytest.mark.parametrize("scheme", ["token", "app"])
def test_both_auth_schemes_end_to_end(emulator: RunningEmulator, scheme: str) -> None:
    """The emulator checks the token, and the app signature over the exact bytes aiohttp sends."""
    auth = TokenAuth(TOKEN) if scheme == "token" else AppAuth(APP_ID, APP_SECRET, USER_ID)

    async def body(client: AsyncKooDrive) -> None:
        job_id = await client.jobs.create(
            JobType.COPY, src_container_id=SRC, dst_container_id=DST, file_ids=["Fa", "Fb"]
        )
        detail = await client.jobs.wait(job_id, poll_interval=0.001)
        assert isinstance(detail, JobDetail) and detail.job.status == JobStatus.COMPLETED
        assert [f.file_id for f in detail.files] == ["Fa", "Fb"]
        jobs = await client.jobs.list(offset=0, limit=5, status=JobStatus.COMPLETED)  # a query string
        assert job_id in [j.id for j in jobs]
        task_id = await client.tasks.create(
            TaskType.HANDOVER, src_user_id="1397687227244555008", dst_user_id=USER_ID
        )
        assert (await client.tasks.wait(task_id, poll_interval=0.001)).status == TaskStatus.SUCCESS
        seen = [t.id async for t in client.tasks.iter()]  # cursors go back in the query
        assert task_id in seen and len(seen) == len(set(seen))
        many = await asyncio.gather(*(client.jobs.get(job_id) for _ in range(30)))
        assert all(d.job.id == job_id for d in many)

    run(emulator.base_url, auth, body)


@pytest.mark.parametrize("scheme", ["token", "app"])
def test_wrong_credentials_are_a_typed_error(emulator: RunningEmulator, scheme: str) -> None:
    auth = TokenAuth("not-the-token") if scheme == "token" else AppAuth(APP_ID, "not-the-secret", USER_ID)
    with pytest.raises(AuthenticationError) as caught:
        run(emulator.base_url, auth, lambda c: c.jobs.list())
    assert caught.value.trace_id and len(caught.value.trace_id) == 58 and "not-the-" not in str(caught.value)


def test_requests_are_those_httpx_would_send() -> None:
    """Same path, query, JSON bytes and auth headers as the httpx path, fresh trace id per attempt,
    and a 5xx retried: captured on a loopback server."""
    from hostile.conftest import loopback  # tests/ is on sys.path: tests/client is a package

    seen: list[httpx.Request] = []
    answers = [httpx.Response(200, json={"code": 0, "data": "42"})]

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answers.pop(0) if len(answers) > 1 else answers[0]

    server = loopback(handler)
    created = run(
        server.url,
        TokenAuth(TOKEN, user_id=USER_ID),
        lambda c: c.jobs.create(JobType.COPY, src_container_id="S", dst_container_id="D", file_ids=["F"]),
    )
    assert created == "42" and len(seen) == 1
    answers[:] = [
        httpx.Response(503, json={"code": 1, "msg": "busy"}),
        httpx.Response(200, json={"code": 0, "data": []}),
    ]
    seen.clear()
    assert run(server.url, TokenAuth(TOKEN), lambda c: c.jobs.list(offset=3, limit=7)) == []
    assert len(seen) == 2 and len({r.headers["X-Traceid"] for r in seen}) == 2
    first = seen[0]
    assert first.url.path == "/koodrive/ose/v1/jobs" and dict(first.url.params) == {
        "offset": "3",
        "limit": "7",
    }
    assert first.headers["Authorization"] == f"Bearer {TOKEN}" and len(first.headers["X-Date"]) == 16
    assert first.headers["User-Agent"].startswith("koodrive-tasks/")


def test_a_json_body_is_the_bytes_httpx_sends() -> None:
    from hostile.conftest import loopback  # tests/ is on sys.path: tests/client is a package

    seen: list[bytes] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.content)
        return httpx.Response(200, json={"code": 0, "data": "1"})

    server = loopback(handler)
    run(
        server.url,
        TokenAuth(TOKEN),
        lambda c: c.jobs.create(JobType.COPY, src_container_id="S", dst_container_id="D", file_ids=["F"]),
    )
    sent = httpx.Request("POST", server.url, json=json.loads(seen[0])).content
    assert seen[0] == sent


def test_an_auth_with_its_own_flow_is_refused() -> None:
    class Custom(TokenAuth):
        def auth_flow(self, request: httpx.Request) -> Any:
            yield request

    async def main() -> None:
        AsyncKooDrive("http://x", Custom("t"), http_client=NativeAioHttpClient())

    with pytest.raises(ValueError, match="TokenAuth or AppAuth"):
        asyncio.run(main())


def test_a_server_error_is_typed_and_logged_without_the_token(caplog: pytest.LogCaptureFixture) -> None:
    from hostile.conftest import loopback  # tests/ is on sys.path: tests/client is a package

    server = loopback(lambda r: httpx.Response(500, json={"code": 13000201, "msg": "inner"}))
    http_log.logger.setLevel(logging.DEBUG)
    try:
        with caplog.at_level(logging.DEBUG, logger="koodrive_tasks"), pytest.raises(ServerError):
            run(server.url, TokenAuth(TOKEN), lambda c: c.jobs.get("123"), timeout=5.0)
    finally:
        http_log.logger.setLevel(logging.NOTSET)
    text = caplog.text
    assert "GET http://127.0.0.1" in text and "-> 500" in text and "Bearer ***" in text and TOKEN not in text
