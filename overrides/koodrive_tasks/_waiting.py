"""Polling until a family's terminal state: capped, jittered backoff and an overall deadline.

`on_progress(state)` is called with the first state and whenever its status or progress changes.
Outcomes: a basic task that ends FAILED raises TaskFailedError with its `resultCode`; a job or
share task that was cancelled raises TaskCancelledError, one whose result is "all failed" raises
TaskFailedError carrying the final state (its per-file results in `.state.files`); "partially
failed" returns the state normally: the caller checks `.failed_files`. Statuses and result codes
count the same whether the wire sent them as numbers or as numeric strings. Past the deadline,
WaitTimeoutError carries the last state. An unknown status is not terminal: polling goes on.
Each poll runs inside the deadline (`deadline_scope`): its HTTP timeout and its retries are cut to
the time left, so a slow or silent server cannot hold wait() past its deadline; a poll cut short
that way is a WaitTimeoutError too (with the poll's error as its cause). `timeout=0` checks once:
that one poll is bounded by the client's own timeout instead of a deadline already spent.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from ._errors import APIConnectionError, TaskCancelledError, TaskFailedError, WaitTimeoutError
from ._retries import deadline_scope
from .models import ArchiveListing, JobDetail, JobResult, JobStatus, ShareTask, Task, TaskStatus

# ArchiveListing: a listFile answer, job-like through its `status` property (Q62)
S = TypeVar("S", JobDetail, Task, ShareTask, ArchiveListing)
ProgressCallback = Callable[[Any], None]


@dataclass(frozen=True)
class Backoff:
    first: float = 1.0
    factor: float = 1.5
    cap: float = 10.0
    jitter: float = 0.1

    def delays(self) -> Callable[[], float]:
        current = self.first

        def next_delay() -> float:
            nonlocal current
            delay = current * (1 + random.uniform(-self.jitter, self.jitter))
            current = min(current * self.factor, self.cap)
            return max(delay, 0.0)

        return next_delay


def _signature(state: Any) -> tuple[Any, Any]:
    inner = state.job if isinstance(state, JobDetail) else state
    return inner.status, getattr(inner, "progress", None)


def finished(state: JobDetail | Task | ShareTask | ArchiveListing, label: str) -> bool:
    """True when terminal and successful (or partly); raises for failed or cancelled; False otherwise."""
    if isinstance(state, Task):
        if state.status == TaskStatus.FAILED:
            raise TaskFailedError(
                f"{label} failed with result code {state.result_code}",
                state=state,
                result_code=state.result_code,
            )
        return state.status == TaskStatus.SUCCESS
    inner = state.job if isinstance(state, JobDetail) else state
    if inner.status == JobStatus.CANCELLED:
        raise TaskCancelledError(f"{label} was cancelled", state=state)
    if inner.status != JobStatus.COMPLETED:
        return False
    if isinstance(state, ArchiveListing):
        return True  # a listing has no per-file outcome (its `result` is always None)
    if inner.result == JobResult.ALL_FAILED:
        raise TaskFailedError(
            f"{label} completed with every file failed ({_files_failed(state)})",
            state=state,
            result_code=inner.result_code,
        )
    return True


def _files_failed(state: JobDetail | ShareTask) -> str:
    """How many of the files failed, as the state's per-file results say (the error line's detail)."""
    if not state.files:
        return "the server sent no per-file results"
    return f"{len(state.failed_files)} of {len(state.files)} files"


class _Poll(Generic[S]):
    """Everything a wait loop does between fetches, shared by the sync and async loops."""

    def __init__(
        self,
        label: str,
        timeout: float,
        poll_interval: float,
        on_progress: ProgressCallback | None,
        clock: Callable[[], float],
    ) -> None:
        if not timeout >= 0:  # NaN included: a deadline that can never pass is no deadline
            raise ValueError(f"timeout must be a number of seconds >= 0, not {timeout!r}")
        self.label, self.timeout, self.on_progress, self.clock = label, timeout, on_progress, clock
        self.deadline = clock() + timeout
        self.delays = Backoff(first=poll_interval).delays()
        self.last: S | None = None
        self.seen: tuple[Any, Any] | None = None

    @contextmanager
    def attempt(self) -> Iterator[None]:
        """One fetch: its requests end by the deadline (their timeout and retries are cut to it;
        `timeout=0`'s one check runs under the client's own timeout, a spent deadline sends
        nothing); a failure to connect is re-raised before the deadline, a timeout after it."""
        first_check = self.timeout == 0 and self.last is None
        scope = nullcontext() if first_check else deadline_scope(self.deadline - self.clock())
        try:
            with scope:
                yield
        except APIConnectionError as exc:
            if self.clock() < self.deadline:
                raise
            raise self.timed_out() from exc

    def timed_out(self) -> WaitTimeoutError:
        return WaitTimeoutError(f"{self.label} not finished after {self.timeout} s", state=self.last)

    def next_delay(self, state: S) -> float | None:
        """None when `state` is a successful end (raises on failure); else how long to sleep."""
        self.last = state
        if self.on_progress is not None and _signature(state) != self.seen:
            self.on_progress(state)
        self.seen = _signature(state)
        if finished(state, self.label):
            return None
        remaining = self.deadline - self.clock()
        if remaining <= 0:
            raise self.timed_out()
        return min(self.delays(), remaining)


def wait(
    fetch: Callable[[], S],
    label: str,
    timeout: float,
    poll_interval: float,
    on_progress: ProgressCallback | None,
    *,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> S:
    poll: _Poll[S] = _Poll(label, timeout, poll_interval, on_progress, clock)
    while True:
        with poll.attempt():
            state = fetch()
        delay = poll.next_delay(state)
        if delay is None:
            return state
        sleep(delay)


async def async_wait(
    fetch: Callable[[], Awaitable[S]],
    label: str,
    timeout: float,
    poll_interval: float,
    on_progress: ProgressCallback | None,
    *,
    clock: Callable[[], float] = time.monotonic,
) -> S:
    poll: _Poll[S] = _Poll(label, timeout, poll_interval, on_progress, clock)
    while True:
        with poll.attempt():
            state = await fetch()
        delay = poll.next_delay(state)
        if delay is None:
            return state
        await asyncio.sleep(delay)
