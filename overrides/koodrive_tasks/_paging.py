"""The only place that knows about pages. Every walk hands out each id at most once and ends.

`/task/list` (Q25): follow `nextCursor` until it is absent. Partial and even empty pages may come
before the end, so a short page ends nothing; ids already handed out are skipped (a proxy that
rounds 19-digit cursors sends pages again). A walk that stops making progress raises
StuckCursorError instead of looping: a cursor seen before other than the current one (a cycle,
10 -> 20 -> 10), or MAX_STALLED_PAGES pages in a row that hand back their own cursor and bring
nothing new (empty, or the same tasks again).

`/jobs`: offset paging (zero-based, Q23). No page says that a short page is the last one (a
server may cap `limit`: 50 of 100), so the walk goes on until an empty page, moving the offset by
what each page held. Jobs list newest first, so a job created while a caller pages shifts later
pages by one: ids already handed out are skipped, and a short tail page seen again (pushed along by
new jobs) ends the walk. Any other page that repeats one already seen in this walk (a server that
ignores `offset`, or pages that cycle) raises StuckCursorError.

Records leaving a filter mid-walk: with a `type` or `status` filter, a job that leaves the filter
(a pending job that starts) shifts every later job one place back, so the next page would skip one
that stayed. A filtered walk is therefore walked again from offset 0 until a walk finds nothing
new (at most MAX_WALKS walks): a job that stays in the filter throughout is returned unless the
filter's membership changed during every one of those walks. An unfiltered walk loses nothing
that way (jobs leave the unfiltered list only if deleted) and is walked once.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from itertools import chain
from operator import attrgetter
from typing import TypeVar

from ._errors import StuckCursorError
from .models import Job, Task, TaskPage

_R = TypeVar("_R", Job, Task)

__all__ = [
    "JOB_PAGE",
    "MAX_STALLED_PAGES",
    "MAX_WALKS",
    "StuckCursorError",
    "aiter_jobs",
    "aiter_tasks",
    "iter_jobs",
    "iter_tasks",
]

JOB_PAGE = 100
MAX_STALLED_PAGES = 100
MAX_WALKS = 3
_ID = attrgetter("id")


class _Cursor:
    def __init__(self) -> None:
        self.value: int | None = None
        self.visited: set[int] = set()
        self.stalled = 0
        self.seen: set[str] = set()

    def fresh(self, page: TaskPage) -> list[Task]:
        """The page's tasks not handed out before (in page order, each id once)."""
        return _fresh(page.items, self.seen)

    def advance(self, page: TaskPage, fresh: int) -> bool:
        """Move to the page's nextCursor; False when the list has ended."""
        nxt = page.next_cursor
        if nxt is not None and nxt == self.value and not fresh:
            # nothing new and the same cursor back: a server catching up, or one that never will
            self.stalled += 1
            if self.stalled >= MAX_STALLED_PAGES:
                raise StuckCursorError(f"{self.stalled} pages in a row at cursor {nxt} brought nothing new")
        else:
            if nxt is not None and nxt in self.visited:
                raise StuckCursorError(f"cursor {nxt} came back: the cursors cycle")
            self.stalled = 0
        if self.value is not None:
            self.visited.add(self.value)
        self.value = nxt
        return nxt is not None


def _fresh(items: list[_R], seen: set[str]) -> list[_R]:
    """The records of `items` whose id is not in `seen` (in order, each id once), added to it. The
    usual page (all new, no id twice) is one C-level pass over the ids, and the page list itself."""
    ids = set(map(_ID, items))
    if len(ids) == len(items) and seen.isdisjoint(ids):
        seen |= ids
        return items
    out = []
    for item in items:
        if item.id not in seen:
            seen.add(item.id)
            out.append(item)
    return out


def iter_tasks(fetch: Callable[[int | None], TaskPage]) -> Iterator[Task]:
    # the pages' lists chained in C: no generator frame resumed per task
    return chain.from_iterable(_task_pages(fetch))


def _task_pages(fetch: Callable[[int | None], TaskPage]) -> Iterator[list[Task]]:
    cursor = _Cursor()
    while True:
        page = fetch(cursor.value)
        fresh = cursor.fresh(page)
        yield fresh
        if not cursor.advance(page, len(fresh)):
            return


async def aiter_tasks(fetch: Callable[[int | None], Awaitable[TaskPage]]) -> AsyncIterator[Task]:
    cursor = _Cursor()
    while True:
        page = await fetch(cursor.value)
        fresh = cursor.fresh(page)
        for item in fresh:
            yield item
        if not cursor.advance(page, len(fresh)):
            return


class _Offsets:
    """The state of one job walk (or several, for a filtered one)."""

    def __init__(self, walks: int) -> None:
        self.seen: set[str] = set()
        self.walks_left = walks
        self.start_walk()

    def start_walk(self) -> None:
        self.offset = 0
        self.pages: set[tuple[str, ...]] = set()
        self.largest = 0
        self.found = 0
        self.ended = False
        self.walks_left -= 1

    def fresh(self, page: list[Job]) -> list[Job]:
        ids = tuple(map(_ID, page))
        if ids and ids in self.pages:
            if len(ids) < self.largest:
                # the tail again, pushed along by jobs created meanwhile (newest first): the end
                self.ended = True
                return []
            raise StuckCursorError(f"offset {self.offset} answered a page already seen: `offset` is ignored")
        self.pages.add(ids)
        self.largest = max(self.largest, len(ids))
        out = _fresh(page, self.seen)
        self.found += len(out)
        self.offset += len(page)
        return out

    def go_on(self, page: list[Job]) -> bool:
        """False when the walk (and, for a filtered walk, the last re-walk) is over."""
        if page and not self.ended:
            return True
        if self.found and self.walks_left > 0:
            self.start_walk()  # something was new: walk again, in case records left the filter
            return True
        return False


def _walks(filtered: bool) -> int:
    return MAX_WALKS if filtered else 1


def iter_jobs(
    fetch: Callable[[int, int], list[Job]], limit: int = JOB_PAGE, *, filtered: bool = False
) -> Iterator[Job]:
    return chain.from_iterable(_job_pages(fetch, limit, filtered))


def _job_pages(fetch: Callable[[int, int], list[Job]], limit: int, filtered: bool) -> Iterator[list[Job]]:
    state = _Offsets(_walks(filtered))
    while True:
        page = fetch(state.offset, limit)
        yield state.fresh(page)
        if not state.go_on(page):
            return


async def aiter_jobs(
    fetch: Callable[[int, int], Awaitable[list[Job]]], limit: int = JOB_PAGE, *, filtered: bool = False
) -> AsyncIterator[Job]:
    state = _Offsets(_walks(filtered))
    while True:
        page = await fetch(state.offset, limit)
        for item in state.fresh(page):
            yield item
        if not state.go_on(page):
            return
