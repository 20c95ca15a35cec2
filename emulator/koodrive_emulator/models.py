"""State and lifecycles of the three task families, with no HTTP (moto's `models.py`).

Records move through their statuses lazily: each time a record is looked at, `refresh()` applies
the transitions its family's mode allows at the virtual clock's time; `reads` mode counts detail
reads instead. Creation draws outcomes (which files fail, whether a basic task fails) from a
random generator seeded by the outcome seed and the record id, so runs are reproducible.
"""

from __future__ import annotations

import bisect
import json
import random
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from .clock import VirtualClock
from .config import FAMILIES, EmulatorConfig, Transition
from .ids import SEQUENCE_MASK, SNOWFLAKE_EPOCH_MS, IdMinter, snowflake

JSON = Any

# Batch jobs and share tasks: 0 pending, 1 processing, 2 completed, 3 cancelled.
PENDING, PROCESSING, COMPLETED, CANCELLED = 0, 1, 2, 3
# Basic tasks: 0 NEW, 1 EXECUTING, 2 SUCCESS, 3 FAILED (Q11: 3 means something else here).
NEW, EXECUTING, SUCCESS, FAILED = 0, 1, 2, 3

DEFAULT_ACTION = {1: 101, 2: 201, 3: 301, 5: 502, 7: 701}
JOB_NAMES = {
    1: "copy",
    2: "delete",
    3: "move",
    4: "restore",
    5: "decompress",
    6: "package",
    7: "empty recycle bin",
}
#: Basic-task failure codes (only 18000205 is public; the others are invented in the same range).
TASK_FAILURE_CODES = ("18000205", "18000201", "18000301")
FILE_FAILURE = ("13000408", "Download file failed.")
#: Cursors below this are Unix-millisecond times (as in the seed page); above, ids (our own cursors).
MILLIS_CURSOR_LIMIT = 10**13
DOWNLOAD_BASE = "https://koodrive-emulator.invalid/download/"


def _rng(*parts: object) -> random.Random:
    return random.Random(":".join(str(p) for p in parts))


def _fresh_id(rng: random.Random) -> str:
    """A file id shaped like KooDrive's (`F` + 32 base64url characters)."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    return "F" + "".join(rng.choice(alphabet) for _ in range(32))


@dataclass
class Record:
    """What every family shares: an id, a status that moves, and when it moved."""

    id: str
    created_ms: int
    status: int = 0
    step_ms: int = 0  # when the current status began (virtual clock)
    reads: int = 0  # detail reads since the last step (`reads` mode)
    pinned: bool = False  # fixtures: only `step()` and cancel move them
    began_ms: int | None = None
    ended_ms: int | None = None
    _json: str | None = field(default=None, repr=False, compare=False)

    def terminal(self) -> bool:
        return self.status in (2, 3)

    def finish(self, now: int) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def advance(self, now: int) -> None:
        """One step: pending -> processing -> terminal."""
        self._json = None
        if self.status == 0:
            self.status, self.began_ms = 1, now
        elif self.status == 1:
            self.ended_ms = now
            self.finish(now)
        self.step_ms, self.reads = now, 0

    def refresh(self, now: int, t: Transition) -> None:
        """Apply the time-driven transitions due at `now`."""
        if self.pinned or self.terminal():
            return
        if t.mode == "immediate" or (t.mode == "duration" and t.seconds <= 0):
            while not self.terminal():
                self.advance(max(now, self.step_ms))
        elif t.mode == "duration":
            step = int(t.seconds * 1000)
            while not self.terminal() and now >= self.step_ms + step:
                self.advance(self.step_ms + step)

    def count_read(self, now: int, t: Transition) -> None:
        """A detail read was answered; in `reads` mode, enough of them move the record on."""
        if t.mode != "reads" or self.pinned or self.terminal():
            return
        self.reads += 1
        if self.reads >= t.reads:
            self.advance(now)

    def progress(self, now: int, t: Transition) -> int:
        if self.status == 0:
            return 0
        if self.status == 2:
            return 100
        if self.status == 3:
            return min(99, max(0, self._progress_at_stop))
        if t.mode == "duration" and t.seconds > 0:
            fraction = (now - self.step_ms) / (t.seconds * 1000)
        elif t.mode == "reads":
            fraction = self.reads / t.reads
        else:
            fraction = 0.5
        return max(1, min(99, int(10 + 80 * fraction)))

    _progress_at_stop: int = 0


@dataclass
class FilePlan:
    file_id: str
    src_container_id: str
    file_path: str | None
    ok: bool
    new_file_id: str


@dataclass
class Job(Record):
    task_type: int = 1
    action_type: int | None = None
    task_name: str | None = None
    user_id: str | None = None
    tenant_id: str | None = None
    container_id: str | None = None
    content_num: int | None = None
    files: list[FilePlan] = field(default_factory=list)
    uncompress_paths: list[str] | None = None
    # Set when the job completes (or fixed by a fixture).
    task_result_code: int | None = None
    result_code: int | None = None
    download_url: str | None = None
    uncompressed: list[dict[str, JSON]] | None = None
    fixed_file_results: list[dict[str, JSON]] | None = None
    fixed_progress: int | None = None

    def finish(self, now: int) -> None:
        self.status = COMPLETED
        ok = sum(f.ok for f in self.files)
        self.task_result_code = 1 if ok == len(self.files) else (3 if ok == 0 else 2)
        self.result_code = 0
        if self.task_type == 6:
            self.download_url = f"{DOWNLOAD_BASE}{self.id}.zip"
        if self.task_type == 5:
            self.uncompressed = _archive_listing(self, now)

    def cancel(self, now: int, t: Transition) -> None:
        self._progress_at_stop = self.progress(now, t)
        self._json = None
        self.status, self.ended_ms, self.step_ms = CANCELLED, now, now


def _archive_listing(job: Job, now: int) -> list[dict[str, JSON]]:
    """A deterministic archive tree for a decompression job, nested through `subFileList` (Q6)."""
    rng = _rng("archive", job.id)
    container = job.container_id or ""

    def entry(name: str, kind: int, children: list[dict[str, JSON]] | None = None) -> dict[str, JSON]:
        item: dict[str, JSON] = {
            "containerId": container,
            "fileId": _fresh_id(rng),
            "name": name,
            "fileSize": 0 if kind == 2 else rng.randint(1, 5_000_000),
            "type": kind,
            "updatedAt": now - rng.randint(0, 10_000_000),
            "reason": None,
            "code": "0",
        }
        if children is not None:
            item["subFileList"] = children
        return item

    if job.uncompress_paths:
        return [entry(path, 1) for path in job.uncompress_paths]
    top = f"archive-{job.id[-4:]}"
    inner = [entry(f"{top}/docs/readme-{i}.txt", 1) for i in range(rng.randint(1, 2))]
    files = [entry(f"{top}/file-{i}.bin", 1) for i in range(rng.randint(1, 3))]
    return [entry(top, 2, [entry(f"{top}/docs", 2, inner), *files])]


@dataclass
class BasicTask(Record):
    task_type: int = 0
    task_name: str | None = None
    tenant_id: str | None = None
    user_id: str | None = None
    init_params: str | None = None
    locale: str | None = None
    fail_code: str | None = None  # drawn at creation; applied when the task ends
    result_code: str | None = None
    show_times: bool = True

    def finish(self, now: int) -> None:
        if self.fail_code:
            self.status, self.result_code = FAILED, self.fail_code
        else:
            self.status = SUCCESS


@dataclass
class ShareTask(Record):
    share_id: str = ""
    task_type: int = 1
    user_id: str | None = None
    container_id: str = ""
    files: list[FilePlan] = field(default_factory=list)
    task_result_code: int | None = None
    download_url: str | None = None
    fixed_progress: int | None = None
    show_end: bool = True

    def finish(self, now: int) -> None:
        self.status = COMPLETED
        ok = sum(f.ok for f in self.files)
        self.task_result_code = 1 if ok == len(self.files) else (3 if ok == 0 else 2)
        if self.task_type == 1:
            self.download_url = f"{DOWNLOAD_BASE}{self.id}.zip"


class Store:
    """Records of one family by id, with the ids kept in ascending numeric order for paging."""

    def __init__(self) -> None:
        self.by_id: dict[str, Any] = {}
        self.order: list[int] = []  # ids as integers, ascending
        self.records: list[Any] = []  # the records, in the same order

    def add(self, record: Record) -> None:
        if record.id in self.by_id:
            raise KeyError(record.id)
        self.by_id[record.id] = record
        key = int(record.id)
        if not self.order or key > self.order[-1]:
            self.order.append(key)
            self.records.append(record)
        else:
            at = bisect.bisect_left(self.order, key)
            self.order.insert(at, key)
            self.records.insert(at, record)

    def extend_sorted(self, records: Iterable[Record]) -> None:
        for record in records:
            self.by_id[record.id] = record
        pairs = sorted((int(i), r) for i, r in self.by_id.items())
        self.order = [k for k, _ in pairs]
        self.records = [r for _, r in pairs]

    def __len__(self) -> int:
        return len(self.by_id)


R = TypeVar("R", bound=Record)
CancelResult = Literal["cancelled", "not-found", "not-cancellable"]


class Emulator:
    """The emulated service: three families of records, a virtual clock and the configuration."""

    def __init__(self, config: EmulatorConfig | None = None) -> None:
        self.config = config.copy() if config is not None else EmulatorConfig()
        self.lock = threading.RLock()
        self.clock = VirtualClock(frozen=self.config.frozen_clock)
        self.reset()

    # ---- administration ------------------------------------------------------------------------
    def reset(self, seed: int = 0) -> None:
        """Empty state plus the seed-example fixtures; the clock starts again at the wall time."""
        with self.lock:
            self.minter = IdMinter()
            self.jobs = Store()
            self.tasks = Store()
            self.share_tasks = Store()
            self.share_aliases: dict[tuple[str, str], str] = {}
            self.version = 0
            self.clock.reset(frozen=self.config.frozen_clock)
            self.reset_seed = seed
            self._reseed_generators()
            from . import fixtures  # noqa: PLC0415 - fixtures import the record classes from here

            fixtures.load_fixtures(self)

    def _reseed_generators(self) -> None:
        self.quirk_rng = random.Random(self.config.quirk_seed)
        self.paging_rng = random.Random(self.config.paging.seed)
        self.fault_rng = random.Random(self.config.faults.seed)

    def configure(self, update: Mapping[str, Any] | None = None, **changes: Any) -> EmulatorConfig:
        """Apply a partial update, in the JSON form of `/_emulator/config` or as snake_case keywords."""
        data: dict[str, Any] = dict(update or {})
        for key, value in changes.items():
            data[_camel(key)] = (
                {(_camel(k)): v for k, v in value.items()} if isinstance(value, dict) else value
            )
        with self.lock:
            new = self.config.updated(data)
            was_frozen = self.config.frozen_clock
            self.config = new
            if new.frozen_clock != was_frozen:
                self.clock.freeze(new.frozen_clock)
            self._reseed_generators()
            self.version += 1
            return new

    def transition(self, family: str) -> Transition:
        return self.config.transitions[family]

    def step(self, family: str, record_id: str) -> Record | None:
        """One manual transition of one record (any mode, pinned or not)."""
        store = self._store(family)
        with self.lock:
            record: Record | None = store.by_id.get(record_id)
            if record is None:
                return None
            if not record.terminal():
                record.advance(max(self.clock.now_ms(), record.step_ms))
                self.version += 1
            return record

    def _store(self, family: str) -> Store:
        if family not in FAMILIES:
            raise KeyError(family)
        return {"jobs": self.jobs, "tasks": self.tasks, "shareTasks": self.share_tasks}[family]

    def snapshot(self) -> JSON:
        """Everything a request could change, comparable with `==` (for "no state change" tests)."""
        with self.lock:

            def dump(store: Store) -> list[tuple[str, str]]:
                return [(rid, repr(record)) for rid, record in sorted(store.by_id.items())]

            return {
                "jobs": dump(self.jobs),
                "tasks": dump(self.tasks),
                "shareTasks": dump(self.share_tasks),
                "minter": self.minter.state(),
                "config": self.config.as_json(),
                "rngs": (self.quirk_rng.getstate(), self.paging_rng.getstate(), self.fault_rng.getstate()),
            }

    # ---- creation helpers ----------------------------------------------------------------------
    def _mint(self) -> tuple[str, int]:
        return self.minter.mint(self.clock.now_ms())

    def _outcome_rng(self, record_id: str) -> random.Random:
        return _rng("outcome", self.config.outcomes.seed, record_id)

    def _plan_files(self, rng: random.Random, files: Iterable[tuple[str, str, str | None]]) -> list[FilePlan]:
        fail_rate = self.config.outcomes.fail_rate
        plans = []
        for file_id, container, path in files:
            ok = "fail" not in file_id.lower() and not (fail_rate and rng.random() < fail_rate)
            plans.append(FilePlan(file_id, container, path, ok, _fresh_id(rng)))
        return plans

    # ---- batch jobs ----------------------------------------------------------------------------
    def create_job(self, body: Mapping[str, Any]) -> Job:
        with self.lock:
            job_id, now = self._mint()
            rng = self._outcome_rng(job_id)
            task_type = int(body["taskType"])
            info = body["taskInfo"]
            src = str(info["srcContainerId"])
            refs = [] if task_type == 7 else list(info.get("fileInfo") or [])
            files = self._plan_files(rng, ((str(r["fileId"]), src, r.get("filePath")) for r in refs))
            action = body.get("actionType")
            paths = info.get("uncompressFilePaths")
            job = Job(
                id=job_id,
                created_ms=now,
                step_ms=now,
                task_type=task_type,
                action_type=int(action) if action is not None else DEFAULT_ACTION.get(task_type),
                task_name=f"{JOB_NAMES.get(task_type, 'job')} {len(files)} item(s)",
                user_id=self.config.credentials.user_id,
                tenant_id=self.config.tenant_id,
                container_id=str(body["dstContainerId"]),
                content_num=len(files),
                files=files,
                uncompress_paths=[str(p) for p in paths] if paths else None,
            )
            self.jobs.add(job)
            job.refresh(now, self.transition("jobs"))
            self.version += 1
            return job

    def get_job(self, job_id: str, *, read: bool = True) -> tuple[Job, int] | None:
        """The job refreshed at the clock's time (and the time), counting a detail read."""
        with self.lock:
            job: Job | None = self.jobs.by_id.get(job_id)
            if job is None:
                return None
            now, t = self.clock.now_ms(), self.transition("jobs")
            job.refresh(now, t)
            if not read:
                return job, now
            # The response shows the job as it is now; the read then counts towards the next step.
            view = _copy_record(job)
            job.count_read(now, t)
            self.version += 1
            return view, now

    def list_jobs(
        self, *, type_: int | None, status: int | None, offset: int, limit: int
    ) -> tuple[list[Job], int]:
        """Newest first, filtered, `limit` jobs from `offset`."""
        with self.lock:
            now, t = self.clock.now_ms(), self.transition("jobs")
            records = self.jobs.records
            page: list[Job]
            if type_ is None and status is None:
                end = len(records) - offset
                page = records[max(0, end - limit) : max(0, end)][::-1]
                for job in page:
                    if job.status < COMPLETED:
                        job.refresh(now, t)
                return page, now
            page = []
            skipped = 0
            for job in reversed(records):
                if type_ is not None and job.task_type != type_:
                    continue
                job.refresh(now, t)
                if status is not None and job.status != status:
                    continue
                if skipped < offset:
                    skipped += 1
                    continue
                page.append(job)
                if len(page) >= limit:
                    break
            return page, now

    def cancel_job(self, job_id: str) -> CancelResult:
        with self.lock:
            job: Job | None = self.jobs.by_id.get(job_id)
            if job is None:
                return "not-found"
            now, t = self.clock.now_ms(), self.transition("jobs")
            job.refresh(now, t)
            if job.status not in (PENDING, PROCESSING):
                return "not-cancellable"  # Q36: cancelling a finished job is refused
            job.cancel(now, t)
            self.version += 1
            return "cancelled"

    # ---- basic tasks ---------------------------------------------------------------------------
    def create_task(self, body: Mapping[str, Any]) -> BasicTask:
        with self.lock:
            task_id, now = self._mint()
            rng = self._outcome_rng(task_id)
            task_type = int(body["taskType"])
            fail: str | None = None
            if task_type == 0 and body.get("srcUserId") == body.get("dstUserId"):
                fail = "18000205"  # handing a user's files over to the same user
            elif self.config.outcomes.fail_rate and rng.random() < self.config.outcomes.fail_rate:
                fail = rng.choice(TASK_FAILURE_CODES)
            name = f"handover-{body['srcUserId']}" if task_type == 0 else f"import-{body.get('resultId')}"
            params = {k: body[k] for k in sorted(body) if k != "taskType"}
            task = BasicTask(
                id=task_id,
                created_ms=now,
                step_ms=now,
                task_type=task_type,
                task_name=name[:512],
                tenant_id=self.config.tenant_id,
                user_id=self.config.credentials.user_id,
                init_params=json.dumps(params, ensure_ascii=False, separators=(",", ":"))[:65536],
                locale="en_US",
                fail_code=fail,
            )
            self.tasks.add(task)
            task.refresh(now, self.transition("tasks"))
            self.version += 1
            return task

    def get_task(self, task_id: str) -> tuple[BasicTask, int] | None:
        with self.lock:
            task: BasicTask | None = self.tasks.by_id.get(task_id)
            if task is None:
                return None
            now, t = self.clock.now_ms(), self.transition("tasks")
            task.refresh(now, t)
            view = _copy_record(task)
            task.count_read(now, t)
            self.version += 1
            return view, now

    def list_tasks(
        self, *, task_type: int | None, statuses: list[int] | None, page_size: int, cursor: int | None
    ) -> tuple[list[BasicTask], int | None, int]:
        """Oldest first after `cursor` (an id: a position, not an offset, so inserts never shift pages).

        Returns the page, the next cursor (None on the last page) and the clock time.
        """
        with self.lock:
            now, t = self.clock.now_ms(), self.transition("tasks")
            paging = self.config.paging
            size = page_size
            empty = False
            if paging.empty_pages and self.paging_rng.random() < 0.2:
                empty = True
            elif paging.partial_pages and page_size > 1 and self.paging_rng.random() < 0.5:
                size = self.paging_rng.randint(1, page_size - 1)
            order, records = self.tasks.order, self.tasks.records
            if cursor is not None and cursor < MILLIS_CURSOR_LIMIT:
                # The seed page's cursor (1723549107000) is a Unix-millisecond time: after that moment.
                cursor = int(snowflake(cursor, SEQUENCE_MASK)) if cursor >= SNOWFLAKE_EPOCH_MS else 0
            start = bisect.bisect_right(order, cursor) if cursor is not None else 0
            wanted = set(statuses) if statuses else None
            page: list[BasicTask] = []
            last = cursor if cursor is not None else 0
            more = False
            for index in range(start, len(records)):
                task, key = records[index], order[index]
                if task_type is not None and task.task_type != task_type:
                    continue
                task.refresh(now, t)
                if wanted is not None and task.status not in wanted:
                    continue
                if empty or len(page) >= size:
                    more = True
                    break
                page.append(task)
                last = key
            return page, (last if more else None), now

    # ---- share tasks ---------------------------------------------------------------------------
    def create_share_task(self, body: Mapping[str, Any]) -> ShareTask:
        with self.lock:
            task_id, now = self._mint()
            rng = self._outcome_rng(task_id)
            container = str(body["containerId"])
            files = self._plan_files(rng, ((str(f), container, None) for f in body["fileIds"]))
            task = ShareTask(
                id=task_id,
                created_ms=now,
                step_ms=now,
                share_id=str(body["shareId"]),
                task_type=int(body["taskType"]),
                user_id=f"{self.config.tenant_id}|{self.config.credentials.user_id}",
                container_id=container,
                files=files,
            )
            self.share_tasks.add(task)
            task.refresh(now, self.transition("shareTasks"))
            self.version += 1
            return task

    def get_share_task(self, task_id: str, share_id: str) -> tuple[ShareTask, int] | None:
        with self.lock:
            alias = self.share_aliases.get((task_id, share_id))
            task: ShareTask | None = self.share_tasks.by_id.get(alias or task_id)
            if task is None or (alias is None and task.share_id != share_id):
                return None
            now, t = self.clock.now_ms(), self.transition("shareTasks")
            task.refresh(now, t)
            view = _copy_record(task)
            task.count_read(now, t)
            self.version += 1
            return view, now

    # ---- deterministic bulk records ------------------------------------------------------------
    def seed(
        self, *, jobs: int = 0, tasks: int = 0, share_tasks: int = 0, seed: int = 1
    ) -> dict[str, list[str]]:
        """Add finished records drawn from `seed`: the same arguments always give the same records."""
        from . import fixtures  # noqa: PLC0415 - fixtures import the record classes from here

        with self.lock:
            made = fixtures.seeded_records(self, jobs=jobs, tasks=tasks, share_tasks=share_tasks, seed=seed)
            self.version += 1
            return made


def _copy_record(record: R) -> R:
    clone = object.__new__(type(record))
    clone.__dict__.update(record.__dict__)
    return clone


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def make_id(epoch_ms: int, index: int) -> str:
    return snowflake(epoch_ms, (index << 7) | 0x40)
