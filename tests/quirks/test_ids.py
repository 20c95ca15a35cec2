from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from koodrive_tasks import KooDrive, ResponseFormatError, TokenAuth, _parsing
from koodrive_tasks.normalize.ids import as_id, created_at

from .conftest import example, generated


def test_q15_ids_stay_strings() -> None:
    body = example("getJob/seed-003.json")
    assert generated("getJob", body).data.job_info.task_id == "1309243162258308352"
    job = _parsing.job_detail(body).job
    assert job.id == "1309243162258308352" and isinstance(job.id, str)
    assert int(job.id) > 2**53  # beyond what a float (or JavaScript number) holds exactly
    # a server that sent the id as a JSON number still yields the exact digits
    body["data"]["jobInfo"]["taskId"] = json.loads("1309243162258308353")
    assert _parsing.job_detail(body).job.id == "1309243162258308353" == as_id(1309243162258308353)


def test_q35_creation_time_from_snowflake_id() -> None:
    assert created_at("1486254586942472064") == datetime(2024, 8, 12, 7, 22, 33, 401000, tzinfo=UTC)
    job = _parsing.job_list(example("listJobs/seed-001.json"))[0]
    assert job.created_at.replace(microsecond=0) == datetime(2023, 12, 27, 7, 19, 4, tzinfo=UTC)


#: not what SnowflakeId says (ASCII digits, at most 2^63 - 1): each refuses the record
NO_IDS: list[Any] = [
    -5,
    "-5",
    "9" * 401,
    int("9" * 401),
    "9223372036854775808",  # 2^63
    2**63,
    "12345678901234567890",  # 20 digits
    "١٢٣",  # digits, not ASCII
    "",
    1.5,
    True,
]


@pytest.mark.parametrize("bad", NO_IDS, ids=lambda v: repr(v)[:24])
def test_q15_an_id_the_spec_does_not_allow_refuses_the_record(bad: Any) -> None:
    body = example("getJob/seed-003.json")
    body["data"]["jobInfo"]["taskId"] = bad
    with pytest.raises(ValueError, match="taskId"):
        _parsing.job_detail(body)
    page = example("listJobs/seed-001.json")
    page["data"][-1]["taskId"] = bad
    with pytest.raises(ValueError, match="taskId"):
        _parsing.job_list(page)

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=body)

    http = httpx.Client(transport=httpx.MockTransport(handler), base_url="https://kd.invalid")
    with (
        KooDrive("https://kd.invalid", TokenAuth("t"), http_client=http, max_retries=0) as client,
        pytest.raises(ResponseFormatError, match="taskId"),
    ):
        client.jobs.get("1309243162258308352")


def test_q35_the_largest_id_is_read_and_decoded() -> None:
    assert as_id("9223372036854775807") == "9223372036854775807" == as_id(2**63 - 1)
    assert as_id("0") == "0" and as_id(0) == "0"
    assert created_at("9223372036854775807").year == 2053  # 2^40 ms after the epoch, no overflow
    for bad in ("9" * 401, "-5", "9223372036854775808"):
        with pytest.raises(ValueError):
            created_at(bad)
