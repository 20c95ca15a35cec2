"""Waiting on many jobs, basic tasks and share tasks at once (issue 24, item 1): one deadline for the
set, a cap on polls in flight, an outcome per id, one failure never hiding the rest; sync and async.

A mock service answers each id by a script: done, all failed, cancelled, not found, or never done.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from koodrive_tasks import (
    APITimeoutError,
    AsyncKooDrive,
    InvalidIdError,
    KooDrive,
    NotFoundError,
    TaskCancelledError,
    TaskFailedError,
    TokenAuth,
    WaitOutcome,
    WaitResult,
    WaitTimeoutError,
)
from koodrive_tasks._waiting_many import WaitMany

DONE, ALL_FAILED, CANCELLED, MISSING, NEVER = "1001", "1002", "1003", "1004", "1005"
SLOW = "1006"  # done on its third poll
SHARE_ID = "1808628918203192832"
FILE = "FuZmQ66CF0DdpKRG1Y29Iwajbq04Nhwu3"


class Service:
    """Answers getJob / getTask / getShareTask by id; counts polls and the most in flight at once."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.polls: dict[str, int] = {}
        self.in_flight = 0
        self.most = 0
        self.lock = threading.Lock()

    def id_of(self, request: httpx.Request) -> str:
        if request.method == "POST":  # getShareTask: the id is in the body
            return str(json.loads(request.content)["taskId"])
        return request.url.path.rsplit("/", 1)[-1]

    def job(self, id: str, n: int) -> dict[str, Any]:
        status, result = 1, None
        if id == DONE or (id == SLOW and n >= 3):
            status, result = 2, 1
        elif id == ALL_FAILED:
            status, result = 2, 3
        elif id == CANCELLED:
            status = 3
        job: dict[str, Any] = {"taskId": id, "taskType": 1, "status": status, "progress": 50}
        if result is not None:
            job["taskResultCode"] = result
        file_status = "2" if result == 3 else "1"
        return {
            "jobInfo": job,
            "taskInfos": [{"fileId": FILE, "status": file_status, "resultCode": "13000408"}],
        }

    def answer(self, request: httpx.Request) -> dict[str, Any] | None:
        id = self.id_of(request)
        with self.lock:
            self.polls[id] = n = self.polls.get(id, 0) + 1
        if id == MISSING:
            return None
        if "/task/" in request.url.path:  # a basic task: 2 SUCCESS, 3 FAILED
            status = {DONE: 2, ALL_FAILED: 3}.get(id, 2 if id == SLOW and n >= 3 else 1)
            body = {"taskId": id, "taskType": 0, "status": status, "code": 0, "msg": "Success."}
            if status == 3:
                body["resultCode"] = "18000205"
            return body
        detail = self.job(id, n)
        if request.method == "POST":
            info = detail["jobInfo"]
            info["taskStatus"] = info.pop("status")
            return {**detail, "code": 0, "msg": "Success."}
        return {"code": 0, "msg": "OK", "data": detail}

    def respond(self, body: dict[str, Any] | None) -> httpx.Response:
        if body is None:
            return httpx.Response(404, content=b'{"code": 13000309, "msg": "Resource does not exist"}')
        return httpx.Response(200, content=json.dumps(body).encode())

    def handler(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            self.in_flight += 1
            self.most = max(self.most, self.in_flight)
        try:
            if self.delay:
                time.sleep(self.delay)
            return self.respond(self.answer(request))
        finally:
            with self.lock:
                self.in_flight -= 1

    async def async_handler(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            self.in_flight += 1
            self.most = max(self.most, self.in_flight)
        try:
            if self.delay:
                await asyncio.sleep(self.delay)
            return self.respond(self.answer(request))
        finally:
            with self.lock:
                self.in_flight -= 1


def sync_client(service: Service) -> KooDrive:
    http = httpx.Client(base_url="https://kd.invalid", transport=httpx.MockTransport(service.handler))
    return KooDrive("https://kd.invalid", TokenAuth("t0ken-value"), http_client=http, max_retries=0)


def async_client(service: Service) -> AsyncKooDrive:
    transport = httpx.MockTransport(service.async_handler)
    http = httpx.AsyncClient(base_url="https://kd.invalid", transport=transport)
    return AsyncKooDrive("https://kd.invalid", TokenAuth("t0ken-value"), http_client=http, max_retries=0)


def run_many(
    service: Service, mode: str, family: str, ids: list[str], **options: Any
) -> dict[str, WaitResult[Any]]:
    options.setdefault("poll_interval", 0.01)
    extra: tuple[Any, ...] = (SHARE_ID,) if family == "share_tasks" else ()
    if mode == "sync":
        with sync_client(service) as client:
            return getattr(client, family).wait_many(ids, *extra, **options)  # type: ignore[no-any-return]

    async def run() -> dict[str, WaitResult[Any]]:
        async with async_client(service) as client:
            return await getattr(client, family).wait_many(ids, *extra, **options)  # type: ignore[no-any-return]

    return asyncio.run(run())


MODES = ["sync", "async"]
FAMILIES = ["jobs", "tasks", "share_tasks"]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("family", FAMILIES)
def test_every_outcome_is_reported_per_id_and_none_hides_the_rest(mode: str, family: str) -> None:
    service = Service()
    ids = [NEVER, DONE, ALL_FAILED, MISSING, SLOW] + ([CANCELLED] if family != "tasks" else [])
    results = run_many(service, mode, family, ids, timeout=0.5)
    assert list(results) == ids  # every id, in the order given
    outcomes = {i: r.outcome for i, r in results.items()}
    assert outcomes[DONE] is WaitOutcome.DONE and results[DONE].ok
    assert outcomes[SLOW] is WaitOutcome.DONE and service.polls[SLOW] == 3
    assert outcomes[ALL_FAILED] is WaitOutcome.FAILED
    assert isinstance(results[ALL_FAILED].error, TaskFailedError)
    assert outcomes[MISSING] is WaitOutcome.ERROR and isinstance(results[MISSING].error, NotFoundError)
    assert outcomes[NEVER] is WaitOutcome.TIMED_OUT and isinstance(results[NEVER].error, WaitTimeoutError)
    assert results[NEVER].state is not None  # the last state seen
    if family != "tasks":
        assert outcomes[CANCELLED] is WaitOutcome.CANCELLED
        assert isinstance(results[CANCELLED].error, TaskCancelledError)
    else:
        assert results[ALL_FAILED].result_code == 18000205
    with pytest.raises(TaskFailedError):
        results[ALL_FAILED].raise_for_outcome()
    assert results[DONE].raise_for_outcome() is results[DONE].state


@pytest.mark.parametrize("mode", MODES)
def test_one_deadline_for_the_whole_set_not_one_per_id(mode: str) -> None:
    """Ten jobs that never finish, capped at two polls in flight, each poll taking 0.2 s, one
    deadline of 0.3 s: at most two rounds of two polls start before the deadline, so most ids are
    never polled and every one times out. One deadline per id (waiting in turn) would poll all ten.
    Counted polls, not a stopwatch: a slower machine makes fewer polls, never more."""
    service = Service(delay=0.2)
    ids = [str(2000 + n) for n in range(10)]
    results = run_many(service, mode, "jobs", ids, timeout=0.3, concurrency=2)
    assert {r.outcome for r in results.values()} == {WaitOutcome.TIMED_OUT}
    assert sum(service.polls.values()) <= 2 * 2  # two in flight, two rounds inside the deadline
    assert len(service.polls) < len(ids)
    assert service.most <= 2


@pytest.mark.parametrize("mode", MODES)
def test_the_concurrency_cap_holds_and_is_used(mode: str) -> None:
    service = Service(delay=0.02)
    ids = [DONE] + [str(3000 + n) for n in range(11)]
    results = run_many(service, mode, "jobs", ids, timeout=0.4, concurrency=4)
    assert len(results) == 12
    assert service.most == 4  # never more than the cap, and the cap is reached


@pytest.mark.parametrize("mode", MODES)
def test_as_completed_hands_out_results_as_ids_finish(mode: str) -> None:
    service = Service()
    ids = [SLOW, DONE, ALL_FAILED]
    if mode == "sync":
        with sync_client(service) as client:
            order = [r.id for r in client.jobs.as_completed(ids, timeout=5, poll_interval=0.2)]
    else:

        async def run() -> list[str]:
            async with async_client(service) as client:
                return [r.id async for r in client.jobs.as_completed(ids, timeout=5, poll_interval=0.2)]

        order = asyncio.run(run())
    assert sorted(order) == sorted(ids)
    assert order[-1] == SLOW  # three polls, 0.5 s apart in all: it finishes last


@pytest.mark.parametrize("mode", MODES)
def test_timeout_zero_checks_each_id_once(mode: str) -> None:
    service = Service()
    results = run_many(service, mode, "jobs", [DONE, NEVER, DONE], timeout=0)
    assert list(results) == [DONE, NEVER]  # an id given twice is waited on once
    assert results[DONE].ok and results[NEVER].outcome is WaitOutcome.TIMED_OUT
    assert service.polls == {DONE: 1, NEVER: 1}


@pytest.mark.parametrize("mode", MODES)
def test_an_id_that_is_no_id_is_an_error_of_that_id_only(mode: str) -> None:
    service = Service()
    results = run_many(service, mode, "jobs", ["not-an-id", DONE], timeout=1)
    assert isinstance(results["not-an-id"].error, InvalidIdError)
    assert results[DONE].ok


@pytest.mark.parametrize("mode", MODES)
def test_on_progress_gets_each_id_and_each_change(mode: str) -> None:
    service = Service()
    seen: list[tuple[str, int]] = []
    progress: Callable[[str, Any], None] = lambda id, state: seen.append((id, int(state.job.status)))  # noqa: E731
    run_many(service, mode, "jobs", [SLOW, DONE], timeout=2, on_progress=progress)
    assert seen.count((DONE, 2)) == 1
    assert [s for i, s in seen if i == SLOW] == [1, 2]  # processing once (unchanged polls skipped), then done


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"timeout": -1}, "timeout"),
        ({"timeout": float("nan")}, "timeout"),
        ({"concurrency": 0}, "concurrency"),
        ({"concurrency": True}, "concurrency"),
        ({"poll_interval": 0}, "poll_interval"),
    ],
)
def test_bad_arguments_are_refused_before_anything_is_sent(kwargs: dict[str, Any], message: str) -> None:
    service = Service()
    options = {"timeout": 1.0, "poll_interval": 1.0, "concurrency": 2, **kwargs}
    with pytest.raises(ValueError, match=message):
        run_many(service, "sync", "jobs", [DONE], **options)
    assert service.polls == {}


def test_a_str_is_not_taken_for_a_list_of_one_digit_ids() -> None:
    with pytest.raises(TypeError):
        WaitMany("1309243162258308352", "job", 1.0, 1.0, 2)


def test_the_core_never_offers_more_than_the_free_slots_and_sleeps_until_the_next_due() -> None:
    now = [100.0]
    core: WaitMany[Any] = WaitMany(["1", "2", "3"], "job", 10.0, 1.0, 2, clock=lambda: now[0])
    assert core.take() == ["1", "2"] and core.take() == []
    assert core.wakeup() == pytest.approx(10.0)  # slots full: only an answer or the deadline wakes it
    now[0] = 111.0
    ended = core.expire()
    assert [r.id for r in ended] == ["3"] and ended[0].state is None
    assert not core.done  # the two in flight are still out: their polls end by the deadline


@pytest.mark.parametrize("mode", MODES)
def test_as_completed_checks_its_arguments_when_called_not_when_iterated(mode: str) -> None:
    service = Service()
    client: KooDrive | AsyncKooDrive = sync_client(service) if mode == "sync" else async_client(service)
    with pytest.raises(ValueError, match="concurrency"):
        client.jobs.as_completed([DONE], concurrency=0)
    assert service.polls == {}


def test_the_callers_deadline_reaches_the_polling_threads() -> None:
    """A sync wait_many inside the caller's own `deadline_scope`: its polls (in worker threads) end
    by that deadline, as a call made in the caller's thread would."""
    from koodrive_tasks._retries import deadline_scope

    service = Service(delay=0.3)
    with sync_client(service) as client, deadline_scope(0.05):
        results = client.jobs.wait_many([NEVER, DONE], timeout=3, poll_interval=0.01)
    assert {r.outcome for r in results.values()} == {WaitOutcome.ERROR}
    assert all(isinstance(r.error, APITimeoutError) for r in results.values())
