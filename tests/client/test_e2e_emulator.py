"""The client against the real emulator over loopback: both auth schemes, the README example,
paging through faults and quirk variants, and waiting to every outcome."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from koodrive_emulator import RunningEmulator
from koodrive_tasks import (
    AppAuth,
    AuthenticationError,
    JobResult,
    JobStatus,
    JobType,
    KooDrive,
    KooDriveError,
    NotFoundError,
    TaskCancelledError,
    TaskFailedError,
    TaskStatus,
    TaskType,
    TokenAuth,
    WaitTimeoutError,
)

from .conftest import APP_ID, APP_SECRET, TOKEN, USER_ID

ROOT = Path(__file__).resolve().parents[2]
SRC = "IAADfsBFCO6WtAtuA315074383680425b8aa9a130cba2d4"
DST = "IAADfsBFCO6WtAtuA9add2fea594e4e75b8feb8474ef236"


def configure(server: RunningEmulator, **config: object) -> None:
    httpx.post(f"{server.base_url}/_emulator/config", json=config).raise_for_status()


def seed(server: RunningEmulator, **counts: int) -> None:
    httpx.post(f"{server.base_url}/_emulator/seed", json=counts).raise_for_status()


def test_readme_example_runs(emulator: RunningEmulator, monkeypatch: pytest.MonkeyPatch) -> None:
    """The five-line example of README.md, taken from the README itself and run as written."""
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"<!-- five-line-example -->\n```python\n(.*?)```", readme, re.S)
    assert block, "README.md lost its five-line example"
    code = block.group(1)
    assert len([line for line in code.splitlines() if line.strip()]) == 5
    monkeypatch.setenv("KOODRIVE_BASE_URL", emulator.base_url)
    monkeypatch.setenv("KOODRIVE_TOKEN", TOKEN)
    namespace: dict[str, object] = {}
    exec(compile(code, "README.md", "exec"), namespace)
    detail = namespace["detail"]
    assert detail.job.status == JobStatus.COMPLETED  # type: ignore[attr-defined]
    assert detail.job.result == JobResult.ALL_SUCCEEDED  # type: ignore[attr-defined]


@pytest.mark.parametrize("scheme", ["token", "app"])
def test_both_auth_schemes_end_to_end(emulator: RunningEmulator, scheme: str) -> None:
    auth = TokenAuth(TOKEN) if scheme == "token" else AppAuth(APP_ID, APP_SECRET, USER_ID)
    with KooDrive(emulator.base_url, auth) as client:
        job_id = client.jobs.create(
            JobType.COPY, src_container_id=SRC, dst_container_id=DST, file_ids=["Fa", "Fb"]
        )
        detail = client.jobs.wait(job_id, poll_interval=0.001)
        assert detail.job.id == job_id and detail.job.status == JobStatus.COMPLETED
        assert [f.file_id for f in detail.files] == ["Fa", "Fb"] and all(f.new_file_id for f in detail.files)
        task_id = client.tasks.create(
            TaskType.HANDOVER, src_user_id="1397687227244555008", dst_user_id=USER_ID
        )
        assert client.tasks.wait(task_id, poll_interval=0.001).status == TaskStatus.SUCCESS
        share_id = client.share_tasks.create(
            share_id="1808628918203192832", container_id=SRC, file_ids=["Fa"]
        )
        share = client.share_tasks.wait(share_id, "1808628918203192832", poll_interval=0.001)
        assert share.status == JobStatus.COMPLETED and share.download_url


@pytest.mark.parametrize("scheme", ["token", "app"])
def test_wrong_credentials_raise_authentication_error_without_the_secret(
    emulator: RunningEmulator, scheme: str
) -> None:
    auth = TokenAuth("not-the-token") if scheme == "token" else AppAuth(APP_ID, "not-the-secret", USER_ID)
    with KooDrive(emulator.base_url, auth) as client, pytest.raises(AuthenticationError) as caught:
        client.jobs.list()
    error = caught.value
    assert (
        error.status_code == 401 and error.code == 13000101 and error.trace_id and len(error.trace_id) == 58
    )
    assert "not-the-" not in str(error) + repr(error) + repr(client)


def test_cancelled_job_raises_task_cancelled(emulator: RunningEmulator) -> None:
    configure(emulator, transitions={"jobs": {"mode": "manual"}})
    with KooDrive(emulator.base_url, TokenAuth(TOKEN)) as client:
        job_id = client.jobs.create(JobType.MOVE, src_container_id=SRC, dst_container_id=DST, file_ids=["Fa"])
        client.jobs.cancel(job_id)
        with pytest.raises(TaskCancelledError) as caught:
            client.jobs.wait(job_id, poll_interval=0.001)
        assert caught.value.state.job.status == JobStatus.CANCELLED


def test_failed_task_raises_with_its_result_code(emulator: RunningEmulator) -> None:
    with KooDrive(emulator.base_url, TokenAuth(TOKEN)) as client:
        task_id = client.tasks.create(TaskType.HANDOVER, src_user_id=USER_ID, dst_user_id=USER_ID)
        with pytest.raises(TaskFailedError) as caught:
            client.tasks.wait(task_id, poll_interval=0.001)
        assert caught.value.result_code == 18000205


def test_partially_failed_job_returns_with_failed_files(emulator: RunningEmulator) -> None:
    with KooDrive(emulator.base_url, TokenAuth(TOKEN)) as client:
        job_id = client.jobs.create(
            JobType.COPY, src_container_id=SRC, dst_container_id=DST, file_ids=["Fok", "Ffail"]
        )
        detail = client.jobs.wait(job_id, poll_interval=0.001)
        assert detail.job.result == JobResult.PARTIALLY_FAILED
        assert [f.file_id for f in detail.failed_files] == ["Ffail"]
        all_failed = client.jobs.create(
            JobType.COPY, src_container_id=SRC, dst_container_id=DST, file_ids=["Ffail"]
        )
        with pytest.raises(TaskFailedError):
            client.jobs.wait(all_failed, poll_interval=0.001)


def test_wait_deadline_raises_with_last_state(emulator: RunningEmulator) -> None:
    configure(emulator, transitions={"jobs": {"mode": "manual"}})
    with KooDrive(emulator.base_url, TokenAuth(TOKEN)) as client:
        job_id = client.jobs.create(JobType.COPY, src_container_id=SRC, dst_container_id=DST, file_ids=["Fa"])
        with pytest.raises(WaitTimeoutError) as caught:
            client.jobs.wait(job_id, timeout=0.05, poll_interval=0.01)
        assert caught.value.state.job.status == JobStatus.PENDING


def test_unknown_id_is_not_found(emulator: RunningEmulator) -> None:
    with KooDrive(emulator.base_url, TokenAuth(TOKEN)) as client, pytest.raises(NotFoundError) as caught:
        client.jobs.get("1000000000000000000")
    assert caught.value.code == 13000309 and caught.value.status_code == 400


def test_ten_thousand_tasks_each_exactly_once_through_mixed_quirks_and_faults(
    emulator: RunningEmulator,
) -> None:
    seed(emulator, tasks=10_000, seed=3)
    configure(
        emulator,
        quirkMode="mixed",
        quirkSeed=11,
        paging={"partialPages": True, "emptyPages": True, "seed": 5},
        faults={"errorRate": 0.3, "dropRate": 0.05, "truncateRate": 0.05, "seed": 9},
    )
    expected = len(emulator.emulator.tasks)
    with KooDrive(emulator.base_url, TokenAuth(TOKEN), max_retries=30) as client:
        ids = [task.id for task in client.tasks.iter(page_size=100)]
    assert len(ids) == len(set(ids)) == expected >= 10_000


def test_jobs_wait_under_faults_finishes_or_raises_typed_error_before_deadline(
    emulator: RunningEmulator,
) -> None:
    configure(
        emulator,
        quirkMode="mixed",
        faults={"errorRate": 0.3, "dropRate": 0.1, "truncateRate": 0.1, "seed": 2},
    )
    outcomes: list[str] = []
    with KooDrive(emulator.base_url, TokenAuth(TOKEN), timeout=2.0, max_retries=3) as client:
        for _ in range(10):
            try:
                job_id = client.jobs.create(
                    JobType.COPY, src_container_id=SRC, dst_container_id=DST, file_ids=["Fa"]
                )
                client.jobs.wait(job_id, timeout=5.0, poll_interval=0.001)
                outcomes.append("done")
            except KooDriveError as exc:  # every failure is typed; nothing else escapes
                outcomes.append(type(exc).__name__)
    assert "done" in outcomes
