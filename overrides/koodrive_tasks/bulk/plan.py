"""The plan: the manifest's files cut into jobs within the spec's per-job limit, and the options."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from koodrive_generated import facts

from ..models import JobActionType, JobType
from .manifest import ManifestEntry

__all__ = ["MAX_FILES_PER_JOB", "BulkAction", "BulkOptions", "PlannedJob", "plan"]

#: the most files one job is given: the spec's x-koodrive-job-limits (generated facts)
MAX_FILES_PER_JOB: int = facts.MAX_FILES_PER_JOB


class BulkAction(StrEnum):
    """What the bulk run does to every file of the manifest."""

    COPY = "copy"
    MOVE = "move"
    DELETE = "delete"
    RESTORE = "restore"

    @property
    def job_type(self) -> JobType:
        return {"copy": JobType.COPY, "move": JobType.MOVE, "delete": JobType.DELETE}.get(
            self.value, JobType.RESTORE
        )


@dataclass(frozen=True, slots=True)
class BulkOptions:
    """The operation and what `jobs.create` needs besides the files.

    Attributes:
        operation: copy, move, delete or restore.
        dst_container_id: The space the jobs write to; required for copy and move, and for delete
            and restore None means each file's own space.
        new_file_path: Copy and move: the destination folder, when the service needs one.
        action_type: A `JobActionType` (e.g. `LOGICAL_DELETE`); None leaves it to the server.
        share_folder_id: `X-HW-Share-Folder-Id` of every create.
    """

    operation: BulkAction
    dst_container_id: str | None = None
    new_file_path: str | None = None
    action_type: JobActionType | int | None = None
    share_folder_id: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "operation", BulkAction(self.operation))
        if self.action_type is not None:
            object.__setattr__(self, "action_type", JobActionType(self.action_type))
        if self.operation in {BulkAction.COPY, BulkAction.MOVE} and not self.dst_container_id:
            raise ValueError(f"{self.operation.value} needs dst_container_id (the space to write to)")

    def as_json(self) -> dict[str, Any]:
        return {
            "operation": self.operation.value,
            "dst_container_id": self.dst_container_id,
            "new_file_path": self.new_file_path,
            "action_type": None if self.action_type is None else int(self.action_type),
            "share_folder_id": self.share_folder_id,
        }


@dataclass(frozen=True, slots=True)
class PlannedJob:
    """One job of the plan: its place, its source space and its files (at most the per-job limit)."""

    index: int
    space: str
    files: tuple[ManifestEntry, ...]


def plan(entries: Iterable[ManifestEntry], per_job: int = MAX_FILES_PER_JOB) -> list[PlannedJob]:
    """Jobs of at most `per_job` files, one source space each, in the manifest's order (a file
    listed twice, same id and space, goes into one job)."""
    if not 1 <= per_job <= MAX_FILES_PER_JOB:
        raise ValueError(f"per_job must be 1 to {MAX_FILES_PER_JOB} (the spec's x-koodrive-job-limits)")
    by_space: dict[str, list[ManifestEntry]] = {}
    seen: set[tuple[str, str]] = set()
    for entry in entries:
        key = (entry.space, entry.file_id)
        if key in seen:
            continue
        seen.add(key)
        by_space.setdefault(entry.space, []).append(entry)
    jobs: list[PlannedJob] = []
    for space, files in by_space.items():
        for start in range(0, len(files), per_job):
            jobs.append(PlannedJob(len(jobs), space, tuple(files[start : start + per_job])))
    return jobs
