"""A scripted run of every operation of the spec against a live emulator, for the referees.

`exchanges(send)` drives one emulator through each of the twelve operations: creates, reads while the
records move through their lifecycles, paging, cancels, lookups of unknown ids (400 13000309) and,
where a referee validates requests itself, nothing it would refuse before the emulator sees it. The
same script runs in each quirk mode (`documented`, `observed`, `mixed`), so every variant of every
response shape is met. `send` is the referee's transport; it returns the status and the parsed body,
and the script follows the ids the bodies hand back.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from koodrive_generated.operations import OPERATIONS as _REGISTRY

MODES = ("documented", "observed", "mixed")
V1 = "/koodrive/ose/v1"
TOKEN = {"Authorization": "Bearer emulator-token"}
UNKNOWN_ID = "1000000000000000000"


@dataclass
class Exchange:
    """One request of the script and what came back."""

    operation_id: str
    method: str
    path: str
    query: list[tuple[str, str]] = field(default_factory=list)
    body: Any = None
    status: int = 0
    response: Any = None
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def raw_body(self) -> bytes:
        return b"" if self.body is None else json.dumps(self.body).encode()


Send = Callable[[Exchange], Exchange]


def exchanges(send: Send, *, rounds: int = 3) -> list[Exchange]:
    """Run the script once through `send`; the answered exchanges, in order."""
    done: list[Exchange] = []

    def go(operation_id: str, method: str, path: str, **kw: Any) -> Exchange:
        answered = send(Exchange(operation_id, method, path, **kw))
        done.append(answered)
        return answered

    copy = {
        "taskType": 1,
        "actionType": 101,
        "taskInfo": {
            "fileInfo": [{"fileId": "FuZmQ66CF0DdpKRG1Y29Iwajbq04Nhwu3"}, {"fileId": "Ffail-one"}],
            "srcContainerId": "IAADfsBFCO6WtAtuA315074383680425b8aa9a130cba2d4",
        },
        "dstContainerId": "IAADfsBFCO6WtAtuA9add2fea594e4e75b8feb8474ef236",
    }
    decompress = {
        "taskType": 5,
        "actionType": 502,
        "taskInfo": {"fileInfo": [{"fileId": "Farchive"}], "srcContainerId": "IAADsrc"},
        "dstContainerId": "IAADdst",
    }
    package = {**copy, "taskType": 6, "actionType": None}
    del package["actionType"]
    handover = {"taskType": 0, "srcUserId": "1397687227244555008", "dstUserId": "1507947856550550784"}
    user_import = {"taskType": 1, "resultId": "r1", "orgId": "o1", "orgUserId": "u1"}
    share = {
        "taskType": 1,
        "containerId": "IAACk0hRXpq9DAWkA1465823622533999616",
        "fileIds": ["FmvP8my7yGTvCmKhweL1BoY6kWjRt83A7", "FulYbSXt1ovCywA4qda1Fe64BveY4dMvw"],
        "shareId": "1808628918203192999",
    }
    save = {**share, "taskType": 2, "targetFileId": {"fileId": "root", "containerId": "IAACk0dst"}}

    job_ids: list[str] = []
    for body in (copy, decompress, package):
        created = go("createJob", "POST", f"{V1}/jobs", body=body)
        if created.status == 200:
            job_ids.append(str(created.response["data"]))
    task_ids: list[str] = []
    for body in (handover, user_import):
        created = go("createTask", "POST", f"{V1}/task/create", body=body)
        if created.status == 200:
            task_ids.append(str(created.response["taskId"]))
    share_ids: list[tuple[str, str]] = []
    for body in (share, save):
        created = go("createShareTask", "POST", f"{V1}/share/tasks", body=body)
        if created.status == 200:
            share_ids.append((str(created.response["taskId"]), body["shareId"]))

    for _ in range(rounds):  # each read moves the records on (the default `reads` transitions)
        for job_id in job_ids:
            go("getJob", "GET", f"{V1}/{job_id}")
        for task_id in task_ids:
            go("getTask", "GET", f"{V1}/task/{task_id}")
        for task_id, share_id in share_ids:
            go(
                "getShareTask",
                "POST",
                f"{V1}/share/taskDetail",
                body={"taskId": task_id, "shareId": share_id},
            )

    for query in ([("offset", "0"), ("limit", "2")], [("offset", "2"), ("limit", "100"), ("type", "1")]):
        go("listJobs", "GET", f"{V1}/jobs", query=query)
    go("listJobs", "GET", f"{V1}/jobs", query=[("offset", "0"), ("limit", "10"), ("status", "2")])
    cursor: str | None = None
    for _ in range(3):
        query = [("pageSize", "2")] + ([("pageCursor", cursor)] if cursor else [])
        page = go("listTasks", "GET", f"{V1}/task/list", query=query)
        nxt = page.response.get("nextCursor") if page.status == 200 else None
        if nxt is None:
            break
        cursor = str(nxt)
    go("listTasks", "GET", f"{V1}/task/list", query=[("taskType", "0"), ("status", "2"), ("status", "3")])

    # the three operations that read what other records left behind
    go("getTaskResult", "GET", f"{V1}/task/result", query=[("taskId", task_ids[-1])] if task_ids else [])
    go("getHandoverDstUserInfo", "GET", f"{V1}/task/dstUserInfo/{handover['srcUserId']}")
    for file_id in ("Farchive", "Fnever-decompressed"):  # a decompression job's archive, and one before any
        for _ in range(rounds):  # the asynchronous form until the listing (the default `reads` transitions)
            go(
                "listFile",
                "POST",
                f"{V1}/archive/listFile",
                body={"containerId": "IAADsrc", "fileId": file_id},
            )

    fresh = go("createJob", "POST", f"{V1}/jobs", body=copy)
    if fresh.status == 200:
        go("cancelJob", "POST", f"{V1}/cancel", body={"jobId": str(fresh.response["data"])})
        go("getJob", "GET", f"{V1}/{fresh.response['data']}")
    # lookups of ids that name nothing: valid requests, answered 400 {code: 13000309}
    go("getJob", "GET", f"{V1}/{UNKNOWN_ID}")
    go("getTask", "GET", f"{V1}/task/{UNKNOWN_ID}")
    go("cancelJob", "POST", f"{V1}/cancel", body={"jobId": UNKNOWN_ID})
    go("getShareTask", "POST", f"{V1}/share/taskDetail", body={"taskId": UNKNOWN_ID, "shareId": "s"})
    go("getTaskResult", "GET", f"{V1}/task/result", query=[("taskId", UNKNOWN_ID)])
    go("getHandoverDstUserInfo", "GET", f"{V1}/task/dstUserInfo/{UNKNOWN_ID}")
    go("listFile", "POST", f"{V1}/archive/listFile", body={"containerId": "IAADsrc", "fileId": "Fmissing"})
    return done


#: The operations of the spec (the generated registry), each of which the script calls.
OPERATIONS = frozenset(_REGISTRY)


def operations_of(run: list[Exchange]) -> set[str]:
    return {exchange.operation_id for exchange in run}


def counts_of(run: list[Exchange]) -> dict[str, int]:
    """Exchanges per operation, in the spec's order."""
    counts: dict[str, int] = {}
    for exchange in run:
        counts[exchange.operation_id] = counts.get(exchange.operation_id, 0) + 1
    return dict(sorted(counts.items()))
