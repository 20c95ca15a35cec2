"""The only place that knows about pages.

`/task/list` (Q25): follow `nextCursor` until it is absent. Partial and even empty pages may come
before the end, so a short page ends nothing; a cursor that does not move would loop forever, so it
is an error. `/jobs`: offset paging (zero-based, Q23) until a page shorter than `limit`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import TypeVar

from .models import Job, Task, TaskPage

T = TypeVar("T")
JOB_PAGE = 100


class StuckCursorError(RuntimeError):
    """The server returned the cursor it was given: following it would never end."""


def _next(page: TaskPage, cursor: int | None) -> int | None:
    if page.next_cursor is not None and page.next_cursor == cursor:
        raise StuckCursorError(f"nextCursor {cursor} did not advance")
    return page.next_cursor


def iter_tasks(fetch: Callable[[int | None], TaskPage]) -> Iterator[Task]:
    cursor: int | None = None
    while True:
        page = fetch(cursor)
        yield from page.items
        cursor = _next(page, cursor)
        if cursor is None:
            return


async def aiter_tasks(fetch: Callable[[int | None], Awaitable[TaskPage]]) -> AsyncIterator[Task]:
    cursor: int | None = None
    while True:
        page = await fetch(cursor)
        for item in page.items:
            yield item
        cursor = _next(page, cursor)
        if cursor is None:
            return


def iter_jobs(fetch: Callable[[int, int], list[Job]], limit: int = JOB_PAGE) -> Iterator[Job]:
    offset = 0
    while True:
        page = fetch(offset, limit)
        yield from page
        if len(page) < limit:
            return
        offset += len(page)


async def aiter_jobs(
    fetch: Callable[[int, int], Awaitable[list[Job]]], limit: int = JOB_PAGE
) -> AsyncIterator[Job]:
    offset = 0
    while True:
        page = await fetch(offset, limit)
        for item in page:
            yield item
        if len(page) < limit:
            return
        offset += len(page)
