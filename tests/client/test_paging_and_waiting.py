"""Paging and waiting logic on scripted pages and states (no server, no real sleeping)."""

from __future__ import annotations

import pytest
from koodrive_tasks import (
    JobResult,
    JobStatus,
    TaskCancelledError,
    TaskFailedError,
    TaskStatus,
    WaitTimeoutError,
)
from koodrive_tasks._paging import MAX_STALLED_PAGES, StuckCursorError, iter_jobs, iter_tasks
from koodrive_tasks._waiting import wait
from koodrive_tasks.models import Job, JobDetail, Task, TaskPage


def task(i: int) -> Task:
    return Task(id=str(i), type=0, status=TaskStatus.SUCCESS)


def test_task_paging_goes_through_partial_and_empty_pages_until_the_cursor_is_absent() -> None:
    pages = {None: TaskPage([task(1), task(2)], 10), 10: TaskPage([], 10), 11: TaskPage([], 12)}
    pages[10] = TaskPage([], 11)
    pages[12] = TaskPage([task(3)], None)
    asked: list[int | None] = []

    def fetch(cursor: int | None) -> TaskPage:
        asked.append(cursor)
        return pages[cursor]

    assert [t.id for t in iter_tasks(fetch)] == ["1", "2", "3"]
    assert asked == [None, 10, 11, 12]


def test_a_cursor_that_never_moves_is_an_error_not_an_endless_loop() -> None:
    calls = 0

    def fetch(cursor: int | None) -> TaskPage:
        nonlocal calls
        calls += 1
        return TaskPage([], 5)

    with pytest.raises(StuckCursorError):
        list(iter_tasks(fetch))
    assert calls == MAX_STALLED_PAGES + 1


def test_job_paging_goes_on_past_a_short_page_until_an_empty_one() -> None:
    """No page says a short page is the last (issue 12): 250 jobs take pages 100, 100, 50, 0."""
    jobs = [Job(id=str(i), type=1, status=2) for i in range(250)]
    offsets: list[int] = []

    def fetch(offset: int, limit: int) -> list[Job]:
        offsets.append(offset)
        return jobs[offset : offset + limit]

    assert [j.id for j in iter_jobs(fetch)] == [str(i) for i in range(250)]
    assert offsets == [0, 100, 200, 250]


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def detail(status: int, progress: int | None = None, result: int | None = None) -> JobDetail:
    return JobDetail(
        job=Job(
            id="1",
            type=1,
            status=JobStatus(status),
            progress=progress,
            result=JobResult(result) if result else None,
        )
    )


def test_wait_reports_changes_backs_off_and_returns_on_completion() -> None:
    states = iter([detail(0, 0), detail(0, 0), detail(1, 40), detail(1, 40), detail(2, 100, 2)])
    seen: list[tuple[object, object]] = []
    fake = FakeTime()
    result = wait(
        lambda: next(states),
        "job 1",
        600,
        1.0,
        lambda s: seen.append((s.job.status, s.job.progress)),
        clock=fake.clock,
        sleep=fake.sleep,
    )
    assert result.job.result == JobResult.PARTIALLY_FAILED
    assert seen == [(JobStatus.PENDING, 0), (JobStatus.PROCESSING, 40), (JobStatus.COMPLETED, 100)]
    assert len(fake.sleeps) == 4 and fake.sleeps[-1] > fake.sleeps[0]  # backoff grows
    assert all(s <= 10 * 1.1 for s in fake.sleeps)  # capped (with jitter)


def test_wait_deadline_and_outcomes() -> None:
    fake = FakeTime()
    with pytest.raises(WaitTimeoutError) as caught:
        wait(lambda: detail(1, 5), "job 1", 30, 1.0, None, clock=fake.clock, sleep=fake.sleep)
    assert caught.value.state.job.progress == 5 and fake.now == pytest.approx(30)
    with pytest.raises(TaskCancelledError):
        wait(lambda: detail(3), "job 1", 30, 1.0, None, clock=fake.clock, sleep=fake.sleep)
    with pytest.raises(TaskFailedError):
        wait(lambda: detail(2, 100, 3), "job 1", 30, 1.0, None, clock=fake.clock, sleep=fake.sleep)
    failed = Task(id="1", type=0, status=TaskStatus.FAILED, result_code=18000205)
    with pytest.raises(TaskFailedError) as task_failed:
        wait(lambda: failed, "task 1", 30, 1.0, None, clock=fake.clock, sleep=fake.sleep)
    assert task_failed.value.result_code == 18000205


def test_an_unknown_status_is_not_terminal() -> None:
    states = iter([Task(id="1", type=0, status=9), Task(id="1", type=0, status=TaskStatus.SUCCESS)])
    fake = FakeTime()
    assert wait(lambda: next(states), "task 1", 30, 1.0, None, clock=fake.clock, sleep=fake.sleep).status == 2


def newest_first(n: int, top: int = 10_000) -> list[Job]:
    return [Job(id=str(top - i), type=1, status=0) for i in range(n)]


def test_a_page_pushed_down_by_new_jobs_is_skipped_by_the_shift_its_ids_show() -> None:
    """Issue 19, sans IO: 350 jobs, 300 read, then 150 created in front. The page at 300 holds jobs
    150-249 again (all handed out); the 50 jobs handed out after them still stand between, so the
    walk goes to 450 (the 50 not yet seen), not 400, and raises nothing."""
    jobs = newest_first(350)
    offsets: list[int] = []

    def fetch(offset: int, limit: int) -> list[Job]:
        offsets.append(offset)
        if offset == 300 and len(jobs) == 350:
            jobs[:0] = newest_first(150, top=20_000)
        return jobs[offset : offset + limit]

    ids = [j.id for j in iter_jobs(fetch)]
    assert len(ids) == len(set(ids)) and {str(10_000 - i) for i in range(350)} <= set(ids)
    assert offsets == [0, 100, 200, 300, 450, 500]


def test_a_filtered_walk_steps_back_when_jobs_leave_in_front_of_it() -> None:
    """Issue 19, sans IO: pages overlap by one job; when 30 jobs already handed out leave the
    filter, the next page holds nothing at or before the mark, so the walk steps back a page."""
    jobs = newest_first(250)
    offsets: list[int] = []

    def fetch(offset: int, limit: int) -> list[Job]:
        offsets.append(offset)
        if len(offsets) == 2:
            del jobs[10:40]  # 30 of the first page's jobs start: they leave `status=0`
        return jobs[offset : offset + limit]

    ids = [j.id for j in iter_jobs(fetch, filtered=True)]
    assert len(ids) == len(set(ids)) and {j.id for j in jobs} <= set(ids)
    assert offsets[:3] == [0, 99, 0]  # the second page (asked before the departures) overlaps by one


def test_a_job_walk_that_never_moves_stops_after_max_stalled_pages() -> None:
    calls = 0

    def fetch(offset: int, limit: int) -> list[Job]:
        nonlocal calls
        calls += 1
        return newest_first(100)

    with pytest.raises(StuckCursorError):
        list(iter_jobs(fetch))
    assert calls == MAX_STALLED_PAGES + 1
