"""The records of the three task families and their lifecycles, with no HTTP and no service state.

A record keeps two kinds of data. Its lifecycle (`status`, the moments it was created, began and
ended, per-file outcomes) is behaviour: the emulator moves it. Everything else it carries is
`fields`: the record's wire fields as they arrived, keyed by the spec's property names (a fixture
keeps every field its example carries, including fields this code has never heard of). A fixture
also keeps `verbatim`, its example's body, which it answers unchanged until it moves.

Records move through their statuses lazily: each time a record is looked at, `refresh()` applies
the transitions its family's mode allows at the virtual clock's time; `reads` mode counts detail
reads instead.
"""

from __future__ import annotations

import base64
import bisect
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .config import Transition
from .schema import shipped_formats

JSON = Any

# Batch jobs and share tasks: 0 pending, 1 processing, 2 completed, 3 cancelled.
PENDING, PROCESSING, COMPLETED, CANCELLED = 0, 1, 2, 3
# Basic tasks: 0 NEW, 1 EXECUTING, 2 SUCCESS, 3 FAILED (Q11: 3 means something else here).
NEW, EXECUTING, SUCCESS, FAILED = 0, 1, 2, 3

DOWNLOAD_BASE = "https://koodrive-emulator.invalid/download/"
#: Which lifecycle moment a time field states (its format and zone come from the spec). The share
#: family says `startTime` where batch jobs say `beginTime` (Q10).
MOMENTS = {
    "createTime": "created_ms",
    "beginTime": "began_ms",
    "startTime": "began_ms",
    "endTime": "ended_ms",
}


def rng_of(*parts: object) -> random.Random:
    return random.Random(":".join(str(p) for p in parts))


FILE_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def fresh_file_id(rng: random.Random) -> str:
    """A file id shaped like KooDrive's (`F` + 32 base64url characters), one character per draw:
    the seeded records and archive listings are drawn so, and stay the same for the same seed."""
    return "F" + "".join(rng.choice(FILE_ID_ALPHABET) for _ in range(32))


def quick_file_id(rng: random.Random) -> str:
    """`fresh_file_id`'s shape from one 192-bit draw: the new file ids of a created job, one per
    file (32 single-character draws were 60 % of creating a 1,000-file job)."""
    return "F" + base64.urlsafe_b64encode(rng.getrandbits(192).to_bytes(24, "big")).decode("ascii")


@dataclass
class Record:
    """What every family shares: an id, a status that moves, when it moved, and its other fields."""

    id: str
    created_ms: int
    status: int = 0
    step_ms: int = 0  # when the current status began (virtual clock)
    reads: int = 0  # detail reads since the last step (`reads` mode)
    pinned: bool = False  # fixtures: only `step()` and cancel move them
    began_ms: int | None = None
    ended_ms: int | None = None
    fields: dict[str, JSON] = field(default_factory=dict)
    verbatim: dict[str, JSON] | None = field(default=None, repr=False)
    #: how many times the record changed; a wire form kept for one revision is stale at the next
    revision: int = field(default=0, repr=False, compare=False)
    _progress_at_stop: int = 0

    def terminal(self) -> bool:
        return self.status in (2, 3)

    def finish(self, now: int) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def moved(self) -> None:
        """The record changed: its example body (if any) no longer describes it, nor does any wire
        form kept for an earlier revision."""
        self.revision += 1
        self.verbatim = None

    def advance(self, now: int) -> None:
        """One step: pending -> processing -> terminal."""
        self.moved()
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
    owner: str | None = None  # whose `/jobs` list shows it
    files: list[FilePlan] = field(default_factory=list)
    uncompress_paths: list[str] | None = None
    # Set when the job completes (or fixed by a fixture).
    task_result_code: int | None = None
    result_code: int | None = None
    download_url: str | None = None
    uncompressed: list[dict[str, JSON]] | None = None  # archive entries, as millisecond `updatedAt`
    fixed_file_results: list[dict[str, JSON]] | None = None
    fixed_progress: int | None = None
    # a decompression job's archive password (createJob `password`): its archives need it to be listed
    archive_password: str | None = field(default=None, repr=False)

    def finish(self, now: int) -> None:
        self.status = COMPLETED
        ok = sum(f.ok for f in self.files)
        self.task_result_code = 1 if ok == len(self.files) else (3 if ok == 0 else 2)
        self.result_code = 0
        if self.task_type == 6:
            self.download_url = f"{DOWNLOAD_BASE}{self.id}.zip"
        if self.task_type == 5:
            self.uncompressed = archive_listing(self, now)

    def cancel(self, now: int, t: Transition) -> None:
        self._progress_at_stop = self.progress(now, t)
        self.moved()
        self.status, self.ended_ms, self.step_ms = CANCELLED, now, now


#: Archive entries were last modified before the emulator's history starts (2023, UTC).
ARCHIVE_MTIME_MS = (1_672_531_200_000, 1_704_067_199_000)


def extracts_nothing(action_type: object) -> bool:
    """Whether a decompression job of this `actionType` lists its archives' entries and extracts
    nothing (501, "view compressed package"): the spec's `x-koodrive-extracts-nothing`."""
    return action_type in shipped_formats().extracts_nothing


def archive_tree(container_id: str, file_id: str) -> list[dict[str, JSON]]:
    """The entries of the archive `file_id` in space `container_id`, nested through `subFileList`
    (Q6): drawn from the archive alone, so a listing before any job (listFile) and the tree a
    decompression job extracts later are the same entries. No extraction ids here (`extracted`)."""
    rng = rng_of("archive", container_id, file_id)
    low, high = ARCHIVE_MTIME_MS

    def entry(name: str, kind: int, children: list[dict[str, JSON]] | None = None) -> dict[str, JSON]:
        item: dict[str, JSON] = {
            "name": name,
            "fileSize": 0 if kind == 2 else rng.randint(1, 5_000_000),
            "type": kind,
            "updatedAt": rng.randint(low, high) // 1000 * 1000,
            "reason": None,
            "code": "0",
        }
        if children is not None:
            item["subFileList"] = children
        return item

    top = f"archive-{file_id[-4:]}"
    # `notes` always holds one file: a directory of one child, where Q6's two forms differ
    notes = entry(f"{top}/docs/notes", 2, [entry(f"{top}/docs/notes/todo.txt", 1)])
    inner = [*(entry(f"{top}/docs/readme-{i}.txt", 1) for i in range(rng.randint(1, 2))), notes]
    files = [entry(f"{top}/file-{i}.bin", 1) for i in range(rng.randint(1, 3))]
    return [entry(top, 2, [entry(f"{top}/docs", 2, inner), *files])]


def extracted(tree: list[dict[str, JSON]], container_id: str, rng: random.Random) -> list[dict[str, JSON]]:
    """`tree` as a decompression extracted it: each entry with the space and the new file id it
    got, the two fields seed 003's Table 7 says are "returned only for decompression"."""
    out = []
    for entry in tree:
        item: dict[str, JSON] = {"containerId": container_id, "fileId": fresh_file_id(rng), **entry}
        children = entry.get("subFileList")
        if isinstance(children, list):
            item["subFileList"] = extracted(children, container_id, rng)
        out.append(item)
    return out


def archive_listing(job: Job, now: int) -> list[dict[str, JSON]]:
    """What a finished taskType-5 job reports in `uncompressedFileList`: the tree of each of its
    archives (only the `uncompressFilePaths` for a partial decompression, 503); extraction ids
    (`containerId`, `fileId`) for a decompression (502, 503), none for a preview (501)."""
    rng = rng_of("extract", job.id)
    if job.uncompress_paths:
        tree = [
            {
                "name": path,
                "fileSize": rng.randint(1, 5_000_000),
                "type": 1,
                "updatedAt": now - 1000,
                "reason": None,
                "code": "0",
            }
            for path in job.uncompress_paths
        ]
    else:
        tree = [e for f in job.files for e in archive_tree(f.src_container_id, f.file_id)]
    if extracts_nothing(job.fields.get("actionType")):
        return tree
    return extracted(tree, str(job.fields.get("containerId") or ""), rng)


@dataclass
class BasicTask(Record):
    task_type: int = 0
    fail_code: str | None = None  # drawn at creation; applied when the task ends
    result_code: str | None = None

    def finish(self, now: int) -> None:
        if self.fail_code:
            self.status, self.result_code = FAILED, self.fail_code
        else:
            self.status = SUCCESS


@dataclass
class ShareTask(Record):
    share_id: str = ""
    task_type: int = 1
    files: list[FilePlan] = field(default_factory=list)
    task_result_code: int | None = None
    download_url: str | None = None
    fixed_progress: int | None = None
    fixed_file_results: list[dict[str, JSON]] | None = None

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
        self.revision = 0  # moves on every insertion (for indexes built over `records`)

    def add(self, record: Record) -> None:
        if record.id in self.by_id:
            raise KeyError(record.id)
        self.by_id[record.id] = record
        self.revision += 1
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
        self.revision += 1
        pairs = sorted((int(i), r) for i, r in self.by_id.items())
        self.order = [k for k, _ in pairs]
        self.records = [r for _, r in pairs]

    def __len__(self) -> int:
        return len(self.by_id)


R = TypeVar("R", bound=Record)


def copy_record(record: R) -> R:
    clone = object.__new__(type(record))
    clone.__dict__.update(record.__dict__)
    return clone
