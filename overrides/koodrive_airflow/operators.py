"""`KooDriveCreateJobOperator`: create a KooDrive batch job, then wait for it in the worker or the triggerer.

    copy = KooDriveCreateJobOperator(
        task_id="copy",
        job_type="COPY",
        src_container_id="{{ params.src }}",
        dst_container_id="{{ params.dst }}",
        file_ids="{{ params.file_ids }}",
        deferrable=True,
    )

The job's id is pushed to XCom (`job_id`) as soon as it exists and is the task's return value.
A job whose files all failed, one that was cancelled or ran past `timeout`, and by default one
whose files partly failed (`allow_partial_failure=False`) fail the task with a `KooDriveJobError`
whose message carries the job's result codes. A retry of the task creates a new job.
"""

from __future__ import annotations

import ast
import time
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from airflow.configuration import conf
from airflow.sdk import BaseOperator, Context
from koodrive_tasks import JobActionType, JobType

from . import _outcome
from .exceptions import error_for
from .hooks import KooDriveHook
from .triggers import KooDriveJobTrigger

#: how much longer than the job's own deadline Airflow waits for the trigger before failing the task
#: itself (the trigger reports `timeout` at `end_time`; this only covers a triggerer that is down)
DEFER_MARGIN = timedelta(minutes=5)


def enum_value(enum: type[JobType] | type[JobActionType], value: object) -> int:
    """A `JobType` / `JobActionType` from a member, its number or its name (a rendered template is a str).

    Raises:
        ValueError: No member has this name or number.
    """
    if isinstance(value, str) and not value.strip().isdigit():
        try:
            return int(enum[value.strip().upper()])
        except KeyError:
            names = ", ".join(m.name for m in enum)
            raise ValueError(f"{enum.__name__} has no member {value!r} (one of {names})") from None
    return int(enum(int(str(value))))


def finish(event: Mapping[str, Any], *, allow_partial_failure: bool) -> None:
    """Raise the task's error for an outcome that is not a success (or a partial one not allowed)."""
    if event.get("status") != "success":
        raise error_for(event)
    if event.get("failed_files") and not allow_partial_failure:
        raise error_for({**event, "status": "failed"})


class KooDriveCreateJobOperator(BaseOperator):
    """Create a batch job (`client.jobs.create`) and wait until it ends.

    Args:
        job_type: `JobType` member, number or name (`"COPY"`, `"MOVE"`, `"DELETE"`, `"RESTORE"`, ...).
        src_container_id: The space the files are in.
        dst_container_id: The space the job writes to.
        file_ids: The files' ids: a list, or a template that renders to one (`"{{ params.ids }}"`).
        file_paths: Full path by file id (a logical delete and a restore need them).
        action_type: `JobActionType` member, number or name; None: the server's choice.
        new_file_path: Decompress: the folder the archive is unpacked into.
        share_folder_id: The shared folder the job happens in (`X-HW-Share-Folder-Id`).
        koodrive_conn_id: The Airflow connection (type `koodrive`).
        wait_for_completion: False: return the job's id once created (a `KooDriveJobSensor` can wait).
        deferrable: Wait in the triggerer (`KooDriveJobTrigger`), freeing the worker slot; default:
            Airflow's `[operators] default_deferrable`.
        timeout: Seconds the job may take, from its creation.
        poll_interval: Seconds before the second poll (the client's backoff grows it up to 10 s).
        allow_partial_failure: True: a job whose files only partly failed succeeds (the failed count
            is in the log); False (default): it fails the task.
        cancel_on_kill: Cancel the job when Airflow kills the task (worker wait only).
    """

    template_fields: Sequence[str] = (
        "job_type",
        "src_container_id",
        "dst_container_id",
        "file_ids",
        "file_paths",
        "action_type",
        "new_file_path",
        "share_folder_id",
    )
    ui_color = "#e8f1ff"

    def __init__(
        self,
        *,
        job_type: JobType | int | str,
        src_container_id: str,
        dst_container_id: str,
        file_ids: Sequence[str] | str = (),
        file_paths: Mapping[str, str] | None = None,
        action_type: JobActionType | int | str | None = None,
        new_file_path: str | None = None,
        share_folder_id: str | None = None,
        koodrive_conn_id: str = KooDriveHook.default_conn_name,
        wait_for_completion: bool = True,
        deferrable: bool = conf.getboolean("operators", "default_deferrable", fallback=False),
        timeout: float = 3600.0,
        poll_interval: float = 5.0,
        allow_partial_failure: bool = False,
        cancel_on_kill: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.job_type = job_type
        self.src_container_id = src_container_id
        self.dst_container_id = dst_container_id
        self.file_ids = file_ids
        self.file_paths = file_paths
        self.action_type = action_type
        self.new_file_path = new_file_path
        self.share_folder_id = share_folder_id
        self.koodrive_conn_id = koodrive_conn_id
        self.wait_for_completion = wait_for_completion
        self.deferrable = deferrable
        self.timeout = float(timeout)
        self.poll_interval = float(poll_interval)
        self.allow_partial_failure = allow_partial_failure
        self.cancel_on_kill = cancel_on_kill
        self.job_id: str | None = None

    def _file_ids(self) -> list[str]:
        ids = self.file_ids
        if isinstance(ids, str):
            # a template renders a list as its repr ("['a', 'b']") unless the DAG renders native
            # objects; read that back as a literal, never evaluated; any other string is one id
            ids = ast.literal_eval(ids) if ids.lstrip().startswith(("[", "(")) else [ids]
            if not isinstance(ids, (list, tuple)):
                raise ValueError(f"file_ids rendered to {type(ids).__name__}, not a list")
        return [str(i) for i in ids if str(i)]

    def execute(self, context: Context) -> str:
        """Create the job, push its id, and wait (or defer) unless `wait_for_completion` is False."""
        hook = KooDriveHook(self.koodrive_conn_id)
        end_time = time.time() + self.timeout
        with hook.get_client() as client:
            job_id = client.jobs.create(
                enum_value(JobType, self.job_type),
                src_container_id=self.src_container_id,
                dst_container_id=self.dst_container_id,
                file_ids=self._file_ids(),
                file_paths=self.file_paths,
                action_type=None if self.action_type is None else enum_value(JobActionType, self.action_type),
                new_file_path=self.new_file_path,
                share_folder_id=self.share_folder_id,
            )
            self.job_id = job_id
            self.log.info("KooDrive job %s created", job_id)
            context["ti"].xcom_push(key="job_id", value=job_id)
            if not self.wait_for_completion:
                return job_id
            if self.deferrable:
                self.defer(
                    trigger=KooDriveJobTrigger(
                        job_id, self.koodrive_conn_id, end_time=end_time, poll_interval=self.poll_interval
                    ),
                    method_name="execute_complete",
                    timeout=timedelta(seconds=self.timeout) + DEFER_MARGIN,
                )
            event = _outcome.wait_sync(client, _outcome.Waiting("job", job_id, end_time, self.poll_interval))
        return self._finish(event)

    def execute_complete(self, context: Context, event: dict[str, Any]) -> str:
        """Resume after the trigger fired: the job's id, or the task's error."""
        return self._finish(event)

    def _finish(self, event: Mapping[str, Any]) -> str:
        finish(event, allow_partial_failure=self.allow_partial_failure)
        if event.get("failed_files"):
            self.log.warning(
                "KooDrive job %s: %s of %s files failed (result codes %s)",
                event["id"],
                event["failed_files"],
                event.get("files"),
                event.get("file_result_codes"),
            )
        self.log.info("KooDrive job %s completed", event["id"])
        return str(event["id"])

    def on_kill(self) -> None:
        """Cancel the job Airflow is killing this task over (when it waits in the worker)."""
        if self.job_id is None or not self.cancel_on_kill:
            return
        with KooDriveHook(self.koodrive_conn_id).get_client() as client:
            client.jobs.cancel(self.job_id)
        self.log.info("KooDrive job %s cancelled", self.job_id)
