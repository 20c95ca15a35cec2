"""The report: each file's outcome (from its job's end), the run's progress and counts."""

from __future__ import annotations

import csv
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .._errors import NotFoundError
from .._waiting_many import WaitOutcome, WaitResult
from ..models import FileStatus, JobDetail, JobResult
from .manifest import ManifestEntry

__all__ = ["BulkProgress", "BulkReport", "FileOutcome", "file_outcomes"]


@dataclass(frozen=True, slots=True)
class FileOutcome:
    """One line of the report: every file of the manifest has exactly one."""

    file_id: str
    path: str | None
    space: str
    outcome: str  # succeeded | failed | not_sent | pending
    job_id: str | None = None
    result_code: int | None = None
    detail: str | None = None
    new_file_id: str | None = None


@dataclass(frozen=True, slots=True)
class BulkProgress:
    """What `on_progress` gets after each step: files and jobs finished, of all."""

    files_total: int
    files_done: int
    jobs_total: int
    jobs_created: int
    jobs_done: int
    event: str


@dataclass(slots=True)
class BulkReport:
    """The per-file report of a run, in manifest order, and the counts."""

    files: list[FileOutcome]
    jobs: dict[str, str] = field(default_factory=dict)  # job id -> how its wait ended
    duplicates: int = 0

    def counts(self) -> dict[str, int]:
        found = {"succeeded": 0, "failed": 0, "not_sent": 0, "pending": 0}
        for f in self.files:
            found[f.outcome] = found.get(f.outcome, 0) + 1
        return found

    @property
    def complete(self) -> bool:
        """True when every file was sent and every job finished (succeeded or failed)."""
        counts = self.counts()
        return counts["not_sent"] == 0 and counts["pending"] == 0

    def write(self, path: str | Path) -> Path:
        """The report as CSV (`.csv`) or JSON lines (any other suffix); returns the path."""
        target = Path(path)
        rows = [asdict(f) for f in self.files]
        with target.open("w", encoding="utf-8", newline="") as out:
            if target.suffix.lower() == ".csv":
                writer = csv.DictWriter(out, fieldnames=[n for n in FileOutcome.__slots__])
                writer.writeheader()
                writer.writerows(rows)
            else:
                out.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
        return target


def file_outcomes(result: WaitResult[JobDetail], files: list[ManifestEntry]) -> list[FileOutcome] | None:
    """Each file's outcome from its job's end; None when the job is not finished (wait again later)."""
    job_id, detail = result.id, result.state
    if result.outcome in {WaitOutcome.TIMED_OUT} or (
        result.outcome is WaitOutcome.ERROR and not isinstance(result.error, NotFoundError)
    ):
        return None
    if result.outcome is WaitOutcome.ERROR or detail is None:  # the job is gone (not found)
        why = f"job {job_id} not found"
        return [FileOutcome(f.file_id, f.path, f.space, "failed", job_id, None, why) for f in files]
    by_id = {r.file_id: r for r in detail.files if r.file_id is not None}
    cancelled = result.outcome is WaitOutcome.CANCELLED
    job_result = detail.job.result
    out = []
    for f in files:
        r = by_id.get(f.file_id)
        if r is not None and r.status == FileStatus.SUCCEEDED:
            out.append(
                FileOutcome(f.file_id, f.path, f.space, "succeeded", job_id, new_file_id=r.new_file_id)
            )
        elif r is not None and r.status == FileStatus.FAILED:
            out.append(
                FileOutcome(f.file_id, f.path, f.space, "failed", job_id, r.result_code, r.result_desc)
            )
        elif cancelled:
            out.append(FileOutcome(f.file_id, f.path, f.space, "failed", job_id, None, "job cancelled"))
        elif job_result == JobResult.ALL_SUCCEEDED:  # no per-file result: the job's says it
            out.append(FileOutcome(f.file_id, f.path, f.space, "succeeded", job_id))
        else:
            why = "no per-file result; the job " + (
                "failed" if job_result == JobResult.ALL_FAILED else "partly failed"
            )
            out.append(FileOutcome(f.file_id, f.path, f.space, "failed", job_id, detail.job.result_code, why))
    return out
