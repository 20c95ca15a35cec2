"""`KooDriveJobTrigger`: waits for a job (or a basic task, or a share task) in the triggerer, with asyncio.

A deferred `KooDriveCreateJobOperator` or sensor hands it over; it polls with `AsyncKooDrive`
(`jobs.wait`, `tasks.wait`, `share_tasks.wait`) and fires one `TriggerEvent` whose payload is the
outcome (`koodrive_airflow._outcome`): `success`, `failed`, `cancelled`, `timeout` or `error`,
with the result codes. Its serialised form holds the connection id, never a credential: the
triggerer fetches the connection itself. The deadline is absolute (`end_time`), so a trigger
re-created from its serialised form after a triggerer restart waits no longer than the first.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from airflow.triggers.base import BaseTrigger, TriggerEvent

from . import _outcome
from .hooks import KooDriveHook


class KooDriveJobTrigger(BaseTrigger):
    """Fires once the KooDrive job (or task) ends, or at `end_time`.

    Args:
        job_id: The job's id; with `kind="task"` a basic task's, with `kind="share_task"` a share task's.
        koodrive_conn_id: The Airflow connection the triggerer builds its client from.
        end_time: Unix time (seconds) after which the trigger reports `timeout`.
        poll_interval: Seconds before the second poll; the client's backoff grows it by 1.5x up to 10 s.
        kind: `job`, `task` or `share_task`.
        share_id: The share of a share task (required for that kind only).
    """

    def __init__(
        self,
        job_id: str,
        koodrive_conn_id: str = KooDriveHook.default_conn_name,
        *,
        end_time: float,
        poll_interval: float = 5.0,
        kind: str = "job",
        share_id: str | None = None,
    ) -> None:
        super().__init__()  # type: ignore[no-untyped-call] # Airflow's is untyped
        self.kind = _outcome.check_kind(kind, share_id)
        self.job_id = str(job_id)
        self.koodrive_conn_id = koodrive_conn_id
        self.end_time = float(end_time)
        self.poll_interval = float(poll_interval)
        self.share_id = share_id

    def serialize(self) -> tuple[str, dict[str, Any]]:
        """The class path and the keyword arguments that re-create this trigger (no secret among them)."""
        return (
            f"{type(self).__module__}.{type(self).__qualname__}",
            {
                "job_id": self.job_id,
                "koodrive_conn_id": self.koodrive_conn_id,
                "end_time": self.end_time,
                "poll_interval": self.poll_interval,
                "kind": self.kind,
                "share_id": self.share_id,
            },
        )

    async def run(self) -> AsyncIterator[TriggerEvent]:
        """Poll until the item ends or the deadline passes, then fire one event.

        Yields:
            One `TriggerEvent` whose payload is the outcome.
        """
        try:
            client = await KooDriveHook(self.koodrive_conn_id).get_async_client()
        except Exception as exc:  # a broken connection fails the task, with the reason, not the triggerer
            yield TriggerEvent(  # type: ignore[no-untyped-call]
                {
                    "status": "error",
                    "kind": self.kind,
                    "id": self.job_id,
                    "message": f"{type(exc).__name__}: {exc}",
                }
            )
            return
        async with client:
            waiting = _outcome.Waiting(
                self.kind, self.job_id, self.end_time, self.poll_interval, self.share_id
            )
            outcome = await _outcome.wait_async(client, waiting)
        yield TriggerEvent(outcome)  # type: ignore[no-untyped-call]
