"""The generated parsers' fast paths (inlined converters, page lists and per-file lists parsed in
one loop, equal times sharing one datetime) give what the field-by-field path gives: every quirk
normalised, unknown fields in `extra` of the item that carries them only, a bad value None with an
InvalidFieldWarning and its raw value in `extra`."""

from __future__ import annotations

import warnings
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from koodrive_generated import records
from koodrive_tasks import _paging, _parsing
from koodrive_tasks.models import FileStatus, JobStatus, TaskPage, TaskStatus
from koodrive_tasks.normalize.convert import InvalidFieldWarning

CHINA = timezone(timedelta(hours=8))


def task(n: int, **fields: Any) -> dict[str, Any]:
    return {
        "taskId": str(1323682541844037696 + n),
        "taskName": f"t{n}",
        "taskType": 0,
        "status": 2,
        "createTime": "2024-01-01T00:00:55.000Z",
        "startTime": "2024-01-01T00:00:55.000Z",
        "endTime": "2024-01-01T00:01:03.000Z",
        **fields,
    }


def test_a_page_gives_what_each_task_alone_gives() -> None:
    items = [
        task(0),
        task(1, surprise={"kept": True}),  # an unknown field on one task only
        task(2, status=9, resultCode="18000205"),  # an unknown status, a code as a string
        task(3, createTime="20240101080057", startTime=1704067257000),  # not ISO: compact digits, a number
        task(4, endTime=""),
    ]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        page = records.parse_basic_task_list(items)
        alone = [records._parse_basic_task_checked(item) for item in items]
    assert page == alone
    assert [t.extra for t in page] == [
        {},
        {"surprise": {"kept": True}},
        {},
        {"createTime": "20240101080057", "startTime": 1704067257000},
        {},
    ]
    assert page[0].status is TaskStatus.SUCCESS and page[2].status == 9 and type(page[2].status) is int
    assert page[2].result_code == 18000205
    assert page[0].create_time == datetime(2024, 1, 1, 0, 0, 55, tzinfo=UTC)
    assert page[0].begin_time is page[0].create_time  # equal on the wire: one datetime
    # neither is read by another format: compact digits and a number where the spec says ISO-8601
    assert page[3].create_time is None and page[3].begin_time is None
    assert page[4].end_time is None
    assert all(isinstance(t.id, str) for t in page)
    assert len([w for w in caught if issubclass(w.category, InvalidFieldWarning)]) == 4  # item 3, both paths


def test_a_bad_value_on_one_task_costs_that_field_alone() -> None:
    items = [task(0), task(1, createTime="2024-13-01T00:00:00Z", taskName=7), task(2)]
    with pytest.warns(InvalidFieldWarning):
        page = records.parse_basic_task_list(items)
    assert [t.id for t in page] == [item["taskId"] for item in items]
    assert page[1].create_time is None and page[1].name is None
    assert page[1].extra == {"createTime": "2024-13-01T00:00:00Z", "taskName": 7}
    assert page[1].begin_time == datetime(2024, 1, 1, 0, 0, 55, tzinfo=UTC)
    assert page[0].extra == {} and page[2].extra == {}


def test_a_page_item_that_is_no_object_is_refused() -> None:
    with pytest.raises(ValueError, match="a task is not an object"):
        _parsing.task_page({"taskList": [task(0), "x"], "nextCursor": None})


def test_the_per_file_loop_of_a_job() -> None:
    job = {
        "taskId": "1323682559804047424",
        "status": 2,
        "beginTime": "20240101080057",
        "createTime": "20240101080057",
        "endTime": "20240101080101",
    }
    files: list[Any] = [{"fileId": f"F{i}", "status": "1", "newFileId": f"N{i}"} for i in range(50)]
    files[7] = {**files[7], "status": "2", "note": "unknown"}
    files[9] = {**files[9], "status": "5"}  # a status this spec does not know: the plain value
    files[11] = {**files[11], "resultCode": "x"}  # a bad code: None, kept in extra
    with pytest.warns(InvalidFieldWarning):
        detail = _parsing.job_detail({"code": 0, "msg": "ok", "data": {"jobInfo": job, "taskInfos": files}})
    assert detail.job.status is JobStatus.COMPLETED
    assert detail.job.create_time == datetime(2024, 1, 1, 8, 0, 57, tzinfo=CHINA)
    assert detail.job.begin_time is detail.job.create_time
    assert len(detail.files) == 50 and [f.file_id for f in detail.files] == [f"F{i}" for i in range(50)]
    assert detail.files[0].status is FileStatus.SUCCEEDED and detail.files[7].failed
    assert detail.files[7].extra == {"note": "unknown"}
    assert detail.files[9].status == 5 and type(detail.files[9].status) is int
    assert detail.files[11].result_code is None and detail.files[11].extra == {"resultCode": "x"}
    assert [f.extra for i, f in enumerate(detail.files) if i not in (7, 11)] == [{}] * 48
    one = _parsing.job_detail({"data": {"jobInfo": job, "taskInfos": files[0]}})  # one object, not a list
    assert [f.file_id for f in one.files] == ["F0"]


def test_a_walk_hands_out_each_id_once_with_the_fast_dedupe() -> None:
    pages = [
        [task(0), task(1)],
        [task(1), task(2), task(2)],  # one seen before, one twice in the page
        [task(3)],
    ]
    cursors = iter([10, 20, None])

    def fetch(cursor: int | None) -> TaskPage:
        return TaskPage(records.parse_basic_task_list(pages.pop(0)), next(cursors))

    assert [t.name for t in _paging.iter_tasks(fetch)] == ["t0", "t1", "t2", "t3"]
