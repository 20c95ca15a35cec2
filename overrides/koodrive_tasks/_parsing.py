"""Wire JSON -> the clean models of `models.py`, through the `normalize/` modules.

Each parser reads the fields it maps; every other field is unknown to this version and goes to
`extra` under its wire name, so nothing the server sends is lost. (Reads plus one set difference
per record, rather than copy-and-pop: parsing sits on the hot path of paging, see bench/.)
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
from .normalize.names import MISSPELT_RESERVATION_INFO, reservation_info
from .normalize.shapes import as_list
from .normalize.statuses import file_status, open_enum
from .normalize.times import JOB_ZONE, SHARE_TASK_ZONE, TASK_ZONE, parse_time


def _opt_id(value: Any) -> str | None:
    return None if value is None else as_id(value)


# The wire fields each parser maps; any other field is kept in `extra`.
JOB_FIELDS = frozenset(
    (
        "taskId",
        "taskType",
        "status",
        "actionType",
        "taskResultCode",
        "resultCode",
        "progress",
        "downloadUrl",
        "contentNum",
        "containerId",
        "tenantId",
        "userId",
        "taskName",
        "beginTime",
        "endTime",
        "createTime",
    )
)
FILE_FIELDS = frozenset(
    (
        "fileId",
        "status",
        "newFileId",
        "srcContainerId",
        "id",
        "filePath",
        "newFilePath",
        "resultCode",
        "resultDesc",
        "tenantId",
        "createTime",
    )
)
ARCHIVE_FIELDS = frozenset(
    (
        "name",
        "type",
        "fileSize",
        "containerId",
        "fileId",
        "updatedAt",
        "subFileList",
        "reason",
        "code",
        MISSPELT_RESERVATION_INFO,
    )
)
DETAIL_FIELDS = frozenset(("jobInfo", "taskInfos", "uncompressedFileList"))
TASK_FIELDS = frozenset(
    (
        "taskId",
        "taskType",
        "status",
        "taskName",
        "tenantId",
        "userId",
        "initParams",
        "locale",
        "resultCode",
        "createTime",
        "startTime",
        "endTime",
    )
)
SHARE_FIELDS = frozenset(
    (
        "taskId",
        "taskType",
        "taskStatus",
        "status",
        "taskResultCode",
        "resultCode",
        "progress",
        "downloadUrl",
        "userId",
        "startTime",
        "beginTime",
        "endTime",
        "createTime",
    )
)


def _extra(raw: dict[str, Any], known: frozenset[str]) -> dict[str, Any]:
    unknown = raw.keys() - known
    return {k: raw[k] for k in unknown} if unknown else {}


def job(raw: dict[str, Any]) -> Job:
    d = raw
    return Job(
        id=as_id(d["taskId"]),
        type=open_enum(JobType, d.get("taskType")),  # type: ignore[arg-type]
        status=open_enum(JobStatus, d.get("status")),  # type: ignore[arg-type]
        action_type=open_enum(JobActionType, d.get("actionType")),  # type: ignore[arg-type]
        result=open_enum(JobResult, d.get("taskResultCode")),  # type: ignore[arg-type]
        result_code=to_code(d.get("resultCode")),
        progress=d.get("progress"),
        download_url=d.get("downloadUrl"),
        content_num=d.get("contentNum"),
        container_id=d.get("containerId"),
        tenant_id=d.get("tenantId"),
        user_id=d.get("userId"),
        name=d.get("taskName"),
        begin_time=parse_time(d.get("beginTime"), JOB_ZONE),
        end_time=parse_time(d.get("endTime"), JOB_ZONE),
        create_time=parse_time(d.get("createTime"), JOB_ZONE),
        extra=_extra(d, JOB_FIELDS),
    )


def file_result(raw: dict[str, Any], zone: Any = JOB_ZONE) -> FileResult:
    d = raw
    return FileResult(
        file_id=d.get("fileId"),
        status=file_status(d.get("status")),
        new_file_id=d.get("newFileId"),
        src_container_id=d.get("srcContainerId"),
        id=_opt_id(d.get("id")),
        file_path=d.get("filePath"),
        new_file_path=d.get("newFilePath"),
        result_code=to_code(d.get("resultCode")),
        result_desc=d.get("resultDesc"),
        tenant_id=d.get("tenantId"),
        create_time=parse_time(d.get("createTime"), zone),
        extra=_extra(d, FILE_FIELDS),
    )


def uncompressed_file(raw: dict[str, Any]) -> UncompressedFile:
    d = raw
    return UncompressedFile(
        name=d.get("name"),
        type=open_enum(UncompressedFileType, d.get("type")),  # type: ignore[arg-type]
        size=d.get("fileSize"),
        container_id=d.get("containerId"),
        file_id=d.get("fileId"),
        updated_at=parse_time(d.get("updatedAt"), JOB_ZONE),
        children=[uncompressed_file(c) for c in as_list(d.get("subFileList"))],
        reason=d.get("reason"),
        code=to_code(d.get("code")),
        reservation_info=reservation_info(d),
        extra=_extra(d, ARCHIVE_FIELDS),
    )


def job_detail(body: dict[str, Any]) -> JobDetail:
    d = envelopes.job_detail(body)
    return JobDetail(
        job=job(d["jobInfo"]),
        files=[file_result(f) for f in as_list(d.get("taskInfos"))],
        uncompressed_files=[uncompressed_file(f) for f in as_list(d.get("uncompressedFileList"))],
        extra={**_extra(d, DETAIL_FIELDS), **envelopes.envelope_extra(body, ("data",))},
    )


def job_list(body: dict[str, Any]) -> list[Job]:
    return [job(item) for item in envelopes.job_list(body)]


def task(raw: dict[str, Any]) -> Task:
    d = raw
    return Task(
        id=as_id(d["taskId"]),
        type=open_enum(TaskType, d.get("taskType")),  # type: ignore[arg-type]
        status=open_enum(TaskStatus, d.get("status")),  # type: ignore[arg-type]
        name=d.get("taskName"),
        tenant_id=d.get("tenantId"),
        user_id=d.get("userId"),
        init_params=d.get("initParams"),
        locale=d.get("locale"),
        result_code=to_code(d.get("resultCode")),
        create_time=parse_time(d.get("createTime"), TASK_ZONE),
        begin_time=parse_time(d.get("startTime"), TASK_ZONE),
        end_time=parse_time(d.get("endTime"), TASK_ZONE),
        extra=_extra(d, TASK_FIELDS),
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
    d = info
    return ShareTask(
        id=as_id(d["taskId"]),
        type=open_enum(ShareTaskType, d.get("taskType")),  # type: ignore[arg-type]
        status=open_enum(JobStatus, d.get("taskStatus", d.get("status"))),  # type: ignore[arg-type]
        result=open_enum(JobResult, d.get("taskResultCode")),  # type: ignore[arg-type]
        result_code=to_code(d.get("resultCode")),
        progress=d.get("progress"),
        download_url=d.get("downloadUrl"),
        user_id=d.get("userId"),
        begin_time=parse_time(d.get("startTime", d.get("beginTime")), SHARE_TASK_ZONE),
        end_time=parse_time(d.get("endTime"), SHARE_TASK_ZONE),
        create_time=parse_time(d.get("createTime"), SHARE_TASK_ZONE),
        files=[file_result(f, SHARE_TASK_ZONE) for f in as_list(files)],
        extra={
            **_extra(d, SHARE_FIELDS),
            **envelopes.envelope_extra(body, ("jobInfo", "taskInfo", "taskInfos")),
        },
    )


def created_id(body: dict[str, Any]) -> str:
    return as_id(envelopes.created_id(body))
