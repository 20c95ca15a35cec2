"""What records do, beside what they hold: the mixins the generated record classes inherit.

The attributes (names, types, converters) are generated from the spec into
`koodrive_generated.records`; this module only adds behaviour, reading the attributes it names.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from koodrive_generated.models.job_result import JobResult
from koodrive_generated.models.job_status import JobStatus
from koodrive_generated.models.task_status import TaskStatus

from .normalize.ids import created_at

if TYPE_CHECKING:
    from koodrive_generated.records import FileResult, FileStatus, UncompressedFile


class _Created:
    __slots__ = ()
    id: str

    @property
    def created_at(self) -> datetime:
        """Creation time encoded in the id (Q35), to the millisecond."""
        return created_at(self.id)


class _Terminal(_Created):
    __slots__ = ()
    status: JobStatus | TaskStatus | int | None
    _TERMINAL: ClassVar[tuple[JobStatus, ...] | tuple[TaskStatus, ...]]

    @property
    def is_terminal(self) -> bool:
        """True once the status is final: COMPLETED or CANCELLED for a job or share task, SUCCESS or
        FAILED for a task (an unknown status is not terminal)."""
        return self.status in self._TERMINAL


class JobBehaviour(_Terminal):
    __slots__ = ()
    status: JobStatus | int | None
    _TERMINAL = (JobStatus.COMPLETED, JobStatus.CANCELLED)


class TaskBehaviour(_Terminal):
    __slots__ = ()
    status: TaskStatus | int | None
    _TERMINAL = (TaskStatus.SUCCESS, TaskStatus.FAILED)


class FileResultBehaviour:
    __slots__ = ()
    status: FileStatus | int | None

    @property
    def failed(self) -> bool:
        """True when this file's status is FAILED."""
        # by member name: FileStatus is generated next to this class's subclass (no import cycle);
        # an unknown status is a plain int, which has no name
        return getattr(self.status, "name", None) == "FAILED"


class _FailedFiles:
    __slots__ = ()
    files: list[FileResult]

    @property
    def failed_files(self) -> list[FileResult]:
        """The files that could not be processed (a "partially failed" job returns normally)."""
        return [f for f in self.files if f.failed]


class JobDetailBehaviour(_FailedFiles):
    __slots__ = ()


class ShareTaskBehaviour(JobBehaviour, _FailedFiles):
    __slots__ = ()


class UncompressedFileBehaviour:
    __slots__ = ()
    children: list[UncompressedFile]

    def walk(self) -> list[UncompressedFile]:
        """This entry and every descendant, depth first."""
        out: list[UncompressedFile] = [self]  # type: ignore[list-item]
        for child in self.children:
            out.extend(child.walk())
        return out


class ArchiveListingBehaviour:
    """A `listFile` answer read as a job-like state, so `wait()`'s rules apply to it (Q62)."""

    __slots__ = ()
    task_id: str | None
    progress: int | None
    files: list[UncompressedFile]

    @property
    def complete(self) -> bool:
        """The answer holds the listing: no task named (synchronous), or the task at 100 %, or entries."""
        return self.task_id is None or self.progress == 100 or bool(self.files)

    @property
    def status(self) -> JobStatus:
        """COMPLETED once the listing is there, PROCESSING while the server still reads the archive."""
        return JobStatus.COMPLETED if self.complete else JobStatus.PROCESSING

    @property
    def result(self) -> JobResult | None:
        """A listing has no per-file outcome: always None."""
        return None

    @property
    def result_code(self) -> int | None:
        """A listing has no result code: always None."""
        return None
