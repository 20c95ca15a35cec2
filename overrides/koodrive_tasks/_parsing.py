"""Wire JSON -> the clean models of `models.py`, through the `normalize/` modules.

Each parser pops the fields it maps from a copy of the wire object; whatever remains is an
unknown field and goes to `extra` under its wire name, so nothing the server sends is lost.
"""

from __future__ import annotations

from typing import Any

from .models import (
    FileResult,
    Job,
    JobActionType,
    JobDetail,
    JobResult,
    JobStatus,
    JobType,
    ShareTask,
    ShareTaskType,
    Task,
    TaskPage,
    TaskStatus,
    TaskType,
    UncompressedFile,
    UncompressedFileType,
)
from .normalize import cursors, envelopes
from .normalize.codes import to_code
from .normalize.ids import as_id
from .normalize.names import pop_reservation_info
from .normalize.shapes import as_list
from .normalize.statuses import file_status, open_enum
from .normalize.times import JOB_ZONE, SHARE_TASK_ZONE, TASK_ZONE, parse_time


def _opt_id(value: Any) -> str | None:
    return None if value is None else as_id(value)


def job(raw: dict[str, Any]) -> Job:
    d = dict(raw)
    return Job(
        id=as_id(d.pop("taskId")),
        type=open_enum(JobType, d.pop("taskType", None)),  # type: ignore[arg-type]
        status=open_enum(JobStatus, d.pop("status", None)),  # type: ignore[arg-type]
        action_type=open_enum(JobActionType, d.pop("actionType", None)),  # type: ignore[arg-type]
        result=open_enum(JobResult, d.pop("taskResultCode", None)),  # type: ignore[arg-type]
        result_code=to_code(d.pop("resultCode", None)),
        progress=d.pop("progress", None),
        download_url=d.pop("downloadUrl", None),
        content_num=d.pop("contentNum", None),
        container_id=d.pop("containerId", None),
        tenant_id=d.pop("tenantId", None),
        user_id=d.pop("userId", None),
        name=d.pop("taskName", None),
        begin_time=parse_time(d.pop("beginTime", None), JOB_ZONE),
        end_time=parse_time(d.pop("endTime", None), JOB_ZONE),
        create_time=parse_time(d.pop("createTime", None), JOB_ZONE),
        extra=d,
    )


def file_result(raw: dict[str, Any], zone: Any = JOB_ZONE) -> FileResult:
    d = dict(raw)
    return FileResult(
        file_id=d.pop("fileId", None),
        status=file_status(d.pop("status", None)),
        new_file_id=d.pop("newFileId", None),
        src_container_id=d.pop("srcContainerId", None),
        id=_opt_id(d.pop("id", None)),
        file_path=d.pop("filePath", None),
        new_file_path=d.pop("newFilePath", None),
        result_code=to_code(d.pop("resultCode", None)),
        result_desc=d.pop("resultDesc", None),
        tenant_id=d.pop("tenantId", None),
        create_time=parse_time(d.pop("createTime", None), zone),
        extra=d,
    )


def uncompressed_file(raw: dict[str, Any]) -> UncompressedFile:
    d = dict(raw)
    return UncompressedFile(
        name=d.pop("name", None),
        type=open_enum(UncompressedFileType, d.pop("type", None)),  # type: ignore[arg-type]
        size=d.pop("fileSize", None),
        container_id=d.pop("containerId", None),
        file_id=d.pop("fileId", None),
        updated_at=parse_time(d.pop("updatedAt", None), JOB_ZONE),
        children=[uncompressed_file(c) for c in as_list(d.pop("subFileList", None))],
        reason=d.pop("reason", None),
        code=to_code(d.pop("code", None)),
        reservation_info=pop_reservation_info(d),
        extra=d,
    )


def job_detail(body: dict[str, Any]) -> JobDetail:
    d = dict(envelopes.job_detail(body))
    return JobDetail(
        job=job(d.pop("jobInfo")),
        files=[file_result(f) for f in as_list(d.pop("taskInfos", None))],
        uncompressed_files=[uncompressed_file(f) for f in as_list(d.pop("uncompressedFileList", None))],
        extra={**d, **envelopes.envelope_extra(body, ("data",))},
    )


def job_list(body: dict[str, Any]) -> list[Job]:
    return [job(item) for item in envelopes.job_list(body)]


def task(raw: dict[str, Any]) -> Task:
    d = dict(raw)
    return Task(
        id=as_id(d.pop("taskId")),
        type=open_enum(TaskType, d.pop("taskType", None)),  # type: ignore[arg-type]
        status=open_enum(TaskStatus, d.pop("status", None)),  # type: ignore[arg-type]
        name=d.pop("taskName", None),
        tenant_id=d.pop("tenantId", None),
        user_id=d.pop("userId", None),
        init_params=d.pop("initParams", None),
        locale=d.pop("locale", None),
        result_code=to_code(d.pop("resultCode", None)),
        create_time=parse_time(d.pop("createTime", None), TASK_ZONE),
        begin_time=parse_time(d.pop("startTime", None), TASK_ZONE),
        end_time=parse_time(d.pop("endTime", None), TASK_ZONE),
        extra=d,
    )


def task_detail(body: dict[str, Any]) -> Task:
    return task(envelopes.flat_task(body))


def task_page(body: dict[str, Any]) -> TaskPage:
    return TaskPage(
        items=[task(item) for item in envelopes.task_list(body)],
        next_cursor=cursors.next_cursor(body.get("nextCursor")),
    )


def share_task(body: dict[str, Any]) -> ShareTask:
    info, files = envelopes.share_task(body)
    d = dict(info)
    return ShareTask(
        id=as_id(d.pop("taskId")),
        type=open_enum(ShareTaskType, d.pop("taskType", None)),  # type: ignore[arg-type]
        status=open_enum(JobStatus, d.pop("taskStatus", d.pop("status", None))),  # type: ignore[arg-type]
        result=open_enum(JobResult, d.pop("taskResultCode", None)),  # type: ignore[arg-type]
        result_code=to_code(d.pop("resultCode", None)),
        progress=d.pop("progress", None),
        download_url=d.pop("downloadUrl", None),
        user_id=d.pop("userId", None),
        begin_time=parse_time(d.pop("startTime", d.pop("beginTime", None)), SHARE_TASK_ZONE),
        end_time=parse_time(d.pop("endTime", None), SHARE_TASK_ZONE),
        create_time=parse_time(d.pop("createTime", None), SHARE_TASK_ZONE),
        files=[file_result(f, SHARE_TASK_ZONE) for f in as_list(files)],
        extra={**d, **envelopes.envelope_extra(body, ("jobInfo", "taskInfo", "taskInfos"))},
    )


def created_id(body: dict[str, Any]) -> str:
    return as_id(envelopes.created_id(body))
