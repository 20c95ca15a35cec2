"""Quirks found by the issue-11 audit of the seeds (Q46-Q58): the raw generated value beside the client's."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from typing import Any

import httpx
import jsonschema
import pytest
import yaml
from koodrive_tasks import (
    AppAuth,
    JobType,
    KooDrive,
    ServerError,
    ShareTaskType,
    TaskType,
    TokenAuth,
    _paging,
    _parsing,
)
from koodrive_tasks._retries import should_retry
from koodrive_tasks.models import Job
from koodrive_tasks.resources import share_tasks
from koodrive_tasks.resources.jobs import list_call as list_jobs_call

from .conftest import ROOT, example, generated

SPEC = yaml.safe_load((ROOT / "spec/koodrive-tasks.yaml").read_text())


def schema(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}", "components": SPEC["components"]}


def test_q46_share_task_type_1_with_save_to_drive_results() -> None:
    body = example("getShareTask/seed-004.json")
    raw = generated("getShareTask", body)
    assert raw.job_info.task_type == 1 and all(f.new_file_id for f in raw.task_infos)
    share = _parsing.share_task(body)
    # kept as the wire says: a package download (type 1) that carries new file ids and no URL
    assert share.type is ShareTaskType.PACKAGE_DOWNLOAD and share.download_url is None
    assert [f.new_file_id for f in share.files] == [
        "FmylhS-VxkVrHr0vRwydKgo9-x-SmcPha",
        "FjRrf91UdJQnffuMcw-xIIJlNeVgWHEwJ",
    ]


def test_q47_tenant_ids_of_two_shapes_stay_opaque_strings() -> None:
    job_body, task_body = example("getJob/seed-003.json"), example("getTask/seed-002.json")
    assert generated("getJob", job_body).data.job_info.tenant_id == "40086000004871666"
    assert generated("getTask", task_body).tenant_id == "d5ac574bd2934a69baa4f23c55daa8d4"
    assert _parsing.job_detail(job_body).job.tenant_id == "40086000004871666"  # 17 decimal digits
    assert _parsing.task_detail(task_body).tenant_id == "d5ac574bd2934a69baa4f23c55daa8d4"  # 32 hex


def test_q48_container_ids_of_two_shapes() -> None:
    hex_form = _parsing.job_detail(example("getJob/seed-003.json")).job.container_id
    snowflake_form = _parsing.share_task(example("getShareTask/seed-004.json")).files[0].src_container_id
    assert hex_form == "IAADfsBFCO6WtAtuA315074383680425b8aa9a130cba2d4"
    assert snowflake_form == "IAACk0hRXpq9DAWkA1465823622533999616"
    for value in (hex_form, snowflake_form):  # both may be sent back in a request
        jsonschema.validate(value, schema("ContainerId"))


def test_q49_progress_on_a_copy_job() -> None:
    body = example("getJob/seed-003.json")
    raw = generated("getJob", body).data.job_info
    assert raw.task_type == 1 and raw.progress == 100
    job = _parsing.job_detail(body).job
    assert job.type is JobType.COPY and job.progress == 100


def test_q50_task_type_0_has_two_names_and_one_value() -> None:
    listed = _parsing.task_page(example("listTasks/seed-000.json")).items[0]  # "0: transfer task"
    detail = _parsing.task_detail(example("getTask/seed-002.json"))  # "0: transfer and deletion"
    assert generated("getTask", example("getTask/seed-002.json")).task_type == 0
    assert listed.type is detail.type is TaskType.HANDOVER


def _sent(auth: TokenAuth | AppAuth) -> httpx.Request:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"code": 0, "data": []})

    http = httpx.Client(base_url="https://kd.test", transport=httpx.MockTransport(handler))
    with KooDrive("https://kd.test", auth, http_client=http) as client:
        client.jobs.list(offset=0, limit=1)
    return seen[0]


def test_q52_x_user_id_and_x_date_whatever_the_authentication() -> None:
    for auth in (TokenAuth("t", user_id="1505084218764547200"), AppAuth("a", "s", "1505084218764547200")):
        request = _sent(auth)
        assert request.headers["X-User-Id"] == "1505084218764547200"
        assert len(request.headers["X-Date"]) == 16 and request.headers["X-Date"].endswith("Z")
    assert "X-User-Id" not in _sent(TokenAuth("t")).headers  # no user id to send without one
    assert "X-Date" in _sent(TokenAuth("t")).headers


def test_q53_example_ids_agree_with_their_times(tmp_path: Any) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    import check_examples

    documented = json.loads((ROOT / "spec/examples/listTasks/documented.json").read_text())
    assert check_examples.snowflake_problems("documented.json", documented) == []
    task = documented["responses"]["200"]["value"]["taskList"][0]
    assert _parsing.task_page(documented["responses"]["200"]["value"]).items[0].create_time == datetime(
        2024, 10, 17, 7, 17, 3, tzinfo=UTC
    )
    task["createTime"] = "2025-04-12T06:12:55.000Z"  # what the example said before issue 11
    assert check_examples.snowflake_problems("documented.json", documented) == [
        "documented.json: response 200: id 1534087020903704704 was minted at 2024-10-17T07:17:03Z "
        "but its createTime is 2025-04-12T06:12:55.000Z"
    ]


def test_q54_job_list_and_job_detail_have_different_fields() -> None:
    listed = example("listJobs/seed-001.json")["data"][0]
    detailed = example("getJob/seed-003.json")["data"]["jobInfo"]
    assert {"userId", "progress"} <= detailed.keys() and not {"userId", "progress"} & listed.keys()
    raw = generated("listJobs", example("listJobs/seed-001.json")).data[0]
    assert raw.to_dict().keys() == listed.keys()
    job = _parsing.job_list(example("listJobs/seed-001.json"))[0]
    assert isinstance(job, Job) and job.user_id is None and job.progress is None and job.name is None
    assert _parsing.job_detail(example("getJob/seed-003.json")).job.user_id == detailed["userId"]


@pytest.mark.skipif(
    not hasattr(_paging, "_Offsets"),
    reason="needs the hostile branch's jobs.iter() (walks on to an empty page)",
)
def test_q55_a_short_job_page_does_not_end_the_list() -> None:
    body = example("listJobs/seed-001.json")
    items = [{**body["data"][0], "taskId": str(1320279189273965056 + n)} for n in range(7)]
    jobs = _parsing.job_list({"code": 0, "data": items})

    def fetch(offset: int, limit: int) -> list[Job]:
        return jobs[offset : offset + min(limit, 3)]  # a server that caps pages below `limit`

    assert [job.id for job in _paging.iter_jobs(fetch, 100)] == [job.id for job in jobs]


def test_q56_iso_times_are_whole_seconds_on_the_wire() -> None:
    body = example("listTasks/seed-000.json")
    assert all(t.create_time.endswith(".000Z") for t in generated("listTasks", body).task_list_dtos)
    first = _parsing.task_page(body).items[0]
    assert first.create_time == datetime(2024, 8, 12, 7, 22, 33, tzinfo=UTC)  # the id says 33.401
    assert first.created_at > first.create_time  # so a record's id is the finer clock


def test_q57_the_job_filter_takes_every_job_type() -> None:
    parameter = SPEC["paths"]["/koodrive/ose/v1/jobs"]["get"]["parameters"][0]
    assert parameter["name"] == "type"
    jsonschema.validate(6, schema("JobType"))  # package download, left out of the carrier list
    call = list_jobs_call(0, 10, JobType.PACKAGE_DOWNLOAD, None, None)
    assert call.request()["params"]["type"] == 6


def test_q58_a_query_sent_as_post_is_retried_like_a_get() -> None:
    query = share_tasks.get_call("1521827471237047552", "s", None, None)
    create = share_tasks.create_call(
        ShareTaskType.PACKAGE_DOWNLOAD, "s", "c", ["f"], None, None, None, None, None
    )
    assert query.request()["method"] == "post"
    assert query.idempotent and not create.idempotent
    busy = ServerError("busy", status_code=503)
    assert should_retry(query.idempotent, None)(busy) > 0  # retried, after a backoff
    assert should_retry(create.idempotent, None)(busy) is False
