"""KooDriveJobTrigger: serialised without a secret, re-created from that form, resumed, and completed."""

from __future__ import annotations

import asyncio
import importlib
import json
import time
from typing import Any

import pytest
from airflow.triggers.base import TriggerEvent
from koodrive_airflow.triggers import KooDriveJobTrigger
from koodrive_tasks import JobType, KooDrive, TokenAuth

from .airflow_fixtures import APP_SECRET, TOKEN, set_connection


def create_job(emulator_url: str, *file_ids: str) -> str:
    with KooDrive(emulator_url, TokenAuth(TOKEN)) as client:
        return client.jobs.create(
            JobType.COPY, src_container_id="src", dst_container_id="dst", file_ids=file_ids
        )


def first_event(trigger: KooDriveJobTrigger) -> TriggerEvent:
    async def run() -> TriggerEvent:
        return await anext(trigger.run())

    return asyncio.run(run())


def recreate(trigger: KooDriveJobTrigger) -> KooDriveJobTrigger:
    """As the triggerer does: the class from its path, the kwargs through JSON (the database)."""
    classpath, kwargs = trigger.serialize()
    module, _, name = classpath.rpartition(".")
    made = getattr(importlib.import_module(module), name)(**json.loads(json.dumps(kwargs)))
    assert isinstance(made, KooDriveJobTrigger)
    return made


@pytest.mark.parametrize("conn_id", ["koodrive_default", "koodrive_app"])
def test_serialised_form_round_trips_and_holds_no_secret(emulator: Any, conn_id: str) -> None:
    trigger = KooDriveJobTrigger("123", conn_id, end_time=1.8e9, poll_interval=0.5)
    classpath, kwargs = trigger.serialize()
    assert classpath == "koodrive_airflow.triggers.KooDriveJobTrigger"
    assert recreate(trigger).serialize() == (classpath, kwargs)
    dumped = json.dumps(kwargs)
    assert TOKEN not in dumped and APP_SECRET not in dumped and kwargs["koodrive_conn_id"] == conn_id


def test_trigger_stopped_mid_wait_resumes_from_its_serialised_form_and_completes(
    server: Any, emulator: Any
) -> None:
    emulator.configure(transitions={"jobs": {"mode": "manual"}})  # the job moves only when stepped
    job_id = create_job(server.base_url, "f1", "f2")
    trigger = KooDriveJobTrigger(job_id, end_time=time.time() + 60, poll_interval=0.05)

    async def run_for_a_while() -> list[TriggerEvent]:
        events: list[TriggerEvent] = []

        async def consume() -> None:
            async for event in trigger.run():
                events.append(event)

        task = asyncio.create_task(consume())
        await asyncio.sleep(0.5)  # several polls of a job that stays pending
        task.cancel()  # the triggerer stops (a restart, the trigger moved to another triggerer)
        with pytest.raises(asyncio.CancelledError):
            await task
        return events

    assert asyncio.run(run_for_a_while()) == []
    emulator.step("jobs", job_id)
    emulator.step("jobs", job_id)  # pending -> processing -> completed while no trigger ran
    event = first_event(recreate(trigger))
    assert event.payload["status"] == "success" and event.payload["id"] == job_id
    assert (event.payload["result"], event.payload["files"], event.payload["failed_files"]) == (1, 2, 0)


def test_failed_job_fires_failed_with_the_result_codes(server: Any, emulator: Any) -> None:
    job_id = create_job(server.base_url, "fail-1", "fail-2")
    event = first_event(KooDriveJobTrigger(job_id, end_time=time.time() + 60, poll_interval=0.01))
    assert event.payload["status"] == "failed"
    assert event.payload["result"] == 3  # taskResultCode: every file failed
    assert event.payload["failed_files"] == 2 and event.payload["file_result_codes"] == [13000408]


def test_deadline_fires_timeout_with_the_last_state(server: Any, emulator: Any) -> None:
    emulator.configure(transitions={"jobs": {"mode": "manual"}})
    job_id = create_job(server.base_url, "f1")
    event = first_event(KooDriveJobTrigger(job_id, end_time=time.time() + 0.3, poll_interval=0.05))
    assert event.payload["status"] == "timeout" and event.payload["result"] is None


def test_cancelled_job_fires_cancelled(server: Any, emulator: Any) -> None:
    emulator.configure(transitions={"jobs": {"mode": "manual"}})
    job_id = create_job(server.base_url, "f1")
    with KooDrive(server.base_url, TokenAuth(TOKEN)) as client:
        client.jobs.cancel(job_id)
    event = first_event(KooDriveJobTrigger(job_id, end_time=time.time() + 60, poll_interval=0.01))
    assert event.payload["status"] == "cancelled"


def test_polls_that_fail_on_the_way_do_not_end_the_wait(
    server: Any, emulator: Any, caplog: pytest.LogCaptureFixture
) -> None:
    # no client retries: each 500 reaches the trigger, which polls on until the deadline
    set_connection("koodrive_flaky", host=server.base_url, password=TOKEN, extra={"max_retries": 0})
    job_id = create_job(server.base_url, "f1")
    emulator.configure(faults={"errorRate": 0.6, "seed": 3})
    event = first_event(
        KooDriveJobTrigger(job_id, "koodrive_flaky", end_time=time.time() + 60, poll_interval=0.01)
    )
    emulator.configure(faults={"errorRate": 0.0})
    assert event.payload["status"] == "success"
    assert "poll failed (ServerError), polling on" in caplog.text  # the trigger's loop, not a client retry


def test_a_broken_connection_fires_error_not_a_crash(emulator: Any) -> None:
    event = first_event(KooDriveJobTrigger("123", "koodrive_missing", end_time=time.time() + 5))
    assert event.payload["status"] == "error" and "koodrive_missing" in event.payload["message"]


def test_basic_task_and_share_task_kinds(server: Any, emulator: Any) -> None:
    failed_task = "1534087020903704704"  # the FAILED fixture task (seed 000)
    event = first_event(
        KooDriveJobTrigger(failed_task, end_time=time.time() + 10, kind="task", poll_interval=0.01)
    )
    assert event.payload["status"] == "failed" and event.payload["result_code"] == 18000205
    share = first_event(
        KooDriveJobTrigger(
            "1521827471237047552",
            end_time=time.time() + 10,
            kind="share_task",
            share_id="1808628918203192832",
            poll_interval=0.01,
        )
    )
    assert share.payload["status"] == "success" and share.payload["kind"] == "share_task"
    with pytest.raises(ValueError, match="share_id"):
        KooDriveJobTrigger("1", end_time=0, kind="share_task")
