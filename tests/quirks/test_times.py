from __future__ import annotations

import warnings
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from koodrive_tasks import InvalidFieldWarning, _parsing
from koodrive_tasks.normalize.ids import created_at

from .conftest import example, generated


def test_q12_iso_and_compact_times() -> None:
    tasks, jobs = example("listTasks/seed-000.json"), example("listJobs/seed-001.json")
    assert generated("listTasks", tasks).task_list_dtos[0].create_time == "2024-08-12T07:22:33.000Z"
    assert generated("listJobs", jobs).data[0].create_time == "20231227151904"
    assert _parsing.task_page(tasks).items[0].create_time == datetime(2024, 8, 12, 7, 22, 33, tzinfo=UTC)
    job_time = _parsing.job_list(jobs)[0].create_time
    assert job_time is not None and job_time.utcoffset() == timedelta(hours=8)
    assert job_time.astimezone(UTC) == datetime(2023, 12, 27, 7, 19, 4, tzinfo=UTC)


def test_q13_epoch_millis_updated_at() -> None:
    body = example("getJob/decompress.json")
    assert generated("getJob", body).data.uncompressed_file_list[0].updated_at == 1723460990000
    entry = _parsing.job_detail(body).uncompressed_files[0]
    assert entry.updated_at == datetime(2024, 8, 12, 11, 9, 50, tzinfo=UTC)


def test_q34_time_zones_match_snowflake_ids() -> None:
    """Each family's createTime, read in its zone, is within a second of the time its id encodes."""
    records = [
        _parsing.task_page(example("listTasks/seed-000.json")).items[0],
        _parsing.job_list(example("listJobs/seed-001.json"))[0],
        _parsing.job_detail(example("getJob/seed-003.json")).job,
        _parsing.share_task(example("getShareTask/seed-004.json")),
    ]
    for record in records:
        assert record.create_time is not None
        assert abs(record.create_time - created_at(record.id)) < timedelta(seconds=1), record.id


#: (example, where the time is, field, value, attribute): a value none of the field's declared
#: formats matches. Before, each was read by another format (`"20231227"` as epoch milliseconds,
#: 1970) or as a date without its time.
OTHER_FORMATS = [
    ("listJobs/seed-001.json", ("data", 0), "beginTime", "20231227", "begin_time"),  # 8 digits
    ("listJobs/seed-001.json", ("data", 0), "beginTime", "1703661544000", "begin_time"),  # epoch ms
    ("listJobs/seed-001.json", ("data", 0), "endTime", "2023-12-27T07:19:04Z", "end_time"),  # ISO
    ("getShareTask/seed-004.json", ("jobInfo",), "createTime", "202409300919", "create_time"),
    ("listTasks/seed-000.json", ("taskListDtos", 0), "createTime", "20240812072233", "create_time"),
    ("listTasks/seed-000.json", ("taskListDtos", 0), "createTime", "1723447353000", "create_time"),
    ("listTasks/seed-000.json", ("taskListDtos", 0), "startTime", "2024-08-12", "begin_time"),  # no time
    ("getJob/decompress.json", ("data", "uncompressedFileList", 0), "updatedAt", -5, "updated_at"),
    ("getJob/decompress.json", ("data", "uncompressedFileList", 0), "updatedAt", 10**16, "updated_at"),
    ("getJob/decompress.json", ("data", "uncompressedFileList", 0), "updatedAt", "2024-08-12", "updated_at"),
]


def _record(name: str, body: dict[str, Any], where: tuple[Any, ...]) -> Any:
    parsed: Any = {
        "listJobs": lambda: _parsing.job_list(body),
        "getShareTask": lambda: _parsing.share_task(body),
        "listTasks": lambda: _parsing.task_page(body).items,
        "getJob": lambda: _parsing.job_detail(body).uncompressed_files,
    }[name.partition("/")[0]]()
    return parsed[0] if isinstance(parsed, list) else parsed


@pytest.mark.parametrize(("name", "where", "field", "value", "attribute"), OTHER_FORMATS)
def test_q12_a_time_no_declared_format_matches_is_none_with_a_warning(
    name: str, where: tuple[Any, ...], field: str, value: Any, attribute: str
) -> None:
    body = example(name)
    target = body
    for step in where:
        target = target[step]
    target[field] = value
    with pytest.warns(InvalidFieldWarning, match=field):
        record = _record(name, body, where)
    assert getattr(record, attribute) is None and record.extra == {field: value}


def test_q12_q13_every_declared_format_still_reads() -> None:
    china = timezone(timedelta(hours=8))
    body = example("listJobs/seed-001.json")
    body["data"][0]["endTime"] = ""  # an empty string is an absent time: None, no warning
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        job = _parsing.job_list(body)[0]
    assert job.begin_time == datetime(2023, 12, 27, 15, 19, 4, tzinfo=china) and job.end_time is None
    detail = example("getJob/decompress.json")
    detail["data"]["uncompressedFileList"][0]["updatedAt"] = "1723460990000"  # numbers come as digits too
    entry = _parsing.job_detail(detail).uncompressed_files[0]
    assert entry.updated_at == datetime(2024, 8, 12, 11, 9, 50, tzinfo=UTC)
    tasks = example("listTasks/seed-000.json")
    tasks["taskListDtos"][0]["createTime"] = "2024-08-12T15:22:33+08:00"  # its own offset wins
    assert _parsing.task_page(tasks).items[0].create_time == datetime(2024, 8, 12, 7, 22, 33, tzinfo=UTC)
