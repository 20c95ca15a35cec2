"""The emulator never answers outside its spec (issue 23 item 2).

A request that breaks only an assumed constraint (`x-koodrive-assumption`: an empty `containerId`,
an empty file id, a user id that is not digits) is accepted, but its value is never echoed into a
response the spec forbids: the field is left out (it is optional wherever such a value can land),
and a recipient the answer's `id` cannot carry is no recipient (spec/EXTENSIONS.md). Every response
here is validated against the spec as written, assumed constraints included (`validators` is built
from the unmodified spec).
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import TOKEN, V1, post_json
from .test_quirk_modes import assert_conforms

EMPTY_IDS_COPY = {
    "taskType": 1,
    "taskInfo": {"fileInfo": [{"fileId": ""}, {"fileId": "Fkept"}], "srcContainerId": ""},
    "dstContainerId": "",
}
EMPTY_DST_UNZIP = {
    "taskType": 5,
    "actionType": 502,
    "taskInfo": {"fileInfo": [{"fileId": "Fzip"}], "srcContainerId": "IAADsrc"},
    "dstContainerId": "",
}
EMPTY_SHARE = {"taskType": 1, "containerId": "", "fileIds": ["", "Fb"], "shareId": "1808628918203192999"}


def lenient_traffic(client: Any) -> list[tuple[str, int, Any]]:
    out: list[tuple[str, int, Any]] = []

    def record(op: str, response: Any) -> Any:
        out.append((op, response.status_code, response.json()))
        return response.json()

    jobs = [
        record("createJob", post_json(client, f"{V1}/jobs", body))["data"]
        for body in (EMPTY_IDS_COPY, EMPTY_DST_UNZIP)
    ]
    share = record("createShareTask", post_json(client, f"{V1}/share/tasks", EMPTY_SHARE))["taskId"]
    record(
        "createTask",
        post_json(client, f"{V1}/task/create", {"taskType": 0, "srcUserId": "7", "dstUserId": "a|b"}),
    )
    for _ in range(3):
        for job_id in jobs:
            record("getJob", client.get(f"{V1}/{job_id}", headers=TOKEN))
        record(
            "getShareTask",
            post_json(client, f"{V1}/share/taskDetail", {"taskId": share, "shareId": EMPTY_SHARE["shareId"]}),
        )
        record("listFile", post_json(client, f"{V1}/archive/listFile", {"containerId": "", "fileId": "Fzip"}))
    record("listJobs", client.get(f"{V1}/jobs?offset=0&limit=100", headers=TOKEN))
    record("getHandoverDstUserInfo", client.get(f"{V1}/task/dstUserInfo/7", headers=TOKEN))
    return out


@pytest.mark.parametrize("mode", ["documented", "observed", "mixed"])
def test_values_accepted_leniently_never_leave_the_spec(
    client: Any, emulator: Any, validators: Any, mode: str
) -> None:
    emulator.configure({"quirkMode": mode, "quirkSeed": 2})
    traffic = lenient_traffic(client)
    assert [s for op, s, _ in traffic if op != "getHandoverDstUserInfo"] == [200] * (len(traffic) - 1)
    assert client.get("/_emulator/state").json()["assumptionsAccepted"]  # they were accepted, counted
    assert_conforms(validators, traffic)
    listed = next(body for op, _, body in traffic if op == "listJobs")["data"]
    mine = [j for j in listed if j["taskId"] in {b["data"] for op, _, b in traffic if op == "createJob"}]
    assert mine and all("containerId" not in j for j in mine)  # left out, never ""


def test_the_response_validators_hold_the_assumed_constraints(validators: Any) -> None:
    """The check above can fail: the response validators are the spec as written."""
    body = {"code": 0, "msg": "OK", "data": [{"taskId": "1", "taskType": 1, "status": 2, "containerId": ""}]}
    assert list(validators.response_validator("listJobs", 200).iter_errors(body))
