"""Malformed requests of many kinds: 400 {code: 13000102} (or 405), never a 500, never a state change."""

from __future__ import annotations

import json
from typing import Any

import pytest

from .conftest import COPY_JOB, HANDOVER, SHARE, TOKEN, V1

J = {**TOKEN, "Content-Type": "application/json"}
GOOD_TRACE = "a" * 58


def body(value: Any) -> bytes:
    return json.dumps(value).encode()


def without(d: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k != key}


# (name, method, path, extra headers, raw body)
MALFORMED: list[tuple[str, str, str, dict[str, str], bytes]] = [
    # ---- /jobs query ----
    ("jobs-no-offset", "GET", f"{V1}/jobs?limit=10", {}, b""),
    ("jobs-no-limit", "GET", f"{V1}/jobs?offset=0", {}, b""),
    ("jobs-limit-0", "GET", f"{V1}/jobs?offset=0&limit=0", {}, b""),
    ("jobs-limit-101", "GET", f"{V1}/jobs?offset=0&limit=101", {}, b""),
    ("jobs-offset-negative", "GET", f"{V1}/jobs?offset=-1&limit=10", {}, b""),
    ("jobs-offset-float", "GET", f"{V1}/jobs?offset=1.0&limit=10", {}, b""),
    ("jobs-offset-plus", "GET", f"{V1}/jobs?offset=%2B1&limit=10", {}, b""),
    ("jobs-offset-text", "GET", f"{V1}/jobs?offset=abc&limit=10", {}, b""),
    ("jobs-offset-empty", "GET", f"{V1}/jobs?offset=&limit=10", {}, b""),
    ("jobs-offset-huge", "GET", f"{V1}/jobs?offset=99999999999999999999&limit=10", {}, b""),
    ("jobs-offset-repeated", "GET", f"{V1}/jobs?offset=0&offset=1&limit=10", {}, b""),
    ("jobs-type-8", "GET", f"{V1}/jobs?offset=0&limit=10&type=8", {}, b""),
    ("jobs-status-4", "GET", f"{V1}/jobs?offset=0&limit=10&status=4", {}, b""),
    ("jobs-status-text", "GET", f"{V1}/jobs?offset=0&limit=10&status=done", {}, b""),
    ("jobs-bad-utf8", "GET", f"{V1}/jobs?offset=0&limit=10&type=%FF", {}, b""),
    # ---- headers ----
    ("language-bad", "GET", f"{V1}/jobs?offset=0&limit=10", {"language": "english-please"}, b""),
    ("language-digits", "GET", f"{V1}/jobs?offset=0&limit=10", {"language": "12"}, b""),
    ("traceid-short", "GET", f"{V1}/jobs?offset=0&limit=10", {"X-Traceid": "abc"}, b""),
    ("traceid-59", "GET", f"{V1}/jobs?offset=0&limit=10", {"X-Traceid": GOOD_TRACE + "a"}, b""),
    ("traceid-symbols", "GET", f"{V1}/jobs?offset=0&limit=10", {"X-Traceid": "-" * 58}, b""),
    ("share-folder-bad", "POST", f"{V1}/jobs", {"x-hw-share-folder-id": "a b"}, body(COPY_JOB)),
    # ---- createJob bodies ----
    ("job-empty-body", "POST", f"{V1}/jobs", {}, b""),
    ("job-not-json", "POST", f"{V1}/jobs", {}, b"taskType=1"),
    ("job-truncated-json", "POST", f"{V1}/jobs", {}, body(COPY_JOB)[:-3]),
    ("job-array", "POST", f"{V1}/jobs", {}, b"[]"),
    ("job-null", "POST", f"{V1}/jobs", {}, b"null"),
    ("job-nan", "POST", f"{V1}/jobs", {}, body(COPY_JOB).replace(b'"taskType": 1', b'"taskType": NaN')),
    ("job-bad-utf8", "POST", f"{V1}/jobs", {}, b'{"taskType": 1, "x": "\xff"}'),
    ("job-lone-surrogate", "POST", f"{V1}/jobs", {}, body(COPY_JOB)[:-1] + b', "x": "\\ud800"}'),
    ("job-deep", "POST", f"{V1}/jobs", {}, b"[" * 100_000 + b"]" * 100_000),
    ("job-huge-int", "POST", f"{V1}/jobs", {}, body({**COPY_JOB, "taskType": 10**30})),
    ("job-type-0", "POST", f"{V1}/jobs", {}, body({**COPY_JOB, "taskType": 0})),
    ("job-type-string", "POST", f"{V1}/jobs", {}, body({**COPY_JOB, "taskType": "1"})),
    ("job-type-bool", "POST", f"{V1}/jobs", {}, body({**COPY_JOB, "taskType": True})),
    ("job-action-999", "POST", f"{V1}/jobs", {}, body({**COPY_JOB, "actionType": 999})),
    ("job-no-taskinfo", "POST", f"{V1}/jobs", {}, body(without(COPY_JOB, "taskInfo"))),
    ("job-no-dst", "POST", f"{V1}/jobs", {}, body(without(COPY_JOB, "dstContainerId"))),
    ("job-empty-dst", "POST", f"{V1}/jobs", {}, body({**COPY_JOB, "dstContainerId": ""})),
    ("job-no-fileinfo", "POST", f"{V1}/jobs", {}, body({**COPY_JOB, "taskInfo": {"srcContainerId": "s"}})),
    (
        "job-empty-fileinfo",
        "POST",
        f"{V1}/jobs",
        {},
        body({**COPY_JOB, "taskInfo": {"fileInfo": [], "srcContainerId": "s"}}),
    ),
    (
        "job-fileinfo-no-id",
        "POST",
        f"{V1}/jobs",
        {},
        body({**COPY_JOB, "taskInfo": {"fileInfo": [{}], "srcContainerId": "s"}}),
    ),
    ("job-no-src", "POST", f"{V1}/jobs", {}, body({**COPY_JOB, "taskInfo": {"fileInfo": [{"fileId": "F"}]}})),
    ("job-text-plain", "POST", f"{V1}/jobs", {"Content-Type": "text/plain"}, body(COPY_JOB)),
    ("job-form", "POST", f"{V1}/jobs", {"Content-Type": "application/x-www-form-urlencoded"}, b"taskType=1"),
    ("job-password-empty", "POST", f"{V1}/jobs", {}, body({**COPY_JOB, "password": ""})),
    # ---- paths and methods ----
    ("job-id-letters", "GET", f"{V1}/abc", {}, b""),
    ("job-id-20-digits", "GET", f"{V1}/{'1' * 20}", {}, b""),
    ("job-id-encoded-slash", "GET", f"{V1}/12%2F34", {}, b""),
    ("job-id-bad-percent", "GET", f"{V1}/%FF", {}, b""),
    ("unknown-path", "GET", f"{V1}/jobs/extra", {}, b""),
    ("unknown-root", "GET", "/nothing/here", {}, b""),
    ("task-id-letters", "GET", f"{V1}/task/abc", {}, b""),
    ("task-id-negative", "GET", f"{V1}/task/-1", {}, b""),
    ("delete-jobs", "DELETE", f"{V1}/jobs", {}, b""),
    ("get-cancel", "GET", f"{V1}/cancel", {}, b""),
    ("put-task-list", "PUT", f"{V1}/task/list", {}, b""),
    ("get-share-tasks", "GET", f"{V1}/share/tasks", {}, b""),
    ("post-job-detail", "POST", f"{V1}/1309243162258308352", {}, body({})),
    # ---- cancel ----
    ("cancel-empty", "POST", f"{V1}/cancel", {}, body({})),
    ("cancel-number-id", "POST", f"{V1}/cancel", {}, body({"jobId": 1289250105886769024})),
    ("cancel-id-letters", "POST", f"{V1}/cancel", {}, body({"jobId": "x"})),
    # ---- basic tasks ----
    ("task-create-type-2", "POST", f"{V1}/task/create", {}, body({**HANDOVER, "taskType": 2})),
    ("task-create-handover-no-dst", "POST", f"{V1}/task/create", {}, body(without(HANDOVER, "dstUserId"))),
    ("task-create-import-missing", "POST", f"{V1}/task/create", {}, body({"taskType": 1, "resultId": "r"})),
    ("task-list-page-0", "GET", f"{V1}/task/list?pageSize=0", {}, b""),
    ("task-list-page-101", "GET", f"{V1}/task/list?pageSize=101", {}, b""),
    ("task-list-status-5", "GET", f"{V1}/task/list?status=5", {}, b""),
    ("task-list-status-dupe", "GET", f"{V1}/task/list?status=1&status=1", {}, b""),
    ("task-list-status-csv", "GET", f"{V1}/task/list?status=1,2", {}, b""),
    ("task-list-status-five", "GET", f"{V1}/task/list?status=0&status=1&status=2&status=3&status=0", {}, b""),
    ("task-list-cursor-text", "GET", f"{V1}/task/list?pageCursor=abc", {}, b""),
    ("task-list-cursor-negative", "GET", f"{V1}/task/list?pageCursor=-5", {}, b""),
    ("task-list-type-text", "GET", f"{V1}/task/list?taskType=handover", {}, b""),
    # ---- share tasks ----
    ("share-create-type-0", "POST", f"{V1}/share/tasks", {}, body({**SHARE, "taskType": 0})),
    ("share-create-no-files", "POST", f"{V1}/share/tasks", {}, body({**SHARE, "fileIds": []})),
    ("share-create-save-no-target", "POST", f"{V1}/share/tasks", {}, body({**SHARE, "taskType": 2})),
    ("share-create-bad-share-id", "POST", f"{V1}/share/tasks", {}, body({**SHARE, "shareId": "a b"})),
    ("share-create-file-number", "POST", f"{V1}/share/tasks", {}, body({**SHARE, "fileIds": [1]})),
    ("share-detail-no-share", "POST", f"{V1}/share/taskDetail", {}, body({"taskId": "1"})),
    ("share-detail-empty-task", "POST", f"{V1}/share/taskDetail", {}, body({"taskId": "", "shareId": "s"})),
]


def test_there_are_at_least_fifty_kinds() -> None:
    assert len({name for name, *_ in MALFORMED}) == len(MALFORMED) >= 50


@pytest.mark.parametrize(
    ("name", "method", "path", "headers", "raw"), MALFORMED, ids=[m[0] for m in MALFORMED]
)
def test_malformed_request_is_refused_without_a_state_change(
    client: Any, emulator: Any, name: str, method: str, path: str, headers: dict[str, str], raw: bytes
) -> None:
    before = emulator.snapshot()
    response = client.request(method, path, headers={**J, **headers}, content=raw or None)
    assert response.status_code in (400, 405), (name, response.status_code, response.text)
    assert response.json()["code"] == 13000102
    if response.status_code == 405:
        assert response.headers["allow"]
    assert emulator.snapshot() == before


def test_unknown_ids_answer_13000309_without_a_state_change(client: Any, emulator: Any) -> None:
    before = emulator.snapshot()
    for method, path, raw in [
        ("GET", f"{V1}/1000000000000000000", b""),
        ("GET", f"{V1}/task/1000000000000000000", b""),
        ("POST", f"{V1}/cancel", body({"jobId": "1000000000000000000"})),
        ("POST", f"{V1}/share/taskDetail", body({"taskId": "1", "shareId": "2"})),
    ]:
        response = client.request(method, path, headers=J, content=raw or None)
        assert response.status_code == 400 and response.json() == {
            "code": 13000309,
            "msg": "Resource does not exist.",
        }
    assert emulator.snapshot() == before


def test_messages_are_localised(client: Any) -> None:
    ok = client.get(f"{V1}/jobs?offset=0&limit=1", headers={**TOKEN, "language": "zh-CN"}).json()
    assert ok["msg"] == "成功"
    assert (
        client.get(f"{V1}/jobs?offset=0&limit=1", headers={**TOKEN, "language": "en_us"}).json()["msg"]
        == "OK"
    )
    bad = client.get(f"{V1}/jobs?offset=0&limit=500", headers={**TOKEN, "language": "zh_cn"}).json()
    assert bad == {"code": 13000102, "msg": "参数校验失败。"}
