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
newest first (seed 001), and ids are snowflakes (Q35: a larger id is a newer job), so a job's id is
its place in the list: jobs that stay keep their order and a new job goes to the top. The walk
reads places from the ids while every page comes newest first, and otherwise (a server that sorts
some other way) from the order it handed the jobs out in. The mark is the furthest place handed out.
- Jobs created meanwhile push every later page down: ids already handed out are skipped, and a page
  that reaches no further than the mark (its jobs all handed out before, or newer than the mark)
  shows that the list moved down by at least a page. The walk skips forward by the shift the ids
  show: the jobs handed out between the page's furthest one and the mark still stand after the
  page, since jobs never leave the unfiltered list (the API deletes none). A page shorter than the
  server's pages that holds just the last jobs handed out, in order, is the tail pushed along by new
  jobs: the walk ends there.
- A filtered list loses a job when it leaves the filter (a pending job starts), which pulls later
  jobs forward past the offset. A filtered walk therefore asks for each page from the mark's place
  (pages overlap by one job): a page that holds a job at or before the mark continues the walk
  without a gap; one that does not (jobs left in front of it) is not used: the walk steps back a
  page to find the mark again, then walks a page at a time (no skipping) until past it. The one gap
  left is the end: an empty page after a page that ended at the mark ends the walk, so if departures
  between those two requests pull every job left after the mark in front of that offset, those jobs
  are missed (anything left after them would show the shift, and the walk would step back).
- A page makes progress when it hands out a job not handed out before. MAX_STALLED_PAGES pages in a
  row without progress (non-empty pages, or pages a filtered walk steps back from) raise
  StuckCursorError: a server that ignores `offset` (the same jobs, in any order) or whose pages
  cycle. On a real service each such page needs a full page of jobs created (or leaving the filter)
  between two requests, 20 times running.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from itertools import chain, pairwise
from operator import attrgetter
from typing import TypeVar

from koodrive_generated.facts import MAX_JOBS_PER_PAGE

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

JOB_PAGE = MAX_JOBS_PER_PAGE  # the spec's `maximum` of listJobs' limit
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


_BEYOND = 1 << 80  # the place of a job not handed out, when only the hand-out order is known


def _newest_first(ids: list[str]) -> list[int] | None:
    """Each id's place in a newest-first list (minus the id, Q35: a larger id is newer), or None when
    the page is not one: an id that is not digits, or ids that do not fall."""
    if not all(map(str.isdigit, ids)):
        return None
    places = [-int(job_id) for job_id in ids]
    if any(a >= b for a, b in pairwise(places)):
        return None
    return places


class _Offsets:
    """The state of one job walk: the offset to ask for next and the jobs handed out.

    Each job has a place in the list: minus its id while every page comes newest first (Q35, seed
    001), else the order the walk handed it out in (a server that sorts otherwise). The mark is the
    furthest place handed out: every job that stayed in the list up to the mark was handed out."""

    def __init__(self, limit: int, filtered: bool) -> None:
        self.limit = limit
        self.overlap = filtered and limit > 1  # ask from the mark's place: pages overlap by one job
        self.order: dict[str, int] = {}  # id -> place in the hand-out order
        self.by_id: bool | None = (
            None  # places from ids (newest first), from the hand-out order, or not yet known
        )
        self.places: list[int] = []  # the places handed out, by id (when `by_id`)
        self.mark = -_BEYOND
        self.offset = 0
        self.tail = False  # the last page ended at the mark: an empty page next ends the walk
        self.careful = False  # a filtered walk stepped back: no skipping forward until past the mark
        self.largest = 0  # the longest page yet: a server's cap on `limit` shows there
        self.stalled = 0
        self.ended = False

    def _places(self, ids: list[str]) -> list[int]:
        if self.by_id is not False:
            places = _newest_first(ids)
            if places is not None:
                self.by_id = True
                return places
            self.by_id, self.mark = False, len(self.order) - 1
        return [self.order.get(job_id, _BEYOND) for job_id in ids]

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
        ids = list(map(_ID, page))
        places = self._places(ids)
        before, mark, size = len(order), self.mark, len(page)
        if self.overlap and offset and before and min(places) > mark:
            # Nothing at or before the mark: jobs in front of this page left the filter, so some
            # that stayed may lie between the mark and it. Look a page earlier; these jobs come
            # again in their turn (handing them out now would break the order of places).
            self._stall(offset)
            self.offset, self.careful, self.tail = max(0, offset - (self.limit - 1)), True, False
            return []
        known = [
            (place, at) for at, (place, job_id) in enumerate(zip(places, ids, strict=True)) if job_id in order
        ]
        if not known and len(set(ids)) == len(ids):
            order.update(zip(ids, range(before, before + size), strict=True))
            out = page
        else:
            out = []
            for job in page:
                if job.id not in order:
                    order[job.id] = len(order)
                    out.append(job)
        if self.by_id:
            new_places = places if out is page else [-int(job.id) for job in out]
            self.places += new_places
        self.largest = max(self.largest, size)
        furthest = max(places)
        if furthest > mark and (out or not before):
            # The page reaches past the mark: the next page starts from its furthest job.
            self.mark = furthest if self.by_id else len(order) - 1
            at = len(places) - 1 - places[::-1].index(furthest)
            self.offset = offset + (at if self.overlap and at else size)
            self.tail = self.careful = False
            self.stalled = 0
            return out
        if self.by_id is False:
            self.mark = len(order) - 1
        if not known:
            # Only jobs newer than the mark, none seen: created meanwhile, in front of it.
            self.offset, self.tail = offset + size, False
            self.stalled = 0
            return out
        # The job of this page furthest along the list, and the jobs handed out between it and
        # the mark (which, in a list they never leave, stand after this page).
        top = max(place for place, _ in known)
        if self.by_id:
            between = sum(1 for place in self.places if top < place <= mark)
            last = sorted(self.places)[-size:] if size < self.largest and not out else None
        else:
            between = mark - top
            last = list(range(before - size, before)) if size < self.largest and not out else None
        if last is not None and [place for place, _ in known] == last:
            # The tail again, pushed along by jobs created meanwhile: the last jobs handed out, in
            # their order, on a page shorter than the server's pages: nothing follows the mark.
            self.ended = True
            return out
        if between and self.careful:
            # Stepped back after jobs left the filter: the count of jobs between is no longer sure
            # (some of them may have left), so walk on a page at a time to the mark. A page of one
            # job handed out before: the next page follows it, and an empty one ends the walk.
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
