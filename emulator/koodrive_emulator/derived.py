"""The three operations that read what other records left behind (issue 14): an import task's
result (getTaskResult), a handover's recipient (getHandoverDstUserInfo) and an archive's listing
(listFile).

Their state is derived: a result is drawn when a user import task has finished, a recipient is
whatever the latest handover task named, and an archive is a file a decompression job knows.
The example pairs of these operations are fixtures too (an archive, a recipient, two results), so
each replays against a freshly reset emulator. Assumptions the pages leave open are the spec's
(`getTaskResult`, `getHandoverDstUserInfo` and `listFile` descriptions) and are followed here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from .models import COMPLETED, BasicTask, Job, Record, archive_tree, rng_of

JSON = Any
#: Why the emulator refuses an imported user (invented, no page lists them).
IMPORT_FAILURES = ("The user already exists.", "The mobile number is invalid.", "The email is invalid.")


@dataclass
class Archive:
    """A file that can be listed: its entries (listFile's wire form, `updateAt` in ms) and its password."""

    container_id: str
    file_id: str
    password: str | None = field(default=None, repr=False)
    entries: list[dict[str, JSON]] = field(default_factory=list)
    #: listed at once whatever the transition mode (an example pair shows it answered synchronously)
    at_once: bool = False


@dataclass
class ListingTask(Record):
    """The asynchronous form of a listing: it moves like a job, and when done the listing is answered."""

    key: tuple[str, str] = ("", "")
    fixed_progress: int | None = None
    task_key: str = "listFile"
    task_value: str = ""

    def finish(self, now: int) -> None:
        self.status = COMPLETED


@dataclass
class Derived:
    archives: dict[tuple[str, str], Archive] = field(default_factory=dict)
    listings: dict[tuple[str, str], ListingTask] = field(default_factory=dict)
    #: source user -> recipient user, and the names of recipients the examples show
    handovers: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    #: results the examples show, by task id
    results: dict[str, dict[str, JSON]] = field(default_factory=dict)

    def state(self) -> Any:
        """Comparable with `==`, for "nothing changed" checks."""
        return (
            sorted((k, repr(v), v.password) for k, v in self.archives.items()),
            sorted((k, repr(v)) for k, v in self.listings.items()),
            sorted(self.handovers.items()),
        )


def flat_entries(tree: list[dict[str, JSON]]) -> list[dict[str, JSON]]:
    """A getJob archive tree (nested `subFileList`, `updatedAt`, integer `type`) as listFile lists
    it: flat, depth first, `updateAt` and a string `type` (Q60, Q61), no extraction ids."""
    out: list[dict[str, JSON]] = []
    for entry in tree:
        out.append(
            {
                "code": str(entry.get("code", "0")),
                "name": entry.get("name"),
                "type": str(entry.get("type")),
                "updateAt": entry.get("updatedAt"),
                "fileSize": entry.get("fileSize"),
            }
        )
        children = entry.get("subFileList")
        if isinstance(children, dict):
            children = [children]
        if isinstance(children, list):
            out.extend(flat_entries(children))
    return out


def job_archives(job: Job) -> list[Archive]:
    """The archives a decompression job (taskType 5) knows: each of its files, in its source space,
    with the entries of that archive (a fixture's: the entries its example shows)."""
    if job.task_type != 5:
        return []
    known = [(f.src_container_id, f.file_id) for f in job.files]
    for item in job.fixed_file_results or []:
        if item.get("fileId") and item.get("srcContainerId"):
            known.append((str(item["srcContainerId"]), str(item["fileId"])))
    out = []
    for container, file_id in known:
        tree = job.uncompressed if job.uncompressed is not None else archive_tree(container, file_id)
        out.append(Archive(container, file_id, job.archive_password, flat_entries(tree)))
    return out


#: A `fileId` holding this (any case) names no file: listFile answers 400 13000309 for it.
MISSING_MARK = "missing"


def unseen_archive(container_id: str, file_id: str) -> Archive | None:
    """An archive no job has named yet: listFile lists it before (or instead of) a decompression
    job, as the spec's `archives` tag says. The emulator stores no files, so any file is taken for
    an archive (its entries drawn from its ids, the tree a later decompression extracts), except
    a `fileId` containing `missing`, which names no file. Not encrypted (no `pwd` needed)."""
    if MISSING_MARK in file_id.lower():
        return None
    return Archive(container_id, file_id, None, flat_entries(archive_tree(container_id, file_id)))


def import_result(task: BasicTask) -> dict[str, JSON]:
    """The result of a finished user import, drawn from its id: a FAILED import imported nobody."""
    rng = rng_of("import", task.id)
    users = rng.randint(1, 12)
    failed = users if task.status == 3 else sum(rng.random() < 0.2 for _ in range(users))
    failures = [
        {"userName": f"user{task.id[-4:]}-{i}", "desc": rng.choice(IMPORT_FAILURES)} for i in range(failed)
    ]
    return {"successCount": users - failed, "failCount": failed, "failInfoList": failures}


def load(examples: Path, mint_ms: int) -> Derived:
    """The example pairs of the three operations, as state (pinned, like every fixture)."""
    out = Derived()
    for path in sorted(examples.glob("listFile/*.json")):
        pair = json.loads(path.read_text(encoding="utf-8"))
        body = pair["request"]["body"]["value"]
        data = pair["responses"]["200"]["value"]["data"]
        key = (str(body["containerId"]), str(body["fileId"]))
        archive = out.archives.setdefault(key, Archive(*key, password=body.get("pwd")))
        if "uncompressedFileList" in data:
            archive.entries = [dict(e) for e in data["uncompressedFileList"]]
            archive.at_once = True
        if "taskId" in data:
            out.listings[key] = ListingTask(
                id=str(data["taskId"]),
                created_ms=mint_ms,
                status=1,
                pinned=True,
                key=key,
                fixed_progress=data.get("progress"),
                task_key=str(data.get("taskKey", "listFile")),
                task_value=str(data.get("taskValue", "")),
            )
    for path in sorted(examples.glob("getHandoverDstUserInfo/*.json")):
        pair = json.loads(path.read_text(encoding="utf-8"))
        src = urlsplit(pair["request"]["line"].split(" ", 1)[1]).path.rsplit("/", 1)[1]
        answer = pair["responses"]["200"]["value"]
        out.handovers[src] = str(answer["id"])
        out.names[str(answer["id"])] = str(answer["name"])
    for path in sorted(examples.glob("getTaskResult/*.json")):
        pair = json.loads(path.read_text(encoding="utf-8"))
        query = dict(parse_qsl(urlsplit(pair["request"]["line"].split(" ", 1)[1]).query))
        task_id = query.get("taskId") or query.get("taskid")
        if task_id:
            out.results[task_id] = pair["responses"]["200"]["value"]["data"]
    return out


def recipient_name(user_id: str, names: dict[str, str]) -> str:
    """The recipient's user name: the examples' where they show it, else one made from the id."""
    return names.get(user_id) or f"user{user_id[-6:]}"
