"""One named regression test per finding of issue 12 that belongs to the client's transport,
paging, errors and secrets; each failed before the fix (the timing ones are in test_deadlines.py:
`Retry-After: nan`, a `Retry-After` of 10^9 in a 503 storm, a trickled body)."""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import json
import traceback
from typing import Any

import httpx
import pytest
from koodrive_tasks import (
    APIError,
    KooDriveError,
    ResponseFormatError,
    StuckCursorError,
)

from .conftest import JOB_ID, KDSTOKEN, PASSWORD, TOKEN, sync_client
from .test_paging import IDS, jobs_body, tasks_body


def always(status: int, content: bytes, headers: dict[str, str] | None = None) -> Any:
    return lambda request: httpx.Response(status, content=content, headers=headers or {})


def test_a_body_of_100000_brackets_is_a_response_format_error_not_a_recursion_error() -> None:
    with sync_client(always(200, b"[" * 100_000)) as client, pytest.raises(ResponseFormatError):
        client.jobs.get(JOB_ID)
    with sync_client(always(500, b"[" * 100_000), max_retries=0) as client, pytest.raises(APIError):
        client.jobs.get(JOB_ID)


def test_a_gzip_body_that_is_not_gzip_is_a_typed_error_not_httpx_decoding_error() -> None:
    with (
        sync_client(always(200, b"plain", {"Content-Encoding": "gzip"})) as client,
        pytest.raises(ResponseFormatError),
    ):
        client.jobs.get(JOB_ID)
    good = gzip.compress(json.dumps({"code": 0, "data": {"jobInfo": {"taskId": JOB_ID}}}).encode())
    with sync_client(always(200, good, {"Content-Encoding": "gzip"})) as client:
        assert client.jobs.get(JOB_ID).job.id == JOB_ID


@pytest.mark.parametrize("value", [10**20, -(10**20), "99999999999999999999", 1e300, 2**63])
def test_a_time_of_about_10_to_the_20_never_escapes_as_oserror_or_overflowerror(value: Any) -> None:
    body = {
        "code": 0,
        "data": {"jobInfo": {"taskId": JOB_ID, "status": 1, "createTime": value, "endTime": value}},
    }
    server = sync_client(always(200, json.dumps(body).encode()), max_retries=0)
    with server as client, contextlib.suppress(KooDriveError):  # a result, or a typed error: nothing else
        client.jobs.get(JOB_ID)


def test_jobs_iter_does_not_stop_on_the_first_short_page() -> None:
    jobs = IDS[:130]
    shorts = iter([30])  # the first page is short, the list is not over

    def handler(request: httpx.Request) -> httpx.Response:
        offset, limit = int(request.url.params["offset"]), int(request.url.params["limit"])
        return httpx.Response(200, json=jobs_body(jobs[offset : offset + min(limit, next(shorts, limit))]))

    with sync_client(handler) as client:
        assert [j.id for j in client.jobs.iter()] == jobs


def test_a_server_that_caps_pages_at_50_gives_all_120_jobs() -> None:
    jobs = IDS[:120]

    def handler(request: httpx.Request) -> httpx.Response:
        offset, limit = int(request.url.params["offset"]), int(request.url.params["limit"])
        return httpx.Response(200, json=jobs_body(jobs[offset : offset + min(limit, 50)]))

    with sync_client(handler) as client:
        assert [j.id for j in client.jobs.iter()] == jobs


def test_jobs_iter_on_a_server_that_ignores_offset_raises_instead_of_looping() -> None:
    server = sync_client(lambda r: httpx.Response(200, json=jobs_body(IDS[:100])))
    with server as client, pytest.raises(StuckCursorError):
        list(client.jobs.iter())


def test_a_filtered_walk_returns_the_pending_jobs_that_stayed_when_seen_ones_were_cancelled() -> None:
    """251 pending jobs; after the first page, 20 already returned are cancelled (leave the
    filter): the next page would start 20 places late. All 231 that stayed pending come back."""
    pending = list(IDS[:251])
    requests = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal requests
        requests += 1
        offset, limit = int(request.url.params["offset"]), int(request.url.params["limit"])
        page = pending[offset : offset + limit]
        if requests == 1:
            del pending[:20]
        return httpx.Response(200, json=jobs_body(page))

    with sync_client(handler) as client:
        ids = [j.id for j in client.jobs.iter(status=0)]
    assert set(pending) <= set(ids) and len(ids) == len(set(ids)) == 251


def test_tasks_iter_through_a_proxy_that_rounds_cursors_hands_out_no_duplicate() -> None:
    """A proxy that rounds 19-digit cursors to doubles resumes each page a little early."""
    tasks = IDS[:60]

    def handler(request: httpx.Request) -> httpx.Response:
        raw = request.url.params.get("pageCursor")
        position = 0 if raw is None else int(raw) - 1_000_000
        start = max(position - 2, 0) if position else 0  # resumes two tasks early
        end = min(position + 10, len(tasks))
        return httpx.Response(
            200, json=tasks_body(tasks[start:end], None if end == len(tasks) else 1_000_000 + end)
        )

    with sync_client(handler) as client:
        assert [t.id for t in client.tasks.iter()] == tasks


@pytest.mark.parametrize(
    "pages",
    [
        "repeated non-empty page",
        "cursors cycling 10 <-> 20",
        "empty pages with alternating cursors",
    ],
)
def test_tasks_iter_ends_with_stuck_cursor_error(pages: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        cursor = request.url.params.get("pageCursor")
        nxt = 20 if cursor == "10" else 10
        if pages == "repeated non-empty page":
            return httpx.Response(200, json=tasks_body(IDS[:2], 10))
        if pages == "cursors cycling 10 <-> 20":
            return httpx.Response(200, json=tasks_body(IDS[:2], nxt))
        return httpx.Response(200, json=tasks_body([], nxt))

    with sync_client(handler) as client, pytest.raises(StuckCursorError):
        list(client.tasks.iter())


def test_an_empty_task_list_beside_a_full_task_list_dtos_drops_no_record() -> None:
    body = {
        "code": 0,
        "taskList": [],
        "taskListDtos": [{"taskId": i, "taskType": 0, "status": 2} for i in IDS[:3]],
    }
    with sync_client(lambda r: httpx.Response(200, json=body)) as client:
        assert [t.id for t in client.tasks.list().items] == IDS[:3]
    both = {**body, "taskList": [{"taskId": IDS[0], "taskType": 0, "status": 2}]}
    with sync_client(lambda r: httpx.Response(200, json=both)) as client:
        assert [t.id for t in client.tasks.list().items] == IDS[:3]  # merged by id: none twice


def test_kdstoken_and_password_stay_out_of_tracebacks_with_locals() -> None:
    with sync_client(always(500, b'{"code": 1, "msg": "x"}'), max_retries=0) as client:
        for call in (
            lambda: client.share_tasks.get("1", "2", KDSTOKEN),
            lambda: client.share_tasks.create(
                1, share_id="2", container_id="C", file_ids=["F"], kdstoken=KDSTOKEN
            ),
            lambda: client.jobs.create(1, src_container_id="S", dst_container_id="D", password=PASSWORD),
        ):
            with pytest.raises(KooDriveError) as caught:
                call()
            text = "".join(
                traceback.TracebackException.from_exception(caught.value, capture_locals=True).format()
            )
            assert KDSTOKEN not in text and PASSWORD not in text and "'***'" in text


def test_a_server_that_echoes_the_authorization_header_puts_no_token_in_the_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json={"code": 13000101, "msg": f"bad {request.headers['Authorization']}"})

    with sync_client(handler) as client, pytest.raises(APIError) as caught:
        client.jobs.list()
    assert TOKEN not in str(caught.value) and TOKEN not in json.dumps(caught.value.body)
    assert caught.value.msg == "bad Bearer ***"


# --- issue 19: secrets in tracebacks with locals, on every transport -------------------------------

TRANSPORTS = [
    "sync own",
    "sync httpx",
    "async own",
    "async httpx",
    "DefaultAioHttpClient",
    "NativeAioHttpClient",
]


def _formatted(exc: BaseException) -> str:
    """The exception as the stdlib, rich and sentry-sdk show it with every frame's locals."""
    import io

    from rich.console import Console
    from rich.traceback import Traceback
    from sentry_sdk.utils import event_from_exception

    text = "".join(traceback.TracebackException.from_exception(exc, capture_locals=True).format())
    console = Console(file=io.StringIO(), width=300, color_system=None)
    console.print(Traceback.from_exception(type(exc), exc, exc.__traceback__, show_locals=True))
    text += console.file.getvalue()  # type: ignore[attr-defined]
    event, _ = event_from_exception(
        exc,
        client_options={
            "include_local_variables": True,
            "include_source_context": False,
            "max_value_length": 100_000,
            "add_full_stack": False,
            "custom_repr": None,
        },
    )
    return text + json.dumps(event, default=repr)


def _call_on(kind: str, url: str, auth: Any, call: str) -> BaseException:
    """The error of one call (`get`: jobs.get; `create`: a job with an archive password; `share`:
    a share task query with a kdstoken) through transport `kind`."""
    from koodrive_tasks import AsyncKooDrive, DefaultAioHttpClient, KooDrive, NativeAioHttpClient

    options: dict[str, Any] = {"timeout": 0.2, "max_retries": 0}
    if kind.startswith("sync"):
        http = httpx.Client() if kind == "sync httpx" else None
        with KooDrive(url, auth, http_client=http, **options) as client:
            try:
                if call == "get":
                    client.jobs.get(JOB_ID)
                elif call == "create":
                    client.jobs.create(
                        1, src_container_id="S", dst_container_id="D", file_ids=["F"], password=PASSWORD
                    )
                else:
                    client.share_tasks.get("1521827471237047552", "1808628918203192832", KDSTOKEN)
            except KooDriveError as exc:
                return exc
        raise AssertionError("no error")

    async def main() -> BaseException:
        given: Any = {
            "async httpx": httpx.AsyncClient,
            "DefaultAioHttpClient": DefaultAioHttpClient,
            "NativeAioHttpClient": NativeAioHttpClient,
        }.get(kind, lambda: None)()
        async with AsyncKooDrive(url, auth, http_client=given, **options) as client:
            try:
                if call == "get":
                    await client.jobs.get(JOB_ID)
                elif call == "create":
                    await client.jobs.create(
                        1, src_container_id="S", dst_container_id="D", file_ids=["F"], password=PASSWORD
                    )
                else:
                    await client.share_tasks.get("1521827471237047552", "1808628918203192832", KDSTOKEN)
            except KooDriveError as exc:
                return exc
        raise AssertionError("no error")

    return asyncio.run(main())


APP_SECRET = "app-HOSTILE-SECRET-99"


@pytest.mark.parametrize("kind", TRANSPORTS)
def test_echoed_headers_and_bodies_stay_out_of_tracebacks_with_locals(kind: str) -> None:
    """A proxy echoes the credentials into the response headers and the start of a body it never
    finishes: the call times out while the response is held. Before the fix NativeAioHttpClient's
    frame held aiohttp's response, whose repr prints every header."""
    from koodrive_tasks import AppAuth, TokenAuth

    from .conftest import TrickleServer, http_head

    echo = {"X-Echo-Auth": f"Bearer {TOKEN}", "X-Echo-Secret": APP_SECRET, "X-Echo-Pwd": PASSWORD}
    partial = json.dumps({"code": 0, "msg": f"{TOKEN} {APP_SECRET} {PASSWORD} {KDSTOKEN}"}).encode()
    with TrickleServer(http_head(200, echo, 10_000), partial, 10.0, trickle_from=10**9) as server:
        for auth in (TokenAuth(TOKEN), AppAuth("app", APP_SECRET, "1")):
            for call in ("get", "create", "share"):
                text = _formatted(_call_on(kind, server.url, auth, call))
                assert [s for s in (TOKEN, APP_SECRET, PASSWORD, KDSTOKEN) if s in text] == [], (auth, call)


@pytest.mark.parametrize("kind", TRANSPORTS)
def test_a_refused_connection_leaves_no_password_in_tracebacks_with_locals(kind: str) -> None:
    """With AppAuth and nothing listening: the request body (archive password, kdstoken) and the
    signed headers are no plain local of any frame on the raising path."""
    import socket

    from koodrive_tasks import AppAuth

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"  # closed when the test calls it
    for call in ("create", "share"):
        text = _formatted(_call_on(kind, url, AppAuth("app", APP_SECRET, "1"), call))
        assert [s for s in (APP_SECRET, PASSWORD, KDSTOKEN) if s in text] == [], call
