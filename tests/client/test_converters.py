"""The generated converters enforce the declared types (issue 12's field-level promises).

One value a converter cannot take never makes a record or a page unreadable and never yields a
wrong-typed attribute: the attribute is None, the raw value stays in `extra` under its wire name,
and an InvalidFieldWarning is emitted. A missing or unreadable id raises ResponseFormatError.
Numeric strings are read as numbers wherever the family sends numbers.
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx
import pytest
from koodrive_tasks import (
    FileStatus,
    InvalidFieldWarning,
    JobResult,
    JobStatus,
    KooDrive,
    ResponseFormatError,
    TaskStatus,
    TokenAuth,
    _parsing,
)
from koodrive_tasks.normalize.times import compact_time, epoch_millis, iso_time, parse_time

ROOT = Path(__file__).resolve().parents[2]


def example(name: str) -> dict[str, Any]:
    body: dict[str, Any] = json.loads((ROOT / "spec/examples" / name).read_text())["responses"]["200"][
        "value"
    ]
    return copy.deepcopy(body)


def test_numeric_strings_are_read_as_numbers() -> None:
    body = example("getJob/seed-003.json")
    info = body["data"]["jobInfo"]
    info.update(status="2", taskResultCode="3", progress="100", contentNum="2", resultCode="0")
    body["data"]["taskInfos"][0]["status"] = "2"
    detail = _parsing.job_detail(body)
    assert detail.job.status is JobStatus.COMPLETED and detail.job.is_terminal
    assert detail.job.result is JobResult.ALL_FAILED
    assert (detail.job.progress, detail.job.content_num, detail.job.result_code) == (100, 2, 0)
    assert detail.files[0].status is FileStatus.FAILED and detail.failed_files == [detail.files[0]]
    task = example("getTask/seed-002.json")
    task["status"] = "3"
    assert _parsing.task_detail(task).status is TaskStatus.FAILED
    share = example("getShareTask/seed-004.json")
    share["jobInfo"].update(taskStatus="2", progress="70")
    parsed = _parsing.share_task(share)
    assert parsed.status is JobStatus.COMPLETED and parsed.progress == 70


BAD_FIELDS = [
    ("fileId", 1.5, "file_id"),
    ("status", {"x": 1}, "status"),
    ("createTime", "20231327151904", "create_time"),  # month 13
    ("createTime", 20231227151904, "create_time"),  # a compact time sent as a number
    ("resultCode", "thirteen", "result_code"),
    ("newFileId", True, "new_file_id"),
]


@pytest.mark.parametrize(("wire", "value", "attribute"), BAD_FIELDS)
def test_one_bad_file_field_costs_that_field_alone(wire: str, value: Any, attribute: str) -> None:
    body = example("getJob/seed-003.json")
    body["data"]["taskInfos"][0][wire] = value
    with pytest.warns(InvalidFieldWarning, match=wire):
        detail = _parsing.job_detail(body)
    bad = detail.files[0]
    assert getattr(bad, attribute) is None and bad.extra == {wire: value}
    good = _parsing.job_detail(example("getJob/seed-003.json")).files[0]
    for name in ("new_file_id", "src_container_id", "file_id", "status"):
        if name != attribute:
            assert getattr(bad, name) == getattr(good, name)
    assert detail.job == _parsing.job_detail(example("getJob/seed-003.json")).job


@pytest.mark.parametrize(
    ("wire", "value"),
    [("progress", {"p": 1}), ("progress", 1.5), ("beginTime", 10**20), ("taskName", 7), ("taskType", None)],
)
def test_one_bad_job_field_leaves_the_page_readable(wire: str, value: Any) -> None:
    body = example("listJobs/seed-001.json")
    body["data"][0][wire] = value
    with pytest.warns(InvalidFieldWarning) if value is not None else _no_warning():
        jobs = _parsing.job_list(body)
    assert len(jobs) == len(body["data"])
    attribute = {"progress": "progress", "beginTime": "begin_time", "taskName": "name", "taskType": "type"}[
        wire
    ]
    assert getattr(jobs[0], attribute) is None
    if value is not None:
        assert jobs[0].extra == {wire: value}


class _no_warning:
    def __enter__(self) -> None:
        import warnings

        self._catch = warnings.catch_warnings()
        self._catch.__enter__()
        warnings.simplefilter("error")

    def __exit__(self, *exc: object) -> None:
        self._catch.__exit__(*exc)


@pytest.mark.parametrize("bad_id", [None, 1.5, "abc", "", True, {"id": 1}])
def test_a_missing_or_unreadable_id_raises_response_format_error(bad_id: Any) -> None:
    body = example("getJob/seed-003.json")
    body["data"]["jobInfo"]["taskId"] = bad_id
    with pytest.raises(ValueError, match="taskId"):
        _parsing.job_detail(body)

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=body)

    http = httpx.Client(transport=httpx.MockTransport(handler), base_url="https://kd.invalid")
    client = KooDrive("https://kd.invalid", TokenAuth("t"), http_client=http, max_retries=0)
    with client, pytest.raises(ResponseFormatError, match="taskId"):
        client.jobs.get("1309243162258308352")


def test_an_id_sent_as_a_number_keeps_its_digits() -> None:
    body = example("getJob/seed-003.json")
    body["data"]["jobInfo"]["taskId"] = 1309243162258308353
    assert _parsing.job_detail(body).job.id == "1309243162258308353"


@pytest.mark.parametrize(
    "value",
    [
        10**20,
        -(10**20),
        "9" * 20,
        "99999999999999",
        "00000000000000",
        "2024-13-01T00:00:00Z",
        2**63,
        "x",
        [1],
    ],
)
def test_parse_time_raises_only_value_or_type_errors(value: Any) -> None:
    for convert in (parse_time, compact_time, iso_time, epoch_millis):
        try:
            result = convert(value, UTC)
        except (ValueError, TypeError):
            continue
        assert isinstance(result, datetime) and result.tzinfo is not None


def test_time_converters_follow_the_declared_format() -> None:
    china = timezone(timedelta(hours=8))
    with pytest.raises(TypeError):
        compact_time(20231227151904, china)  # a number is not year 2611 in a compact field
    assert epoch_millis(1723460990000, UTC) == datetime(2024, 8, 12, 11, 9, 50, tzinfo=UTC)
    assert compact_time("20231227151904", china) == datetime(2023, 12, 27, 15, 19, 4, tzinfo=china)
    assert iso_time("2024-08-12T07:22:33.000Z", UTC) == datetime(2024, 8, 12, 7, 22, 33, tzinfo=UTC)


@pytest.mark.parametrize("created", ["", "abc", 1.5, None, True])
def test_a_create_that_returns_no_id_raises(created: Any) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"code": 0, "msg": "ok", "taskId": created})

    http = httpx.Client(transport=httpx.MockTransport(handler), base_url="https://kd.invalid")
    client = KooDrive("https://kd.invalid", TokenAuth("t"), http_client=http, max_retries=0)
    with client, pytest.raises(ResponseFormatError):
        client.tasks.create(src_user_id="1397687227244555008", dst_user_id="1505084218764547200")
