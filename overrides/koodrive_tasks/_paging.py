"""The only place that knows about pages.

`/task/list` (Q25): follow `nextCursor` until it is absent. Partial and even empty pages may come
before the end, so a short page ends nothing. An empty page may even hand back the cursor it was
given; only a long run of such pages (MAX_STALLED_PAGES) is taken as a server that will never end
the list, and raised rather than looped on forever.

`/jobs`: offset paging (zero-based, Q23) until a page shorter than `limit`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import TypeVar

from ._errors import KooDriveError
from .models import Job, Task, TaskPage

T = TypeVar("T")
JOB_PAGE = 100
MAX_STALLED_PAGES = 100


class StuckCursorError(KooDriveError):
    """The server kept answering empty pages with the same cursor: following it would never end."""


class _Cursor:
    def __init__(self) -> None:
        self.value: int | None = None
        self.stalled = 0

    def advance(self, page: TaskPage) -> bool:
        """Move to the page's nextCursor; False when the list has ended."""
        if page.next_cursor is not None and page.next_cursor == self.value and not page.items:
            self.stalled += 1
            if self.stalled >= MAX_STALLED_PAGES:
                raise StuckCursorError(f"{self.stalled} empty pages in a row at cursor {self.value}")
        else:
            self.stalled = 0
        self.value = page.next_cursor
        return self.value is not None


def iter_tasks(fetch: Callable[[int | None], TaskPage]) -> Iterator[Task]:
    cursor = _Cursor()
    while True:
        page = fetch(cursor.value)
        yield from page.items
        if not cursor.advance(page):
            return


async def aiter_tasks(fetch: Callable[[int | None], Awaitable[TaskPage]]) -> AsyncIterator[Task]:
    cursor = _Cursor()
    while True:
        page = await fetch(cursor.value)
        for item in page.items:
            yield item
        if not cursor.advance(page):
            return


class _Seen:
    """/jobs lists newest first: a job created while a caller pages shifts every later page by
    one, so the next page starts with a job already returned. Ids seen are skipped (no repeats)."""

    def __init__(self) -> None:
        self.ids: set[str] = set()

    def new(self, page: list[Job]) -> list[Job]:
        fresh = [job for job in page if job.id not in self.ids]
        self.ids.update(job.id for job in fresh)
        return fresh


def iter_jobs(fetch: Callable[[int, int], list[Job]], limit: int = JOB_PAGE) -> Iterator[Job]:
    offset, seen = 0, _Seen()
    while True:
        page = fetch(offset, limit)
        yield from seen.new(page)
        if len(page) < limit:
            return
        offset += len(page)


async def aiter_jobs(
    fetch: Callable[[int, int], Awaitable[list[Job]]], limit: int = JOB_PAGE
) -> AsyncIterator[Job]:
    offset, seen = 0, _Seen()
    while True:
        page = await fetch(offset, limit)
        for item in seen.new(page):
            yield item
        if len(page) < limit:
            return
        offset += len(page)
