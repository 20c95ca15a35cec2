"""Records preloaded from the spec's example pairs, and deterministic bulk records.

Every example pair in `spec/examples/` names records (job 1309243162258308352, task
1534087020903704704, share task 1521827471237047552 on share 1808628918203192832, the pending job
1289250105886769024 of the cancel example, ...). They are read from the example files themselves,
so the emulator and the spec cannot drift apart; replaying an example against a freshly reset
emulator answers with the example's status and shape. Fixtures are pinned: time never moves them.
"""

from __future__ import annotations

import json
import random
from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .ids import CHINA, parse_compact, parse_iso, snowflake_millis
from .models import BasicTask, FilePlan, Job, ShareTask, _fresh_id, make_id

if TYPE_CHECKING:
    from .models import Emulator

EXAMPLES = Path(__file__).resolve().parent / "spec" / "examples"

#: The seed page's placeholder request (`{"taskId": "string", "shareId": "string"}`) is answered
#: with the seed page's task, so that pair replays as published.
SHARE_PLACEHOLDER = ("string", "string")


def _example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    return data


def _response(name: str, status: str = "200") -> Any:
    return _example(name)["responses"][status]["value"]


def _china_ms(value: str | None) -> int | None:
    return parse_compact(value, CHINA) if value else None


def _utc_ms(value: str | None) -> int | None:
    return parse_compact(value, UTC) if value else None


def _job_from_info(info: dict[str, Any]) -> Job:
    created = _china_ms(info.get("createTime")) or snowflake_millis(info["taskId"])
    job = Job(
        id=info["taskId"],
        created_ms=created,
        status=int(info["status"]),
        step_ms=created,
        pinned=True,
        began_ms=_china_ms(info.get("beginTime")),
        ended_ms=_china_ms(info.get("endTime")),
        task_type=int(info["taskType"]),
        action_type=info.get("actionType"),
        task_name=info.get("taskName"),
        user_id=info.get("userId"),
        tenant_id=info.get("tenantId"),
        container_id=info.get("containerId"),
        content_num=info.get("contentNum"),
        task_result_code=info.get("taskResultCode"),
        result_code=info.get("resultCode"),
        download_url=info.get("downloadUrl"),
        fixed_progress=info.get("progress"),
    )
    return job


def _merge(store: dict[str, Any], record: Any) -> None:
    store.setdefault(record.id, record)


def load_fixtures(emulator: Emulator) -> None:
    jobs: dict[str, Job] = {}
    for info in _response("listJobs/seed-001.json")["data"]:
        _merge(jobs, _job_from_info(info))
    for name in ("getJob/seed-003.json", "getJob/decompress.json"):
        data = _response(name)["data"]
        job = _job_from_info(data["jobInfo"])
        job.fixed_file_results = data.get("taskInfos")
        job.uncompressed = data.get("uncompressedFileList")
        jobs[job.id] = job
    cancel_id = _example("cancelJob/cancelled.json")["request"]["body"]["value"]["jobId"]
    created = snowflake_millis(cancel_id)
    jobs[cancel_id] = Job(
        id=cancel_id,
        created_ms=created,
        step_ms=created,
        pinned=True,
        task_type=1,
        action_type=101,
        user_id=emulator.config.credentials.user_id,
        tenant_id=emulator.config.tenant_id,
        container_id="IAADfsBFCO6WtAtuA315074383680425b8aa9a130cba2d4",
        content_num=1,
        files=[
            FilePlan(
                "FuZmQ66CF0DdpKRG1Y29Iwajbq04Nhwu3",
                "IAADfsBFCO6WtAtuA315074383680425b8aa9a130cba2d4",
                None,
                True,
                "FtEXHCpfqHueAHFbEmWZNkqUH_K866MVn",
            )
        ],
    )
    emulator.jobs.extend_sorted(jobs.values())

    tasks: dict[str, BasicTask] = {}
    detail = _response("getTask/seed-002.json")
    documented = _response("listTasks/documented.json")["taskList"][0]
    for item in [detail, *_response("listTasks/seed-000.json")["taskListDtos"]]:
        extra = documented if item["taskId"] == documented["taskId"] else {}
        # Times come from the id (Q35): the documented example's times belong to another task.
        created = parse_iso(item["createTime"]) if "createTime" in item else snowflake_millis(item["taskId"])
        status = int(item["status"])
        task = BasicTask(
            id=item["taskId"],
            created_ms=created,
            status=status,
            step_ms=created,
            pinned=True,
            began_ms=created if status else None,
            ended_ms=created + 1000 if status in (2, 3) else None,
            task_type=int(item["taskType"]),
            task_name=item.get("taskName"),
            tenant_id=item.get("tenantId"),
            user_id=item.get("userId"),
            init_params=extra.get("initParams"),
            locale=extra.get("locale"),
            result_code=item.get("resultCode"),
            fail_code=item.get("resultCode"),
            show_times="createTime" in item or bool(extra),
        )
        _merge(tasks, task)
    # The seed listing answers 2 tasks to `pageSize=10` and still sends a `nextCursor`: more tasks
    # follow (Q25). These stand for them: finished handovers of the same tenant, after the seed's.
    rng = random.Random("seed-000 continuation")
    at = CONTINUATION_MS
    for i in range(12):
        at += rng.randint(60_000, 6 * 3_600_000)
        rid = make_id(at, 0x200 + i)
        task = BasicTask(
            id=rid,
            created_ms=at,
            status=2,
            step_ms=at,
            pinned=True,
            began_ms=at + 400,
            ended_ms=at + 5_000,
            task_type=0,
            task_name=f"handover-{i}",
            tenant_id="d5ac574bd2934a69baa4f23c55daa8d4",
            user_id="1395497048157130881",
            init_params="{}",
            locale="en_US",
        )
        _merge(tasks, task)
    emulator.tasks.extend_sorted(tasks.values())

    seed = _response("getShareTask/seed-004.json")
    info = seed["jobInfo"]
    share_id = _example("createShareTask/package-download.json")["request"]["body"]["value"]["shareId"]
    created = _utc_ms(info["createTime"]) or snowflake_millis(info["taskId"])
    share = ShareTask(
        id=info["taskId"],
        created_ms=created,
        status=int(info["taskStatus"]),
        step_ms=created,
        pinned=True,
        began_ms=_utc_ms(info.get("startTime")),
        ended_ms=_utc_ms(info.get("endTime")),
        share_id=share_id,
        task_type=int(info["taskType"]),
        user_id=info.get("userId"),
        container_id=seed["taskInfos"][0]["srcContainerId"],
        files=[
            FilePlan(f["fileId"], f["srcContainerId"], None, f["status"] == "1", f["newFileId"])
            for f in seed["taskInfos"]
        ],
        task_result_code=info.get("taskResultCode"),
        download_url=info.get("downloadUrl"),
        fixed_progress=info.get("progress"),
    )
    emulator.share_tasks.extend_sorted([share])
    emulator.share_aliases[SHARE_PLACEHOLDER] = share.id


CONTINUATION_MS = 1_729_209_600_000  # 2024-10-18T00:00:00Z, after every seed-example task
BASE_MS = 1_704_067_200_000  # 2024-01-01T00:00:00Z: seeded records are history, older than any new record
CONTAINERS = [
    f"IAADfsBFCO6WtAtuA{n:032x}" for n in (0x315074383680425B8AA9A130CBA2D4, 0x9ADD2FEA594E4E75B8FEB8474EF236)
]


def seeded_records(
    emulator: Emulator, *, jobs: int, tasks: int, share_tasks: int, seed: int
) -> dict[str, list[str]]:
    """`jobs` + `tasks` + `share_tasks` finished records drawn from `seed` (no clock, no minter)."""
    rng = random.Random(f"seed:{seed}")
    user, tenant = emulator.config.credentials.user_id, emulator.config.tenant_id
    made: dict[str, list[str]] = {"jobs": [], "tasks": [], "shareTasks": []}

    def new_id(store: dict[str, Any], at: int, index: int) -> tuple[str, int]:
        while True:
            rid = make_id(at, index)
            if rid not in store:
                return rid, at
            at += 1

    at = BASE_MS + rng.randint(0, 10_000)
    new_jobs = []
    for i in range(jobs):
        at += rng.randint(1, 120_000)
        rid, at = new_id(emulator.jobs.by_id, at, i)
        task_type = rng.choice((1, 1, 2, 3, 4, 5, 6))
        src, dst = rng.choice(CONTAINERS), rng.choice(CONTAINERS)
        n = rng.randint(1, 4)
        files = [FilePlan(_fresh_id(rng), src, None, rng.random() > 0.1, _fresh_id(rng)) for _ in range(n)]
        job = Job(
            id=rid,
            created_ms=at,
            step_ms=at,
            pinned=True,
            status=1,
            began_ms=at,
            task_type=task_type,
            action_type={1: 101, 2: 201, 3: 301, 5: 502}.get(task_type),
            task_name=f"seeded job {i}",
            user_id=user,
            tenant_id=tenant,
            container_id=dst,
            content_num=n,
            files=files,
        )
        if rng.random() < 0.1:
            job.status, job.ended_ms = 3, at + 500
        else:
            job.ended_ms = at + rng.randint(0, 5_000)
            job.finish(job.ended_ms)
        new_jobs.append(job)
        made["jobs"].append(rid)
    emulator.jobs.extend_sorted([*emulator.jobs.by_id.values(), *new_jobs])

    at = BASE_MS + rng.randint(0, 10_000)
    new_tasks = []
    for i in range(tasks):
        at += rng.randint(1, 60_000)
        rid, at = new_id(emulator.tasks.by_id, at, i)
        failed = rng.random() < 0.2
        code = rng.choice(("18000205", "18000201")) if failed else None
        new_tasks.append(
            BasicTask(
                id=rid,
                created_ms=at,
                status=3 if failed else 2,
                step_ms=at,
                pinned=True,
                began_ms=at + 100,
                ended_ms=at + rng.randint(200, 9_000),
                task_type=rng.choice((0, 0, 1)),
                task_name=f"seeded task {i}",
                tenant_id=tenant,
                user_id=user,
                init_params="{}",
                locale="en_US",
                fail_code=code,
                result_code=code,
            )
        )
        made["tasks"].append(rid)
    emulator.tasks.extend_sorted([*emulator.tasks.by_id.values(), *new_tasks])

    at = BASE_MS + rng.randint(0, 10_000)
    new_share = []
    for i in range(share_tasks):
        at += rng.randint(1, 60_000)
        rid, at = new_id(emulator.share_tasks.by_id, at, i)
        container = rng.choice(CONTAINERS)
        files = [
            FilePlan(_fresh_id(rng), container, None, True, _fresh_id(rng)) for _ in range(rng.randint(1, 3))
        ]
        task = ShareTask(
            id=rid,
            created_ms=at,
            status=1,
            step_ms=at,
            pinned=True,
            began_ms=at,
            share_id=str(1_800_000_000_000_000_000 + rng.randint(0, 10**15)),
            task_type=rng.choice((1, 2)),
            user_id=f"{tenant}|{user}",
            container_id=container,
            files=files,
        )
        task.ended_ms = at + 1_000
        task.finish(task.ended_ms)
        new_share.append(task)
        made["shareTasks"].append(rid)
    emulator.share_tasks.extend_sorted([*emulator.share_tasks.by_id.values(), *new_share])
    return made
