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
