"""The plugin fits pytest as people run it: a plain `async def` test with `koodrive_async_client`
needs no mark, and under `freeze_clock()` the client's waits run on the emulator's clock (a wait
with `timeout=2` takes about no real time). Run in a pytester sandbox, as a user's test file."""

from __future__ import annotations

import pytest

ASYNC_USER_TEST = """
import asyncio
from koodrive_tasks import AsyncKooDrive, JobStatus, JobType

async def test_plain_async(koodrive_async_client: AsyncKooDrive) -> None:
    job_id = await koodrive_async_client.jobs.create(
        JobType.COPY, src_container_id="IAADsrc", dst_container_id="IAADdst", file_ids=["F"]
    )
    assert (await koodrive_async_client.jobs.wait(job_id)).job.status is JobStatus.COMPLETED

async def test_not_ours_is_left_alone() -> None:  # no koodrive fixture: not marked by this plugin
    await asyncio.sleep(0)
"""

FROZEN_USER_TEST = """
import asyncio, time
import pytest
from koodrive_tasks import AsyncKooDrive, JobStatus, JobType, KooDrive, WaitTimeoutError

def create(client):
    return client.jobs.create(JobType.COPY, src_container_id="S", dst_container_id="D", file_ids=["F"])

def test_wait_times_out_in_virtual_time(koodrive_client: KooDrive, koodrive_emulator) -> None:
    koodrive_emulator.freeze_clock()
    koodrive_emulator.transitions("manual", family="jobs")
    job_id = create(koodrive_client)
    start, virtual = time.monotonic(), koodrive_emulator.now()
    with pytest.raises(WaitTimeoutError):
        koodrive_client.jobs.wait(job_id, timeout=2)
    assert time.monotonic() - start < 0.5
    assert (koodrive_emulator.now() - virtual).total_seconds() >= 1.9

def test_duration_transitions_complete_while_waiting(koodrive_client: KooDrive, koodrive_emulator) -> None:
    koodrive_emulator.freeze_clock()
    koodrive_emulator.transitions("duration", family="jobs", seconds=60)
    job_id = create(koodrive_client)
    start = time.monotonic()
    assert koodrive_client.jobs.wait(job_id, timeout=600).job.status is JobStatus.COMPLETED
    assert time.monotonic() - start < 1.0

async def test_async_wait_too(koodrive_async_client: AsyncKooDrive, koodrive_emulator) -> None:
    koodrive_emulator.freeze_clock()
    koodrive_emulator.transitions("duration", family="jobs", seconds=60)
    job_id = await koodrive_async_client.jobs.create(
        JobType.COPY, src_container_id="IAADs", dst_container_id="IAADd", file_ids=["F"])
    start = time.monotonic()
    assert (await koodrive_async_client.jobs.wait(job_id, timeout=600)).job.status is JobStatus.COMPLETED
    assert time.monotonic() - start < 1.0

def test_real_time_again_after_a_frozen_test(koodrive_client: KooDrive, koodrive_emulator) -> None:
    from koodrive_tasks import _waiting
    assert _waiting.wait.__kwdefaults__["sleep"] is time.sleep
"""


def test_plain_async_test_needs_no_mark(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_user=ASYNC_USER_TEST)
    result = pytester.runpytest_inprocess("-q", "-p", "no:cacheprovider")
    # the first runs; the second, which uses no fixture of this plugin, is not ours to run
    result.assert_outcomes(passed=1, failed=1)
    assert "test_not_ours_is_left_alone" in result.stdout.str()


def test_freeze_clock_makes_waits_virtual(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_user=FROZEN_USER_TEST)
    result = pytester.runpytest_inprocess("-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=4)
