"""Sensors for a KooDrive job, basic task or share task that exists already (created elsewhere, or by
`KooDriveCreateJobOperator(wait_for_completion=False)`).

Each poke is one poll (`wait(..., timeout=0)`); a failed, cancelled or all-failed item fails the
task with a `KooDriveJobError` and its result codes, a poll that fails on the way (connection,
5xx, 429) is tried again at the next poke. `deferrable=True` waits in the triggerer
(`KooDriveJobTrigger`) instead of holding a worker slot between pokes; the sensor's `timeout`
is the deadline either way.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from airflow.configuration import conf
from airflow.sdk import BaseSensorOperator, Context

from . import _outcome
from .hooks import KooDriveHook
from .operators import DEFER_MARGIN, finish
from .triggers import KooDriveJobTrigger


class _KooDriveSensor(BaseSensorOperator):
    kind: _outcome.Kind = "job"

    def __init__(
        self,
        *,
        koodrive_conn_id: str = KooDriveHook.default_conn_name,
        deferrable: bool = conf.getboolean("operators", "default_deferrable", fallback=False),
        allow_partial_failure: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.koodrive_conn_id = koodrive_conn_id
        self.deferrable = deferrable
        self.allow_partial_failure = allow_partial_failure

    def _item(self) -> tuple[str, str | None]:
        raise NotImplementedError

    def poke(self, context: Context) -> bool:
        """One poll: True once the item succeeded; raises when it failed; False while it runs."""
        item_id, share_id = self._item()
        with KooDriveHook(self.koodrive_conn_id).get_client() as client:
            event = _outcome.check_once_sync(client, self.kind, item_id, share_id)
        if event is None:
            return False
        self._finish(event)
        return True

    def execute(self, context: Context) -> Any:
        """Poke in the worker, or (deferrable) poke once and then wait in the triggerer."""
        if not self.deferrable:
            return super().execute(context)
        if self.poke(context):
            return None
        item_id, share_id = self._item()
        self.defer(
            trigger=KooDriveJobTrigger(
                item_id,
                self.koodrive_conn_id,
                end_time=time.time() + self.timeout,
                poll_interval=self.poke_interval,
                kind=self.kind,
                share_id=share_id,
            ),
            method_name="execute_complete",
            timeout=timedelta(seconds=self.timeout) + DEFER_MARGIN,
        )

    def execute_complete(self, context: Context, event: dict[str, Any]) -> None:
        """Resume after the trigger fired: returns when the item succeeded, else raises."""
        self._finish(event)

    def _finish(self, event: Mapping[str, Any]) -> None:
        finish(event, allow_partial_failure=self.allow_partial_failure)
        self.log.info("KooDrive %s %s succeeded", self.kind, event.get("id"))


class KooDriveJobSensor(_KooDriveSensor):
    """Wait for the batch job `job_id` to complete.

    Args:
        job_id: The job's id (templated: `{{ ti.xcom_pull('create', key='job_id') }}`).
        koodrive_conn_id: The Airflow connection (type `koodrive`).
        deferrable: Wait in the triggerer; default: Airflow's `[operators] default_deferrable`.
        allow_partial_failure: True: a job whose files only partly failed succeeds.
        **kwargs: `BaseSensorOperator`'s (`poke_interval`, `timeout`, `mode`, `soft_fail`, ...).
    """

    template_fields: Sequence[str] = ("job_id",)
    kind: _outcome.Kind = "job"

    def __init__(self, *, job_id: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.job_id = job_id

    def _item(self) -> tuple[str, str | None]:
        return str(self.job_id), None


class KooDriveTaskSensor(_KooDriveSensor):
    """Wait for the basic task (handover, user import) `koodrive_task_id` to succeed.

    A task that ends FAILED fails the Airflow task with its `resultCode` (e.g. 18000205).

    Args:
        koodrive_task_id: The basic task's id (`task_id` is the Airflow task's own).
        **kwargs: As `KooDriveJobSensor`.
    """

    template_fields: Sequence[str] = ("koodrive_task_id",)
    kind: _outcome.Kind = "task"

    def __init__(self, *, koodrive_task_id: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.koodrive_task_id = koodrive_task_id

    def _item(self) -> tuple[str, str | None]:
        return str(self.koodrive_task_id), None


class KooDriveShareTaskSensor(_KooDriveSensor):
    """Wait for the share task `share_task_id` on share `share_id` to complete.

    Share tasks that need a `kdstoken` (an extraction-code share) are not supported: the token is
    a secret and has no place in a task's arguments.

    Args:
        share_task_id: The share task's id.
        share_id: The share it was created on.
        **kwargs: As `KooDriveJobSensor`.
    """

    template_fields: Sequence[str] = ("share_task_id", "share_id")
    kind: _outcome.Kind = "share_task"

    def __init__(self, *, share_task_id: str, share_id: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.share_task_id = share_task_id
        self.share_id = share_id

    def _item(self) -> tuple[str, str | None]:
        return str(self.share_task_id), str(self.share_id)
