from __future__ import annotations

import json
from datetime import UTC, datetime

from koodrive_tasks import _parsing
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
