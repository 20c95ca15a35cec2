"""Paging properties through the public clients: each id is handed out at most once, a walk
always ends (a cursor or offset that does not move, a cycle or a repeated page raises
StuckCursorError), and nothing is lost when pages are short, capped, empty, repeated in part or
filtered while records leave the filter.

Records leaving a filter: `jobs.iter(status=...)` re-walks a filtered list until a walk finds
nothing new (at most `MAX_WALKS` walks). What it promises, and what the property checks: every job
that stays in the filter throughout is returned, provided the membership settles for one whole walk
(here the server moves jobs out of the filter during the first walk only).
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from koodrive_tasks import StuckCursorError
from koodrive_tasks._paging import MAX_STALLED_PAGES

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

    with pytest.raises(StuckCursorError):
        walk_jobs(handler, asynchronous)


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
