"""Quirk modes: documented, observed and mixed responses all conform to the spec."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import COPY_JOB, HANDOVER, SHARE, TOKEN, V1, post_json


def exercise(client: Any) -> list[tuple[str, int, Any]]:
    """One response of every operation (and the error statuses), as (operationId, status, body)."""
    out: list[tuple[str, int, Any]] = []

    def record(op: str, response: Any) -> Any:
        out.append((op, response.status_code, response.json()))
        return response.json()

    job_id = record("createJob", post_json(client, f"{V1}/jobs", COPY_JOB))["data"]
    unzip = {
        "taskType": 5,
        "taskInfo": {"fileInfo": [{"fileId": "Fz"}], "srcContainerId": "s"},
        "dstContainerId": "d",
    }
    unzip_id = post_json(client, f"{V1}/jobs", unzip).json()["data"]
    for _ in range(3):
        record("getJob", client.get(f"{V1}/{job_id}", headers=TOKEN))
        record("getJob", client.get(f"{V1}/{unzip_id}", headers=TOKEN))
    record("getJob", client.get(f"{V1}/1486368980720435200", headers=TOKEN))
    record("listJobs", client.get(f"{V1}/jobs?offset=0&limit=100", headers=TOKEN))
    record("cancelJob", post_json(client, f"{V1}/cancel", {"jobId": "1289250105886769024"}))
    record("cancelJob", post_json(client, f"{V1}/cancel", {"jobId": "1289250105886769024"}))
    task_id = record("createTask", post_json(client, f"{V1}/task/create", HANDOVER))["taskId"]
    for _ in range(3):
        record("getTask", client.get(f"{V1}/task/{task_id}", headers=TOKEN))
    record("getTask", client.get(f"{V1}/task/1534087020903704704", headers=TOKEN))
    record("listTasks", client.get(f"{V1}/task/list?pageSize=2", headers=TOKEN))
    share_id = record("createShareTask", post_json(client, f"{V1}/share/tasks", SHARE))["taskId"]
    for _ in range(3):
        record(
            "getShareTask",
            post_json(client, f"{V1}/share/taskDetail", {"taskId": share_id, "shareId": SHARE["shareId"]}),
        )
    record("listJobs", client.get(f"{V1}/jobs?offset=0&limit=100", headers={"Authorization": "nope"}))
    record("getTask", client.get(f"{V1}/task/1", headers=TOKEN))
    return out


def assert_conforms(validators: Any, responses: list[tuple[str, int, Any]]) -> None:
    for op, status, body in responses:
        errors = list(validators.response_validator(op, status).iter_errors(body))
        assert not errors, (op, status, body, errors[:3])


@pytest.mark.parametrize("mode", ["documented", "observed", "mixed"])
def test_every_mode_conforms_to_the_spec(client: Any, emulator: Any, validators: Any, mode: str) -> None:
    emulator.configure({"quirkMode": mode, "quirkSeed": 3})
    assert_conforms(validators, exercise(client))


def test_observed_mode_is_what_the_examples_show(client: Any) -> None:
    page = client.get(f"{V1}/task/list?pageSize=1", headers=TOKEN).json()
    assert "taskListDtos" in page and isinstance(page["code"], int) and isinstance(page["nextCursor"], int)
    share = post_json(
        client, f"{V1}/share/taskDetail", {"taskId": "1521827471237047552", "shareId": "1808628918203192832"}
    )
    assert isinstance(share.json()["taskInfos"], list)


def test_documented_mode_is_what_the_tables_say(client: Any, emulator: Any) -> None:
    emulator.configure({"quirkMode": "documented"})
    page = client.get(f"{V1}/task/list?pageSize=1", headers=TOKEN).json()
    assert "taskList" in page and page["code"] == "0" and isinstance(page["nextCursor"], str)
    share = post_json(
        client, f"{V1}/share/taskDetail", {"taskId": "1521827471237047552", "shareId": "1808628918203192832"}
    )
    assert isinstance(share.json()["taskInfos"], dict)  # Q5: "TaskInfo object"
    error = client.get(f"{V1}/task/1", headers=TOKEN).json()
    assert error["code"] == "13000309"


def test_mixed_mode_draws_every_variant_reproducibly(client: Any, emulator: Any) -> None:
    def draw() -> list[tuple[str, str, str]]:
        emulator.configure({"quirkMode": "mixed", "quirkSeed": 11})
        seen = []
        for _ in range(30):
            page = client.get(f"{V1}/task/list?pageSize=1", headers=TOKEN).json()
            key = "taskList" if "taskList" in page else "taskListDtos"
            seen.append((key, type(page["code"]).__name__, type(page["nextCursor"]).__name__))
        return seen

    first = draw()
    assert {k for k, _, _ in first} == {"taskList", "taskListDtos"}
    assert {c for _, c, _ in first} == {"int", "str"}
    assert draw() == first  # the same seed, the same variants


def test_a_pinned_quirk_overrides_the_mode(client: Any, emulator: Any) -> None:
    emulator.configure({"quirks": {"Q20": "taskInfo"}})
    body = post_json(
        client, f"{V1}/share/taskDetail", {"taskId": "1521827471237047552", "shareId": "1808628918203192832"}
    )
    assert "taskInfo" in body.json() and "jobInfo" not in body.json()
