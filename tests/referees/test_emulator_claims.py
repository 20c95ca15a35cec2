"""The catalogue's `emulator` claims, each checked against the emulator itself (spec/quirks.yaml
names these tests in `emulator_test`; the others it names live in tests/emulator/)."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from koodrive_emulator import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

V1 = "/koodrive/ose/v1"
TOKEN = {"Authorization": "Bearer emulator-token", "Content-Type": "application/json"}
COPY = {
    "taskType": 1,
    "taskInfo": {"fileInfo": [{"fileId": "Fok"}, {"fileId": "Ffail1"}], "srcContainerId": "IAADsrc"},
    "dstContainerId": "IAADdst",
}
UNZIP = {
    "taskType": 5,
    "taskInfo": {"fileInfo": [{"fileId": "Fz"}], "srcContainerId": "s"},
    "dstContainerId": "d",
}
SHARE = {"taskType": 1, "containerId": "IAACk0", "fileIds": ["Fa", "Fb"], "shareId": "1808628918203192999"}
IMPORT = {"taskType": 1, "resultId": "r", "orgId": "o", "orgUserId": "u"}
SEED_SHARE = {"taskId": "1521827471237047552", "shareId": "1808628918203192832"}


@pytest.fixture
def client() -> Iterator[TestClient]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with TestClient(create_app()) as test_client:
            yield test_client


def mode(client: TestClient, name: str, **extra: Any) -> None:
    assert (
        client.post("/_emulator/config", json={"quirkMode": name, "quirkSeed": 5, **extra}).status_code == 200
    )


def post(client: TestClient, path: str, body: Any) -> Any:
    return client.post(f"{V1}{path}", content=json.dumps(body).encode(), headers=TOKEN)


def get(client: TestClient, path: str) -> Any:
    return client.get(f"{V1}{path}", headers=TOKEN)


def finished_job(client: TestClient, body: dict[str, Any]) -> dict[str, Any]:
    job_id = post(client, "/jobs", body).json()["data"]
    for _ in range(10):
        detail: dict[str, Any] = get(client, f"/{job_id}").json()
        if detail["data"]["jobInfo"]["status"] == 2:
            return detail
    raise AssertionError(f"job {job_id} did not finish")


def keys_anywhere(node: Any) -> set[str]:
    if isinstance(node, dict):
        return set(node) | {k for v in node.values() for k in keys_anywhere(v)}
    if isinstance(node, list):
        return {k for v in node for k in keys_anywhere(v)}
    return set()


def test_q01_emulator_code_type_follows_the_mode(client: TestClient) -> None:
    seen: dict[str, set[type]] = {}
    for name in ("observed", "documented", "mixed"):
        mode(client, name)
        types = set()
        for _ in range(20):
            types.add(type(get(client, "/jobs?offset=0&limit=1").json()["code"]))
            types.add(type(get(client, "/task/1000000000000000000").json()["code"]))  # an error body
        seen[name] = types
    assert seen == {"observed": {int}, "documented": {str}, "mixed": {int, str}}


def test_q02_emulator_task_list_key_follows_the_mode(client: TestClient) -> None:
    for name, keys in (("observed", {"taskListDtos"}), ("documented", {"taskList"})):
        mode(client, name)
        assert {k for k in get(client, "/task/list?pageSize=1").json() if k.startswith("taskList")} == keys
    mode(client, "mixed")
    drawn = {
        next(k for k in get(client, "/task/list?pageSize=1").json() if k.startswith("taskList"))
        for _ in range(30)
    }
    assert drawn == {"taskList", "taskListDtos"}


def test_q03_emulator_cursor_type_follows_the_mode(client: TestClient) -> None:
    for name, kind in (("observed", int), ("documented", str)):
        mode(client, name)
        assert isinstance(get(client, "/task/list?pageSize=1").json()["nextCursor"], kind)
    mode(client, "mixed")
    assert {type(get(client, "/task/list?pageSize=1").json()["nextCursor"]) for _ in range(30)} == {int, str}


def test_q04_emulator_empty_or_missing_cursor_is_the_first_page(client: TestClient) -> None:
    first = get(client, "/task/list?pageSize=2").json()
    assert get(client, "/task/list?pageSize=2&pageCursor").json() == first
    assert get(client, "/task/list?pageSize=2&pageCursor=").json() == first
    bad = get(client, "/task/list?pageCursor=abc")
    assert bad.status_code == 400 and bad.json()["code"] == 13000102


def test_q05_emulator_documented_sends_only_the_first_file(client: TestClient) -> None:
    task_id = post(client, "/share/tasks", SHARE).json()["taskId"]
    detail = {"taskId": task_id, "shareId": SHARE["shareId"]}
    for _ in range(3):
        post(client, "/share/taskDetail", detail)
    observed = post(client, "/share/taskDetail", detail).json()["taskInfos"]
    mode(client, "documented")
    documented = post(client, "/share/taskDetail", detail).json()["taskInfos"]
    assert isinstance(observed, list) and len(observed) == 2
    assert documented == observed[0]  # one object: the other file's result is not on the wire
    mode(client, "mixed")
    shapes = {type(post(client, "/share/taskDetail", detail).json().get("taskInfos")) for _ in range(30)}
    assert {list, dict} <= shapes


def directories(entries: Any) -> Iterator[dict[str, Any]]:
    for entry in entries if isinstance(entries, list) else [entries]:
        if entry.get("type") == 2:
            yield entry
            yield from directories(entry.get("subFileList", []))


def test_q06_emulator_sub_file_lists(client: TestClient) -> None:
    lone: set[str] = set()
    for i in range(20):  # archive layouts are drawn per archive; find one with a directory of one child
        archive = {**UNZIP, "taskInfo": {"fileInfo": [{"fileId": f"Fz{i}"}], "srcContainerId": "s"}}
        detail = finished_job(client, archive)["data"]
        job_id = detail["jobInfo"]["taskId"]
        observed = list(directories(detail["uncompressedFileList"]))
        assert observed and all(isinstance(d["subFileList"], list) for d in observed)
        lone = {d["name"] for d in observed if len(d["subFileList"]) == 1}
        if lone:
            break
    mode(client, "documented")
    again = {
        d["name"]: d for d in directories(get(client, f"/{job_id}").json()["data"]["uncompressedFileList"])
    }
    assert lone and all(isinstance(again[name]["subFileList"], dict) for name in lone)


def test_q07_emulator_never_writes_the_misspelt_key(client: TestClient) -> None:
    for name in ("observed", "documented", "mixed"):
        mode(client, name)
        assert "reservatioinInfo" not in keys_anywhere(finished_job(client, UNZIP))


def test_q08_emulator_result_code_types_per_family_in_every_mode(client: TestClient) -> None:
    for name in ("observed", "documented", "mixed"):
        mode(client, name, outcomes={"failRate": 1.0})
        job = finished_job(client, COPY)["data"]
        assert isinstance(job["jobInfo"]["resultCode"], int)
        assert {type(f["resultCode"]) for f in job["taskInfos"] if "resultCode" in f} == {str}
        task_id = post(client, "/task/create", IMPORT).json()["taskId"]
        for _ in range(5):
            task = get(client, f"/task/{task_id}").json()
        assert task["status"] == 3 and isinstance(task["resultCode"], str)


def test_q09_emulator_file_status_is_a_string(client: TestClient) -> None:
    for name in ("observed", "documented"):
        mode(client, name)
        assert {type(f["status"]) for f in finished_job(client, COPY)["data"]["taskInfos"]} == {str}


def test_q10_emulator_share_tasks_say_task_status_and_start_time(client: TestClient) -> None:
    share = post(client, "/share/taskDetail", SEED_SHARE).json()["jobInfo"]
    job = finished_job(client, COPY)["data"]["jobInfo"]
    assert {"taskStatus", "startTime"} <= share.keys() and not {"status", "beginTime"} & share.keys()
    assert {"status", "beginTime"} <= job.keys() and not {"taskStatus", "startTime"} & job.keys()


def test_q11_emulator_status_3_per_family(client: TestClient) -> None:
    mode(client, "observed", outcomes={"failRate": 1.0})
    task_id = post(client, "/task/create", IMPORT).json()["taskId"]
    statuses = [get(client, f"/task/{task_id}").json()["status"] for _ in range(5)]
    assert statuses[-1] == 3  # a failed basic task
    done = finished_job(client, COPY)["data"]["jobInfo"]
    assert done["status"] == 2 and done["taskResultCode"] == 3  # a job whose files all failed is not 3
    job_id = post(client, "/jobs", COPY).json()["data"]
    post(client, "/cancel", {"jobId": job_id})
    assert get(client, f"/{job_id}").json()["data"]["jobInfo"]["status"] == 3  # only a cancel makes 3


def test_q13_emulator_archive_times_are_epoch_millis(client: TestClient) -> None:
    entries = finished_job(client, UNZIP)["data"]["uncompressedFileList"]
    now_ms = int(client.get("/_emulator/clock").json()["epochMillis"])
    assert all(isinstance(e["updatedAt"], int) and 0 < e["updatedAt"] <= now_ms for e in entries)


def test_q15_emulator_ids_are_quoted_19_digits(client: TestClient) -> None:
    job_id = post(client, "/jobs", COPY).json()["data"]
    task_id = post(client, "/task/create", IMPORT).json()["taskId"]
    share_id = post(client, "/share/tasks", SHARE).json()["taskId"]
    assert all(isinstance(i, str) and len(i) == 19 and i.isdigit() for i in (job_id, task_id, share_id))


def test_q16_emulator_user_id_forms(client: TestClient) -> None:
    seed_share = post(client, "/share/taskDetail", SEED_SHARE).json()["jobInfo"]["userId"]
    assert seed_share == "0929b397a3424384b32cf8f96d9f35e4|1465814559892958208"
    assert get(client, "/1309243162258308352").json()["data"]["jobInfo"]["userId"] == (
        "40086000004871666-369528171409614001"
    )
    user = "1505084218764547200"  # the emulator's caller
    task_id = post(client, "/share/tasks", SHARE).json()["taskId"]
    new_share = post(client, "/share/taskDetail", {"taskId": task_id, "shareId": SHARE["shareId"]}).json()
    assert new_share["jobInfo"]["userId"].endswith(f"|{user}")
    assert finished_job(client, COPY)["data"]["jobInfo"]["userId"] == user


def test_q17_to_q21_emulator_envelopes(client: TestClient) -> None:
    assert isinstance(get(client, "/jobs?offset=0&limit=2").json()["data"], list)  # Q17
    copy, unzip = finished_job(client, COPY)["data"], finished_job(client, UNZIP)["data"]  # Q18
    assert "uncompressedFileList" not in copy and "uncompressedFileList" in unzip
    task = get(client, "/task/1534087020903704704").json()  # Q19
    assert "data" not in task and {"taskId", "code", "msg"} <= task.keys()
    created = post(client, "/task/create", IMPORT).json()
    assert "data" not in created and "taskId" in created
    detail = get(client, f"/task/{created['taskId']}").json()  # seed 002's table: no list-only fields
    assert not {"createTime", "startTime", "endTime", "initParams", "locale"} & detail.keys()
    for name in ("observed", "documented"):  # Q20
        mode(client, name)
        assert {"jobInfo", "taskInfos"} <= post(client, "/share/taskDetail", SEED_SHARE).json().keys()
    mode(client, "mixed")
    assert any("taskInfo" in post(client, "/share/taskDetail", SEED_SHARE).json() for _ in range(30))
    page = get(client, "/task/list?pageSize=1").json()  # Q21
    assert "data" not in page and "nextCursor" in page


def test_q22_emulator_literal_routes_and_digit_job_ids(client: TestClient) -> None:
    assert "data" in get(client, "/jobs?offset=0&limit=1").json()  # listJobs, not a job lookup
    assert get(client, "/cancel").status_code == 405
    letters = get(client, "/abc")
    assert letters.status_code == 400 and letters.json()["code"] == 13000102
    unknown = get(client, "/1000000000000000000")
    assert unknown.status_code == 400 and unknown.json()["code"] == 13000309


def test_q23_emulator_offsets_are_zero_based(client: TestClient) -> None:
    first = get(client, "/jobs?offset=0&limit=1").json()["data"]
    second = get(client, "/jobs?offset=1&limit=1").json()["data"]
    assert first and second and first[0]["taskId"] != second[0]["taskId"]
    negative = get(client, "/jobs?offset=-1&limit=1")
    assert negative.status_code == 400 and negative.json()["code"] == 13000102


def test_q24_emulator_status_filter_is_repeated_or_comma_separated(client: TestClient) -> None:
    page = get(client, "/task/list?status=2&status=3&pageSize=100").json()
    assert {t["status"] for t in page["taskListDtos"]} <= {2, 3}
    csv = get(client, "/task/list?status=2,3&pageSize=100")
    assert csv.status_code == 200 and csv.json() == page  # the serialisation is an assumption
    bad = get(client, "/task/list?status=0,x")
    assert bad.status_code == 400 and bad.json()["code"] == 13000102


def test_q37_emulator_authentication_failures_are_13000101(client: TestClient) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong"}):
        response = client.get(f"{V1}/jobs?offset=0&limit=1", headers=headers)
        assert response.status_code == 401 and response.json()["code"] == 13000101


def test_q38_emulator_never_sends_the_gateway_shape(client: TestClient) -> None:
    for response in (
        get(client, "/task/1"),
        client.get(f"{V1}/jobs?offset=0&limit=1"),
        get(client, "/jobs?offset=0&limit=500"),
        client.put(f"{V1}/task/list", headers=TOKEN),
    ):
        assert set(response.json()) == {"code", "msg"}, response.text


def test_q41_emulator_action_types_are_not_paired_with_job_types(client: TestClient) -> None:
    odd = post(
        client, "/jobs", {**COPY, "taskType": 2, "actionType": 503}
    )  # a decompression action on a delete
    assert odd.status_code == 200
    default = finished_job(client, {**COPY, "taskType": 3})["data"]["jobInfo"]
    assert default["actionType"] == 301  # defaulted per job type when absent
    bad = post(client, "/jobs", {**COPY, "actionType": 999})
    assert bad.status_code == 400 and bad.json()["code"] == 13000102


def test_q44_emulator_auth_is_401_and_validation_400(client: TestClient) -> None:
    assert client.get(f"{V1}/jobs?offset=0&limit=500").status_code == 401  # authentication comes first
    assert get(client, "/jobs?offset=0&limit=500").status_code == 400


def test_q45_emulator_filters_jobs_by_type_only(client: TestClient) -> None:
    post(client, "/jobs", UNZIP)
    post(client, "/jobs", COPY)
    by_type = get(client, "/jobs?offset=0&limit=100&type=5").json()["data"]
    assert by_type and {j["taskType"] for j in by_type} == {5}
    everything = get(client, "/jobs?offset=0&limit=100").json()["data"]
    assert {j["taskType"] for j in everything} >= {1, 5}
    assert get(client, "/jobs?offset=0&limit=100&taskType=5").json()["data"] == everything


def test_q56_emulator_iso_times_are_utc(client: TestClient) -> None:
    task_id = post(client, "/task/create", IMPORT).json()["taskId"]
    get(client, f"/task/{task_id}")
    # the times are the list's items' (x-koodrive-list-only: seed 002's getTask table has none)
    page = get(client, "/task/list").json()["taskListDtos"]
    task = next(t for t in page if t["taskId"] == task_id)
    assert task["createTime"].endswith("Z") and task["createTime"][10] == "T"


def test_q25_emulator_a_page_size_no_page_forbids_reads_as_the_default(client: TestClient) -> None:
    """pageSize's minimum is an assumption: 0 or a negative size is accepted, counted, and read as 100."""
    default = get(client, "/task/list").json()
    for size in ("0", "-5", "-2147483647"):
        page = get(client, f"/task/list?pageSize={size}&pageCursor=-9223372036854775808")
        assert page.status_code == 200 and page.json()["taskListDtos"] == default["taskListDtos"]
    hits = client.app.state.validators.assumption_hits  # type: ignore[attr-defined]
    assert hits["listTasks query pageSize"] == 3 and hits["listTasks query pageCursor"] == 3
