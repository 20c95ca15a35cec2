"""Errors that fail an Airflow task: each an `AirflowException`, carrying the outcome the client saw.

`KooDriveJobError.event` is the outcome as a trigger reports it (`koodrive_airflow._outcome`):
`status` (`failed`, `cancelled`, `timeout`, `error`), `kind` (`job`, `task`, `share_task`), `id`,
and the result codes KooDrive gave: `result` (a job's or share task's `taskResultCode`: 1 all
succeeded, 2 partly failed, 3 all failed), `result_code` (`resultCode`; a basic task's failure
code, e.g. 18000205), `files`, `failed_files` and `file_result_codes` (the distinct `resultCode`s of
the failed files). The message names them, so the task log shows why the job failed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from airflow.sdk.exceptions import AirflowException, AirflowSensorTimeout

_LABEL = {"job": "job", "task": "basic task", "share_task": "share task"}
_RESULT_NAMES = {1: "ALL_SUCCEEDED", 2: "PARTIALLY_FAILED", 3: "ALL_FAILED"}


class KooDriveConnectionError(AirflowException):
    """The `koodrive` connection cannot make a client: a missing secret, user id, or an unknown extra key."""


def describe(event: Mapping[str, Any]) -> str:
    """One line for an outcome: what ended how, with every result code KooDrive sent.

    Args:
        event: A trigger event's payload (`_outcome`).

    Returns:
        For example `KooDrive job 123 failed: taskResultCode 3 (ALL_FAILED), resultCode 0,
        2 of 2 files failed (file result codes 13000408)`.
    """
    label = _LABEL.get(str(event.get("kind")), str(event.get("kind")))
    status = event.get("status")
    verb = {"failed": "failed", "cancelled": "was cancelled", "timeout": "did not finish in time"}.get(
        str(status), str(status)
    )
    details: list[str] = []
    result = event.get("result")
    if result is not None:
        details.append(f"taskResultCode {result} ({_RESULT_NAMES.get(result, 'unknown')})")
    if event.get("result_code") is not None:
        details.append(f"resultCode {event['result_code']}")
    if event.get("failed_files"):
        codes = event.get("file_result_codes") or []
        files = f"{event['failed_files']} of {event.get('files')} files failed"
        if codes:
            files += f" (file result codes {', '.join(str(c) for c in codes)})"
        details.append(files)
    if event.get("message"):
        details.append(str(event["message"]))
    line = f"KooDrive {label} {event.get('id')} {verb}"
    return f"{line}: {'; '.join(details)}" if details else line


class KooDriveJobError(AirflowException):
    """A KooDrive job, basic task or share task did not succeed; the Airflow task fails.

    Args:
        event: The outcome (see the module docstring); its fields are also attributes.
    """

    def __init__(self, event: Mapping[str, Any]) -> None:
        super().__init__(describe(event))
        self.event = dict(event)
        self.status: str | None = event.get("status")
        self.kind: str | None = event.get("kind")
        self.item_id: str | None = event.get("id")
        self.result: int | None = event.get("result")
        self.result_code: int | None = event.get("result_code")
        self.file_result_codes: list[int] = list(event.get("file_result_codes") or [])

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.event,)


class KooDriveJobFailedError(KooDriveJobError):
    """The job or task failed (every file, a partly failed job unless allowed, or a FAILED basic task)."""


class KooDriveJobCancelledError(KooDriveJobError):
    """The job or share task was cancelled."""


class KooDriveJobTimeoutError(KooDriveJobError, AirflowSensorTimeout):
    """The job or task had not finished by the deadline (a sensor's `soft_fail` skips on it)."""


class KooDriveWaitError(KooDriveJobError):
    """Waiting stopped on an error other than the job's outcome (the service refused a poll)."""


_BY_STATUS: dict[str, type[KooDriveJobError]] = {
    "failed": KooDriveJobFailedError,
    "cancelled": KooDriveJobCancelledError,
    "timeout": KooDriveJobTimeoutError,
}


def error_for(event: Mapping[str, Any]) -> KooDriveJobError:
    """The exception an unsuccessful outcome raises.

    Args:
        event: A trigger event's payload whose status is not `success`.

    Returns:
        `KooDriveJobFailedError`, `KooDriveJobCancelledError`, `KooDriveJobTimeoutError`, or
        `KooDriveWaitError` for any other status.
    """
    return _BY_STATUS.get(str(event.get("status")), KooDriveWaitError)(event)
