"""The plugin's fixtures and controls: fresh state per test, fast defaults, time, transitions, faults."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import httpx
import pytest
from koodrive_emulator import EmulatorConfig
from koodrive_emulator.pytest_plugin import EmulatorControl
from koodrive_tasks import (
    AsyncKooDrive,
    JobStatus,
    JobType,
    KooDrive,
    ServerError,
    TaskFailedError,
    WaitTimeoutError,
)

SRC = "IAADfsBFCO6WtAtuA315074383680425b8aa9a130cba2d4"


def create(client: KooDrive, *files: str) -> str:
    return client.jobs.create(
        JobType.COPY, src_container_id=SRC, dst_container_id=SRC, file_ids=list(files or ["Fa"])
    )


def test_a_leaves_faults_and_records_behind(
    koodrive_client: KooDrive, koodrive_emulator: EmulatorControl
) -> None:
    create(koodrive_client)
    koodrive_emulator.faults(error_rate=1.0)
    koodrive_emulator.transitions("manual")
    with pytest.raises(ServerError):
        koodrive_client.jobs.list()


def test_b_starts_clean(koodrive_client: KooDrive, koodrive_emulator: EmulatorControl) -> None:
    # runs after test_a (file order): a fresh emulator, fixtures only, default configuration
    assert koodrive_emulator.config.faults.error_rate == 0.0
    assert koodrive_emulator.config.transitions["jobs"].mode == "immediate"
    before = koodrive_emulator.state()["jobs"]
    create(koodrive_client)
    assert koodrive_emulator.state()["jobs"] == before + 1


def test_retries_do_not_sleep(koodrive_client: KooDrive, koodrive_emulator: EmulatorControl) -> None:
    koodrive_emulator.faults(error_rate=1.0)
    start = time.monotonic()
    with pytest.raises(ServerError):
        koodrive_client.jobs.get("1309243162258308352")
    assert time.monotonic() - start < 0.5  # three attempts; the client's backoff alone is >= 0.5 s


def test_reset_restores_the_starting_configuration(koodrive_emulator: EmulatorControl) -> None:
    koodrive_emulator.faults(error_rate=0.5)
    koodrive_emulator.quirk_mode("documented")
    koodrive_emulator.reset()
    assert koodrive_emulator.config.faults.error_rate == 0.0
    assert koodrive_emulator.config.quirk_mode == "observed"


def test_manual_transitions_and_steps(koodrive_client: KooDrive, koodrive_emulator: EmulatorControl) -> None:
    koodrive_emulator.transitions("manual", family="jobs")
    job_id = create(koodrive_client)
    assert koodrive_client.jobs.get(job_id).job.status is JobStatus.PENDING
    with pytest.raises(WaitTimeoutError):
        koodrive_client.jobs.wait(job_id, timeout=0.05, poll_interval=0.01)
    koodrive_emulator.step("jobs", job_id)
    assert koodrive_client.jobs.get(job_id).job.status is JobStatus.PROCESSING
    koodrive_emulator.finish("jobs", job_id)
    assert koodrive_client.jobs.wait(job_id).job.status is JobStatus.COMPLETED


def test_virtual_time_drives_duration_transitions(
    koodrive_client: KooDrive, koodrive_emulator: EmulatorControl
) -> None:
    koodrive_emulator.freeze_clock()
    koodrive_emulator.transitions("duration", family="jobs", seconds=60)
    job_id = create(koodrive_client)
    assert koodrive_client.jobs.get(job_id).job.status is JobStatus.PENDING
    start = koodrive_emulator.now()
    assert (koodrive_emulator.advance(121) - start).total_seconds() == pytest.approx(121, abs=0.01)
    assert koodrive_client.jobs.get(job_id).job.status is JobStatus.COMPLETED


def test_failures_and_quirk_modes(koodrive_client: KooDrive, koodrive_emulator: EmulatorControl) -> None:
    with pytest.raises(TaskFailedError):
        koodrive_client.jobs.wait(create(koodrive_client, "F-fail-1"))
    for mode in ("documented", "observed", "mixed"):
        koodrive_emulator.quirk_mode(mode, seed=3)
        koodrive_emulator.pin_quirk("Q2", "taskList" if mode == "documented" else None)
        assert all(isinstance(t.id, str) for t in koodrive_client.tasks.iter())


def test_async_client(koodrive_async_client: AsyncKooDrive) -> None:
    async def main() -> list[JobStatus]:
        ids = await asyncio.gather(
            *(
                koodrive_async_client.jobs.create(
                    JobType.COPY, src_container_id=SRC, dst_container_id=SRC, file_ids=[f"F{i}"]
                )
                for i in range(3)
            )
        )
        details = await asyncio.gather(*(koodrive_async_client.jobs.wait(i) for i in ids))
        return [d.job.status for d in details]

    assert asyncio.run(main()) == [JobStatus.COMPLETED] * 3


def test_loopback_server_for_your_own_client(koodrive_server: EmulatorControl) -> None:
    assert koodrive_server.base_url.startswith("http://127.0.0.1:")
    with KooDrive(koodrive_server.base_url, koodrive_server.auth()) as client:
        job_id = create(client)
        assert client.jobs.wait(job_id).job.status is JobStatus.COMPLETED
    raw = httpx.get(f"{koodrive_server.base_url}/_emulator/state", timeout=5).json()
    assert raw["jobs"] == koodrive_server.state()["jobs"]


class TestOverriddenDefaults:
    @pytest.fixture
    def koodrive_emulator_config(self) -> EmulatorConfig:
        return EmulatorConfig(quirk_mode="documented")  # the emulator's own defaults: one step per read

    def test_the_override_is_used(
        self, koodrive_client: KooDrive, koodrive_emulator: EmulatorControl
    ) -> None:
        assert koodrive_emulator.config.quirk_mode == "documented"
        job_id = create(koodrive_client)
        assert koodrive_client.jobs.get(job_id).job.status is JobStatus.PENDING


def test_a_user_test_file_runs_with_only_the_plugin(pytester: pytest.Pytester) -> None:
    """The documented example in a directory with no conftest: the entry point alone gives the fixtures."""
    pytester.makepyfile(test_user=(Path(__file__).parent / "test_example.py").read_text())
    result = pytester.runpytest_inprocess("-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)
