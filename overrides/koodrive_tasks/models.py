"""The clean, typed objects users get: one shape per thing, whatever the wire sent.

Ids are `str`, times aware `datetime`s, codes `int`, statuses the family's enum (or the plain value
when the server sends one this version does not know), lists always lists. Every field the server
sent that has no attribute here is kept in `extra`, under its wire name.

The enums are the generated ones (from the spec's `x-enum-varnames`), except `FileStatus`, which
the wire sends as a string (Q9).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from koodrive_generated.models.job_action_type import JobActionType
from koodrive_generated.models.job_result import JobResult
from koodrive_generated.models.job_status import JobStatus
from koodrive_generated.models.job_type import JobType
from koodrive_generated.models.share_task_type import ShareTaskType
from koodrive_generated.models.task_status import TaskStatus
from koodrive_generated.models.task_type import TaskType
from koodrive_generated.models.uncompressed_file_type import UncompressedFileType

from .normalize.ids import created_at
from .normalize.statuses import FileStatus

__all__ = [
    "FileResult",
    "FileStatus",
    "Job",
    "JobActionType",
    "JobDetail",
    "JobResult",
    "JobStatus",
    "JobType",
    "ShareTask",
    "ShareTaskType",
    "Task",
    "TaskPage",
    "TaskStatus",
    "TaskType",
    "UncompressedFile",
    "UncompressedFileType",
]

Extra = Mapping[str, Any]


@dataclass(slots=True)
class Job:
    """A batch job (`JobInfo` / `JobDetailInfo`)."""

    id: str
    type: JobType | int | None
    status: JobStatus | int | None
    action_type: JobActionType | int | None = None
    result: JobResult | int | None = None
    result_code: int | None = None
    progress: int | None = None
    download_url: str | None = None
    content_num: int | None = None
    container_id: str | None = None
    tenant_id: str | None = None
    user_id: str | None = None
    name: str | None = None
    begin_time: datetime | None = None
    end_time: datetime | None = None
    create_time: datetime | None = None
    extra: Extra = field(default_factory=dict)

    @property
    def created_at(self) -> datetime:
        """Creation time encoded in the id (Q35), to the millisecond."""
        return created_at(self.id)

    @property
    def is_terminal(self) -> bool:
        return self.status in (JobStatus.COMPLETED, JobStatus.CANCELLED)


@dataclass(slots=True)
class FileResult:
    """What a job or share task did to one requested file."""

    file_id: str | None
    status: FileStatus | int | str | None
    new_file_id: str | None = None
    src_container_id: str | None = None
    id: str | None = None
    file_path: str | None = None
    new_file_path: str | None = None
    result_code: int | None = None
    result_desc: str | None = None
    tenant_id: str | None = None
    create_time: datetime | None = None
    extra: Extra = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        return self.status == FileStatus.FAILED


@dataclass(slots=True)
class UncompressedFile:
    """One entry of an archive; `children` for a directory (the wire's `subFileList`, Q6)."""

    name: str | None
    type: UncompressedFileType | int | None
    size: int | None = None
    container_id: str | None = None
    file_id: str | None = None
    updated_at: datetime | None = None
    children: list[UncompressedFile] = field(default_factory=list)
    reason: str | None = None
    code: int | None = None
    reservation_info: Mapping[str, Any] = field(default_factory=dict)
    extra: Extra = field(default_factory=dict)

    def walk(self) -> list[UncompressedFile]:
        """This entry and every descendant, depth first."""
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


@dataclass(slots=True)
class JobDetail:
    """A job with its per-file results and, for decompression, the archive listing."""

    job: Job
    files: list[FileResult] = field(default_factory=list)
    uncompressed_files: list[UncompressedFile] = field(default_factory=list)
    extra: Extra = field(default_factory=dict)

    @property
    def failed_files(self) -> list[FileResult]:
        """The files the job could not process (a "partially failed" job returns normally)."""
        return [f for f in self.files if f.failed]


@dataclass(slots=True)
class Task:
    """A basic task (handover or user import)."""

    id: str
    type: TaskType | int | None
    status: TaskStatus | int | None
    name: str | None = None
    tenant_id: str | None = None
    user_id: str | None = None
    init_params: str | None = None
    locale: str | None = None
    result_code: int | None = None
    create_time: datetime | None = None
    begin_time: datetime | None = None
    end_time: datetime | None = None
    extra: Extra = field(default_factory=dict)

    @property
    def created_at(self) -> datetime:
        return created_at(self.id)

    @property
    def is_terminal(self) -> bool:
        return self.status in (TaskStatus.SUCCESS, TaskStatus.FAILED)


@dataclass(slots=True)
class TaskPage:
    """One page of `/task/list`. `next_cursor` None means the list has ended."""

    items: list[Task]
    next_cursor: int | None


@dataclass(slots=True)
class ShareTask:
    """A share async task, with the same names as a job (`status`, `begin_time`, Q10)."""

    id: str
    type: ShareTaskType | int | None
    status: JobStatus | int | None
    result: JobResult | int | None = None
    result_code: int | None = None
    progress: int | None = None
    download_url: str | None = None
    user_id: str | None = None
    begin_time: datetime | None = None
    end_time: datetime | None = None
    create_time: datetime | None = None
    files: list[FileResult] = field(default_factory=list)
    extra: Extra = field(default_factory=dict)

    @property
    def created_at(self) -> datetime:
        return created_at(self.id)

    @property
    def is_terminal(self) -> bool:
        return self.status in (JobStatus.COMPLETED, JobStatus.CANCELLED)

    @property
    def failed_files(self) -> list[FileResult]:
        return [f for f in self.files if f.failed]
