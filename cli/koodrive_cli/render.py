"""How the CLI shows things: Rich tables for people, plain dicts (ids as strings) for `--json`.

`--json` prints the whole record, derived from its dataclass fields (generated from the spec), so a
field added to the spec appears here with no edit; tables choose their columns.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from enum import Enum
from typing import Any

from koodrive_tasks import (
    APIError,
    HandoverRecipient,
    ImportResult,
    JobDetail,
    KooDriveError,
    ShareTask,
    Task,
    UncompressedFile,
    WaitTimeoutError,
)
from koodrive_tasks.models import Job
from rich.table import Table


def name(value: object) -> str:
    """An enum member as its lower-case name; an unknown value (kept as a plain value) as itself."""
    if isinstance(value, Enum):
        return value.name.lower().replace("_", "-")
    return "" if value is None else str(value)


def when(value: datetime | None) -> str:
    return "" if value is None else value.isoformat()


def jsonable(value: Any) -> Any:
    """A record attribute as JSON: enums by the name the tables show, times ISO-8601, nested
    records and lists converted likewise; anything else (ids, numbers, `extra`'s raw wire values)
    as it is."""
    if isinstance(value, Enum):
        return name(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return record_dict(value)
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    return value


def record_dict(record: Any) -> dict[str, Any]:
    """Every attribute of a record (its dataclass fields, generated from the spec), `extra` last."""
    out = {f.name: jsonable(getattr(record, f.name)) for f in dataclasses.fields(record) if f.name != "extra"}
    if any(f.name == "extra" for f in dataclasses.fields(record)):
        out["extra"] = dict(record.extra)
    return out


def job_dict(job: Job) -> dict[str, Any]:
    return record_dict(job)


def job_detail_dict(detail: JobDetail) -> dict[str, Any]:
    return record_dict(detail)


def task_dict(task: Task) -> dict[str, Any]:
    return record_dict(task)


def share_task_dict(task: ShareTask) -> dict[str, Any]:
    return record_dict(task)


def jobs_table(jobs: list[Job]) -> Table:
    table = Table(title=f"{len(jobs)} batch job(s)")
    for column in ("id", "type", "action", "status", "result", "progress", "files", "created"):
        table.add_column(column, no_wrap=column == "id")
    for job in jobs:
        table.add_row(
            job.id,
            name(job.type),
            name(job.action_type),
            name(job.status),
            name(job.result),
            "" if job.progress is None else f"{job.progress}%",
            name(job.content_num),
            when(job.create_time),
        )
    return table


def job_detail_view(detail: JobDetail) -> Table:
    job = detail.job
    table = Table(title=f"job {job.id}: {name(job.type)} {name(job.status)} {name(job.result)}".strip())
    for column in ("file", "status", "new file", "result"):
        table.add_column(column)
    for f in detail.files:
        table.add_row(
            name(f.file_id), name(f.status), name(f.new_file_id), f.result_desc or name(f.result_code)
        )
    for entry in (u for top in detail.uncompressed_files for u in top.walk()):
        table.add_row(name(entry.name), name(entry.type), name(entry.file_id), entry.reason or "")
    return table


def tasks_table(tasks: list[Task], next_cursor: int | None) -> Table:
    caption = f"next cursor: {next_cursor}" if next_cursor is not None else None
    table = Table(title=f"{len(tasks)} task(s)", caption=caption)
    for column in ("id", "name", "type", "status", "result code", "created"):
        table.add_column(column, no_wrap=column == "id")
    for task in tasks:
        table.add_row(
            task.id,
            name(task.name),
            name(task.type),
            name(task.status),
            name(task.result_code),
            when(task.create_time),
        )
    return table


def share_task_view(task: ShareTask) -> Table:
    table = Table(
        title=f"share task {task.id}: {name(task.type)} {name(task.status)} {name(task.result)}".strip(),
        caption=task.download_url,
    )
    for column in ("file", "status", "new file"):
        table.add_column(column)
    for f in task.files:
        table.add_row(name(f.file_id), name(f.status), name(f.new_file_id))
    return table


def import_result_view(task_id: str, result: ImportResult) -> Table:
    table = Table(
        title=f"import {task_id}: {name(result.success_count)} imported, {name(result.failed_count)} failed"
    )
    for column in ("user", "reason"):
        table.add_column(column)
    for failure in result.failures:
        table.add_row(name(failure.user_name), name(failure.reason))
    return table


def recipient_line(src_user_id: str, recipient: HandoverRecipient) -> str:
    named = f" ({recipient.name})" if recipient.name else ""
    return f"user {src_user_id} is handed over to {recipient.id}{named}"


def archive_table(entries: list[UncompressedFile]) -> Table:
    table = Table(title=f"{len(entries)} archive entr{'y' if len(entries) == 1 else 'ies'}")
    for column in ("name", "type", "size", "updated"):
        table.add_column(column)
    for entry in entries:
        table.add_row(name(entry.name), name(entry.type), name(entry.size), when(entry.updated_at))
    return table


def status_of(state: object) -> str:
    inner = state.job if isinstance(state, JobDetail) else state
    return name(getattr(inner, "status", None))


def progress_of(state: object) -> int | None:
    inner = state.job if isinstance(state, JobDetail) else state
    if isinstance(inner, Task):  # basic tasks have no progress: show 0 or 100
        return 100 if inner.is_terminal else 0
    value = getattr(inner, "progress", None)
    return value if isinstance(value, int) else None


def error_line(exc: KooDriveError) -> str:
    """One line: HTTP status, KooDrive code, message, trace id (never a secret: only server text)."""
    if isinstance(exc, APIError):
        return str(exc)
    if isinstance(exc, WaitTimeoutError):
        return f"{exc} (last status: {status_of(exc.state) or 'none'})"
    return str(exc)
