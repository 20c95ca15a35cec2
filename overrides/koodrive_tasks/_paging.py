"""The only place that knows about pages. Every walk hands out each id at most once and ends.

What a walk promises, on a service that other users write to while it pages: every record that is
in the list (and, for a filtered walk, in the filter) for the whole walk is handed out exactly once;
a record created, cancelled into or out of the filter, or moved mid-walk is handed out at most once;
and a server that makes progress never gets an error. A server that stops making progress gets
StuckCursorError within the bounds below, whatever its pages look like.

`/task/list` (Q25): follow `nextCursor` until it is absent. Partial and even empty pages may come
before the end, so a short page ends nothing; ids already handed out are skipped (a proxy that
rounds 19-digit cursors sends pages again). The cursor is a position (on the seed page, and in the
emulator, the creation millisecond of the last task looked at), so tasks created meanwhile neither
shift nor repeat anything. A page makes progress when it hands out a task not handed out before.
No progress, and what ends it:
- a cursor seen before in this walk, other than the one just sent (a cycle, 10 -> 20 -> 10): at once;
- MAX_STALLED_PAGES pages in a row without progress whose cursor does not move beyond the furthest
  one seen (the same cursor back, a cursor that goes backwards) or that repeat tasks already handed
  out under a new cursor: a position never goes back, and a page after a cursor holds tasks after it;
- MAX_IDLE_PAGES pages in a row without progress at all (empty pages with ever-new cursors): a
  filtered walk may legitimately meet long runs of empty pages (seed 000 holds 2 of 10), so this
  bound is wide: at the default page size it is 100,000 tasks in a row that fail the filter.

`/jobs`: offset paging (zero-based, Q23). No page says that a short page is the last one (a server
may cap `limit`: 50 of 100), so the walk goes on until an empty page. The list is sorted by creation,
newest first (seed 001; ids are snowflakes, Q35), so jobs that stay in it keep their order and a new
job goes to the top. The walk keeps the place of every job it handed out in the order it handed them
out; the last one is the mark. That order is the evidence of where a page lies:
- Jobs created meanwhile push every later page down: ids already handed out are skipped, and a page
  that reaches no further than the mark (every job on it handed out before, or new) shows that the
  list moved down by at least a page. The walk skips forward by the shift the page shows: the jobs
  handed out after the page's furthest one still stand between it and the mark, since jobs never
  leave the unfiltered list (the API deletes none).
- A filtered list loses a job when it leaves the filter (a pending job starts), which pulls later
  jobs forward past the offset. A filtered walk therefore asks for each page from the mark's place
  (pages overlap by one job): a page that holds a job handed out before continues the walk without a
  gap; one that holds none (jobs left in front of it) is handed out, and the walk steps back a page
  to find its place again. The one gap left is the end: an empty page after a page that reached no
  further than the mark ends the walk: if departures between those two requests pull every job left
  after the mark in front of that offset, those jobs are missed (anything left after them would
  show the shift, and the walk would step back).
- A page makes progress when it hands out a job not handed out before. MAX_STALLED_PAGES pages in a
  row without progress (non-empty pages, or empty ones a filtered walk steps back from) raise
  StuckCursorError: a server that ignores `offset` (the same jobs, in any order) or whose pages
  cycle. On a real service each such page needs a full page of jobs created (or leaving the filter)
  between two requests, 20 times running.
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
    "MAX_IDLE_PAGES",
    "MAX_STALLED_PAGES",
    "StuckCursorError",
    "aiter_jobs",
    "aiter_tasks",
    "iter_jobs",
    "iter_tasks",
]

JOB_PAGE = 100
#: Pages in a row without progress that show the server is not moving (see the module docstring).
MAX_STALLED_PAGES = 20
#: Task pages in a row that hand out nothing, whatever their cursors (filtered walks meet empty runs).
MAX_IDLE_PAGES = 1000
_ID = attrgetter("id")


class _Cursor:
    """The state of one task walk."""

    def __init__(self) -> None:
        self.value: int | None = None
        self.visited: set[int] = set()
        self.furthest: int | None = None
        self.stalled = 0
        self.idle = 0
        self.seen: set[str] = set()

    def fresh(self, page: TaskPage) -> list[Task]:
        """The page's tasks not handed out before (in page order, each id once)."""
        return _fresh(page.items, self.seen)

    def advance(self, page: TaskPage, fresh: int) -> bool:
        """Move to the page's nextCursor; False when the list has ended."""
        nxt = page.next_cursor
        if nxt is None:
            return False
        if nxt != self.value and nxt in self.visited:
            raise StuckCursorError(f"cursor {nxt} came back: the cursors cycle")
        forward = self.furthest is None or nxt > self.furthest
        if fresh:
            self.stalled = self.idle = 0
        else:
            self.idle += 1
            if not forward or page.items:
                self.stalled += 1
            if self.stalled >= MAX_STALLED_PAGES:
                raise StuckCursorError(
                    f"{self.stalled} pages in a row brought nothing new and no cursor beyond {self.furthest}"
                )
            if self.idle >= MAX_IDLE_PAGES:
                raise StuckCursorError(f"{self.idle} pages in a row brought nothing new")
        if forward:
            self.furthest = nxt
        if self.value is not None:
            self.visited.add(self.value)
        self.value = nxt
        return True


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
    """The state of one job walk: the offset to ask for next and the jobs handed out, each with its
    place in the hand-out order (jobs that stay in the list keep their order: newest first, Q35)."""

    def __init__(self, limit: int, filtered: bool) -> None:
        self.limit = limit
        self.overlap = filtered and limit > 1  # ask from the mark's place: pages overlap by one job
        self.order: dict[str, int] = {}  # id -> place in the hand-out order; the last one is the mark
        self.offset = 0
        self.tail = False  # the last page ended at the mark: an empty page next ends the walk
        self.careful = False  # a filtered walk stepped back: no skipping forward until past the mark
        self.largest = 0  # the longest page yet: a server's cap on `limit` shows there
        self.stalled = 0
        self.ended = False

    def fresh(self, page: list[Job]) -> list[Job]:
        """The page's jobs not handed out before; moves to the next offset (or sets `ended`)."""
        offset, order = self.offset, self.order
        if not page:
            if offset == 0 or not order or self.tail or not self.overlap:
                self.ended = True
            else:  # jobs in front left the filter and the list shrank past the offset: step back
                self._stall(offset)
                self.offset, self.careful = max(0, offset - (self.limit - 1)), True
            return []
        before = len(order)
        ids = list(map(_ID, page))
        if order.keys().isdisjoint(ids):
            known: list[tuple[int, int]] = []
        else:
            known = [(order[job_id], at) for at, job_id in enumerate(ids) if job_id in order]
        if not known and len(set(ids)) == len(ids):
            order.update(zip(ids, range(before, before + len(ids)), strict=True))
            out = page
        else:
            out = []
            for job in page:
                if job.id not in order:
                    order[job.id] = len(order)
                    out.append(job)
        size = len(page)
        self.largest = max(self.largest, size)
        if not known:
            if self.overlap and offset and before:
                # Nothing handed out before: jobs in front of this page left the filter, so some
                # that stayed may lie between the mark and it. Hand these out; look a page earlier.
                self.offset, self.careful = max(0, offset - (self.limit - 1)), True
            else:
                self.offset, self.careful = offset + (size - 1 if self.overlap and size > 1 else size), False
            self.tail = False
            self.stalled = 0
            return out
        # The job of this page furthest along the hand-out order, and the jobs handed out after it
        # (which, in a list they never leave, stand after this page).
        top, at = max(known)
        between = before - 1 - top
        if size < self.largest and [place for place, _ in known] == list(range(before - size, before)):
            # The tail again, pushed along by jobs created meanwhile: the last jobs handed out, in
            # their order, on a page shorter than the server's pages: nothing follows the mark.
            self.ended = True
            return out
        if not between and at < size - 1:
            # The page holds the mark and reaches past it: the next page starts from its last job.
            self.offset = offset + (size - 1 if self.overlap else size)
            self.tail = self.careful = False
        elif between and self.careful:
            # Stepped back after jobs left the filter: the count of jobs between is no longer sure
            # (some of them may have left), so walk on a page at a time to the mark.
            # A page of one job handed out before: the next page follows it, and an empty one ends the walk.
            self.offset = offset + (size - 1 if size > 1 else size)
            self.tail = size == 1
        else:
            # The page ends at or before the mark: the list moved down by at least the page (jobs
            # created meanwhile), or this is its end. Skip forward past the jobs handed out after it.
            after = offset + size + between  # the place after the mark's
            self.offset = after - 1 if self.overlap and between else after
            self.tail = not between
        if out:
            self.stalled = 0
        else:
            self._stall(offset)
        return out

    def _stall(self, offset: int) -> None:
        self.stalled += 1
        if self.stalled >= MAX_STALLED_PAGES:
            raise StuckCursorError(
                f"{self.stalled} pages in a row (the last at offset {offset}) brought no job not "
                "seen before: the server ignores `offset`, or its pages cycle"
            )


def iter_jobs(
    fetch: Callable[[int, int], list[Job]], limit: int = JOB_PAGE, *, filtered: bool = False
) -> Iterator[Job]:
    return chain.from_iterable(_job_pages(fetch, limit, filtered))


def _job_pages(fetch: Callable[[int, int], list[Job]], limit: int, filtered: bool) -> Iterator[list[Job]]:
    state = _Offsets(limit, filtered)
    while not state.ended:
        yield state.fresh(fetch(state.offset, limit))


async def aiter_jobs(
    fetch: Callable[[int, int], Awaitable[list[Job]]], limit: int = JOB_PAGE, *, filtered: bool = False
) -> AsyncIterator[Job]:
    state = _Offsets(limit, filtered)
    while not state.ended:
        for item in state.fresh(await fetch(state.offset, limit)):
            yield item
