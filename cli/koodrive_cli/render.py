"""How the CLI shows things: Rich tables for people, plain dicts (ids as strings) for `--json`."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

from koodrive_tasks import APIError, JobDetail, KooDriveError, ShareTask, Task, WaitTimeoutError
from koodrive_tasks.models import FileResult, Job
from rich.table import Table


def name(value: object) -> str:
    """An enum member as its lower-case name; an unknown value (kept as a plain value) as itself."""
    if isinstance(value, Enum):
        return value.name.lower().replace("_", "-")
    return "" if value is None else str(value)


def when(value: datetime | None) -> str:
    return "" if value is None else value.isoformat()


def _jsonable(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def job_dict(job: Job) -> dict[str, Any]:
    fields = (
        "id",
        "name",
        "type",
        "action_type",
        "status",
        "result",
        "result_code",
        "progress",
        "download_url",
        "content_num",
        "container_id",
        "user_id",
        "begin_time",
        "end_time",
        "create_time",
    )
    return {f: _jsonable(getattr(job, f)) for f in fields} | {"extra": dict(job.extra)}


def file_dict(f: FileResult) -> dict[str, Any]:
    fields = (
        "file_id",
        "status",
        "new_file_id",
        "src_container_id",
        "file_path",
        "new_file_path",
        "result_code",
        "result_desc",
    )
    return {k: _jsonable(getattr(f, k)) for k in fields}


def job_detail_dict(detail: JobDetail) -> dict[str, Any]:
    return {
        "job": job_dict(detail.job),
        "files": [file_dict(f) for f in detail.files],
        "uncompressedFiles": [u.name for top in detail.uncompressed_files for u in top.walk()],
    }


def task_dict(task: Task) -> dict[str, Any]:
    fields = (
        "id",
        "name",
        "type",
        "status",
        "result_code",
        "user_id",
        "tenant_id",
        "create_time",
        "begin_time",
        "end_time",
    )
    return {f: _jsonable(getattr(task, f)) for f in fields} | {"extra": dict(task.extra)}


def share_task_dict(task: ShareTask) -> dict[str, Any]:
    fields = (
        "id",
        "type",
        "status",
        "result",
        "result_code",
        "progress",
        "download_url",
        "user_id",
        "create_time",
        "begin_time",
        "end_time",
    )
    return {f: _jsonable(getattr(task, f)) for f in fields} | {"files": [file_dict(f) for f in task.files]}


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
