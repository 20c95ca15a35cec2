"""Waiting for a job, basic task or share task, and its outcome as a JSON-safe event payload.

The operators (in the worker) and the trigger (in the triggerer) wait the same way, through the
client's public `wait` (`jobs.wait`, `tasks.wait`, `share_tasks.wait`), and report the same
payload: `{"status": "success" | "failed" | "cancelled" | "timeout" | "error", "kind", "id",
"result", "result_code", "files", "failed_files", "file_result_codes", "message"}`. The deadline
is absolute (`end_time`, Unix seconds), so a trigger re-created after a triggerer restart keeps
it. A poll that fails on the way (the connection, 5xx, 429, after the client's own retries) is
tried again after `poll_interval` until the deadline: a blip does not fail a long job.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from typing import Any, Literal

from koodrive_tasks import (
    APIConnectionError,
    AsyncKooDrive,
    JobDetail,
    KooDrive,
    KooDriveError,
    RateLimitError,
    ServerError,
    ShareTask,
    Task,
    TaskCancelledError,
    TaskFailedError,
    WaitTimeoutError,
)

Kind = Literal["job", "task", "share_task"]
KINDS: tuple[Kind, ...] = ("job", "task", "share_task")
State = JobDetail | Task | ShareTask

#: errors after which polling goes on (until the deadline): the service may answer the next poll
TRANSIENT = (APIConnectionError, ServerError, RateLimitError)

log = logging.getLogger(__name__)


def check_kind(kind: str, share_id: str | None) -> Kind:
    """`kind` as a `Kind`; a share task needs its share id.

    Raises:
        ValueError: An unknown kind, or a share task without `share_id`.
    """
    for known in KINDS:
        if kind == known:
            if known == "share_task" and not share_id:
                raise ValueError("a share task is waited on with its share_id")
            return known
    raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def codes_of(state: Any) -> dict[str, Any]:
    """The result codes of a state (final or last seen), JSON-safe."""
    if state is None:
        return {}
    if isinstance(state, Task):
        return {"result_code": _int(state.result_code)}
    inner = state.job if isinstance(state, JobDetail) else state
    files, failed = state.files, state.failed_files
    return {
        "result": _int(inner.result),
        "result_code": _int(inner.result_code),
        "files": len(files),
        "failed_files": len(failed),
        "file_result_codes": sorted({int(f.result_code) for f in failed if f.result_code is not None}),
    }


def success(kind: Kind, item_id: str, state: State) -> dict[str, Any]:
    """The payload of a job or task that ended well (a job may have failed files: `failed_files`)."""
    return {"status": "success", "kind": kind, "id": item_id, "message": None, **codes_of(state)}


def failure(kind: Kind, item_id: str, exc: KooDriveError) -> dict[str, Any]:
    """The payload of a wait that raised: the job's own failure, a cancel, the deadline, or an error."""
    if isinstance(exc, TaskFailedError):
        status, codes = "failed", codes_of(exc.state)
        if codes.get("result_code") is None and exc.result_code is not None:
            codes["result_code"] = int(exc.result_code)
    elif isinstance(exc, TaskCancelledError):
        status, codes = "cancelled", codes_of(exc.state)
    elif isinstance(exc, WaitTimeoutError):
        status, codes = "timeout", codes_of(exc.state)
    else:
        status, codes = "error", {}
    # a failure or a cancel is said by the status and the codes; the client's line would repeat them
    message = None if status in ("failed", "cancelled") else f"{type(exc).__name__}: {exc}"
    return {"status": status, "kind": kind, "id": item_id, "message": message, **codes}


@dataclass(frozen=True)
class Waiting:
    """One wait: the item (`kind`, `item_id`, and a share task's `share_id`), its absolute deadline
    (`end_time`, Unix seconds) and its poll interval; what both wait loops decide between polls."""

    kind: Kind
    item_id: str
    end_time: float
    poll_interval: float
    share_id: str | None = None

    def remaining(self) -> float:
        return max(0.0, self.end_time - time.time())

    def after(self, exc: KooDriveError) -> dict[str, Any] | None:
        """A poll raised `exc`: the outcome's payload, or None to poll again after `poll_interval`
        (a transient error with more than that left before the deadline)."""
        if isinstance(exc, TRANSIENT) and self.remaining() > self.poll_interval:
            kind, item_id = self.kind, self.item_id
            log.warning("KooDrive %s %s: poll failed (%s), polling on", kind, item_id, type(exc).__name__)
            return None
        return failure(self.kind, self.item_id, exc)


def wait_sync(client: KooDrive, waiting: Waiting) -> dict[str, Any]:
    """Wait in this thread until the item ends or its deadline passes.

    Returns:
        The outcome's payload (never raises for the item's own failure).
    """
    item_id, interval = waiting.item_id, waiting.poll_interval
    while True:
        try:
            if waiting.kind == "job":
                state: State = client.jobs.wait(item_id, waiting.remaining(), interval)
            elif waiting.kind == "task":
                state = client.tasks.wait(item_id, waiting.remaining(), interval)
            else:
                assert waiting.share_id is not None
                state = client.share_tasks.wait(
                    item_id, waiting.share_id, timeout=waiting.remaining(), poll_interval=interval
                )
        except KooDriveError as exc:
            outcome = waiting.after(exc)
            if outcome is None:
                time.sleep(interval)
                continue
            return outcome
        return success(waiting.kind, item_id, state)


async def wait_async(client: AsyncKooDrive, waiting: Waiting) -> dict[str, Any]:
    """`wait_sync` on the event loop (the trigger's)."""
    item_id, interval = waiting.item_id, waiting.poll_interval
    while True:
        try:
            if waiting.kind == "job":
                state: State = await client.jobs.wait(item_id, waiting.remaining(), interval)
            elif waiting.kind == "task":
                state = await client.tasks.wait(item_id, waiting.remaining(), interval)
            else:
                assert waiting.share_id is not None
                state = await client.share_tasks.wait(
                    item_id, waiting.share_id, timeout=waiting.remaining(), poll_interval=interval
                )
        except KooDriveError as exc:
            outcome = waiting.after(exc)
            if outcome is None:
                await asyncio.sleep(interval)
                continue
            return outcome
        return success(waiting.kind, item_id, state)


def check_once_sync(
    client: KooDrive, kind: Kind, item_id: str, share_id: str | None = None
) -> dict[str, Any] | None:
    """One poll (a sensor's poke): the outcome if the item has ended, None while it runs or when
    the poll failed on the way (the next poke tries again)."""
    try:
        if kind == "job":
            state: State = client.jobs.wait(item_id, 0)
        elif kind == "task":
            state = client.tasks.wait(item_id, 0)
        else:
            assert share_id is not None
            state = client.share_tasks.wait(item_id, share_id, timeout=0)
    except WaitTimeoutError:
        return None
    except TRANSIENT as exc:
        log.warning("KooDrive %s %s: poll failed (%s), poking on", kind, item_id, type(exc).__name__)
        return None
    except KooDriveError as exc:
        return failure(kind, item_id, exc)
    return success(kind, item_id, state)
