"""Records to response bodies, in the quirk variant each response draws (Q1-Q6, Q8-Q13, Q17-Q21, Q32).

Field order and time formats come from the spec (`schema.py`): a record's body is its stored
fields with its lifecycle fields (status, progress, times, results) written over them, in the
order of the spec's properties, each time in its schema's `x-koodrive-time` format and zone. A
fixture that has not moved answers with its example's body as stored.

The wire forms worth keeping (a finished job's list item and `jobInfo`, a job's `taskInfos` per
revision, a finished task, a page of finished jobs) live in a `WireCache` the responses own, never
on the records: each entry is stamped with what it was made from, and a changed record misses.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Mapping
from typing import Any

from .config import QUIRK_VARIANTS
from .models import CANCELLED, COMPLETED, DOWNLOAD_BASE, MOMENTS, BasicTask, Job, Record, ShareTask
from .schema import RecordSchema
from .service import Emulator
from .validation import component_check

JSON = Any

OK = 0
BAD_REQUEST = 13000102
UNAUTHORIZED = 13000101
NOT_FOUND = 13000309
INTERNAL = 13000201

MESSAGES: dict[int, dict[str, str]] = {
    BAD_REQUEST: {"en": "Verify parameters failed.", "zh": "参数校验失败。"},
    NOT_FOUND: {"en": "Resource does not exist.", "zh": "资源不存在。"},
    UNAUTHORIZED: {"en": "Authentication failed.", "zh": "鉴权失败。"},
    INTERNAL: {"en": "inner server invoke failure", "zh": "内部服务调用失败。"},
}
SUCCESS_ZH = "成功"
#: Wire forms kept at most (`WireCache`); past it the cache starts again.
WIRE_CACHE_SIZE = 65536
#: The Q32 variant that answers each operation's English `msg` as its examples show it.
PER_OPERATION = "per-operation"

# The wire fields each family's lifecycle writes (the rest of a record is its stored `fields`).
JOB_LIFECYCLE = frozenset(
    {"taskId", "taskType", "status", "progress", "taskResultCode", "resultCode", "downloadUrl", *MOMENTS}
)
TASK_LIFECYCLE = frozenset({"taskId", "taskType", "status", "resultCode", *MOMENTS})
SHARE_LIFECYCLE = frozenset(
    {"taskId", "taskType", "taskStatus", "taskResultCode", "resultCode", "progress", "downloadUrl", *MOMENTS}
)


def fits(emulator: Emulator, schema: str, value: JSON) -> bool:
    """Whether `value` may be echoed where the spec types it `schema` (as written, assumptions
    included). A request that broke only an assumed constraint was accepted (an empty
    `containerId`); its value is never echoed into a response the spec forbids: the field, optional
    wherever such a value can land, is left out (spec/EXTENSIONS.md, x-koodrive-assumption)."""
    return component_check(emulator.formats.spec_path, schema)(value)


def language_of(value: str | None) -> str:
    """`zh-CN`, `zh_cn`, `ZH` -> "zh"; anything else (and nothing) -> "en" (Q32)."""
    return "zh" if value and value[:2].lower() == "zh" else "en"


class Variants:
    """The quirk variants of one response: fixed by the mode, drawn per response in `mixed` mode."""

    __slots__ = ("_chosen", "_emulator")

    def __init__(self, emulator: Emulator) -> None:
        self._emulator = emulator
        self._chosen: dict[str, str] = {}

    def __call__(self, quirk: str) -> str:
        chosen = self._chosen.get(quirk)
        if chosen is None:
            config = self._emulator.config
            options = QUIRK_VARIANTS[quirk]
            if quirk in config.quirks:
                chosen = config.quirks[quirk]
            elif config.quirk_mode == "documented":
                chosen = options[0]
            elif config.quirk_mode == "observed":
                chosen = options[1]
            else:
                with self._emulator.lock:
                    chosen = self._emulator.quirk_rng.choice(options)
            self._chosen[quirk] = chosen
        return chosen

    def code(self, value: int, operation: str | None = None) -> int | str:
        """`code` in this response's Q1 variant. `string` drawn by the mode is the type the
        operation's table gives it: String on every page but seed 004's, whose Table 3 says
        Integer (error tables: String). Pinned in the config, it is a string on every operation."""
        if self("Q1") == "number":
            return value
        # the operations whose table says Integer (seed 004 Table 3), by the spec's
        # `x-koodrive-table-type`; every other table, error tables included, says String (Q1)
        integer = operation in self._emulator.formats.table_integer_code
        if integer and "Q1" not in self._emulator.config.quirks:
            return value
        return str(value)

    def success_msg(self, lang: str, operation: str) -> str:
        if lang == "zh":
            return SUCCESS_ZH
        variant = self("Q32")
        if variant == PER_OPERATION:
            return self._emulator.messages.get(operation, "success")
        return variant


def envelope(v: Variants, lang: str, operation: str, **fields: JSON) -> dict[str, JSON]:
    body = dict(fields)
    body["code"] = v.code(OK, operation)
    body["msg"] = v.success_msg(lang, operation)
    return body


def error_body(v: Variants, code: int, lang: str, detail: str | None = None) -> dict[str, JSON]:
    msg = MESSAGES[code][lang]
    if detail and lang == "en":
        msg = f"{msg[:-1] if msg.endswith('.') else msg}: {detail}"[:512]
    return {"code": v.code(code), "msg": msg}


def dumps(body: JSON) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def _record(
    schema: RecordSchema, record: Record, live: Mapping[str, JSON], lifecycle: frozenset[str]
) -> dict[str, JSON]:
    """Stored fields, the lifecycle's values over them (a lifecycle field that does not apply now
    is left out), times from the record's moments in the spec's formats; in the spec's order."""
    values = {k: v for k, v in record.fields.items() if k not in lifecycle}
    values.update(live)
    for name, codec in schema.times.items():
        moment = MOMENTS.get(name)
        if moment is not None:
            at = getattr(record, moment, None)
            if at is not None:
                values[name] = codec.write(at)
    return schema.ordered(values)


# ---- batch jobs ---------------------------------------------------------------------------------
def job_info(emulator: Emulator, job: Job, progress: int) -> dict[str, JSON]:
    if job.verbatim is not None:
        return dict(job.verbatim)
    live: dict[str, JSON] = {"taskId": job.id, "taskType": job.task_type, "status": job.status}
    live["progress"] = job.fixed_progress if job.fixed_progress is not None else progress
    if job.status == COMPLETED:
        if job.task_result_code is not None:
            live["taskResultCode"] = job.task_result_code
        if job.result_code is not None:
            live["resultCode"] = job.result_code
        if job.download_url is not None:
            live["downloadUrl"] = job.download_url
    info = _record(emulator.formats["job"], job, live, JOB_LIFECYCLE)
    if "containerId" in info and not fits(emulator, "ContainerId", info["containerId"]):
        del info["containerId"]
    return info


class WireCache:
    """Wire forms the responses keep: JSON text of finished records and pages of them.

    The cache belongs to the wire layer (one per app), not to the records: each entry carries the
    stamp it was made for (the emulator's `generation`, which a reset moves on, and the record's
    `revision`, which every change moves on), and a lookup with another stamp misses. Bounded: a
    full cache starts again."""

    __slots__ = ("_kept", "size")

    def __init__(self, size: int = WIRE_CACHE_SIZE) -> None:
        self._kept: dict[Hashable, tuple[Hashable, Any]] = {}
        self.size = size

    def get(self, key: Hashable, stamp: Hashable) -> Any:
        entry = self._kept.get(key)
        return entry[1] if entry is not None and entry[0] == stamp else None

    def put(self, key: Hashable, stamp: Hashable, value: Any) -> None:
        if len(self._kept) >= self.size:
            self._kept.clear()
        self._kept[key] = (stamp, value)

    def __len__(self) -> int:
        return len(self._kept)


def _stamp(emulator: Emulator, record: Record) -> tuple[int, int]:
    return emulator.generation, record.revision


def job_detail_info_json(emulator: Emulator, cache: WireCache, job: Job, now: int) -> str:
    """getJob's `jobInfo` as JSON text, kept once the job is terminal."""
    key, stamp = ("jobInfo", job.id), _stamp(emulator, job)
    kept: str | None = cache.get(key, stamp)
    if kept is not None:
        return kept
    text = _text(job_info(emulator, job, job.progress(now, emulator.transition("jobs"))))
    if job.terminal():
        cache.put(key, stamp, text)
    return text


def job_list_item_json(emulator: Emulator, cache: WireCache, job: Job, now: int) -> str:
    """One job of `/jobs` as JSON text, kept once the job is terminal. The item is `JobInfo`: the
    fields the spec marks `x-koodrive-detail-only` are left out (Q54); a seed record is as its
    page shows it."""
    key, stamp = ("jobItem", job.id), _stamp(emulator, job)
    kept: str | None = cache.get(key, stamp)
    if kept is not None:
        return kept
    info = job_info(emulator, job, job.progress(now, emulator.transition("jobs")))
    if job.verbatim is None:
        for name in emulator.formats["job"].detail_only:
            info.pop(name, None)
    text = _text(info)
    if job.terminal():
        cache.put(key, stamp, text)
    return text


def list_jobs_body(
    emulator: Emulator, cache: WireCache, v: Variants, lang: str, jobs: list[Job], now: int
) -> bytes:
    code, msg = _envelope_json(v, lang, "listJobs")
    return _jobs_page(emulator, cache, jobs, now, code, msg)


def jobs_page(emulator: Emulator, cache: WireCache, v: Variants, lang: str, offset: int, limit: int) -> bytes:
    """The unfiltered `/jobs` page: the same bytes as `list_jobs_body`, kept while the state's stamp
    for the page stays the same (`Emulator.list_jobs_page`: no job added, the same caller) and every
    job on it has finished. The variants are drawn first, as for every page."""
    code, msg = _envelope_json(v, lang, "listJobs")
    key = ("jobs", offset, limit, code, msg)

    def answer(stamp: Hashable, page: Callable[[], tuple[list[Job], int]]) -> bytes:
        kept: bytes | None = cache.get(key, stamp)
        if kept is not None:
            return kept
        jobs, now = page()
        body = _jobs_page(emulator, cache, jobs, now, code, msg)
        if all(job.terminal() for job in jobs):
            cache.put(key, stamp, body)
        return body

    return emulator.list_jobs_page(offset, limit, answer)


def _envelope_json(v: Variants, lang: str, operation: str) -> tuple[str, str]:
    """`code` and `msg` as JSON text, drawn in the order `envelope` draws them (Q1, then Q32)."""
    code, msg = v.code(OK, operation), v.success_msg(lang, operation)
    key = (code, msg)  # 0 and "0" are different keys
    texts = _ENVELOPES.get(key)
    if texts is None:
        texts = (json.dumps(code), json.dumps(msg, ensure_ascii=False))
        if len(_ENVELOPES) < 256:  # a handful of codes and messages in practice
            _ENVELOPES[key] = texts
    return texts


_ENVELOPES: dict[tuple[int | str, str], tuple[str, str]] = {}


def _jobs_page(emulator: Emulator, cache: WireCache, jobs: list[Job], now: int, code: str, msg: str) -> bytes:
    items = ",".join([job_list_item_json(emulator, cache, job, now) for job in jobs])
    return f'{{"data":[{items}],"code":{code},"msg":{msg}}}'.encode()


def file_results(emulator: Emulator, job: Job) -> list[dict[str, JSON]]:
    if job.fixed_file_results is not None:
        return job.fixed_file_results
    schema = emulator.formats["jobFile"]
    done = job.status == COMPLETED
    results = []
    for plan in job.files:
        item: dict[str, JSON] = {}
        if fits(emulator, "FileId", plan.file_id):
            item["fileId"] = plan.file_id
        if plan.file_path is not None:
            item["filePath"] = plan.file_path
        item["status"] = ("1" if plan.ok else "2") if done else "0"
        if done and plan.ok and job.task_type in (1, 3, 4):
            item["newFileId"] = plan.new_file_id
        if fits(emulator, "ContainerId", plan.src_container_id):
            item["srcContainerId"] = plan.src_container_id
        if done and not plan.ok:
            item["resultCode"], item["resultDesc"] = "13000408", "Download file failed."
        results.append(schema.ordered(item))
    return results


def _uncompressed(
    emulator: Emulator, schema: RecordSchema, entries: list[dict[str, JSON]], v: Variants
) -> list[dict[str, JSON]]:
    out = []
    for entry in entries:
        item = {
            k: (schema.times[k].write(x) if k in schema.times and x is not None else x)
            for k, x in entry.items()
        }
        if "containerId" in item and not fits(emulator, "ContainerId", item["containerId"]):
            del item["containerId"]  # extracted into a space the request named with an empty id
        children = item.get("subFileList")
        if isinstance(children, list):
            rendered = _uncompressed(emulator, schema, children, v)
            # Q6: the table says "one object"; with exactly one child either form can come back.
            item["subFileList"] = rendered[0] if len(rendered) == 1 and v("Q6") == "object" else rendered
        out.append(schema.ordered(item))
    return out


def get_job_body(emulator: Emulator, v: Variants, lang: str, job: Job, now: int) -> dict[str, JSON]:
    data: dict[str, JSON] = {
        "jobInfo": job_info(emulator, job, job.progress(now, emulator.transition("jobs"))),
        "taskInfos": file_results(emulator, job),
    }
    if job.uncompressed is not None and job.status != CANCELLED:
        data["uncompressedFileList"] = _uncompressed(
            emulator, emulator.formats["archiveEntry"], job.uncompressed, v
        )
    return envelope(v, lang, "getJob", data=data)


def get_job_bytes(emulator: Emulator, cache: WireCache, v: Variants, lang: str, job: Job, now: int) -> bytes:
    """`get_job_body` as bytes, from the wire forms kept for the job (its `jobInfo` once it has
    finished, its `taskInfos` for each revision); the same bytes, drawn in the same order."""
    info = job_detail_info_json(emulator, cache, job, now)
    files = _file_results_json(emulator, cache, job)
    extra = ""
    if job.uncompressed is not None and job.status != CANCELLED:
        listing = _uncompressed(emulator, emulator.formats["archiveEntry"], job.uncompressed, v)
        extra = ',"uncompressedFileList":' + _text(listing)
    code, msg = _envelope_json(v, lang, "getJob")
    return f'{{"data":{{"jobInfo":{info},"taskInfos":{files}{extra}}},"code":{code},"msg":{msg}}}'.encode()


def _file_results_json(emulator: Emulator, cache: WireCache, job: Job) -> str:
    """`taskInfos` as JSON text. They change only when the job does (a step, a cancel), never
    with the clock or the reads, so a job of thousands of files polled until it finishes is
    rendered once per status, not once per poll."""
    key, stamp = ("taskInfos", job.id), _stamp(emulator, job)
    kept: str | None = cache.get(key, stamp)
    if kept is None:
        kept = _text(file_results(emulator, job))
        cache.put(key, stamp, kept)
    return kept


def _text(body: JSON) -> str:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


# ---- basic tasks --------------------------------------------------------------------------------
def task_item(emulator: Emulator, cache: WireCache, task: BasicTask) -> dict[str, JSON]:
    """The task's wire form; a finished task's is built once and kept (callers copy, never change it)."""
    key, stamp = ("task", task.id), _stamp(emulator, task)
    kept: dict[str, JSON] | None = cache.get(key, stamp)
    if kept is not None:
        return kept
    if task.verbatim is not None:
        item = task.verbatim
    else:
        live: dict[str, JSON] = {"taskId": task.id, "taskType": task.task_type, "status": task.status}
        if task.status == 3 and task.result_code is not None:
            live["resultCode"] = task.result_code  # Q8: a String here, an Integer on batch jobs
        item = _record(emulator.formats["task"], task, live, TASK_LIFECYCLE)
    if task.terminal():
        cache.put(key, stamp, item)
    return item


def list_tasks_body(
    emulator: Emulator,
    cache: WireCache,
    v: Variants,
    lang: str,
    tasks: list[BasicTask],
    next_cursor: int | None,
) -> dict[str, JSON]:
    body: dict[str, JSON] = {v("Q2"): [task_item(emulator, cache, t) for t in tasks]}
    if next_cursor is not None:
        body["nextCursor"] = str(next_cursor) if v("Q3") == "string" else next_cursor
    return envelope(v, lang, "listTasks", **body)


def get_task_body(
    emulator: Emulator, cache: WireCache, v: Variants, lang: str, task: BasicTask
) -> dict[str, JSON]:
    """The task flat beside `code` and `msg`, without the fields only the list's `TaskInfo` table
    names (`x-koodrive-list-only`: seed 002's table has no times, `initParams` or `locale`)."""
    hidden = emulator.formats["task"].list_only
    return envelope(
        v, lang, "getTask", **{k: x for k, x in task_item(emulator, cache, task).items() if k not in hidden}
    )


# ---- share tasks --------------------------------------------------------------------------------
def share_info(emulator: Emulator, task: ShareTask, now: int, *, legacy: bool) -> dict[str, JSON]:
    if task.verbatim is not None and not legacy:
        return dict(task.verbatim)
    live: dict[str, JSON] = {"taskId": task.id, "taskType": task.task_type, "taskStatus": task.status}
    if task.status == COMPLETED and task.task_result_code is not None:
        live["taskResultCode"] = task.task_result_code
    if legacy:
        live["resultCode"] = 0
    progress = task.progress(now, emulator.transition("shareTasks"))
    live["progress"] = task.fixed_progress if task.fixed_progress is not None else progress
    if task.download_url is not None:
        live["downloadUrl"] = task.download_url
    elif legacy and task.task_type == 1:
        # The 2024-07 page shows the link of a package download while it is still running.
        live["downloadUrl"] = f"{DOWNLOAD_BASE}{task.id}.zip"
    return _record(emulator.formats["share"], task, live, SHARE_LIFECYCLE)


def share_files(emulator: Emulator, task: ShareTask) -> list[dict[str, JSON]]:
    if task.fixed_file_results is not None:
        return task.fixed_file_results
    schema = emulator.formats["shareFile"]
    done = task.status == COMPLETED
    out = []
    for plan in task.files:
        item: dict[str, JSON] = {"status": ("1" if plan.ok else "2") if done else "0"}
        if fits(emulator, "FileId", plan.file_id):
            item["fileId"] = plan.file_id
        if done and plan.ok:
            item["newFileId"] = plan.new_file_id
        if fits(emulator, "ContainerId", plan.src_container_id):
            item["srcContainerId"] = plan.src_container_id
        out.append(schema.ordered(item))
    return out


def get_share_body(emulator: Emulator, v: Variants, lang: str, task: ShareTask, now: int) -> dict[str, JSON]:
    if v("Q20") == "taskInfo":
        return envelope(v, lang, "getShareTask", taskInfo=share_info(emulator, task, now, legacy=True))
    files = share_files(emulator, task)
    infos: JSON = files[0] if v("Q5") == "object" and files else files
    return envelope(
        v, lang, "getShareTask", jobInfo=share_info(emulator, task, now, legacy=False), taskInfos=infos
    )


# ---- archives -----------------------------------------------------------------------------------
def list_file_body(emulator: Emulator, v: Variants, lang: str, outcome: str, value: JSON) -> dict[str, JSON]:
    """The listing (flat, listFile's spelling: Q60, Q61), or the task still reading the archive (Q62)."""
    if outcome == "listing":
        schema = emulator.formats["listedEntry"]
        return envelope(
            v, lang, "listFile", data={"uncompressedFileList": [schema.ordered(e) for e in value]}
        )
    task, progress = value
    data = {"taskId": task.id, "taskKey": task.task_key, "taskValue": task.task_value, "progress": progress}
    return envelope(v, lang, "listFile", data=data)
