"""The clean, typed objects users get: one shape per thing, whatever the wire sent.

Ids are `str`, times aware `datetime`s, codes `int`, statuses the family's enum (or the plain value
when the server sends one this version does not know), lists always lists. Every field the server
sent that has no attribute is kept in `extra`, under its wire name.

The records (`Job`, `JobDetail`, `FileResult`, `UncompressedFile`, `Task`, `ShareTask`,
`ImportResult`, `ImportFailure`, `HandoverRecipient`, `ArchiveListing`) and
`FileStatus` are generated from the spec (`x-koodrive-record`, `koodrive_generated.records`), with
their behaviour from `behaviour.py`; the enums are the generated ones (`x-enum-varnames`).
Only `TaskPage`, the shape of a page rather than of a wire record, is written here.
"""

from __future__ import annotations

from dataclasses import dataclass

from koodrive_generated.models.job_action_type import JobActionType
from koodrive_generated.models.job_result import JobResult
from koodrive_generated.models.job_status import JobStatus
from koodrive_generated.models.job_type import JobType
from koodrive_generated.models.share_task_type import ShareTaskType
from koodrive_generated.models.task_status import TaskStatus
from koodrive_generated.models.task_type import TaskType
from koodrive_generated.models.uncompressed_file_type import UncompressedFileType
from koodrive_generated.records import (
    ArchiveListing,
    FileResult,
    FileStatus,
    HandoverRecipient,
    ImportFailure,
    ImportResult,
    Job,
    JobDetail,
    ShareTask,
    Task,
    UncompressedFile,
)

__all__ = [
    "ArchiveListing",
    "FileResult",
    "FileStatus",
    "HandoverRecipient",
    "ImportFailure",
    "ImportResult",
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


@dataclass(slots=True)
class TaskPage:
    """One page of `/task/list`. `next_cursor` None means the list has ended."""

    items: list[Task]
    next_cursor: int | None
