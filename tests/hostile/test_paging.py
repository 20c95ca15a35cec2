"""Paging properties through the public clients: each id is handed out at most once, a walk
always ends (a cursor or offset that does not move, a cycle or a repeated page raises
StuckCursorError), and nothing is lost when pages are short, capped, empty, repeated in part or
filtered while records leave the filter.

Records leaving a filter: `jobs.iter(status=...)` asks for each page from the place of the last job
it handed out, so a page that holds none it handed out before shows that jobs left in front of it,
and the walk steps back. What the property checks: every job that stays in the filter throughout is
returned, once.

Walks that never end: each hostile non-progress case ends with StuckCursorError within the bound
`koodrive_tasks._paging` states (MAX_STALLED_PAGES pages without progress, or MAX_IDLE_PAGES empty
task pages with ever-new cursors), counted in pages the server served.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from koodrive_tasks import StuckCursorError
from koodrive_tasks._paging import MAX_IDLE_PAGES, MAX_STALLED_PAGES

from .conftest import HOSTILE, async_client, sync_client

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
IDS = [str(1309243162258308352 + 8_388_608 * i) for i in range(400)]


def jobs_body(ids: list[str], status: int = 0) -> dict[str, Any]:
    return {"code": 0, "msg": "OK", "data": [{"taskId": i, "taskType": 1, "status": status} for i in ids]}


def tasks_body(ids: list[str], cursor: int | None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "code": 0,
        "msg": "OK",
        "taskList": [{"taskId": i, "taskType": 0, "status": 2} for i in ids],
    }
    if cursor is not None:
        body["nextCursor"] = cursor
    return body


def walk_jobs(handler: Any, asynchronous: bool, **filters: Any) -> list[str]:
    if asynchronous:

        async def main() -> list[str]:
            async with async_client(handler) as client:
                return [job.id async for job in client.jobs.iter(**filters)]

        return asyncio.run(main())
    with sync_client(handler) as client:
        return [job.id for job in client.jobs.iter(**filters)]


def walk_tasks(handler: Any, asynchronous: bool) -> list[str]:
    if asynchronous:

        async def main() -> list[str]:
            async with async_client(handler) as client:
                return [task.id async for task in client.tasks.iter(page_size=10)]

        return asyncio.run(main())
    with sync_client(handler) as client:
        return [task.id for task in client.tasks.iter(page_size=10)]


@settings(HOSTILE, max_examples=40)
@given(
    total=st.integers(0, 260),
    cap=st.integers(1, 120),
    data=st.data(),
    asynchronous=st.booleans(),
)
def test_offset_paging_loses_nothing_on_short_capped_and_empty_pages(
    total: int, cap: int, data: st.DataObject, asynchronous: bool
) -> None:
    """A server that caps pages below the requested limit (50 of 100) or answers short pages at
    random: jobs.iter() goes on until an empty page, and returns each job exactly once."""
    jobs = IDS[:total]
    requests = 0
    # drawn up front: the sync client sends from a worker thread, where hypothesis cannot draw
    shorts = iter(data.draw(st.lists(st.integers(1, 120), max_size=total + 1)))

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal requests
        requests += 1
        offset, limit = int(request.url.params["offset"]), int(request.url.params["limit"])
        size = min(limit, cap, next(shorts, 120))  # a short page may come before the end, never an empty one
        return httpx.Response(200, json=jobs_body(jobs[offset : offset + size]))

    ids = walk_jobs(handler, asynchronous)
    assert ids == jobs
    assert requests <= total + 1


@settings(HOSTILE, max_examples=30)
@given(
    total=st.integers(1, 200),
    behaviour=st.sampled_from(["ignores offset", "cycles", "repeats a page"]),
    asynchronous=st.booleans(),
)
def test_offset_paging_that_does_not_move_raises_instead_of_looping(
    total: int, behaviour: str, asynchronous: bool
) -> None:
    jobs, requests = IDS[:total], 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal requests
        requests += 1
        assert requests < 50, "the client keeps paging a server that never moves"
        offset = int(request.url.params["offset"])
        if behaviour == "ignores offset":
            page = jobs[:100]
        elif behaviour == "cycles":
            page = jobs[:50] if requests % 2 else jobs[50:100] or [*jobs[:1], "1"]
        else:
            page = jobs[:100] if requests >= 2 else jobs[offset : offset + 100]
        return httpx.Response(200, json=jobs_body(page))

    if behaviour == "cycles" and 50 < total < 100:
        # The second page is shorter than the first and follows it: pages that come back after it
        # are what a busy tenant shows (each page pushed down by 50 new jobs, the tail pushed along),
        # so the walk ends at that tail, with every job handed out once.
        assert walk_jobs(handler, asynchronous) == jobs
        return
    with pytest.raises(StuckCursorError):
        walk_jobs(handler, asynchronous)
    assert requests <= MAX_STALLED_PAGES + 2


@settings(HOSTILE, max_examples=30)
@given(total=st.integers(1, 260), leave=st.integers(1, 30), data=st.data(), asynchronous=st.booleans())
def test_a_filtered_walk_keeps_every_job_that_stayed_in_the_filter(
    total: int, leave: int, data: st.DataObject, asynchronous: bool
) -> None:
    """Issue 12: cancelling 20 already-seen pending jobs mid-walk made 20 others never returned."""
    pending = list(IDS[:total])
    stayed = set(pending)
    requests = 0
    choices = iter(data.draw(st.lists(st.lists(st.integers(0, 39), max_size=leave), min_size=3, max_size=3)))

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal requests
        requests += 1
        offset, limit = int(request.url.params["offset"]), int(request.url.params["limit"])
        page = pending[offset : offset + min(limit, 40)]
        if requests <= 3:  # during the first walk, some jobs already handed out leave the filter
            gone = {page[i % len(page)] for i in next(choices)} if page else set()
            for job_id in gone:
                pending.remove(job_id)
                stayed.discard(job_id)
        return httpx.Response(200, json=jobs_body(page))

    ids = walk_jobs(handler, asynchronous, status=0)
    assert len(ids) == len(set(ids))
    assert stayed <= set(ids)


@settings(HOSTILE, max_examples=40)
@given(total=st.integers(0, 120), data=st.data(), asynchronous=st.booleans())
def test_cursor_paging_loses_nothing_and_repeats_nothing(
    total: int, data: st.DataObject, asynchronous: bool
) -> None:
    """Partial, empty and overlapping pages (a proxy that rounds cursors sends tasks again): each
    task once, every task, and the walk ends."""
    tasks = IDS[:total]
    # (take, overlap, hand back the same cursor on an empty page) per request, drawn up front
    script = iter(
        data.draw(
            st.lists(st.tuples(st.integers(0, 10), st.integers(0, 3), st.booleans()), max_size=3 * total + 3)
        )
    )

    def handler(request: httpx.Request) -> httpx.Response:
        raw = request.url.params.get("pageCursor")
        position = 0 if raw is None else int(raw) - 1_000_000
        take, back, same = next(script, (10, 0, False))
        back = min(back, position)  # an overlap with the page before
        page = tasks[position - back : position + take]
        end = position + take
        if (end >= total and take > 0) or total == 0:
            return httpx.Response(200, json=tasks_body(page, None))
        if take == 0 and same:
            end = position  # an empty page that hands back its own cursor
        return httpx.Response(200, json=tasks_body(page, 1_000_000 + end if end > 0 else 1_000_000))

    ids = walk_tasks(handler, asynchronous)
    assert ids == tasks


@settings(HOSTILE, max_examples=30)
@given(
    behaviour=st.sampled_from(
        [
            "same page, same cursor",
            "cursors cycle 10 <-> 20",
            "empty pages, alternating cursors",
            "never moves",
        ]
    ),
    asynchronous=st.booleans(),
)
def test_cursor_paging_that_never_ends_raises_instead_of_looping(behaviour: str, asynchronous: bool) -> None:
    requests = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal requests
        requests += 1
        assert requests <= MAX_STALLED_PAGES + 5, "the client keeps paging a server that never ends"
        cursor = request.url.params.get("pageCursor")
        if behaviour == "same page, same cursor":
            return httpx.Response(200, json=tasks_body(IDS[:3], 10))
        if behaviour == "cursors cycle 10 <-> 20":
            return httpx.Response(200, json=tasks_body([IDS[requests]], 20 if cursor == "10" else 10))
        if behaviour == "empty pages, alternating cursors":
            return httpx.Response(200, json=tasks_body([], 20 if cursor == "10" else 10))
        return httpx.Response(200, json=tasks_body([], 10))

    with pytest.raises(StuckCursorError):
        walk_tasks(handler, asynchronous)


def test_a_busy_tenant_loses_no_job_and_raises_nothing() -> None:
    """Issue 19: 150 jobs; the first 100 of jobs.iter() read; 100 jobs created meanwhile (newest
    first, so the next offset answers the 100 already seen). Before: StuckCursorError and 50 jobs
    never handed out. Now every one of the 150 comes once, in four requests."""
    base = 1309243162258308352
    jobs = [str(base + (150 - i) * 8_388_608) for i in range(150)]  # newest first
    requests = 0
    listed: list[str] = []
    for asynchronous in (False, True):
        listed[:], requests = jobs, 0

        def handler(request: httpx.Request) -> httpx.Response:
            nonlocal requests
            requests += 1
            offset, limit = int(request.url.params["offset"]), int(request.url.params["limit"])
            page = listed[offset : offset + limit]
            if requests == 1:  # another process creates 100 jobs while the caller reads page one
                listed[:0] = [str(base + (400 - i) * 8_388_608) for i in range(100)]
            return httpx.Response(200, json=jobs_body(page))

        ids = walk_jobs(handler, asynchronous)
        assert len(ids) == len(set(ids))
        assert set(jobs) <= set(ids)
        assert requests == 4  # 0, 100 (the first page again: skip past it), 200 (the last 50), 250


def test_a_busy_tenant_on_the_emulator_hands_out_every_job_once(
    koodrive_client: Any, koodrive_emulator: Any
) -> None:
    """The same through the emulator: 150 jobs, 100 read, 100 created by another caller."""
    body = {"srcContainerId": "IAADfsBFCO6WtAtuA315074383680425b8aa9a130cba2d4", "fileIds": ["F1"]}
    from koodrive_tasks import JobType

    def create() -> str:
        return str(
            koodrive_client.jobs.create(
                JobType.COPY,
                src_container_id=body["srcContainerId"],
                dst_container_id="IAADfsBFCO6WtAtuA9add2fea594e4e75b8feb8474ef236",
                file_ids=body["fileIds"],
            )
        )

    before = {job.id for job in koodrive_client.jobs.iter()}
    made = {create() for _ in range(150)}
    walk = koodrive_client.jobs.iter()
    first = [next(walk) for _ in range(100)]
    for _ in range(100):
        create()
    ids = [job.id for job in first] + [job.id for job in walk]
    assert len(ids) == len(set(ids))
    assert made | before <= set(ids)


def _count_pages(handler: Any) -> tuple[Any, list[int]]:
    served = [0]

    def counted(request: httpx.Request) -> httpx.Response:
        served[0] += 1
        assert served[0] <= MAX_IDLE_PAGES + 5, "the walk did not end within its bound"
        return handler(request)  # type: ignore[no-any-return]

    return counted, served


@pytest.mark.parametrize("asynchronous", [False, True])
@pytest.mark.parametrize(
    ("behaviour", "bound"),
    [
        ("the same tasks under a new cursor each time", MAX_STALLED_PAGES + 1),
        ("cursors that go backwards, the same tasks", MAX_STALLED_PAGES + 1),
        ("cursors that go backwards, empty pages", MAX_STALLED_PAGES + 1),
        ("empty pages forever, a new cursor each time", MAX_IDLE_PAGES),
    ],
)
def test_task_walks_that_never_end_stop_within_the_stated_bound(
    behaviour: str, bound: int, asynchronous: bool
) -> None:
    """Issue 19: each of these ran until the test server stopped at 300 pages."""

    def handler(request: httpx.Request) -> httpx.Response:
        raw = request.url.params.get("pageCursor")
        cursor = 5_000_000 if raw is None else int(raw)
        if behaviour.startswith("the same tasks"):
            return httpx.Response(200, json=tasks_body(IDS[:3], cursor + 1))
        if behaviour == "cursors that go backwards, the same tasks":
            return httpx.Response(200, json=tasks_body(IDS[:3], cursor - 1))
        if behaviour == "cursors that go backwards, empty pages":
            return httpx.Response(200, json=tasks_body([], cursor - 1))
        return httpx.Response(200, json=tasks_body([], cursor + 1))

    counted, served = _count_pages(handler)
    with pytest.raises(StuckCursorError):
        walk_tasks(counted, asynchronous)
    assert served[0] == bound


@pytest.mark.parametrize("asynchronous", [False, True])
@pytest.mark.parametrize("filtered", [False, True])
def test_a_job_walk_on_a_server_that_ignores_offset_and_shuffles_stops_within_the_bound(
    asynchronous: bool, filtered: bool
) -> None:
    """Issue 19: job pages where `offset` is ignored and the ids come shuffled ran for 300 pages."""
    import random

    rng = random.Random(19)

    def handler(request: httpx.Request) -> httpx.Response:
        page = IDS[:100]
        rng.shuffle(page)
        return httpx.Response(200, json=jobs_body(page))

    counted, served = _count_pages(handler)
    with pytest.raises(StuckCursorError):
        walk_jobs(counted, asynchronous, **({"status": 0} if filtered else {}))
    assert served[0] == MAX_STALLED_PAGES + 1
