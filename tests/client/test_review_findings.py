"""Regressions found by an independent review of the client (each failed before its fix).

No server and no real sleeping: httpx.MockTransport, scripted pages, and a fake clock.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from koodrive_tasks import APITimeoutError, JobStatus, KooDrive, ServerError, TokenAuth, WaitTimeoutError
from koodrive_tasks._paging import iter_jobs
from koodrive_tasks._waiting import wait
from koodrive_tasks.models import Job, JobDetail

Handler = Callable[[httpx.Request], httpx.Response]
OK_JOBS = {"code": 0, "msg": "success", "data": []}
RUNNING = {"code": 0, "msg": "success", "data": {"jobInfo": {"taskId": "1", "status": 1}}}


def client_with(handler: Handler, **options: object) -> KooDrive:
    http = httpx.Client(base_url="https://kd.test", transport=httpx.MockTransport(handler), timeout=30.0)
    return KooDrive("https://kd.test", TokenAuth("secret-token"), http_client=http, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize("status", [501, 520, 522, 599])
def test_reads_are_retried_on_every_5xx_not_only_the_iana_ones(status: int) -> None:
    statuses = [status, 200]

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            statuses.pop(0), json=OK_JOBS if not statuses else {"code": 1, "msg": "gateway"}
        )

    with client_with(handler) as client:
        assert client.jobs.list() == []
    assert statuses == []


def test_a_520_on_a_create_is_still_not_retried() -> None:
    calls: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(520, text="<html>origin error</html>")

    with client_with(handler) as client, pytest.raises(ServerError) as caught:
        client.tasks.create(src_user_id="1", dst_user_id="2")
    assert len(calls) == 1 and caught.value.status_code == 520


def test_a_page_with_both_list_keys_gives_each_task_once_taking_task_list() -> None:
    body = {
        "code": 0,
        "msg": "success",
        "taskList": [{"taskId": "1486254586942472064", "status": 2}],
        "taskListDtos": [{"taskId": "1486254586942472064", "status": 2}],
    }
    with client_with(lambda request: httpx.Response(200, json=body)) as client:
        page = client.tasks.list()
    assert [task.id for task in page.items] == ["1486254586942472064"]


def test_an_empty_cursor_from_the_caller_is_the_first_page_and_never_sent_empty() -> None:
    urls: list[httpx.URL] = []

    def handler(request: httpx.Request) -> httpx.Response:
        urls.append(request.url)
        return httpx.Response(200, json={"code": 0, "msg": "success", "taskList": []})

    with client_with(handler) as client:
        client.tasks.list(cursor="")
        client.tasks.list(cursor="1723549107000")
    assert "pageCursor" not in urls[0].params
    assert urls[1].params["pageCursor"] == "1723549107000"


def test_jobs_created_while_paging_do_not_repeat_jobs() -> None:
    """/jobs is newest first: a job created between two pages pushes the last job of one page to
    the top of the next. Offset paging alone hands it out twice."""
    jobs = [Job(id=str(1000 - i), type=1, status=2) for i in range(250)]
    offsets: list[int] = []

    def fetch(offset: int, limit: int) -> list[Job]:
        offsets.append(offset)
        if offset:  # two new jobs arrive before each later page
            jobs[:0] = [Job(id=str(5000 + offset + n), type=1, status=0) for n in range(2)]
        return jobs[offset : offset + limit]

    ids = [job.id for job in iter_jobs(fetch)]
    assert len(ids) == len(set(ids))
    assert set(ids) >= {str(1000 - i) for i in range(250)}  # nothing that existed at the start is lost


def test_each_poll_of_wait_is_cut_to_the_time_left() -> None:
    """A poll's HTTP timeout never reaches past wait()'s deadline (the client's own is 30 s)."""
    read_timeouts: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        read_timeouts.append(request.extensions["timeout"]["read"])
        return httpx.Response(200, json={**RUNNING, "data": {"jobInfo": {"taskId": "1", "status": 2}}})

    with client_with(handler) as client:
        assert client.jobs.wait("1", timeout=5.0).job.status == JobStatus.COMPLETED
        client.jobs.get("1")  # outside wait(): the client's timeout again
    assert 0 < read_timeouts[0] <= 5.0
    assert read_timeouts[1] == 30.0


def test_a_poll_cut_short_by_the_deadline_is_a_wait_timeout_with_the_last_state() -> None:
    now = [0.0]
    states = [JobDetail(job=Job(id="1", type=1, status=JobStatus.PROCESSING, progress=40))]

    def fetch() -> JobDetail:
        if states:
            return states.pop()
        now[0] = 10.0  # the slow poll used up the rest of the time
        raise APITimeoutError("request timed out (ReadTimeout)")

    def sleep(seconds: float) -> None:
        now[0] += seconds

    with pytest.raises(WaitTimeoutError) as caught:
        wait(fetch, "job 1", 10.0, 1.0, None, clock=lambda: now[0], sleep=sleep)
    assert caught.value.state.job.progress == 40
    assert isinstance(caught.value.__cause__, APITimeoutError)


def test_a_connection_error_before_the_deadline_still_surfaces_as_is() -> None:
    def fetch() -> JobDetail:
        raise APITimeoutError("request timed out (ReadTimeout)")

    with pytest.raises(APITimeoutError):
        wait(fetch, "job 1", 10.0, 1.0, None, clock=lambda: 0.0, sleep=lambda s: None)
