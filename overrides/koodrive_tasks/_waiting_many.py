"""Waiting on many jobs or tasks at once: one deadline for the set, a cap on polls in flight, and
an outcome per id (`WaitResult`) so that one failure never hides the rest.

The core (`WaitMany`) is sans-IO: it decides which ids are due for a poll, how long to sleep, and
what a state or an error means for an id, and never sends or sleeps itself. Two thin drivers run
it: `_drive` (threads, for the sync client: `concurrency` polls in flight in a thread pool) and
`_adrive` (asyncio tasks, for the async client). Both hand results out as ids finish: `iter_wait`
(`as_completed`), or collected by `wait_many` into a dict in the order the ids came; `async_` names
are the async client's twins (the resources build the core, which checks the arguments, and call
one of these four with it).

Each id polls on its own backoff (`_waiting.Backoff`: the first delay is `poll_interval`, then
x1.5 up to 10 s, jittered), as `wait()` does for one. Outcomes, judged as `wait()` judges one
(`_waiting.finished`): DONE (a partly failed job too: check `.state.failed_files`), FAILED (a basic
task that ended FAILED, a job or share task whose every file failed), CANCELLED, TIMED_OUT (not
finished when the deadline passed, or its last poll was cut short by it), ERROR (any other error
of that id's poll: not found, an id that is no id, refused, a connection that failed before the
deadline). Every outcome but DONE carries the exception `wait()` would have raised in `.error`, so
`result.raise_for_outcome()` does what `wait()` does. An error that is no `KooDriveError` (a bug,
Ctrl-C) is not caught: it ends the whole wait.

Each poll runs inside the set's deadline (`deadline_scope`): its HTTP timeout and retries are cut
to the time left; a deadline the caller set around the call (its own `deadline_scope`) holds too,
in the sync driver's threads as well. `timeout=0` polls each id once under the client's own timeout.
"""

from __future__ import annotations

import asyncio
import contextvars
import heapq
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_futures
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Generic, TypeVar

from ._errors import (
    APIConnectionError,
    KooDriveError,
    TaskCancelledError,
    TaskFailedError,
    WaitTimeoutError,
)
from ._retries import deadline_scope
from ._waiting import Backoff, finished
from .models import ArchiveListing, JobDetail, ShareTask, Task

S = TypeVar("S", JobDetail, Task, ShareTask, ArchiveListing)
#: `on_progress(id, state)`: called with each id's first state and whenever its status or progress changes.
ManyProgressCallback = Callable[[str, Any], None]

DEFAULT_CONCURRENCY = 16


class WaitOutcome(StrEnum):
    """How the wait for one id ended."""

    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"
    TIMED_OUT = "timed_out"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class WaitResult(Generic[S]):
    """The outcome of one id of `wait_many` / `as_completed`.

    Attributes:
        id: The job or task id, as given.
        outcome: DONE, FAILED, CANCELLED, TIMED_OUT or ERROR.
        state: The final state (DONE, FAILED, CANCELLED), or the last one seen (TIMED_OUT, ERROR;
            None when none was).
        error: What `wait()` would have raised for this id; None when DONE.
    """

    id: str
    outcome: WaitOutcome
    state: S | None = None
    error: KooDriveError | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        """True when DONE (a job whose files partly failed too)."""
        return self.outcome is WaitOutcome.DONE

    @property
    def result_code(self) -> int | None:
        """KooDrive's result code of a FAILED id (e.g. 18000205 for a basic task), else None."""
        return self.error.result_code if isinstance(self.error, TaskFailedError) else None

    def raise_for_outcome(self) -> S:
        """The final state when DONE; otherwise raises what `wait()` would have raised."""
        if self.error is not None:
            raise self.error
        assert self.state is not None  # DONE always carries its state
        return self.state


class WaitMany(Generic[S]):
    """The sans-IO core: which ids to poll now, when to wake, and what each answer means.

    A driver loops: `take()` the ids due (at most `concurrency` in flight), poll each inside
    `scope()`, hand each answer to `finish(id, outcome)` (`settle(id, state)` or `fail(id, exc)`;
    each returns a `WaitResult` when that id is finished), call `expire()` for the ids the deadline ended, and
    sleep `wakeup()` seconds (or until a poll in flight answers) while `not done`.
    """

    def __init__(
        self,
        ids: Iterable[str],
        kind: str,
        timeout: float,
        poll_interval: float,
        concurrency: int,
        on_progress: ManyProgressCallback | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not timeout >= 0:  # NaN included: a deadline that can never pass is no deadline
            raise ValueError(f"timeout must be a number of seconds >= 0, not {timeout!r}")
        if not poll_interval > 0:
            raise ValueError(f"poll_interval must be a number of seconds > 0, not {poll_interval!r}")
        if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
            raise ValueError(f"concurrency must be an int >= 1, not {concurrency!r}")
        if isinstance(ids, str):
            raise TypeError("ids must be a collection of ids, not one str")
        self.ids: list[str] = list(dict.fromkeys(str(i) for i in ids))  # once each, in order
        self.kind, self.timeout, self.concurrency = kind, timeout, concurrency
        self.on_progress, self.clock = on_progress, clock
        self.deadline = clock() + timeout
        self.backoff = Backoff(first=poll_interval)
        now = clock()
        self._due: list[tuple[float, int, str]] = [(now, n, i) for n, i in enumerate(self.ids)]
        self._order = {i: n for n, i in enumerate(self.ids)}
        self._delays: dict[str, Callable[[], float]] = {}
        self._last: dict[str, S] = {}
        self._seen: dict[str, tuple[Any, Any]] = {}
        self._polled: set[str] = set()
        self.in_flight: set[str] = set()
        self.results: dict[str, WaitResult[S]] = {}

    @property
    def done(self) -> bool:
        return len(self.results) == len(self.ids)

    def label(self, id: str) -> str:
        return f"{self.kind} {id}"

    def take(self) -> list[str]:
        """The ids to poll now (they count as in flight until settled), at most the free slots."""
        now, taken = self.clock(), []
        while self._due and len(self.in_flight) < self.concurrency and self._due[0][0] <= now:
            _, _, id = heapq.heappop(self._due)
            if self.timeout > 0 and now >= self.deadline:
                heapq.heappush(self._due, (now, self._order[id], id))  # expire() ends it
                break
            self.in_flight.add(id)
            taken.append(id)
        return taken

    def wakeup(self) -> float | None:
        """Seconds until an id is due or the deadline passes (whichever first); None when nothing
        is left to wait for but the polls in flight."""
        if not self._due:
            return None
        now = self.clock()
        # all slots taken: a free one comes with an answer, not with time (only the deadline wakes)
        wake = None if len(self.in_flight) >= self.concurrency else self._due[0][0]
        if self.timeout > 0:
            wake = self.deadline if wake is None else min(wake, self.deadline)
        return None if wake is None else max(wake - now, 0.0)

    def scope(self, id: str) -> AbstractContextManager[None]:
        """The poll's requests end by the deadline; `timeout=0`'s one check runs under the client's
        own timeout (a spent deadline would send nothing)."""
        if self.timeout == 0 and id not in self._polled:
            return nullcontext()
        return deadline_scope(self.deadline - self.clock())

    def settle(self, id: str, state: S) -> WaitResult[S] | None:
        """An answer for `id`: its result when finished (or past the deadline), else None (polled
        again later)."""
        self.in_flight.discard(id)
        self._polled.add(id)
        self._last[id] = state
        if self.on_progress is not None:
            inner = state.job if isinstance(state, JobDetail) else state
            signature = (inner.status, getattr(inner, "progress", None))
            if signature != self._seen.get(id):
                self._seen[id] = signature
                self.on_progress(id, state)
        label = self.label(id)
        try:
            if finished(state, label):
                return self._end(WaitResult(id, WaitOutcome.DONE, state))
        except TaskFailedError as exc:
            return self._end(WaitResult(id, WaitOutcome.FAILED, state, exc))
        except TaskCancelledError as exc:
            return self._end(WaitResult(id, WaitOutcome.CANCELLED, state, exc))
        now = self.clock()
        if now >= self.deadline:
            return self._timed_out(id)
        delays = self._delays.setdefault(id, self.backoff.delays())
        heapq.heappush(self._due, (now + delays(), self._order[id], id))
        return None

    def fail(self, id: str, exc: KooDriveError) -> WaitResult[S]:
        """A poll of `id` raised: a connection cut short by the deadline is TIMED_OUT, the rest ERROR."""
        self.in_flight.discard(id)
        self._polled.add(id)
        if isinstance(exc, APIConnectionError) and self.clock() >= self.deadline and self.timeout > 0:
            return self._timed_out(id, cause=exc)
        return self._end(WaitResult(id, WaitOutcome.ERROR, self._last.get(id), exc))

    def finish(self, polls: Iterable[tuple[str, Callable[[], S]]]) -> list[WaitResult[S]]:
        """Polls that ended, each its id and `outcome()` (its state, or it raises the poll's
        error), judged by `settle` or `fail`: the results of the ids now done."""
        results: list[WaitResult[S]] = []
        for id, outcome in polls:
            result: WaitResult[S] | None
            try:
                state = outcome()
            except KooDriveError as exc:
                result = self.fail(id, exc)
            else:
                result = self.settle(id, state)
            if result is not None:
                results.append(result)
        return results

    def expire(self) -> list[WaitResult[S]]:
        """The ids not in flight that the deadline has ended (TIMED_OUT with their last state)."""
        if self.clock() < self.deadline or not self._due:
            return []
        if self.timeout == 0:
            return []  # each id is checked once: settle() ends it
        ended = [self._timed_out(id) for _, _, id in sorted(self._due)]
        self._due.clear()
        return ended

    def _timed_out(self, id: str, cause: BaseException | None = None) -> WaitResult[S]:
        last = self._last.get(id)
        how = "checked once" if self.timeout == 0 else f"after {self.timeout} s"
        error = WaitTimeoutError(f"{self.label(id)} not finished ({how})", state=last)
        error.__cause__ = cause
        return self._end(WaitResult(id, WaitOutcome.TIMED_OUT, last, error))

    def _end(self, result: WaitResult[S]) -> WaitResult[S]:
        self.results[result.id] = result
        return result


def _drive(core: WaitMany[S], fetch: Callable[[str], S]) -> Iterator[WaitResult[S]]:
    """The sync driver: polls in a pool of `core.concurrency` threads, yields results as ids finish."""
    if core.done:
        return
    workers = min(core.concurrency, len(core.ids))
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="koodrive-wait")
    running: dict[Future[S], str] = {}

    def poll(id: str) -> S:
        with core.scope(id):
            return fetch(id)

    try:
        while not core.done:
            for id in core.take():  # each poll in a copy of the caller's context (its deadline too)
                running[pool.submit(contextvars.copy_context().run, poll, id)] = id
            yield from core.expire()
            if core.done:
                break
            wake = core.wakeup()
            if running:
                finished_now, _ = wait_futures(running, timeout=wake, return_when=FIRST_COMPLETED)
            else:
                finished_now = set()
                time.sleep(wake or 0.0)
            yield from core.finish((running.pop(future), future.result) for future in finished_now)
    finally:
        for future in running:
            future.cancel()
        pool.shutdown(wait=False, cancel_futures=True)


async def _adrive(core: WaitMany[S], fetch: Callable[[str], Awaitable[S]]) -> AsyncIterator[WaitResult[S]]:
    """The async driver: at most `core.concurrency` polls as asyncio tasks, results as ids finish."""
    running: dict[asyncio.Task[S], str] = {}

    async def poll(id: str) -> S:
        with core.scope(id):
            return await fetch(id)

    try:
        while not core.done:
            for id in core.take():
                running[asyncio.ensure_future(poll(id))] = id
            for result in core.expire():
                yield result
            if core.done:
                break
            wake = core.wakeup()
            if running:
                finished_now, _ = await asyncio.wait(
                    running, timeout=wake, return_when=asyncio.FIRST_COMPLETED
                )
            else:
                finished_now = set()
                await asyncio.sleep(wake or 0.0)
            for settled in core.finish((running.pop(task), task.result) for task in finished_now):
                yield settled
    finally:
        for task in running:
            task.cancel()
        if running:
            await asyncio.gather(*running, return_exceptions=True)


def iter_wait(core: WaitMany[S], fetch: Callable[[str], S]) -> Iterator[WaitResult[S]]:
    """`as_completed`: results as ids finish (the caller built `core`, so its arguments are checked
    before anything is sent)."""
    return _drive(core, fetch)


def async_iter_wait(core: WaitMany[S], fetch: Callable[[str], Awaitable[S]]) -> AsyncIterator[WaitResult[S]]:
    """`as_completed` of the async client: an async iterator of results as ids finish."""
    return _adrive(core, fetch)


def wait_many(core: WaitMany[S], fetch: Callable[[str], S]) -> dict[str, WaitResult[S]]:
    """`wait_many`: every id's result, in the order the ids came (each id once)."""
    got = {r.id: r for r in _drive(core, fetch)}
    return {i: got[i] for i in core.ids}


async def async_wait_many(
    core: WaitMany[S], fetch: Callable[[str], Awaitable[S]]
) -> dict[str, WaitResult[S]]:
    """`wait_many` of the async client: every id's result, in the order the ids came."""
    got = {r.id: r async for r in _adrive(core, fetch)}
    return {i: got[i] for i in core.ids}
