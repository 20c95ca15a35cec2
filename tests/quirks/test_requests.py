"""Request-side quirks: what the client sends, and what the spec refuses to let it send."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

import httpx
import jsonschema
import pytest
import yaml
from koodrive_emulator import RunningEmulator
from koodrive_generated.models.share_task_type import ShareTaskType
from koodrive_tasks import JobActionType, JobType, KooDrive, TaskStatus, TokenAuth
from koodrive_tasks.resources.jobs import create_call as create_job_call
from koodrive_tasks.resources.jobs import list_call as list_jobs_call
from koodrive_tasks.resources.tasks import list_call as list_tasks_call

from .conftest import ROOT, example_request

SPEC = yaml.safe_load((ROOT / "spec/koodrive-tasks.yaml").read_text())


def schema(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}", "components": SPEC["components"]}


def query_of(call: Any) -> list[tuple[str, str]]:
    kwargs = call.request()
    request = httpx.Client(base_url="https://kd.test").build_request(
        kwargs["method"], kwargs["url"], params=kwargs["params"]
    )
    return parse_qsl(request.url.query.decode())


def test_q24_status_filter_is_repeated_parameter() -> None:
    call = list_tasks_call(None, [TaskStatus.NEW, TaskStatus.FAILED], None, None, None)
    assert [pair for pair in query_of(call) if pair[0] == "status"] == [("status", "0"), ("status", "3")]


def test_q26_seed_request_line_fixed_to_get() -> None:
    request = example_request("listTasks/seed-000.json")
    assert request["line"].startswith("GET /koodrive/ose/v1/task/list?")  # the seed page says GTE
    assert "get" in SPEC["paths"]["/koodrive/ose/v1/task/list"]


def test_q32_language_variants_and_localised_msg(emulator: RunningEmulator) -> None:
    seen: dict[str, str] = {}
    for language in ("en-US", "zh-CN", "en_us"):
        answers: list[httpx.Response] = []

        def keep(response: httpx.Response, answers: list[httpx.Response] = answers) -> None:
            response.read()
            answers.append(response)

        http = httpx.Client(base_url=emulator.base_url, event_hooks={"response": [keep]})
        with (
            http,
            KooDrive(
                emulator.base_url, TokenAuth("emulator-token"), language=language, http_client=http
            ) as client,
        ):
            client.jobs.list(limit=1)
        [answer] = answers
        assert answer.request.headers["language"] == language  # the caller's string, unchanged
        seen[language] = answer.json()["msg"]  # what the server made of the header the client sent
    assert seen["zh-CN"] == "成功" and seen["en-US"] != "成功" and seen["en_us"] != "成功"


def test_q40_share_task_type_zero_refused() -> None:
    with pytest.raises(ValueError):
        ShareTaskType(0)  # the published example's placeholder `taskType: 0`
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            {"taskType": 0, "containerId": "c", "fileIds": ["f"], "shareId": "s"},
            schema("CreateShareTaskRequest"),
        )


def test_q41_action_type_not_limited_to_task_types_1_to_3() -> None:
    call = create_job_call(
        JobType.DECOMPRESS,
        src_container_id="c",
        dst_container_id="d",
        file_ids=["f"],
        file_paths=None,
        action_type=JobActionType.DECOMPRESS_ALL,
        new_file_path=None,
        uncompress_file_paths=None,
        password=None,
        share_folder_id=None,
        trace_id=None,
    )
    body = call.request()["json"]
    assert body["taskType"] == 5 and body["actionType"] == 502
    jsonschema.validate(body, schema("CreateJobRequest"))


def test_q42_share_task_id_not_validated_as_digits() -> None:
    request = example_request("getShareTask/seed-004.json")
    jsonschema.validate(request["body"]["value"], schema("GetShareTaskRequest"))  # {"taskId": "string", ...}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate("string", schema("SnowflakeId"))


def test_q45_job_filter_named_type() -> None:
    call = list_jobs_call(0, 10, JobType.COPY, None, None)
    assert ("type", "1") in query_of(call) and all(name != "taskType" for name, _ in query_of(call))
