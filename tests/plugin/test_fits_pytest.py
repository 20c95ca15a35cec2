"""The plugin fits pytest as people run it: a plain `async def` test with `koodrive_async_client`
needs no mark, and under `freeze_clock()` the client's waits run on the emulator's clock (a wait
with `timeout=2` sleeps no real time: its pauses move the emulator's clock, which the polls read).
Run in a pytester sandbox, as a user's test file."""

from __future__ import annotations

import pytest

# The client loads its modules lazily. Load them before the sandboxes run: pytester drops the
# modules a sandbox run imported, so the next run would import a second JobStatus class while the
# package kept the first (`status is JobStatus.COMPLETED` then fails when this file runs alone).
from koodrive_tasks import AsyncKooDrive, JobStatus, KooDrive  # noqa: F401

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
import asyncio, threading, time
import pytest
from koodrive_tasks import AsyncKooDrive, JobStatus, JobType, KooDrive, WaitTimeoutError

def create(client):
    return client.jobs.create(JobType.COPY, src_container_id="S", dst_container_id="D", file_ids=["F"])

@pytest.fixture
def polls(koodrive_client, koodrive_async_client, koodrive_emulator, monkeypatch):
    \"\"\"The emulator's clock at each poll of a wait (a poll is one `jobs.get`). From the second
    poll on, the pause before it must have moved that clock: a wait that sleeps in real time fails
    at its second poll, not after its whole timeout.\"\"\"
    times = []
    for client in (koodrive_client, koodrive_async_client):
        def counted(*args, _get=client.jobs.get, **kwargs):
            times.append(koodrive_emulator.now())
            assert len(times) < 2 or times[-1] > times[-2], "a pause between polls left the clock alone"
            return _get(*args, **kwargs)
        monkeypatch.setattr(client.jobs, "get", counted)
    return times

@pytest.fixture
def no_real_sleep(monkeypatch):
    \"\"\"A real sleep in the test's thread (time.sleep) or on its loop (asyncio.sleep) fails at once.\"\"\"
    main, real_sleep, real_async_sleep = threading.get_ident(), time.sleep, asyncio.sleep
    def sleep(delay):
        assert threading.get_ident() != main or delay <= 0, f"a real sleep of {delay} s"
        real_sleep(delay)
    async def async_sleep(delay, *args, **kwargs):
        assert delay <= 0, f"a real asyncio.sleep of {delay} s"
        return await real_async_sleep(delay, *args, **kwargs)
    monkeypatch.setattr(time, "sleep", sleep)
    monkeypatch.setattr(asyncio, "sleep", async_sleep)

def seconds(a, b):
    return (b - a).total_seconds()

def test_wait_times_out_in_virtual_time(
    koodrive_client: KooDrive, koodrive_emulator, polls, no_real_sleep
) -> None:
    koodrive_emulator.freeze_clock()
    koodrive_emulator.transitions("manual", family="jobs")
    job_id = create(koodrive_client)
    start, virtual = time.monotonic(), koodrive_emulator.now()
    with pytest.raises(WaitTimeoutError):
        koodrive_client.jobs.wait(job_id, timeout=2)
    real, slept = time.monotonic() - start, seconds(virtual, koodrive_emulator.now())
    # polled more than once, the pauses went to the emulator's clock, and the deadline counted
    # them: the wait gave up only once its real and virtual seconds made the 2 s (1 ms: the clock's unit)
    assert len(polls) >= 2 and slept > 0 and real + slept >= 2 - 0.001

def test_duration_transitions_complete_while_waiting(
    koodrive_client: KooDrive, koodrive_emulator, polls, no_real_sleep
) -> None:
    koodrive_emulator.freeze_clock()
    koodrive_emulator.transitions("duration", family="jobs", seconds=60)
    job_id = create(koodrive_client)
    virtual = koodrive_emulator.now()
    assert koodrive_client.jobs.wait(job_id, timeout=600).job.status is JobStatus.COMPLETED
    # a job that takes 60 s of the frozen clock completed, the clock moved only by the pauses
    assert len(polls) >= 2 and seconds(virtual, polls[-1]) >= 60

async def test_async_wait_too(
    koodrive_async_client: AsyncKooDrive, koodrive_emulator, polls, no_real_sleep
) -> None:
    koodrive_emulator.freeze_clock()
    koodrive_emulator.transitions("duration", family="jobs", seconds=60)
    job_id = await koodrive_async_client.jobs.create(
        JobType.COPY, src_container_id="IAADs", dst_container_id="IAADd", file_ids=["F"])
    virtual = koodrive_emulator.now()
    assert (await koodrive_async_client.jobs.wait(job_id, timeout=600)).job.status is JobStatus.COMPLETED
    assert len(polls) >= 2 and seconds(virtual, polls[-1]) >= 60

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
