"""Issue 12: what wait() does with a finished job, share task or basic task, as the wire sends it
(numbers, or the numeric strings the family also sends), through the whole client, sync and async.

ALL_FAILED (`taskResultCode` 3) raises TaskFailedError carrying the final state (the per-file
results stay readable); PARTIALLY_FAILED (2) returns normally, the caller reads `failed_files`;
a basic task that ends FAILED raises TaskFailedError with its `resultCode`.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from koodrive_tasks import (
    AsyncKooDrive,
    JobResult,
    JobStatus,
    KooDrive,
    TaskFailedError,
    TaskStatus,
    TokenAuth,
    WaitTimeoutError,
)

JOB_ID = "1309243162258308352"
TASK_ID = "1534087020903704704"
SHARE_ID = "1808628918203192832"
BAD_FILE = "FuZmQ66CF0DdpKRG1Y29Iwajbq04Nhwu3"
GOOD_FILE = "FtEXHCpfqHueAHFbEmWZNkqUH_K866MVn"


def job_body(result: int | str, status: int | str = 2) -> dict[str, Any]:
    """getJob (seed 003's shape): the job and its per-file results, one failed, one done."""
    files = [
        {"fileId": BAD_FILE, "status": "2", "resultCode": "13000408", "resultDesc": "Download file failed."},
        {"fileId": GOOD_FILE, "status": "1"},
    ]
    if result in {3, "3"}:
        files[1] = {**files[1], "status": "2", "resultCode": "13000408"}
    job = {"taskId": JOB_ID, "taskType": 1, "status": status, "progress": 100, "taskResultCode": result}
    return {"code": 0, "msg": "OK", "data": {"jobInfo": job, "taskInfos": files}}


def share_body(result: int | str, status: int | str = 2) -> dict[str, Any]:
    """getShareTask (seed 004's shape): `taskStatus`, `taskResultCode`, files at the top level."""
    files = [
        {"fileId": BAD_FILE, "status": "2"},
        {"fileId": GOOD_FILE, "status": "2" if result in (3, "3") else "1"},
    ]
    job = {"taskId": JOB_ID, "taskType": 1, "taskStatus": status, "taskResultCode": result, "progress": 100}
    return {"jobInfo": job, "taskInfos": files, "code": 0, "msg": "Success."}


def task_body(status: int | str, result_code: int | str | None = None) -> dict[str, Any]:
    """getTask (seed 002's shape): the task at the top level."""
    body: dict[str, Any] = {"taskId": TASK_ID, "taskType": 0, "status": status, "code": 0, "msg": "Success."}
    if result_code is not None:
        body["resultCode"] = result_code
    return body


def answer(body: dict[str, Any]) -> Callable[[httpx.Request], httpx.Response]:
    return lambda request: httpx.Response(200, content=json.dumps(body).encode())


def sync_client(body: dict[str, Any]) -> KooDrive:
    http = httpx.Client(base_url="https://kd.invalid", transport=httpx.MockTransport(answer(body)))
    return KooDrive("https://kd.invalid", TokenAuth("t0ken-value"), http_client=http)


def async_client(body: dict[str, Any]) -> AsyncKooDrive:
    http = httpx.AsyncClient(base_url="https://kd.invalid", transport=httpx.MockTransport(answer(body)))
    return AsyncKooDrive("https://kd.invalid", TokenAuth("t0ken-value"), http_client=http)


def wait_job(body: dict[str, Any], mode: str) -> Any:
    if mode == "sync":
        with sync_client(body) as client:
            return client.jobs.wait(JOB_ID, timeout=5, poll_interval=0.01)

    async def run() -> Any:
        async with async_client(body) as client:
            return await client.jobs.wait(JOB_ID, timeout=5, poll_interval=0.01)

    return asyncio.run(run())


def wait_share(body: dict[str, Any], mode: str) -> Any:
    if mode == "sync":
        with sync_client(body) as client:
            return client.share_tasks.wait(JOB_ID, SHARE_ID, timeout=5, poll_interval=0.01)

    async def run() -> Any:
        async with async_client(body) as client:
            return await client.share_tasks.wait(JOB_ID, SHARE_ID, timeout=5, poll_interval=0.01)

    return asyncio.run(run())


def wait_task(body: dict[str, Any], mode: str) -> Any:
    if mode == "sync":
        with sync_client(body) as client:
            return client.tasks.wait(TASK_ID, timeout=5, poll_interval=0.01)

    async def run() -> Any:
        async with async_client(body) as client:
            return await client.tasks.wait(TASK_ID, timeout=5, poll_interval=0.01)

    return asyncio.run(run())


MODES = ["sync", "async"]
WIRE = [(3, 2), ("3", 2), (3, "2"), ("3", "2")]  # (taskResultCode, status) as numbers or strings


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("result", "status"), WIRE, ids=[f"{r!r}-{s!r}" for r, s in WIRE])
def test_a_job_whose_files_all_failed_raises_with_its_detail(mode: str, result: Any, status: Any) -> None:
    with pytest.raises(TaskFailedError) as caught:
        wait_job(job_body(result, status), mode)
    state = caught.value.state
    assert state.job.status is JobStatus.COMPLETED and state.job.result is JobResult.ALL_FAILED
    assert [f.file_id for f in state.failed_files] == [BAD_FILE, GOOD_FILE]
    assert state.files[0].result_code == 13000408
    assert str(caught.value) == f"job {JOB_ID} completed with every file failed (2 of 2 files)"


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("result", [2, "2"])
def test_a_partly_failed_job_returns_and_names_its_failed_files(mode: str, result: Any) -> None:
    detail = wait_job(job_body(result), mode)
    assert detail.job.result is JobResult.PARTIALLY_FAILED
    assert [f.file_id for f in detail.failed_files] == [BAD_FILE]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("result", [1, "1"])
def test_a_successful_job_returns(mode: str, result: Any) -> None:
    assert wait_job(job_body(result), mode).job.result is JobResult.ALL_SUCCEEDED


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("result", "status"), WIRE, ids=[f"{r!r}-{s!r}" for r, s in WIRE])
def test_a_share_task_whose_files_all_failed_raises_with_its_detail(
    mode: str, result: Any, status: Any
) -> None:
    with pytest.raises(TaskFailedError) as caught:
        wait_share(share_body(result, status), mode)
    state = caught.value.state
    assert state.status is JobStatus.COMPLETED and state.result is JobResult.ALL_FAILED
    assert len(state.failed_files) == 2


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("result", [2, "2"])
def test_a_partly_failed_share_task_returns(mode: str, result: Any) -> None:
    task = wait_share(share_body(result), mode)
    assert task.result is JobResult.PARTIALLY_FAILED and [f.file_id for f in task.failed_files] == [BAD_FILE]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("status", [3, "3"])
def test_a_failed_basic_task_raises_with_its_result_code(mode: str, status: Any) -> None:
    with pytest.raises(TaskFailedError) as caught:
        wait_task(task_body(status, "18000205"), mode)
    assert caught.value.result_code == 18000205
    assert caught.value.state.status is TaskStatus.FAILED


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("status", [2, "2"])
def test_a_successful_basic_task_returns(mode: str, status: Any) -> None:
    assert wait_task(task_body(status), mode).status is TaskStatus.SUCCESS


@pytest.mark.parametrize("mode", MODES)
def test_all_failed_without_per_file_results_says_so(mode: str) -> None:
    body = job_body(3)
    body["data"]["taskInfos"] = []
    with pytest.raises(TaskFailedError) as caught:
        wait_job(body, mode)
    assert str(caught.value) == (
        f"job {JOB_ID} completed with every file failed (the server sent no per-file results)"
    )


def test_wait_with_timeout_zero_checks_once() -> None:
    """`wait(timeout=0)` asks once: a finished job is returned, an unfinished one raises
    WaitTimeoutError carrying the state it saw (before, the spent deadline sent nothing and the
    error carried no state)."""
    calls: list[str] = []

    def finished(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        return httpx.Response(200, json=job_body(1))

    with KooDrive(
        "https://kd.test", TokenAuth("t"), http_client=httpx.Client(transport=httpx.MockTransport(finished))
    ) as c:
        assert c.jobs.wait(JOB_ID, timeout=0).job.status == JobStatus.COMPLETED
    assert len(calls) == 1

    def running(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        return httpx.Response(200, json=job_body(1, status=1))

    calls.clear()
    with (
        KooDrive(
            "https://kd.test",
            TokenAuth("t"),
            http_client=httpx.Client(transport=httpx.MockTransport(running)),
        ) as c,
        pytest.raises(WaitTimeoutError) as caught,
    ):
        c.jobs.wait(JOB_ID, timeout=0)
    assert len(calls) == 1
    assert caught.value.state is not None and caught.value.state.job.status == JobStatus.PROCESSING
