"""Records preloaded from the spec's example pairs, and deterministic bulk records.

Every example pair in `spec/examples/` names records (job 1309243162258308352, task
1534087020903704704, share task 1521827471237047552 on share 1808628918203192832, the pending job
1289250105886769024 of the cancel example, ...). They are read from the example files themselves
(beside the spec the emulator was built on), each with every field its example carries; a fixture
answers with its example's body unchanged until it moves, so each seed pair replays verbatim
against a freshly reset emulator. Fixtures are pinned: time never moves them, `/step` and cancel do.

This module builds records and returns them; it knows nothing of the service that stores them.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .config import EmulatorConfig
from .ids import LOW_BITS
from .models import MOMENTS, BasicTask, FilePlan, Job, Record, ShareTask, fresh_file_id
from .schema import RecordSchema, WireFormats

JSON = Any


@dataclass
class Loaded:
    jobs: list[Job] = field(default_factory=list)
    tasks: list[BasicTask] = field(default_factory=list)
    share_tasks: list[ShareTask] = field(default_factory=list)
    #: (taskId, shareId) of a share-task query that names the fixture by other values (seed 004's
    #: request sends the placeholders `"string"`) -> the fixture's id.
    share_aliases: dict[tuple[str, str], str] = field(default_factory=dict)


class _Examples:
    def __init__(self, formats: WireFormats) -> None:
        self.root = formats.examples

    def pair(self, name: str) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((self.root / name).read_text(encoding="utf-8"))
        return data

    def response(self, name: str, status: str = "200") -> Any:
        return self.pair(name)["responses"][status]["value"]

    def request_body(self, name: str) -> Any:
        return self.pair(name)["request"]["body"]["value"]


def _moments(record: Record, schema: RecordSchema, values: Mapping[str, JSON]) -> None:
    """Set the record's lifecycle moments from the time fields its example carries (spec codecs)."""
    for name, codec in schema.times.items():
        moment = MOMENTS.get(name)
        if moment is not None and values.get(name) is not None:
            setattr(record, moment, codec.read(values[name]))


def _wire_to_millis(entries: Iterable[Mapping[str, JSON]], schema: RecordSchema) -> list[dict[str, JSON]]:
    """Archive entries with their time fields as Unix milliseconds (how records keep times)."""
    out = []
    for entry in entries:
        item = {
            k: (schema.times[k].read(v) if k in schema.times and v is not None else v)
            for k, v in entry.items()
        }
        children = item.get("subFileList")
        if isinstance(children, list):
            item["subFileList"] = _wire_to_millis(children, schema)
        elif isinstance(children, dict):
            item["subFileList"] = _wire_to_millis([children], schema)
        out.append(item)
    return out


def _job(formats: WireFormats, info: Mapping[str, JSON], owner: str) -> Job:
    job = Job(
        id=str(info["taskId"]),
        created_ms=formats.snowflake.millis(info["taskId"]),
        status=int(info["status"]),
        pinned=True,
        fields=dict(info),
        verbatim=dict(info),
        task_type=int(info["taskType"]),
        owner=str(info.get("userId", owner)),
        task_result_code=info.get("taskResultCode"),
        result_code=info.get("resultCode"),
        download_url=info.get("downloadUrl"),
        fixed_progress=info.get("progress"),
    )
    _moments(job, formats["job"], info)
    job.step_ms = job.created_ms
    return job


def _task(formats: WireFormats, item: Mapping[str, JSON]) -> BasicTask:
    task = BasicTask(
        id=str(item["taskId"]),
        created_ms=formats.snowflake.millis(item["taskId"]),
        status=int(item["status"]),
        pinned=True,
        fields=dict(item),
        verbatim=dict(item),
        task_type=int(item["taskType"]),
        result_code=item.get("resultCode"),
        fail_code=item.get("resultCode"),
    )
    _moments(task, formats["task"], item)
    task.step_ms = task.created_ms
    return task


def load_fixtures(formats: WireFormats, config: EmulatorConfig) -> Loaded:
    ex = _Examples(formats)
    user = config.credentials.user_id
    out = Loaded()

    jobs: dict[str, Job] = {}
    for info in ex.response("listJobs/seed-001.json")["data"]:
        jobs.setdefault(str(info["taskId"]), _job(formats, info, user))
    for name in ("getJob/seed-003.json", "getJob/decompress.json"):
        data = ex.response(name)["data"]
        job = _job(formats, data["jobInfo"], user)
        job.fixed_file_results = data.get("taskInfos")
        if data.get("uncompressedFileList") is not None:
            job.uncompressed = _wire_to_millis(data["uncompressedFileList"], formats["archiveEntry"])
        jobs[job.id] = job
    cancel_id = str(ex.request_body("cancelJob/cancelled.json")["jobId"])
    created = formats.snowflake.millis(cancel_id)
    jobs[cancel_id] = Job(
        id=cancel_id,
        created_ms=created,
        step_ms=created,
        pinned=True,
        fields={
            "userId": user,
            "actionType": 101,
            "contentNum": 1,
            "containerId": "IAADfsBFCO6WtAtuA315074383680425b8aa9a130cba2d4",
            "tenantId": config.tenant_id,
        },
        task_type=1,
        owner=user,
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
    out.jobs = list(jobs.values())

    tasks: dict[str, BasicTask] = {}
    detail = _task(formats, ex.response("getTask/seed-002.json"))
    tasks[detail.id] = detail
    # The table-shaped listing names the same task with more fields; they join the record (its
    # answer stays seed 002's), but not its times, which belong to another task (Q35).
    for item in ex.response("listTasks/documented.json")["taskList"]:
        if item["taskId"] == detail.id:
            for key, value in item.items():
                if key not in formats["task"].times:
                    detail.fields.setdefault(key, value)
    for item in ex.response("listTasks/seed-000.json")["taskListDtos"]:
        tasks.setdefault(str(item["taskId"]), _task(formats, item))
    seed_page = ex.pair("listTasks/seed-000.json")
    cursor = int(seed_page["responses"]["200"]["value"]["nextCursor"])
    for task in _seed_000_neighbours(
        formats, max(t.created_ms for t in tasks.values() if t.id != detail.id), cursor
    ):
        tasks.setdefault(task.id, task)
    out.tasks = list(tasks.values())

    seed = ex.response("getShareTask/seed-004.json")
    info = seed["jobInfo"]
    share_id = str(ex.request_body("createShareTask/package-download.json")["shareId"])
    share = ShareTask(
        id=str(info["taskId"]),
        created_ms=formats.snowflake.millis(info["taskId"]),
        status=int(info["taskStatus"]),
        pinned=True,
        fields=dict(info),
        verbatim=dict(info),
        share_id=share_id,
        task_type=int(info["taskType"]),
        files=[
            FilePlan(f["fileId"], f["srcContainerId"], None, f["status"] == "1", f["newFileId"])
            for f in seed["taskInfos"]
        ],
        task_result_code=info.get("taskResultCode"),
        download_url=info.get("downloadUrl"),
        fixed_progress=info.get("progress"),
        fixed_file_results=list(seed["taskInfos"]),
    )
    _moments(share, formats["share"], info)
    share.step_ms = share.created_ms
    out.share_tasks = [share]
    query = ex.request_body("getShareTask/seed-004.json")
    out.share_aliases[(str(query["taskId"]), str(query["shareId"]))] = share.id
    return out


def success_messages(formats: WireFormats) -> dict[str, str]:
    """Each operation's English success `msg`, as its examples show it (seed pages first).

    listJobs and getJob say "OK", the task and share-task pages "Success." (seeds 000-004); an
    operation whose examples show no English `msg` answers "success".
    """
    ranked: dict[str, tuple[int, str]] = {}
    for path in sorted(formats.examples.glob("*/*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        value = data.get("responses", {}).get("200", {}).get("value")
        msg = value.get("msg") if isinstance(value, dict) else None
        if not isinstance(msg, str) or not msg.isascii():
            continue
        source = data.get("source", {})
        rank = 0 if source.get("seed") and source.get("verbatim") else 1
        op = str(data["operationId"])
        if op not in ranked or rank < ranked[op][0]:
            ranked[op] = (rank, msg)
    return {op: msg for op, (_, msg) in ranked.items()}


#: The tenant and user of the seed-000/002 tasks.
SEED_TENANT, SEED_USER = "d5ac574bd2934a69baa4f23c55daa8d4", "1395497048157130881"


def _seed_000_neighbours(formats: WireFormats, last_ms: int, cursor_ms: int) -> list[BasicTask]:
    """The tasks around seed 000's page, so that its request answers as the page shows.

    The seed asks for 10 finished handovers and gets 2 with a `nextCursor` (Q25): the page looked at
    10 tasks, 8 of which were other kinds (failed handovers, user imports), the last created at the
    cursor's millisecond. Four more tasks follow the cursor. No page shows any of these twelve: they
    are invented, and each one's `taskName` says so ("invented seed-000 neighbour <n>: ...").
    """
    rng = random.Random("seed-000 neighbours")
    moments = [*sorted(rng.sample(range(last_ms + 60_000, cursor_ms - 60_000), 7)), cursor_ms]
    at = cursor_ms
    for _ in range(4):
        at += rng.randint(60_000, 6 * 3_600_000)
        moments.append(at)
    out = []
    for i, created in enumerate(moments):
        failed_handover = i % 2 == 0 or i == 8
        task = BasicTask(
            id=formats.snowflake.make(created, LOW_BITS | (i << 7)),
            created_ms=created,
            status=3 if failed_handover else 2,
            step_ms=created,
            pinned=True,
            began_ms=created + 400,
            ended_ms=created + 5_000,
            fields={
                "taskName": f"invented seed-000 neighbour {i}: {'handover' if failed_handover else 'import'}",
                "tenantId": SEED_TENANT,
                "userId": SEED_USER,
                "initParams": "{}",
                "locale": "en_US",
            },
            task_type=0 if failed_handover else 1,
        )
        if failed_handover:
            task.result_code = task.fail_code = ("18000205", "18000201")[(i // 2) % 2]
        out.append(task)
    return out


BASE_MS = 1_704_067_200_000  # 2024-01-01T00:00:00Z: seeded records are history, older than any new record
CONTAINERS = [
    # seeds 001 and 003: the prefix and 30 hex digits (Q48)
    f"IAADfsBFCO6WtAtuA{n:030x}"
    for n in (0x315074383680425B8AA9A130CBA2D4, 0x9ADD2FEA594E4E75B8FEB8474EF236)
]


@dataclass
class Seeded:
    jobs: list[Job] = field(default_factory=list)
    tasks: list[BasicTask] = field(default_factory=list)
    share_tasks: list[ShareTask] = field(default_factory=list)


def seeded_records(
    formats: WireFormats,
    config: EmulatorConfig,
    taken: Mapping[str, set[int]],
    *,
    jobs: int,
    tasks: int,
    share_tasks: int,
    seed: int,
) -> Seeded:
    """`jobs` + `tasks` + `share_tasks` finished records drawn from `seed` (no clock, no minter).

    `taken` holds the ids each family already has: a seeded record never shares a millisecond
    with another record of its family (millisecond cursors stay exact positions).
    """
    rng = random.Random(f"seed:{seed}")
    rule = formats.snowflake
    user, tenant = config.credentials.user_id, config.tenant_id
    out = Seeded()

    def new_id(family: str, used: set[int], at: int, index: int) -> tuple[str, int]:
        while at in used:
            at += 1
        used.add(at)
        return rule.make(at, LOW_BITS | ((index & 0xFFFF) << 7)), at

    def used_millis(family: str) -> set[int]:
        return {(i >> rule.shift) + rule.epoch_ms for i in taken.get(family, ())}

    used = used_millis("jobs")
    at = BASE_MS + rng.randint(0, 10_000)
    for i in range(jobs):
        at += rng.randint(1, 120_000)
        rid, at = new_id("jobs", used, at, i)
        task_type = rng.choice((1, 1, 2, 3, 4, 5, 6))
        src, dst = rng.choice(CONTAINERS), rng.choice(CONTAINERS)
        n = rng.randint(1, 4)
        files = [
            FilePlan(fresh_file_id(rng), src, None, rng.random() > 0.1, fresh_file_id(rng)) for _ in range(n)
        ]
        fields: dict[str, JSON] = {"taskName": f"seeded job {i}", "userId": user}
        action = {1: 101, 2: 201, 3: 301, 5: 502}.get(task_type)
        if action is not None:
            fields["actionType"] = action
        fields.update(contentNum=n, containerId=dst, tenantId=tenant)
        job = Job(
            id=rid,
            created_ms=at,
            step_ms=at,
            pinned=True,
            status=1,
            began_ms=at,
            fields=fields,
            task_type=task_type,
            owner=user,
            files=files,
        )
        if rng.random() < 0.1:
            job.status, job.ended_ms = 3, at + 500
        else:
            job.ended_ms = at + rng.randint(0, 5_000)
            job.finish(job.ended_ms)
        out.jobs.append(job)

    used = used_millis("tasks")
    at = BASE_MS + rng.randint(0, 10_000)
    for i in range(tasks):
        at += rng.randint(1, 60_000)
        rid, at = new_id("tasks", used, at, i)
        failed = rng.random() < 0.2
        code = rng.choice(("18000205", "18000201")) if failed else None
        out.tasks.append(
            BasicTask(
                id=rid,
                created_ms=at,
                status=3 if failed else 2,
                step_ms=at,
                pinned=True,
                began_ms=at + 100,
                ended_ms=at + rng.randint(200, 9_000),
                fields={
                    "taskName": f"seeded task {i}",
                    "tenantId": tenant,
                    "userId": user,
                    "initParams": "{}",
                    "locale": "en_US",
                },
                task_type=rng.choice((0, 0, 1)),
                fail_code=code,
                result_code=code,
            )
        )

    used = used_millis("shareTasks")
    at = BASE_MS + rng.randint(0, 10_000)
    for i in range(share_tasks):
        at += rng.randint(1, 60_000)
        rid, at = new_id("shareTasks", used, at, i)
        container = rng.choice(CONTAINERS)
        files = [
            FilePlan(fresh_file_id(rng), container, None, True, fresh_file_id(rng))
            for _ in range(rng.randint(1, 3))
        ]
        task = ShareTask(
            id=rid,
            created_ms=at,
            status=1,
            step_ms=at,
            pinned=True,
            began_ms=at,
            fields={"userId": f"{tenant}|{user}"},
            share_id=str(1_800_000_000_000_000_000 + rng.randint(0, 10**15)),
            task_type=rng.choice((1, 2)),
            files=files,
        )
        task.ended_ms = at + 1_000
        task.finish(task.ended_ms)
        out.share_tasks.append(task)
    return out
