"""Records to response bodies, in the quirk variant each response draws (Q1-Q6, Q8-Q13, Q17-Q21, Q32)."""

from __future__ import annotations

import json
from typing import Any

from .config import QUIRK_VARIANTS
from .ids import compact_china, compact_utc, iso_utc
from .models import CANCELLED, COMPLETED, DOWNLOAD_BASE, BasicTask, Emulator, Job, ShareTask

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

    def code(self, value: int) -> int | str:
        return str(value) if self("Q1") == "string" else value

    def success_msg(self, lang: str) -> str:
        return "成功" if lang == "zh" else self("Q32")


def envelope(v: Variants, lang: str, **fields: JSON) -> dict[str, JSON]:
    body = dict(fields)
    body["code"] = v.code(OK)
    body["msg"] = v.success_msg(lang)
    return body


def error_body(v: Variants, code: int, lang: str, detail: str | None = None) -> dict[str, JSON]:
    msg = MESSAGES[code][lang]
    if detail and lang == "en":
        msg = f"{msg[:-1] if msg.endswith('.') else msg}: {detail}"[:512]
    return {"code": v.code(code), "msg": msg}


def dumps(body: JSON) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


# ---- batch jobs ---------------------------------------------------------------------------------
def job_info(job: Job, progress: int) -> dict[str, JSON]:
    info: dict[str, JSON] = {"taskId": job.id}
    if job.task_name is not None:
        info["taskName"] = job.task_name
    if job.user_id is not None:
        info["userId"] = job.user_id
    info["taskType"] = job.task_type
    if job.action_type is not None:
        info["actionType"] = job.action_type
    info["status"] = job.status
    info["progress"] = job.fixed_progress if job.fixed_progress is not None else progress
    if job.status == COMPLETED:
        if job.task_result_code is not None:
            info["taskResultCode"] = job.task_result_code
        if job.result_code is not None:
            info["resultCode"] = job.result_code
        if job.download_url is not None:
            info["downloadUrl"] = job.download_url
    if job.content_num is not None:
        info["contentNum"] = job.content_num
    if job.container_id is not None:
        info["containerId"] = job.container_id
    if job.tenant_id is not None:
        info["tenantId"] = job.tenant_id
    if job.began_ms is not None:
        info["beginTime"] = compact_china(job.began_ms)
    if job.ended_ms is not None:
        info["endTime"] = compact_china(job.ended_ms)
    info["createTime"] = compact_china(job.created_ms)
    return info


def job_list_item_json(emulator: Emulator, job: Job, now: int) -> str:
    """One job of `/jobs` as JSON text, cached on the record once the job is terminal."""
    cached = job._json
    if cached is not None:
        return cached
    text = json.dumps(
        job_info(job, job.progress(now, emulator.transition("jobs"))),
        ensure_ascii=False,
        separators=(",", ":"),
    )
    if job.terminal():
        job._json = text
    return text


def list_jobs_body(emulator: Emulator, v: Variants, lang: str, jobs: list[Job], now: int) -> bytes:
    items = ",".join([job._json or job_list_item_json(emulator, job, now) for job in jobs])
    code = json.dumps(v.code(OK))
    msg = json.dumps(v.success_msg(lang), ensure_ascii=False)
    return f'{{"data":[{items}],"code":{code},"msg":{msg}}}'.encode()


def file_results(job: Job) -> list[dict[str, JSON]]:
    if job.fixed_file_results is not None:
        return job.fixed_file_results
    done = job.status == COMPLETED
    results = []
    for plan in job.files:
        item: dict[str, JSON] = {"fileId": plan.file_id}
        if plan.file_path is not None:
            item["filePath"] = plan.file_path
        item["status"] = ("1" if plan.ok else "2") if done else "0"
        if done and plan.ok and job.task_type in (1, 3, 4):
            item["newFileId"] = plan.new_file_id
        item["srcContainerId"] = plan.src_container_id
        if done and not plan.ok:
            item["resultCode"], item["resultDesc"] = "13000408", "Download file failed."
        results.append(item)
    return results


def _uncompressed(entries: list[dict[str, JSON]], v: Variants) -> list[dict[str, JSON]]:
    out = []
    for entry in entries:
        item = dict(entry)
        children = item.get("subFileList")
        if isinstance(children, list):
            rendered = _uncompressed(children, v)
            # Q6: the table says "one object"; with exactly one child either form can come back.
            item["subFileList"] = rendered[0] if len(rendered) == 1 and v("Q6") == "object" else rendered
        out.append(item)
    return out


def get_job_body(emulator: Emulator, v: Variants, lang: str, job: Job, now: int) -> dict[str, JSON]:
    data: dict[str, JSON] = {
        "jobInfo": job_info(job, job.progress(now, emulator.transition("jobs"))),
        "taskInfos": file_results(job),
    }
    if job.uncompressed is not None and job.status != CANCELLED:
        data["uncompressedFileList"] = _uncompressed(job.uncompressed, v)
    return envelope(v, lang, data=data)


# ---- basic tasks --------------------------------------------------------------------------------
def task_item(task: BasicTask) -> dict[str, JSON]:
    item: dict[str, JSON] = {"taskId": task.id}
    if task.task_name is not None:
        item["taskName"] = task.task_name
    item["taskType"] = task.task_type
    if task.tenant_id is not None:
        item["tenantId"] = task.tenant_id
    if task.user_id is not None:
        item["userId"] = task.user_id
    item["status"] = task.status
    if task.init_params is not None:
        item["initParams"] = task.init_params
    if task.locale is not None:
        item["locale"] = task.locale
    if task.status == 3 and task.result_code is not None:
        item["resultCode"] = task.result_code  # Q8: a String here, an Integer on batch jobs
    if task.show_times:
        item["createTime"] = iso_utc(task.created_ms)
        if task.began_ms is not None:
            item["startTime"] = iso_utc(task.began_ms)
        if task.ended_ms is not None:
            item["endTime"] = iso_utc(task.ended_ms)
    return item


def list_tasks_body(
    v: Variants, lang: str, tasks: list[BasicTask], next_cursor: int | None
) -> dict[str, JSON]:
    body: dict[str, JSON] = {v("Q2"): [task_item(t) for t in tasks]}
    if next_cursor is not None:
        body["nextCursor"] = str(next_cursor) if v("Q3") == "string" else next_cursor
    return envelope(v, lang, **body)


def get_task_body(v: Variants, lang: str, task: BasicTask) -> dict[str, JSON]:
    return envelope(v, lang, **task_item(task))


# ---- share tasks --------------------------------------------------------------------------------
def share_info(emulator: Emulator, task: ShareTask, now: int, *, legacy: bool) -> dict[str, JSON]:
    info: dict[str, JSON] = {}
    if task.user_id is not None:
        info["userId"] = task.user_id
    info["taskId"] = task.id
    info["taskType"] = task.task_type
    info["taskStatus"] = task.status
    if task.status == COMPLETED and task.task_result_code is not None:
        info["taskResultCode"] = task.task_result_code
    if legacy:
        info["resultCode"] = 0
    info["createTime"] = compact_utc(task.created_ms)
    if task.began_ms is not None:
        info["startTime"] = compact_utc(task.began_ms)
    if task.ended_ms is not None:
        info["endTime"] = compact_utc(task.ended_ms)
    progress = task.progress(now, emulator.transition("shareTasks"))
    info["progress"] = task.fixed_progress if task.fixed_progress is not None else progress
    if task.download_url is not None:
        info["downloadUrl"] = task.download_url
    elif legacy and task.task_type == 1:
        # The 2024-07 page shows the link of a package download while it is still running.
        info["downloadUrl"] = f"{DOWNLOAD_BASE}{task.id}.zip"
    return info


def share_files(task: ShareTask) -> list[dict[str, JSON]]:
    done = task.status == COMPLETED
    out = []
    for plan in task.files:
        item: dict[str, JSON] = {"fileId": plan.file_id, "status": ("1" if plan.ok else "2") if done else "0"}
        if done and plan.ok:
            item["newFileId"] = plan.new_file_id
        item["srcContainerId"] = plan.src_container_id
        out.append(item)
    return out


def get_share_body(emulator: Emulator, v: Variants, lang: str, task: ShareTask, now: int) -> dict[str, JSON]:
    if v("Q20") == "taskInfo":
        return envelope(v, lang, taskInfo=share_info(emulator, task, now, legacy=True))
    files = share_files(task)
    infos: JSON = files[0] if v("Q5") == "object" and files else files
    return envelope(v, lang, jobInfo=share_info(emulator, task, now, legacy=False), taskInfos=infos)
