"""The main job of `make`: a tour of the client against an embedded emulator.

Starts the emulator on a free loopback port, creates a batch copy job and a handover task, waits
for both with live progress, lists every task through every page (short and empty pages
included), cancels a job, prints a summary, and stops the emulator. Nothing to configure, nothing
left running.
"""

from __future__ import annotations

import time

from koodrive_emulator import EmulatorConfig, running
from koodrive_emulator.config import Paging, Transition
from koodrive_tasks import (
    AppAuth,
    JobStatus,
    JobType,
    KooDrive,
    TaskCancelledError,
    TaskType,
    TokenAuth,
)
from rich.console import Console
from rich.table import Table

from .progress import Watcher
from .render import name

SRC = "IAADfsBFCO6WtAtuA315074383680425b8aa9a130cba2d4"
DST = "IAADfsBFCO6WtAtuA9add2fea594e4e75b8feb8474ef236"
FILES = [
    "FuZmQ66CF0DdpKRG1Y29Iwajbq04Nhwu3",
    "FmvP8my7yGTvCmKhweL1BoY6kWjRt83A7",
    "FulYbSXt1ovCywA4qda1Fe64BveY4dMvw",
]
LEAVER, SUCCESSOR = "1397687227244555008", "1507947856550550784"


def run(console: Console | None = None) -> int:
    console = console or Console()
    started = time.perf_counter()
    config = EmulatorConfig(
        transitions={f: Transition(mode="reads", reads=1) for f in ("jobs", "tasks", "shareTasks")},
        paging=Paging(partial_pages=True, empty_pages=True, seed=7),
    )
    with running(config) as emulator:
        console.print(f"[bold]emulator[/] serving on {emulator.base_url} (observed quirk mode)")
        credentials = config.credentials
        token_client = KooDrive(emulator.base_url, TokenAuth(credentials.token))
        app_client = KooDrive(
            emulator.base_url, AppAuth(credentials.app_id, credentials.app_secret, credentials.user_id)
        )
        with token_client, app_client:
            job_id = token_client.jobs.create(
                JobType.COPY, src_container_id=SRC, dst_container_id=DST, file_ids=FILES
            )
            task_id = app_client.tasks.create(TaskType.HANDOVER, src_user_id=LEAVER, dst_user_id=SUCCESSOR)
            console.print(f"created copy job {job_id} (token auth) and handover task {task_id} (app auth)")
            with Watcher(f"copy job {job_id}", stream=console.file) as watcher:
                detail = token_client.jobs.wait(job_id, poll_interval=0.3, on_progress=watcher.update)
            with Watcher(f"handover task {task_id}", stream=console.file) as watcher:
                task = app_client.tasks.wait(task_id, poll_interval=0.3, on_progress=watcher.update)

            emulator.emulator.seed(tasks=240, seed=3)
            pages, items, cursor = 0, 0, None
            while True:
                page = token_client.tasks.list(page_size=100, cursor=cursor)
                pages, items, cursor = pages + 1, items + len(page.items), page.next_cursor
                if cursor is None:
                    break
            every = [t.id for t in token_client.tasks.iter(page_size=100)]

            config_update = {"transitions": {"jobs": {"mode": "manual"}}}
            emulator.emulator.configure(config_update)
            doomed = token_client.jobs.create(
                JobType.MOVE, src_container_id=SRC, dst_container_id=DST, file_ids=FILES[:1]
            )
            token_client.jobs.cancel(doomed)
            try:
                token_client.jobs.wait(doomed, timeout=5, poll_interval=0.1)
                cancelled = "not cancelled"
            except TaskCancelledError as exc:
                cancelled = name(exc.state.job.status)

    summary = Table(title="koodrive-tasks demo", show_header=True)
    summary.add_column("step")
    summary.add_column("result")
    summary.add_row(
        "copy job",
        f"{job_id}: {name(detail.job.status)}, {name(detail.job.result)}, "
        f"{len(detail.files)} file(s), {len(detail.failed_files)} failed",
    )
    summary.add_row(
        "handover task",
        f"{task.id}: {name(task.status)} at {task.end_time:%Y-%m-%d %H:%M:%S %Z}"
        if task.end_time
        else f"{task.id}: {name(task.status)}",
    )
    summary.add_row(
        "task list",
        f"{items} tasks in {pages} pages (short and empty pages included); "
        f"iter() saw {len(every)}, {len(set(every))} distinct",
    )
    summary.add_row("cancelled job", f"{doomed}: {cancelled}")
    summary.add_row(
        "ids", f"job {job_id} was created at {detail.job.created_at:%Y-%m-%d %H:%M:%S.%f}"[:-3] + " UTC"
    )
    console.print(summary)
    console.print(f"done in {time.perf_counter() - started:.1f} s; the emulator is stopped.")
    ok = (
        detail.job.status == JobStatus.COMPLETED
        and task.is_terminal
        and len(every) == len(set(every)) == items
        and cancelled == "cancelled"
    )
    return 0 if ok else 1


def main() -> None:
    raise SystemExit(run())


if __name__ == "__main__":
    main()
