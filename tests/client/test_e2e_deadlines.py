"""wait() ends by its deadline against the emulator, however slow or faulty the server is.

The Done-when of issue 4 ("jobs.wait finishes or raises a typed error before its deadline"),
checked with a server that turns slower than the deadline (3 s against 1.5 s) once the first
state is in, and with one that fails often. The bound is the deadline plus a second of slack for a
loaded machine: it is a correctness bound, not a performance measure.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from koodrive_emulator import RunningEmulator
from koodrive_tasks import JobStatus, JobType, KooDrive, KooDriveError, TokenAuth, WaitTimeoutError

from .conftest import TOKEN

SRC = "IAADfsBFCO6WtAtuA315074383680425b8aa9a130cba2d4"
TIMEOUT = 1.5
SLACK = 1.0


def test_a_server_slower_than_the_deadline_cannot_hold_wait_past_it(emulator: RunningEmulator) -> None:
    def slow_down_after_the_first_state(state: Any) -> None:
        emulator.emulator.configure({"faults": {"latencyMs": 3000}})

    with KooDrive(emulator.base_url, TokenAuth(TOKEN)) as client:
        job_id = client.jobs.create(JobType.COPY, src_container_id=SRC, dst_container_id=SRC, file_ids=["Fa"])
        emulator.emulator.configure({"transitions": {"jobs": {"mode": "manual"}}})
        start = time.monotonic()
        with pytest.raises(WaitTimeoutError) as caught:
            client.jobs.wait(
                job_id, timeout=TIMEOUT, poll_interval=0.05, on_progress=slow_down_after_the_first_state
            )
        elapsed = time.monotonic() - start
    assert elapsed < TIMEOUT + SLACK, f"wait(timeout={TIMEOUT}) took {elapsed:.2f} s"
    assert caught.value.state.job.id == job_id and caught.value.state.job.status == JobStatus.PENDING
    assert isinstance(caught.value.__cause__, KooDriveError)  # the poll the deadline cut short


def test_a_slow_and_faulty_server_ends_wait_with_a_typed_error_by_the_deadline(
    emulator: RunningEmulator,
) -> None:
    faults = {"latencyMs": 200, "errorRate": 0.3, "dropRate": 0.1, "truncateRate": 0.1, "seed": 3}
    with KooDrive(emulator.base_url, TokenAuth(TOKEN)) as client:
        job_id = client.jobs.create(JobType.COPY, src_container_id=SRC, dst_container_id=SRC, file_ids=["Fa"])
        emulator.emulator.configure({"transitions": {"jobs": {"mode": "manual"}}, "faults": faults})
        start = time.monotonic()
        with pytest.raises(KooDriveError):  # the job never finishes: only an error can end the wait
            client.jobs.wait(job_id, timeout=TIMEOUT, poll_interval=0.05)
        elapsed = time.monotonic() - start
    assert elapsed < TIMEOUT + SLACK, f"wait(timeout={TIMEOUT}) took {elapsed:.2f} s"
