"""Bulk file operations: copy, move, delete or restore thousands of files as batch jobs, resumably.

    from koodrive_tasks import KooDrive, RateLimit
    from koodrive_tasks.bulk import BulkOptions, BulkAction, run

    with KooDrive.from_env(rate_limit=RateLimit(100, per=60)) as client:
        report = run(client, "files.csv", BulkOptions(BulkAction.COPY, dst_container_id=dst))
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
goes out, and the job id once it is answered. A job left "creating" (the process died between the
two, or the create timed out after the request was sent, or was answered 5xx) is **reconciled**: the
runner reads the job listing of that type (all of it: no order of the listing is assumed) for jobs
created since `reconcile_skew` seconds before the intent (the service's clock may differ), and
adopts the one job not yet in the journal whose space is the source or the destination (what a
job's `containerId` holds is not assumed), with the same number of files and, read from getJob,
exactly the same file ids. No match does not prove the create never reached the service (it may have
received it and not recorded it yet), so a create is sent again only when it certainly never left
(a connection never made) or its intent is older than `settle_window` seconds and it is still
nowhere; the run waits for that (within its `timeout`), else its files are reported `pending` and a
later run decides. A job that would fit but whose getJob lists no files (yet) leaves the question
open too: the files stay `pending` and a later run asks again, rather than risk a second job. The
one case left: a service that records a create it received more than `settle_window` seconds later.

Layout: `manifest` (reading it), `plan` (options, jobs within the per-job limit), `journal`
(SQLite), `runner` (creates, reconciling, waits) and `report` (per-file outcomes); every public
name is importable from `koodrive_tasks.bulk`.
"""

from __future__ import annotations

from .journal import Journal, JournalMismatchError, default_journal
from .manifest import ManifestEntry, ManifestError, manifest_digest, read_manifest
from .plan import MAX_FILES_PER_JOB, BulkAction, BulkOptions, PlannedJob, plan
from .report import BulkProgress, BulkReport, FileOutcome, file_outcomes
from .runner import BulkRunner, run

__all__ = [
    "MAX_FILES_PER_JOB",
    "BulkAction",
    "BulkOptions",
    "BulkProgress",
    "BulkReport",
    "BulkRunner",
    "FileOutcome",
    "Journal",
    "JournalMismatchError",
    "ManifestEntry",
    "ManifestError",
    "PlannedJob",
    "default_journal",
    "file_outcomes",
    "manifest_digest",
    "plan",
    "read_manifest",
    "run",
]
