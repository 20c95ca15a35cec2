from __future__ import annotations

import httpx
import pytest
from koodrive_emulator import RunningEmulator
from koodrive_tasks import KooDrive, TokenAuth
from koodrive_tasks.resources.jobs import list_call


def test_q23_job_offset_is_zero_based(emulator: RunningEmulator) -> None:
    call = list_call(0, 2, None, None, None)
    assert call.request()["params"]["offset"] == 0
    with pytest.raises(ValueError, match="zero-based"):
        list_call(-1, 2, None, None, None)
    with KooDrive(emulator.base_url, TokenAuth("emulator-token")) as client:
        first, second = client.jobs.list(offset=0, limit=1), client.jobs.list(offset=1, limit=1)
        assert first and second and first[0].id != second[0].id


def test_q25_partial_and_empty_pages_until_no_cursor(emulator: RunningEmulator) -> None:
    httpx.post(f"{emulator.base_url}/_emulator/seed", json={"tasks": 300, "seed": 4}).raise_for_status()
    httpx.post(
        f"{emulator.base_url}/_emulator/config",
        json={"paging": {"partialPages": True, "emptyPages": True, "seed": 1}},
    ).raise_for_status()
    with KooDrive(emulator.base_url, TokenAuth("emulator-token")) as client:
        sizes, cursor = [], None
        while True:
            page = client.tasks.list(page_size=100, cursor=cursor)
            sizes.append(len(page.items))
            cursor = page.next_cursor
            if cursor is None:
                break
        ids = [t.id for t in client.tasks.iter(page_size=100)]
    assert any(0 < s < 100 for s in sizes[:-1]) and 0 in sizes[:-1]  # short and empty pages before the end
    assert len(ids) == len(set(ids)) == sum(sizes) == len(emulator.emulator.tasks)


def test_filtered_job_walk_keeps_jobs_that_stayed_pending_when_seen_ones_are_cancelled(
    emulator: RunningEmulator,
) -> None:
    """Issue 12: on the emulator, 251 pending jobs, 20 already returned cancelled mid-walk: offset
    paging alone never returned 20 jobs that stayed pending. jobs.iter(status=...) re-walks."""
    from koodrive_tasks import JobStatus, JobType

    emulator.emulator.configure({"transitions": {"jobs": {"mode": "manual"}}})
    with KooDrive(emulator.base_url, TokenAuth("emulator-token")) as client:
        created = {
            client.jobs.create(JobType.COPY, src_container_id="c", dst_container_id="c", file_ids=[f"f{i}"])
            for i in range(251)
        }
        pending = {j.id for j in client.jobs.iter(status=JobStatus.PENDING)}
        assert created <= pending
        walk = client.jobs.iter(status=JobStatus.PENDING)
        first = [next(walk) for _ in range(100)]  # the first page
        for job in first[:20]:
            client.jobs.cancel(job.id)
        rest = list(walk)
    ids = [j.id for j in first + rest]
    assert len(ids) == len(set(ids))
    assert pending - {j.id for j in first[:20]} <= set(ids)
