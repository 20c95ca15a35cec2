"""The journal: the run's state in SQLite (standard library), one committed transaction a change."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .._errors import KooDriveError
from .manifest import ManifestEntry
from .plan import PlannedJob
from .report import FileOutcome

__all__ = ["Journal", "JournalMismatchError", "default_journal"]


class JournalMismatchError(KooDriveError, ValueError):
    """The journal belongs to another manifest or other options: refusing to mix two runs."""


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


def default_journal(manifest: Path) -> Path:
    return manifest.with_name(manifest.name + ".journal.sqlite")
