"""Paging: /task/list cursors (partial and empty pages, inserts while paging) and /jobs offset/limit."""

from __future__ import annotations

from typing import Any

from .conftest import HANDOVER, TOKEN, V1, post_json


def walk(client: Any, page_size: int, on_page: Any = None) -> tuple[list[str], int]:
    ids: list[str] = []
    cursor: int | None = None
    pages = 0
    while True:
        query = f"pageSize={page_size}" + (f"&pageCursor={cursor}" if cursor is not None else "&pageCursor")
        body = client.get(f"{V1}/task/list?{query}", headers=TOKEN).json()
        pages += 1
        items = body.get("taskListDtos", body.get("taskList"))
        assert len(items) <= page_size
        ids += [t["taskId"] for t in items]
        if on_page:
            on_page(pages)
        if "nextCursor" not in body:
            return ids, pages
        cursor = int(body["nextCursor"])
        assert pages < 10_000


def test_cursor_paging_sees_every_task_once(client: Any, emulator: Any) -> None:
    emulator.seed(tasks=250, seed=5)
    ids, pages = walk(client, 100)
    assert len(ids) == len(set(ids)) == len(emulator.tasks)
    assert pages == 3


def test_partial_and_empty_pages_before_the_end(client: Any, emulator: Any) -> None:
    emulator.seed(tasks=120, seed=5)
    emulator.configure({"paging": {"partialPages": True, "emptyPages": True, "seed": 2}})
    sizes: list[int] = []
    ids, _ = walk(client, 10, on_page=None)
    assert sorted(ids) == sorted(emulator.tasks.by_id)
    # Look at the page sizes directly: some are short, some empty, and the list still ends.
    cursor = None
    while True:
        query = "pageSize=10" + (f"&pageCursor={cursor}" if cursor is not None else "")
        body = client.get(f"{V1}/task/list?{query}", headers=TOKEN).json()
        sizes.append(len(body["taskListDtos"]))
        if "nextCursor" not in body:
            break
        cursor = body["nextCursor"]
    assert 0 in sizes[:-1] and any(0 < s < 10 for s in sizes[:-1])


def test_inserts_while_paging_are_neither_skipped_nor_repeated(client: Any, emulator: Any) -> None:
    emulator.seed(tasks=95, seed=9)
    created: list[str] = []

    def insert(page: int) -> None:
        if page <= 5:
            created.append(post_json(client, f"{V1}/task/create", HANDOVER).json()["taskId"])

    before = set(emulator.tasks.by_id)
    ids, _ = walk(client, 20, on_page=insert)
    assert len(ids) == len(set(ids))
    assert before <= set(ids) and set(created) <= set(ids)


def test_status_and_type_filters(client: Any, emulator: Any) -> None:
    emulator.seed(tasks=60, seed=1)
    body = client.get(f"{V1}/task/list?status=3&taskType=0", headers=TOKEN).json()
    assert body["taskListDtos"] and all(t["status"] == 3 and t["taskType"] == 0 for t in body["taskListDtos"])
    both = client.get(f"{V1}/task/list?status=2&status=3", headers=TOKEN).json()["taskListDtos"]
    assert {t["status"] for t in both} == {2, 3}


def test_jobs_offset_limit_newest_first(client: Any, emulator: Any) -> None:
    emulator.seed(jobs=130, seed=4)
    # The caller's jobs: the seed-003 and decompression examples' jobs belong to other users.
    mine = {j.id for j in emulator.jobs.records if j.owner == emulator.config.credentials.user_id}
    total = len(mine)
    assert total == len(emulator.jobs) - 2
    pages = []
    offset = 0
    while True:
        data = client.get(f"{V1}/jobs?offset={offset}&limit=100", headers=TOKEN).json()["data"]
        pages.append(data)
        if len(data) < 100:
            break
        offset += 100
    ids = [j["taskId"] for page in pages for j in page]
    assert len(ids) == len(set(ids)) == total and set(ids) == mine
    assert [int(i) for i in ids] == sorted((int(i) for i in ids), reverse=True)
    filtered = client.get(f"{V1}/jobs?offset=0&limit=100&status=3&type=1", headers=TOKEN).json()["data"]
    assert all(j["status"] == 3 and j["taskType"] == 1 for j in filtered)
    assert client.get(f"{V1}/jobs?offset=100000&limit=10", headers=TOKEN).json()["data"] == []
