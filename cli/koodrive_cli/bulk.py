"""`koodrive-tasks jobs run --manifest FILE`: a bulk copy, move, delete or restore, resumable.

The work is `koodrive_tasks.bulk`'s (plan, journal, creates, waits, report); this module reads the
options, shows progress (two Rich bars on a terminal, files and jobs; one plain line per job event
otherwise, on stderr) and prints the summary. Imported by `main` at start-up, so it imports nothing
heavy at module level.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from koodrive_tasks.bulk import BulkOptions, BulkProgress, BulkReport, PlannedJob

OPERATIONS = ("copy", "move", "delete", "restore")


def _operation(value: str) -> str:
    if value not in OPERATIONS:
        raise typer.BadParameter(f"one of {', '.join(OPERATIONS)}")
    return value


class Display:
    """Progress of a bulk run: two bars on a terminal (files, jobs), plain lines when piped."""

    def __init__(self, enabled: bool) -> None:
        from rich.console import Console  # noqa: PLC0415

        self.console = Console(file=sys.stderr)
        self.enabled = enabled
        self.interactive = enabled and self.console.is_terminal
        self.progress: Any = None
        self.bars: dict[str, Any] = {}
        self.last: tuple[int, int, int] | None = None

    def __enter__(self) -> Display:
        if self.interactive:
            from rich.progress import (  # noqa: PLC0415
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            self.progress = Progress(
                TextColumn("{task.description:<6}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[note]}"),
                TimeElapsedColumn(),
                console=self.console,
            )
            self.progress.start()
            self.bars["files"] = self.progress.add_task("files", total=None, note="")
            self.bars["jobs"] = self.progress.add_task("jobs", total=None, note="")
        return self

    def __call__(self, p: BulkProgress) -> None:
        if not self.enabled:
            return
        if self.progress is not None:
            self.progress.update(self.bars["files"], total=p.files_total, completed=p.files_done, note="done")
            note = f"{p.jobs_created} created"
            self.progress.update(self.bars["jobs"], total=p.jobs_total, completed=p.jobs_done, note=note)
            return
        now = (p.files_done, p.jobs_created, p.jobs_done)
        if now == self.last:
            return
        self.last = now
        self.console.file.write(
            f"files {p.files_done}/{p.files_total} done; jobs {p.jobs_created}/{p.jobs_total} created,"
            f" {p.jobs_done}/{p.jobs_total} done ({p.event})\n"
        )
        self.console.file.flush()

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()


def plan_payload(jobs: list[PlannedJob], options: BulkOptions, per_job: int) -> dict[str, Any]:
    return {
        "operation": options.operation.value,
        "files": sum(len(j.files) for j in jobs),
        "jobs": len(jobs),
        "files_per_job_max": per_job,
        "plan": [
            {
                "job": j.index + 1,
                "src_container_id": j.space,
                "dst_container_id": options.dst_container_id or j.space,
                "files": len(j.files),
                "first_file_id": j.files[0].file_id,
                "last_file_id": j.files[-1].file_id,
            }
            for j in jobs
        ],
    }


def plan_table(payload: dict[str, Any]) -> Any:
    from rich.table import Table  # noqa: PLC0415

    table = Table(
        title=f"{payload['operation']}: {payload['files']} files in {payload['jobs']} jobs"
        f" (at most {payload['files_per_job_max']} files a job)"
    )
    for column in ("job", "src_container_id", "dst_container_id", "files", "first_file_id", "last_file_id"):
        table.add_column(column.replace("_", " "))
    for row in payload["plan"]:
        table.add_row(
            *(
                str(row[c])
                for c in (
                    "job",
                    "src_container_id",
                    "dst_container_id",
                    "files",
                    "first_file_id",
                    "last_file_id",
                )
            )
        )
    return table


def summary_table(payload: dict[str, Any]) -> Any:
    from rich.table import Table  # noqa: PLC0415

    table = Table(title=f"{payload['operation']}: {payload['files']} files, {payload['jobs']} jobs")
    table.add_column("outcome")
    table.add_column("files", justify="right")
    for outcome, count in payload["counts"].items():
        table.add_row(outcome, str(count))
    table.caption = f"report: {payload['report']}  journal: {payload['journal']}"
    return table


def exit_code_of(report: BulkReport) -> int:
    """0 every file succeeded; 1 some failed; 4 some still pending (deadline); 5 some never sent."""
    from .main import EXIT_DEADLINE, EXIT_OK, EXIT_OTHER, EXIT_TASK  # noqa: PLC0415

    counts = report.counts()
    if counts["not_sent"]:
        return EXIT_OTHER
    if counts["pending"]:
        return EXIT_DEADLINE
    return EXIT_TASK if counts["failed"] else EXIT_OK


def jobs_run(
    ctx: typer.Context,
    manifest: Annotated[
        Path,
        typer.Option(
            "--manifest",
            exists=True,
            dir_okay=False,
            help="Files: CSV (.csv) or JSON lines: file id, path, space.",
        ),
    ],
    operation: Annotated[
        str, typer.Option("--operation", "--op", callback=_operation, help="copy, move, delete or restore.")
    ] = "copy",
    dst_container: Annotated[
        str | None, typer.Option(help="Space to write to (copy, move); delete/restore: each file's own.")
    ] = None,
    new_path: Annotated[str | None, typer.Option(help="Copy/move: the destination folder path.")] = None,
    action_type: Annotated[
        int | None, typer.Option(help="actionType number (e.g. 201 logical delete).")
    ] = None,
    share_folder: Annotated[str | None, typer.Option(help="X-HW-Share-Folder-Id of every create.")] = None,
    journal: Annotated[
        Path | None,
        typer.Option(help="SQLite journal (default: MANIFEST.journal.sqlite); the same one resumes."),
    ] = None,
    report: Annotated[
        Path | None, typer.Option(help="Per-file report, .csv or .jsonl (default: MANIFEST.report.csv).")
    ] = None,
    rate_limit: Annotated[
        float | None, typer.Option(min=0.001, help="Requests a second at most (creates and polls).")
    ] = None,
    deadline: Annotated[
        float, typer.Option("--timeout", min=0, help="Seconds to wait for all the jobs (0: check once).")
    ] = 3600.0,
    interval: Annotated[float, typer.Option(min=0.001, help="First poll interval of each job.")] = 1.0,
    concurrency: Annotated[int, typer.Option(min=1, help="Polls in flight at most.")] = 16,
    files_per_job: Annotated[
        int | None,
        typer.Option(min=1, help="Files a job at most (default and cap: the spec's per-job limit)."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the plan; send nothing, write nothing.")
    ] = False,
) -> None:
    """Copy, move, delete or restore the files of a manifest, as jobs within the per-job limit;
    resumable (run it again with the same manifest after a crash: no job is created twice)."""
    from koodrive_tasks import KooDriveError  # noqa: PLC0415
    from koodrive_tasks.bulk import (  # noqa: PLC0415
        MAX_FILES_PER_JOB,
        BulkOptions,
        BulkRunner,
        default_journal,
        plan,
        read_manifest,
    )

    from .main import EXIT_INTERRUPTED, emit, err, fail, settings, usage  # noqa: PLC0415

    if operation in {"copy", "move"} and not dst_container:
        usage(f"{operation} needs --dst-container (the space to write to)")
    try:
        options = BulkOptions(operation, dst_container, new_path, action_type, share_folder)  # type: ignore[arg-type]
    except ValueError as exc:
        usage(str(exc))
    try:
        entries = read_manifest(manifest)
    except KooDriveError as exc:
        usage(str(exc))
    per_job = MAX_FILES_PER_JOB if files_per_job is None else files_per_job
    if per_job > MAX_FILES_PER_JOB:
        usage(f"--files-per-job is at most {MAX_FILES_PER_JOB} (the spec's per-job limit)")
    if dry_run:
        payload = plan_payload(plan(entries, per_job), options, per_job)
        emit(ctx, payload, lambda: plan_table(payload))
        return
    journal_path = journal or default_journal(manifest)
    report_path = report or manifest.with_name(manifest.name + ".report.csv")
    client = settings(ctx).client(rate_limit=rate_limit)
    runner: BulkRunner | None = None
    try:
        with client, Display(enabled=settings(ctx).output == "table") as display:
            runner = BulkRunner(
                client,
                manifest,
                options,
                journal=journal_path,
                timeout=deadline,
                poll_interval=interval,
                concurrency=concurrency,
                per_job=per_job,
                on_progress=display,
            )
            result = runner.run()
    except KeyboardInterrupt:
        err.print(
            "interrupted: the jobs created keep running; run the same command again to resume"
            f" (journal: {journal_path})",
            markup=False,
            highlight=False,
        )
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except KooDriveError as exc:
        if runner is not None and runner.partial_report is not None:  # refused credentials, throttled
            runner.partial_report.write(report_path)
            err.print(
                f"stopped: the report so far is in {report_path}; run the same command again to go on"
                f" (journal: {journal_path})",
                markup=False,
                highlight=False,
            )
        fail(ctx, exc)
    result.write(report_path)
    payload = {
        "operation": options.operation.value,
        "files": len(result.files),
        "jobs": len(result.jobs),
        "counts": result.counts(),
        "report": str(report_path),
        "journal": str(journal_path),
    }
    emit(ctx, payload, lambda: summary_table(payload))
    raise typer.Exit(exit_code_of(result))
