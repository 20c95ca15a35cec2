"""The runner: creates the planned jobs, reconciles lost answers, waits, and reports."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._errors import (
    APIConnectionError,
    APIError,
    AuthenticationError,
    RateLimitError,
    ServerError,
)
from .._waiting_many import DEFAULT_CONCURRENCY
from .journal import Journal, default_journal
from .manifest import manifest_digest, read_manifest
from .plan import MAX_FILES_PER_JOB, BulkOptions, plan
from .report import BulkProgress, BulkReport, FileOutcome, file_outcomes

if TYPE_CHECKING:
    from .. import KooDrive

__all__ = ["BulkRunner", "run"]

#: the journal's note on a job whose create may have reached the service without an answer
MAYBE_SENT = "create may have reached the service, answer lost"


class BulkRunner:
    """One resumable bulk run (see the package docstring); `run()` returns the report.

    Args:
        client: The client every create and poll goes through (its `rate_limit` paces them).
        manifest: The manifest file (JSON lines, or CSV when the name ends `.csv`).
        options: The operation and what `jobs.create` needs besides the files.
        journal: The SQLite journal (default: `<manifest>.journal.sqlite`); the same one resumes.
        timeout: Seconds to wait for all the jobs (0: check once); also the most a run waits for a
            create whose answer was lost to show up in the listing.
        poll_interval: First poll interval of each job.
        concurrency: Polls in flight at most.
        create_concurrency: Creates in flight at most.
        per_job: Files a job at most (1 to `MAX_FILES_PER_JOB`).
        reconcile_skew: Seconds the service's clock may be behind ours: jobs created up to this long
            before an intent are looked at when reconciling it.
        settle_window: Seconds after its intent within which a create whose answer was lost may not
            be in the job listing yet (the service received it but has not recorded it). Until then a
            create found nowhere is left undecided, never sent again; after it, it is taken as never
            recorded and sent again.
        on_progress: Called after each step with the counts.
    """

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
        settle_window: float = 120.0,
        on_progress: Callable[[BulkProgress], None] | None = None,
    ) -> None:
        if create_concurrency < 1:
            raise ValueError("create_concurrency must be >= 1")
        if settle_window < 0 or reconcile_skew < 0:
            raise ValueError("settle_window and reconcile_skew must be >= 0")
        self.client, self.options = client, options
        self.manifest = Path(manifest)
        self.journal_path = Path(journal) if journal is not None else default_journal(self.manifest)
        self.timeout, self.poll_interval, self.concurrency = timeout, poll_interval, concurrency
        self.create_concurrency, self.per_job, self.skew = create_concurrency, per_job, reconcile_skew
        self.settle_window = settle_window
        self.on_progress = on_progress
        self.jobs_total = self.files_total = 0
        #: the report as the journal stood when `run()` raised (None before, or when it returned)
        self.partial_report: BulkReport | None = None

    def run(self) -> BulkReport:
        """Run (or resume) the bulk operation; returns the per-file report.

        Raises:
            ManifestError: The manifest cannot be read.
            JournalMismatchError: The journal was started for another manifest or other options.
            AuthenticationError: The credentials were refused.
            RateLimitError: A create was refused by the rate limit after the client's retries.
            Both leave `partial_report` set: each file's outcome so far (the rest `pending` or
            `not_sent`); run again to go on. Other API errors end up in the report.
        """
        entries = read_manifest(self.manifest)
        planned = plan(entries, self.per_job)
        identity = {
            "manifest_sha256": manifest_digest(self.manifest),
            "options": json.dumps(self.options.as_json(), sort_keys=True),
            "per_job": str(self.per_job),
        }
        journal = Journal(self.journal_path)
        duplicates = len(entries) - sum(len(j.files) for j in planned)
        try:
            journal.start(identity, planned)
            self.journal = journal
            self.files_total = sum(len(j.files) for j in planned)
            self.jobs_total = len(planned)
            self.progress("start")
            try:
                self.reconcile()
                self.create_all()
                self.wait_all()
            except (AuthenticationError, RateLimitError):
                self.partial_report = self.report_of(journal, duplicates)
                raise
            return self.report_of(journal, duplicates)
        finally:
            journal.close()

    @staticmethod
    def report_of(journal: Journal, duplicates: int) -> BulkReport:
        report = BulkReport(list(journal.report()), duplicates=duplicates)
        for state in ("finished", "created"):
            report.jobs.update({r[2]: state for r in journal.jobs(state) if r[2] is not None})
        return report

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
        self.journal.update(idx, state="creating", intent_at=time.time(), detail=None)  # the intent, first
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
            else:  # it may have been created: stays "creating", reconciled (never simply sent again)
                self.journal.update(idx, detail=f"{MAYBE_SENT}: {exc}")
            return
        except ServerError as exc:  # a 5xx after the retries may still have created it: reconciled
            self.journal.update(idx, detail=f"{MAYBE_SENT}: {exc}")
            return
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
        self.journal.update(idx, state="created", job_id=job_id, detail=None)
        self.progress("created")

    def create_all(self, rounds: int = 3) -> None:
        """Create every planned job. A create whose answer was lost is reconciled: adopted when the
        service lists it; sent again only once its intent is older than `settle_window` and it is
        still nowhere (the run waits for that, within `timeout`); else left for a later run."""
        for _ in range(rounds):
            todo = self.journal.jobs("planned")
            if todo:
                with ThreadPoolExecutor(
                    self.create_concurrency, thread_name_prefix="koodrive-bulk-create"
                ) as pool:
                    for future in [pool.submit(self.create_one, idx, space) for idx, space, _, _ in todo]:
                        future.result()
            if not self.journal.jobs("creating"):
                return
            unsettled = self.reconcile()
            if not unsettled:
                if not self.journal.jobs("planned"):
                    return
                continue
            wait = max(unsettled) + self.settle_window - time.time()
            if wait > self.timeout:  # not within this run: undecided, its files pending; a later run
                if self.journal.jobs("planned"):  # decides. Others found never recorded: sent now
                    continue
                return
            time.sleep(max(wait, 0.0))
            self.reconcile()

    # -- reconciling ------------------------------------------------------------------------------
    def reconcile(self) -> list[float]:
        """Jobs marked "creating" (intent recorded, no id): adopt the service's job when it lists one
        with exactly their files; plan them again when none does and the intent is older than
        `settle_window`; else leave them undecided. Returns the intent times of the ones left
        undecided because they are too recent (waiting may decide them)."""
        pending = self.journal.jobs("creating")
        if not pending:
            return []
        oldest = min(r[3] or 0.0 for r in pending) - self.skew
        known = self.journal.known_job_ids()
        wanted = {
            idx: (space, {f.file_id for f in self.journal.files_of(idx)}) for idx, space, _, _ in pending
        }
        undecided: set[int] = set()
        # No order of the listing and no meaning of a job's containerId is assumed: the whole
        # listing is read, and the file ids from getJob decide.
        for job in self.client.jobs.iter(type=self.options.operation.job_type):
            if not wanted:
                break  # every intent matched: nothing left to look for
            if job.id in known or job.created_at.timestamp() < oldest:
                continue  # ours already, or created before every intent (allowing for skew)
            fits = [
                idx
                for idx, (space, ids) in wanted.items()
                if job.container_id in (None, space, self.dst_for(space))
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
                    self.journal.update(idx, state="created", job_id=job.id, detail=None)
                    known.add(job.id)
                    del wanted[idx]
                    undecided.discard(idx)
                    self.progress("adopted")
                    break
        now, recent = time.time(), []
        for idx, _, _, intent_at in pending:
            if idx not in wanted or idx in undecided:
                continue
            if intent_at is None or now - intent_at >= self.settle_window:
                self.journal.update(idx, state="planned", intent_at=None, detail=None)  # never recorded
            else:  # it may have reached the service and not be recorded yet: not sent again now
                recent.append(intent_at)
        return recent

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
            self.journal.finish(idx, result.outcome.value, outcomes, result_code=result.result_code)
            self.progress("finished")


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
        AuthenticationError: The credentials were refused.
        RateLimitError: A create was still refused by the rate limit after the client's retries.
        (Other API errors end up in the report. Use `BulkRunner` to get the partial report the
        last two leave.)
    """
    return BulkRunner(client, manifest, options, **settings).run()
