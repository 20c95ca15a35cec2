from __future__ import annotations

from datetime import UTC, datetime, timedelta

from koodrive_tasks import _parsing
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
