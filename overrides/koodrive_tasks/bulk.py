"""Bulk file operations: copy, move, delete or restore thousands of files as batch jobs, resumably.

    from koodrive_tasks import KooDrive, RateLimit
    from koodrive_tasks.bulk import BulkOptions, Operation, run

    with KooDrive.from_env(rate_limit=RateLimit(100, per=60)) as client:
        report = run(client, "files.csv", BulkOptions(Operation.COPY, dst_container_id=dst))
        report.write("files.report.csv")

A **manifest** lists the files, one a line: JSON lines (`{"file_id": ..., "path": ..., "space":
...}`) or CSV with a header row naming the same columns (`fileId`, `filePath`, `srcContainerId`,
`container_id` and a few other spellings are read too). A file listed twice (same id and space) is
sent once. The **plan** groups the files by source space (a job has one `srcContainerId`) and cuts
each group into jobs of at most `facts.MAX_FILES_PER_JOB` files (the spec's
`x-koodrive-job-limits`, an assumption no page states: see spec/EXTENSIONS.md).

The runner creates the planned jobs (at most `create_concurrency` creates in flight, paced by the
client's `rate_limit`, which every request of that client shares), then waits on all of them with
`jobs.as_completed` (one deadline, `concurrency` polls in flight), and writes a per-file report:
`succeeded`, `failed` (with the job's per-file `result_code`), `not_sent` (its create was refused:
the API error's code) or `pending` (its job had not finished by the deadline: run again to wait on).

**The journal** (SQLite, standard library; `<manifest>.journal.sqlite` by default) makes a run
resumable: killed at any point and started again with the same manifest and options, the runner
creates no job twice, loses no file and waits on the jobs already created. createJob has no
idempotency key (no client token or request id in the spec, and `X-Traceid` is not echoed by the
job listing), so the journal records the **intent** to create a job (committed) before the request
goes out, and the job id once it is answered. A job found still marked "creating" on start (the
process died between the two) is **reconciled**: the runner lists the jobs of that type created
since its intent (newest first, back to `reconcile_skew` seconds before the intent's wall-clock
time, to allow for the server's clock) and adopts the one job not yet in the journal with the same
destination space, the same number of files and, read from getJob, exactly the same file ids. No
match means the create never reached the service, and the job is created again. A job that would
fit but whose getJob lists no files (yet) leaves the question open: the files stay `pending` and a
later run asks again, rather than risk a second job. The one window left: a create the service
receives but only records after the restarted runner has listed its jobs (a kill and restart
faster than the service handles one request).
"""

from __future__ import annotations

import csv
import hashlib
import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from koodrive_generated import facts

from ._errors import (
    APIConnectionError,
    APIError,
    AuthenticationError,
    KooDriveError,
    NotFoundError,
    RateLimitError,
    ServerError,
)
from ._waiting_many import DEFAULT_CONCURRENCY, WaitOutcome, WaitResult
from .models import FileStatus, JobActionType, JobDetail, JobResult, JobType

if TYPE_CHECKING:
    from . import KooDrive

__all__ = [
    "BulkOptions",
    "BulkProgress",
    "BulkReport",
    "FileOutcome",
    "JournalMismatchError",
    "ManifestEntry",
    "ManifestError",
    "Operation",
    "PlannedJob",
    "plan",
    "read_manifest",
    "run",
]

#: the most files one job is given: the spec's x-koodrive-job-limits (generated facts)
MAX_FILES_PER_JOB: int = facts.MAX_FILES_PER_JOB


class Operation(StrEnum):
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


class ManifestError(KooDriveError, ValueError):
    """The manifest cannot be read (a line that is no record, a record without a file id or space)."""


class JournalMismatchError(KooDriveError, ValueError):
    """The journal belongs to another manifest or other options: refusing to mix two runs."""


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    """One file of the manifest: its id, its full path (None when not given) and its source space."""

    file_id: str
    path: str | None
    space: str


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

    operation: Operation
    dst_container_id: str | None = None
    new_file_path: str | None = None
    action_type: JobActionType | int | None = None
    share_folder_id: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "operation", Operation(self.operation))
        if self.action_type is not None:
            object.__setattr__(self, "action_type", JobActionType(self.action_type))
        if self.operation in {Operation.COPY, Operation.MOVE} and not self.dst_container_id:
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


# ---- the manifest and the plan ----------------------------------------------------------------------
_ID_KEYS = ("file_id", "fileId", "id", "file")
_PATH_KEYS = ("path", "file_path", "filePath")
_SPACE_KEYS = ("space", "source_space", "src_container_id", "srcContainerId", "container_id", "containerId")


def _pick(record: dict[str, Any], keys: Sequence[str]) -> str | None:
    for key in keys:
        value = record.get(key)
        if value not in (None, ""):
            return str(value)
    return None


def _entry(record: dict[str, Any], where: str) -> ManifestEntry:
    file_id, space = _pick(record, _ID_KEYS), _pick(record, _SPACE_KEYS)
    if file_id is None:
        raise ManifestError(f"{where}: no file id (a column or key named one of {', '.join(_ID_KEYS)})")
    if space is None:
        raise ManifestError(f"{where}: no source space (one of {', '.join(_SPACE_KEYS)})")
    return ManifestEntry(file_id, _pick(record, _PATH_KEYS), space)


def read_manifest(path: str | Path) -> list[ManifestEntry]:
    """The manifest's files in order: CSV when the name ends `.csv`, else JSON lines.

    Raises:
        ManifestError: A line that is no record, or a record without a file id or a space.
        OSError: The file cannot be read.
    """
    source = Path(path)
    entries: list[ManifestEntry] = []
    with source.open(encoding="utf-8-sig", newline="") as handle:
        if source.suffix.lower() == ".csv":
            for number, row in enumerate(csv.DictReader(handle), start=2):
                entries.append(_entry(dict(row), f"{source.name} line {number}"))
            return entries
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ManifestError(f"{source.name} line {number}: not JSON ({exc.msg})") from None
            if not isinstance(record, dict):
                raise ManifestError(f"{source.name} line {number}: not a JSON object")
            entries.append(_entry(record, f"{source.name} line {number}"))
    return entries


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


def manifest_digest(path: str | Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# ---- the journal ------------------------------------------------------------------------------------
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS jobs (
    idx INTEGER PRIMARY KEY, space TEXT NOT NULL, state TEXT NOT NULL,
    job_id TEXT UNIQUE, intent_at REAL, outcome TEXT, result_code INTEGER, detail TEXT);
CREATE TABLE IF NOT EXISTS files (
    seq INTEGER PRIMARY KEY, job_idx INTEGER NOT NULL, file_id TEXT NOT NULL, path TEXT,
    space TEXT NOT NULL, outcome TEXT, result_code INTEGER, detail TEXT, new_file_id TEXT);
CREATE INDEX IF NOT EXISTS files_by_job ON files (job_idx);
"""


class Journal:
    """The run's state in SQLite: the plan, each job's state, each file's outcome.

    Job states: `planned` → `creating` (intent committed, request about to go out) → `created`
    (job id recorded) → `finished`; or `refused` (the create was answered with an error: its files
    were never sent). Every change is one committed transaction.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.executescript(_SCHEMA)
        self.lock = threading.Lock()

    def close(self) -> None:
        self.db.close()

    def meta(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT key, value FROM meta").fetchall())

    def start(self, identity: dict[str, str], jobs: list[PlannedJob]) -> None:
        """Record the plan (once, in one transaction), or check that it is this run's."""
        with self.lock:
            known = self.meta()
            if known:
                for key, value in identity.items():
                    if known.get(key) != value:
                        raise JournalMismatchError(
                            f"the journal {self.path} was started for another {key.replace('_', ' ')}; "
                            "use the same manifest and options, or another --journal"
                        )
                return
            self.db.execute("BEGIN IMMEDIATE")
            try:
                self.db.executemany(
                    "INSERT INTO jobs (idx, space, state) VALUES (?, ?, 'planned')",
                    [(j.index, j.space) for j in jobs],
                )
                self.db.executemany(
                    "INSERT INTO files (job_idx, file_id, path, space) VALUES (?, ?, ?, ?)",
                    [(j.index, f.file_id, f.path, f.space) for j in jobs for f in j.files],
                )
                self.db.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", identity.items())
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise

    def jobs(self, *states: str) -> list[tuple[int, str, str | None, float | None]]:
        """(idx, space, job_id, intent_at) of the jobs in these states, in plan order."""
        marks = ",".join("?" * len(states))
        with self.lock:
            rows = self.db.execute(
                f"SELECT idx, space, job_id, intent_at FROM jobs WHERE state IN ({marks}) ORDER BY idx",  # noqa: S608
                states,
            ).fetchall()
        return [(int(r[0]), str(r[1]), r[2], r[3]) for r in rows]

    def files_of(self, idx: int) -> list[ManifestEntry]:
        with self.lock:
            rows = self.db.execute(
                "SELECT file_id, path, space FROM files WHERE job_idx = ? ORDER BY seq", (idx,)
            ).fetchall()
        return [ManifestEntry(r[0], r[1], r[2]) for r in rows]

    def update(self, idx: int, **values: Any) -> None:
        columns = ", ".join(f"{k} = ?" for k in values)
        with self.lock:
            self.db.execute(f"UPDATE jobs SET {columns} WHERE idx = ?", (*values.values(), idx))  # noqa: S608

    def finish(self, idx: int, outcome: str, files: list[FileOutcome], **values: Any) -> None:
        """A job's end and every one of its files' outcomes, in one transaction."""
        with self.lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                self.db.executemany(
                    "UPDATE files SET outcome = ?, result_code = ?, detail = ?, new_file_id = ?"
                    " WHERE job_idx = ? AND file_id = ?",
                    [(f.outcome, f.result_code, f.detail, f.new_file_id, idx, f.file_id) for f in files],
                )
                columns = ", ".join(f"{k} = ?" for k in ("state", "outcome", *values))
                self.db.execute(
                    f"UPDATE jobs SET {columns} WHERE idx = ?",  # noqa: S608
                    ("finished" if outcome != "not_sent" else "refused", outcome, *values.values(), idx),
                )
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise

    def report(self) -> Iterator[FileOutcome]:
        with self.lock:
            rows = self.db.execute(
                "SELECT f.file_id, f.path, f.space, f.outcome, j.job_id, f.result_code, f.detail,"
                " f.new_file_id, j.state FROM files f JOIN jobs j ON j.idx = f.job_idx ORDER BY f.seq"
            ).fetchall()
        for r in rows:
            outcome = r[3]
            if outcome is None:  # a job not finished: created (pending) or never created (not sent)
                outcome = "pending" if r[8] in {"created", "creating"} else "not_sent"
            yield FileOutcome(r[0], r[1], r[2], outcome, r[4], r[5], r[6], r[7])

    def known_job_ids(self) -> set[str]:
        with self.lock:
            return {r[0] for r in self.db.execute("SELECT job_id FROM jobs WHERE job_id IS NOT NULL")}

    def counts(self) -> tuple[int, int, int, int]:
        """(files done, jobs total, jobs created or further, jobs done)."""
        with self.lock:
            files_done = self.db.execute("SELECT COUNT(*) FROM files WHERE outcome IS NOT NULL").fetchone()[0]
            states = dict(self.db.execute("SELECT state, COUNT(*) FROM jobs GROUP BY state").fetchall())
        total = sum(states.values())
        done = states.get("finished", 0) + states.get("refused", 0)
        created = states.get("created", 0) + states.get("finished", 0)
        return int(files_done), int(total), int(created), int(done)


# ---- the runner -------------------------------------------------------------------------------------
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


class BulkRunner:
    """One resumable bulk run (see the module docstring); `run()` returns the report."""

    def __init__(
        self,
        client: KooDrive,
        manifest: str | Path,
        options: BulkOptions,
        *,
        journal: str | Path | None = None,
        timeout: float = 3600.0,
        poll_interval: float = 1.0,
        concurrency: int = DEFAULT_CONCURRENCY,
        create_concurrency: int = 4,
        per_job: int = MAX_FILES_PER_JOB,
        reconcile_skew: float = 300.0,
        on_progress: Callable[[BulkProgress], None] | None = None,
    ) -> None:
        if create_concurrency < 1:
            raise ValueError("create_concurrency must be >= 1")
        self.client, self.options = client, options
        self.manifest = Path(manifest)
        self.journal_path = Path(journal) if journal is not None else default_journal(self.manifest)
        self.timeout, self.poll_interval, self.concurrency = timeout, poll_interval, concurrency
        self.create_concurrency, self.per_job, self.skew = create_concurrency, per_job, reconcile_skew
        self.on_progress = on_progress
        self.jobs_total = self.files_total = 0

    def run(self) -> BulkReport:
        entries = read_manifest(self.manifest)
        planned = plan(entries, self.per_job)
        identity = {
            "manifest_sha256": manifest_digest(self.manifest),
            "options": json.dumps(self.options.as_json(), sort_keys=True),
            "per_job": str(self.per_job),
        }
        journal = Journal(self.journal_path)
        try:
            journal.start(identity, planned)
            self.journal = journal
            self.files_total = sum(len(j.files) for j in planned)
            self.jobs_total = len(planned)
            self.progress("start")
            self.reconcile()
            self.create_all()
            self.wait_all()
            report = BulkReport(list(journal.report()), duplicates=len(entries) - self.files_total)
            for state in ("finished", "created"):
                report.jobs.update({r[2]: state for r in journal.jobs(state) if r[2] is not None})
            return report
        finally:
            journal.close()

    def progress(self, event: str) -> None:
        if self.on_progress is None:
            return
        files_done, total, created, done = self.journal.counts()
        self.on_progress(BulkProgress(self.files_total, files_done, total, created, done, event))

    # -- creating ---------------------------------------------------------------------------------
    def dst_for(self, space: str) -> str:
        return self.options.dst_container_id or space

    def create_one(self, idx: int, space: str) -> None:
        files = self.journal.files_of(idx)
        self.journal.update(idx, state="creating", intent_at=time.time())  # the intent, committed first
        opts = self.options
        try:
            job_id = self.client.jobs.create(
                opts.operation.job_type,
                src_container_id=space,
                dst_container_id=self.dst_for(space),
                file_ids=[f.file_id for f in files],
                file_paths={f.file_id: f.path for f in files if f.path},
                action_type=opts.action_type,
                new_file_path=opts.new_file_path,
                share_folder_id=opts.share_folder_id,
            )
        except (RateLimitError, AuthenticationError):
            # not processed (a throttle refusal, Q65; refused credentials): sent again later
            self.journal.update(idx, state="planned", intent_at=None)
            raise
        except APIConnectionError as exc:
            if exc.reached_server is False:
                self.journal.update(idx, state="planned", intent_at=None)  # never sent
            # else it may have been created: stays "creating", reconciled after the creates
            return
        except ServerError:
            return  # a 5xx after the retries may still have created it: reconciled
        except APIError as exc:  # refused (4xx): the files were never sent to a job
            why = f"create refused: {exc.msg or exc}"
            self.journal.finish(
                idx,
                "not_sent",
                [FileOutcome(f.file_id, f.path, f.space, "not_sent", None, exc.code, why) for f in files],
                result_code=exc.code,
                detail=why,
            )
            self.progress("refused")
            return
        self.journal.update(idx, state="created", job_id=job_id)
        self.progress("created")

    def create_all(self, rounds: int = 3) -> None:
        """Create every planned job; creates whose answer was lost are reconciled, and those found
        never created are sent again (up to `rounds` times in this run)."""
        for _ in range(rounds):
            todo = self.journal.jobs("planned")
            if not todo:
                return
            with ThreadPoolExecutor(
                self.create_concurrency, thread_name_prefix="koodrive-bulk-create"
            ) as pool:
                for future in [pool.submit(self.create_one, idx, space) for idx, space, _, _ in todo]:
                    future.result()
            self.reconcile()

    # -- reconciling ------------------------------------------------------------------------------
    def reconcile(self) -> None:
        """Jobs marked "creating" (intent recorded, no id): adopt the server's job, plan it again, or,
        when a job that may be it shows no per-file list yet, leave it for a later run to decide."""
        pending = self.journal.jobs("creating")
        if not pending:
            return
        oldest = min(r[3] or 0.0 for r in pending) - self.skew
        known = self.journal.known_job_ids()
        wanted = {
            idx: (space, {f.file_id for f in self.journal.files_of(idx)}) for idx, space, _, _ in pending
        }
        undecided: set[int] = set()
        for job in self.client.jobs.iter(type=self.options.operation.job_type):
            if not wanted or job.created_at.timestamp() < oldest:
                break  # newest first: every older job was created before any intent
            if job.id in known:
                continue
            fits = [
                idx
                for idx, (space, ids) in wanted.items()
                if job.container_id in (None, self.dst_for(space))
                and (job.content_num is None or job.content_num == len(ids))
            ]
            if not fits:
                continue
            files = {f.file_id for f in self.client.jobs.get(job.id).files}
            if not files:  # no per-file list (yet): it may be any of them
                undecided.update(fits)
                continue
            for idx in fits:
                if files == wanted[idx][1]:
                    self.journal.update(idx, state="created", job_id=job.id)
                    known.add(job.id)
                    del wanted[idx]
                    undecided.discard(idx)
                    self.progress("adopted")
                    break
        for idx in wanted:
            if idx not in undecided:  # no job on the server: the create never got there
                self.journal.update(idx, state="planned", intent_at=None)

    # -- waiting ----------------------------------------------------------------------------------
    def wait_all(self) -> None:
        created = self.journal.jobs("created")
        if not created:
            return
        index = {str(job_id): idx for idx, _, job_id, _ in created if job_id is not None}
        results = self.client.jobs.as_completed(
            list(index), timeout=self.timeout, poll_interval=self.poll_interval, concurrency=self.concurrency
        )
        for result in results:
            idx = index[result.id]
            outcomes = file_outcomes(result, self.journal.files_of(idx))
            if outcomes is None:
                continue  # not finished by the deadline: stays "created", the next run waits on it
            code = result.result_code if result.result_code is not None else None
            self.journal.finish(idx, result.outcome.value, outcomes, result_code=code)
            self.progress("finished")


def default_journal(manifest: Path) -> Path:
    return manifest.with_name(manifest.name + ".journal.sqlite")


def run(
    client: KooDrive,
    manifest: str | Path,
    options: BulkOptions,
    **settings: Any,
) -> BulkReport:
    """Run (or resume) a bulk operation over the manifest's files; see `BulkRunner` for the settings.

    Returns:
        The per-file report (`report.files`, `report.counts()`, `report.write(path)`).

    Raises:
        ManifestError: The manifest cannot be read.
        JournalMismatchError: The journal was started for another manifest or other options.
        AuthenticationError: The credentials were refused (other errors end up in the report).
    """
    return BulkRunner(client, manifest, options, **settings).run()
