"""The emulated service: three families of records, a virtual clock and the configuration (moto's backend).

Creation draws outcomes (which files fail, whether a basic task fails) from a random generator
seeded by the outcome seed and the record id, so runs are reproducible.
"""

from __future__ import annotations

import bisect
import json
import random
import threading
from collections.abc import Callable, Hashable, Iterable, Mapping
from pathlib import Path
from typing import Any, Literal

from . import derived, fixtures
from .clock import VirtualClock
from .config import FAMILIES, ConfigError, EmulatorConfig, Transition
from .ids import IdMinter
from .models import (
    COMPLETED,
    PENDING,
    PROCESSING,
    BasicTask,
    FilePlan,
    Job,
    Record,
    ShareTask,
    Store,
    copy_record,
    quick_file_id,
    rng_of,
)
from .schema import WireFormats, load_formats
from .validation import component_check

ListFileResult = tuple[Literal["not-found", "password", "listing", "task"], Any]

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
#: Cursors below this are Unix-millisecond times (ours, and the seed page's); above, ids (older clients).
MILLIS_CURSOR_LIMIT = 10**13

CancelResult = Literal["cancelled", "not-found", "not-cancellable"]


class Emulator:
    """The emulated service. `spec_path` points it at another spec file (and the examples beside it)."""

    def __init__(self, config: EmulatorConfig | None = None, *, spec_path: Path | str | None = None) -> None:
        self.formats: WireFormats = load_formats(spec_path)
        self.messages = fixtures.success_messages(self.formats)
        self.initial_config = config.copy() if config is not None else EmulatorConfig()
        self.config = self.initial_config.copy()
        self.lock = threading.RLock()
        self.seed_lock = threading.Lock()  # one `seed` at a time (its records are drawn outside `lock`)
        self.clock = VirtualClock(frozen=self.config.frozen_clock)
        #: moves on at every reset: records of one generation are not those of the next, even
        #: where they share an id (wire forms kept for one are stale for the other)
        self.generation = 0
        #: moves on at every reset and configuration change (the rate limiter starts again)
        self.config_version = 0
        self.reset()

    # ---- administration ------------------------------------------------------------------------
    def reset(self, seed: int = 0, *, keep_config: bool = False) -> None:
        """Start-up state: the start-up configuration (unless `keep_config`), the example fixtures,
        and the clock starting again at the wall time."""
        with self.lock:
            if not keep_config:
                self.config = self.initial_config.copy()
            self.minter = IdMinter(self.formats.snowflake)
            self.jobs = Store()
            self.tasks = Store()
            self.share_tasks = Store()
            self.version = 0
            self.clock.reset(frozen=self.config.frozen_clock)
            self.reset_seed = seed
            self._reseed_generators()
            loaded = fixtures.load_fixtures(self.formats, self.config)
            self.jobs.extend_sorted(loaded.jobs)
            self.tasks.extend_sorted(loaded.tasks)
            self.share_tasks.extend_sorted(loaded.share_tasks)
            self.share_aliases: dict[tuple[str, str], str] = dict(loaded.share_aliases)
            self._own_jobs: tuple[tuple[int, str] | None, list[Job]] = (None, [])
            self.generation += 1
            self.config_version += 1
            self.derived = derived.load(self.formats.examples, self.clock.now_ms())
            for job in self.jobs.records:
                self._learn_archives(job)

    def _reseed_generators(self) -> None:
        self.quirk_rng = random.Random(self.config.quirk_seed)
        self.paging_rng = random.Random(self.config.paging.seed)
        self.fault_rng = random.Random(self.config.faults.seed)
        self.fault_draws = 0  # how many draws `fault_rng` has given (a refusal takes its own back)

    def generator_state(self) -> tuple[Any, Any, Any]:
        return self.quirk_rng.getstate(), self.paging_rng.getstate(), self.fault_rng.getstate()

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
            self.config_version += 1
            return new

    def advance_clock(self, seconds: float) -> int:
        """Move the virtual clock; refused (ConfigError, nothing moves) past the last minutable id."""
        with self.lock:
            limit = self.formats.snowflake.last_millis()
            if self.clock.now_ms() + seconds * 1000 > limit - 86_400_000:
                raise ConfigError("seconds: the clock would pass the last time a 19-digit id can encode")
            return self.clock.advance(seconds)

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

    def snapshot(self) -> Any:
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
                "rngs": self.generator_state(),
                "derived": self.derived.state(),
            }

    # ---- creation helpers ----------------------------------------------------------------------
    def _mint(self) -> tuple[str, int]:
        return self.minter.mint(self.clock.now_ms())

    def _outcome_rng(self, record_id: str) -> random.Random:
        return rng_of("outcome", self.config.outcomes.seed, record_id)

    def _plan_files(self, rng: random.Random, files: Iterable[tuple[str, str, str | None]]) -> list[FilePlan]:
        fail_rate = self.config.outcomes.fail_rate
        plans = []
        for file_id, container, path in files:
            ok = "fail" not in file_id.lower() and not (fail_rate and rng.random() < fail_rate)
            plans.append(FilePlan(file_id, container, path, ok, quick_file_id(rng)))
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
            user = self.config.credentials.user_id
            fields: dict[str, Any] = {
                "taskName": f"{JOB_NAMES.get(task_type, 'job')} {len(files)} item(s)",
                "userId": user,
                "contentNum": len(files),
                "containerId": str(body["dstContainerId"]),
                "tenantId": self.config.tenant_id,
            }
            action = int(action) if action is not None else DEFAULT_ACTION.get(task_type)
            if action is not None:
                fields["actionType"] = action
            job = Job(
                id=job_id,
                created_ms=now,
                step_ms=now,
                fields=fields,
                task_type=task_type,
                owner=user,
                files=files,
                uncompress_paths=[str(p) for p in paths] if paths else None,
                archive_password=body.get("password"),
            )
            self.jobs.add(job)
            self._learn_archives(job)
            job.refresh(now, self.transition("jobs"))
            self.version += 1
            return job

    def get_job(self, job_id: str, *, read: bool = True) -> tuple[Job, int] | None:
        """The job refreshed at the clock's time (and the time), counting a detail read.

        A finished job is answered as itself (it never changes again, so its cached wire forms stay
        true); a running one as a copy taken before the read counts."""
        with self.lock:
            job: Job | None = self.jobs.by_id.get(job_id)
            if job is None:
                return None
            now, t = self.clock.now_ms(), self.transition("jobs")
            job.refresh(now, t)
            if not read:
                return job, now
            if job.terminal():
                self.version += 1
                return job, now
            # The response shows the job as it is now; the read then counts towards the next step.
            view = copy_record(job)
            job.count_read(now, t)
            self.version += 1
            return view, now

    def list_jobs(
        self, *, type_: int | None, status: int | None, offset: int, limit: int
    ) -> tuple[list[Job], int]:
        """The caller's jobs, newest first, filtered, `limit` jobs from `offset`.

        A batch job works on its creator's files, so the list shows the caller's own jobs; a job
        another user created (the seed detail page's, the decompression example's) is still found by
        id (`getJob`) but is not listed.
        """
        with self.lock:
            now, t = self.clock.now_ms(), self.transition("jobs")
            user = self.config.credentials.user_id
            key = (self.jobs.revision, user)
            if self._own_jobs[0] != key:
                self._own_jobs = (key, [j for j in self.jobs.records if j.owner == user])
            own: list[Job] = self._own_jobs[1]
            if type_ is None and status is None:  # no filter: a slice, whatever the offset
                end = len(own) - offset
                page = own[max(0, end - limit) : max(0, end)][::-1]
                for job in page:
                    if job.status < COMPLETED:
                        job.refresh(now, t)
                return page, now
            page = []
            skipped = 0
            for job in reversed(own):
                if type_ is not None and job.task_type != type_:
                    continue
                if job.status < COMPLETED:
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

    def list_jobs_page(
        self,
        offset: int,
        limit: int,
        answer: Callable[[Hashable, Callable[[], tuple[list[Job], int]]], bytes],
    ) -> bytes:
        """The unfiltered `/jobs` page as `answer(stamp, page)` writes it, under the state lock.

        `stamp` names everything in the state the page's bytes depend on while its jobs have all
        finished (the generation, the jobs added, the caller); `page()` lists it. The wire layer
        may keep the bytes per stamp (`render.jobs_page`): a finished job never changes, whatever
        the clock, the reads or the mode."""
        with self.lock:
            stamp = (self.generation, self.jobs.revision, self.config.credentials.user_id)
            return answer(stamp, lambda: self.list_jobs(type_=None, status=None, offset=offset, limit=limit))

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
                fields={
                    "taskName": name[:512],
                    "tenantId": self.config.tenant_id,
                    "userId": self.config.credentials.user_id,
                    "initParams": json.dumps(params, ensure_ascii=False, separators=(",", ":"))[:65536],
                    "locale": "en_US",
                },
                task_type=task_type,
                fail_code=fail,
            )
            self.tasks.add(task)
            if task_type == 0:  # the recipient is known as soon as a handover names the user
                self.derived.handovers[str(body["srcUserId"])] = str(body["dstUserId"])
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
            view = copy_record(task)
            task.count_read(now, t)
            self.version += 1
            return view, now

    def list_tasks(
        self, *, task_type: int | None, statuses: list[int] | None, page_size: int, cursor: int | None
    ) -> tuple[list[BasicTask], int | None, int]:
        """One page of tasks, oldest first, after the millisecond `cursor`.

        The page looks at the next `page_size` tasks (fewer when partial pages are on) and returns
        those that pass the filters, which is why a filtered page can be short or empty before the
        end (seed 000: 2 of 10). `nextCursor` is the creation millisecond of the last task looked
        at, a position rather than an offset: ids never share a millisecond, so a task created while
        a client pages is neither skipped nor repeated. None on the last page.
        Returns the page, the next cursor and the clock time.
        """
        rule = self.formats.snowflake
        with self.lock:
            now, t = self.clock.now_ms(), self.transition("tasks")
            paging = self.config.paging
            # pageSize's minimum of 1 is an assumption (spec), so 0 or less is accepted: the default
            size = page_size if page_size > 0 else 100
            empty = False
            if paging.empty_pages and self.paging_rng.random() < 0.2:
                empty = True
            elif paging.partial_pages and size > 1 and self.paging_rng.random() < 0.5:
                size = self.paging_rng.randint(1, size - 1)
            order, records = self.tasks.order, self.tasks.records
            # Unix milliseconds the page starts after (a cursor before the id epoch means the start).
            after_ms = rule.epoch_ms - 1
            if cursor is not None:
                after_ms = max(after_ms, cursor if cursor < MILLIS_CURSOR_LIMIT else rule.millis(cursor))
            start = bisect.bisect_right(order, int(rule.make(after_ms, rule.low_mask)))
            if start >= len(records):
                return [], None, now
            if empty:
                # An empty page that still moves on: its cursor lies between `after` and the next task.
                next_ms = rule.millis(order[start])
                middle = (after_ms + next_ms) // 2
                if after_ms < middle < next_ms:
                    return [], middle, now
            end = min(start + size, len(records))
            # Never end a page inside a millisecond (only possible for records not minted here).
            while start < end < len(records) and rule.millis(order[end]) == rule.millis(order[end - 1]):
                end -= 1
            if end == start:
                end = start + 1
                while end < len(records) and rule.millis(order[end]) == rule.millis(order[start]):
                    end += 1
            wanted = set(statuses) if statuses else None
            page: list[BasicTask] = []
            for task in records[start:end]:
                if task_type is not None and task.task_type != task_type:
                    continue
                task.refresh(now, t)
                if wanted is not None and task.status not in wanted:
                    continue
                page.append(task)
            more = end < len(records)
            return page, (rule.millis(order[end - 1]) if more else None), now

    def get_task_result(self, task_id: str) -> dict[str, Any] | None:
        """A finished user import's result; None for an unknown id, a handover or an unfinished import."""
        with self.lock:
            fixed = self.derived.results.get(task_id)
            if fixed is not None:
                return fixed
            task: BasicTask | None = self.tasks.by_id.get(task_id)
            if task is None or task.task_type != 1:
                return None
            task.refresh(self.clock.now_ms(), self.transition("tasks"))
            return derived.import_result(task) if task.terminal() else None

    def get_handover_recipient(self, src_user_id: str) -> tuple[str, str] | None:
        """(id, name) of the user the latest handover of `src_user_id` names."""
        with self.lock:
            dst = self.derived.handovers.get(src_user_id)
            if dst is None or not component_check(self.formats.spec_path, "SnowflakeId")(dst):
                # a recipient id the answer's schema cannot carry (a `UserId` accepted leniently)
                # is never echoed: no recipient the spec can describe
                return None
            return dst, derived.recipient_name(dst, self.derived.names)

    # ---- archives ------------------------------------------------------------------------------
    def _learn_archives(self, job: Job) -> None:
        for archive in derived.job_archives(job):
            self.derived.archives.setdefault((archive.container_id, archive.file_id), archive)

    def list_file(self, container_id: str, file_id: str, pwd: str | None) -> ListFileResult:
        """The listing at once (jobs transition `immediate`, or an example's archive that its pair
        shows listed at once), else a listing task that moves like a job: by the clock in
        `duration` mode, one step per request otherwise."""
        key = (container_id, file_id)
        with self.lock:
            archive = self.derived.archives.get(key) or derived.unseen_archive(*key)
            if archive is None:
                return "not-found", None
            self.derived.archives.setdefault(key, archive)
            if archive.password is not None and pwd != archive.password:
                return "password", None
            now, t = self.clock.now_ms(), self.transition("jobs")
            task = self.derived.listings.get(key)
            if task is None:
                if t.mode == "immediate" or archive.at_once:
                    return "listing", archive.entries
                task_id, now = self._mint()
                task = derived.ListingTask(
                    id=task_id, created_ms=now, step_ms=now, key=key, task_value=f"{container_id}:{file_id}"
                )
                self.derived.listings[key] = task
                self.version += 1
            elif not task.pinned and not task.terminal():
                if t.mode == "duration":
                    task.refresh(now, t)
                else:
                    task.advance(now)
                self.version += 1
            if task.terminal():
                return "listing", archive.entries
            progress = task.fixed_progress if task.fixed_progress is not None else task.progress(now, t)
            return "task", (task, progress)

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
                fields={"userId": f"{self.config.tenant_id}|{self.config.credentials.user_id}"},
                share_id=str(body["shareId"]),
                task_type=int(body["taskType"]),
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
            view = copy_record(task)
            task.count_read(now, t)
            self.version += 1
            return view, now

    # ---- deterministic bulk records ------------------------------------------------------------
    def seed(
        self, *, jobs: int = 0, tasks: int = 0, share_tasks: int = 0, seed: int = 1
    ) -> dict[str, list[str]]:
        """Add finished records drawn from `seed`: the same arguments always give the same records.

        The records are built without the state lock (so a server keeps answering while a big seed
        is drawn) and added under it. Seeds run one at a time (`seed_lock`): two at once would draw
        from the same taken ids, make the same records, and each answer counts the store never saw.
        A record whose id a creation took meanwhile is left out, so the answer is what was added.
        """
        with self.seed_lock:
            with self.lock:
                taken = {
                    "jobs": set(self.jobs.order),
                    "tasks": set(self.tasks.order),
                    "shareTasks": set(self.share_tasks.order),
                }
                config = self.config.copy()
            made = fixtures.seeded_records(
                self.formats, config, taken, jobs=jobs, tasks=tasks, share_tasks=share_tasks, seed=seed
            )
            added: dict[str, list[str]] = {}
            with self.lock:
                for family, store, records in (
                    ("jobs", self.jobs, made.jobs),
                    ("tasks", self.tasks, made.tasks),
                    ("shareTasks", self.share_tasks, made.share_tasks),
                ):
                    new = [r for r in records if r.id not in store.by_id]
                    if new:
                        store.extend_sorted(new)
                    added[family] = [r.id for r in new]
                self.version += 1
        return added


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)
