"""The records users get, and their parsers: written by `make generate` from the spec
(scripts/generate_models.py). Never edited by hand: change the spec and regenerate.

Import it through `koodrive_tasks` (its classes inherit the hand-written behaviour there).
Each parser makes its record with `object.__new__` and sets every slot from an inlined
converter (no `__init__` frame, no call per field for the wire's usual shapes); only when a
value is not one the inlined code takes does it redo the record field by field through the
converters, so one bad field costs that field alone (the value goes to `extra` under its wire
name, with an `InvalidFieldWarning`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import IntEnum
from functools import partial
from typing import Any

from koodrive_tasks.behaviour import (
    ArchiveListingBehaviour,
    FileResultBehaviour,
    JobBehaviour,
    JobDetailBehaviour,
    ShareTaskBehaviour,
    TaskBehaviour,
    UncompressedFileBehaviour,
)
from koodrive_tasks.normalize.convert import (
    CONVERT_ERRORS,
    as_id,
    as_list,
    check_object,
    compact_string,
    compact_time,
    epoch_millis,
    extra_of,
    flattened,
    from_iso,
    iso_time,
    open_int_enum,
    optional,
    optional_list,
    record_list,
    required,
    to_code,
    to_int,
    to_object,
    to_str,
)

from .facts import (
    RANGE_EPOCH_MILLIS,
    ZONE_COMPACT_TIME_CHINA,
    ZONE_COMPACT_TIME_UTC,
    ZONE_EPOCH_MILLIS,
    ZONE_ISO_TIME_UTC,
)
from .models.job_action_type import JobActionType
from .models.job_result import JobResult
from .models.job_status import JobStatus
from .models.job_type import JobType
from .models.share_task_type import ShareTaskType
from .models.task_status import TaskStatus
from .models.task_type import TaskType
from .models.uncompressed_file_type import UncompressedFileType

__all__ = [
    "ArchiveListing",
    "FileResult",
    "FileStatus",
    "HandoverRecipient",
    "ImportFailure",
    "ImportResult",
    "Job",
    "JobDetail",
    "ShareTask",
    "Task",
    "UncompressedFile",
    "parse_archive_listing",
    "parse_basic_task",
    "parse_basic_task_list",
    "parse_file_result",
    "parse_get_handover_dst_user_info_response",
    "parse_get_share_task_response",
    "parse_import_failure",
    "parse_job",
    "parse_job_detail",
    "parse_job_list",
    "parse_listed_archive_entry",
    "parse_share_file_result",
    "parse_uncompressed_file",
    "parse_user_import_result",
]

_new = object.__new__


class FileStatus(IntEnum):
    """Per-file status inside a job, a String although job statuses are Integers."""

    PENDING = 0
    """pending"""
    SUCCEEDED = 1
    """successful"""
    FAILED = 2
    """failed"""


@dataclass(slots=True)
class Job(JobBehaviour):
    """Record of Job; `extra` holds every other wire field, by wire name."""

    id: str
    """wire `taskId`"""
    name: str | None = None
    """wire `taskName`"""
    user_id: str | None = None
    """wire `userId`"""
    type: JobType | int | None = None
    """wire `taskType`"""
    action_type: JobActionType | int | None = None
    """wire `actionType`"""
    status: JobStatus | int | None = None
    """wire `status`"""
    result: JobResult | int | None = None
    """wire `taskResultCode`"""
    result_code: int | None = None
    """wire `resultCode`"""
    progress: int | None = None
    """wire `progress`"""
    download_url: str | None = None
    """wire `downloadUrl`"""
    content_num: int | None = None
    """wire `contentNum`"""
    container_id: str | None = None
    """wire `containerId`"""
    tenant_id: str | None = None
    """wire `tenantId`"""
    begin_time: datetime | None = None
    """wire `beginTime`"""
    end_time: datetime | None = None
    """wire `endTime`"""
    create_time: datetime | None = None
    """wire `createTime`"""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class FileResult(FileResultBehaviour):
    """Record of FileResult, ShareFileResult; `extra` holds every other wire field, by wire name."""

    id: str | None = None
    """wire `id`"""
    file_id: str | None = None
    """wire `fileId`"""
    file_path: str | None = None
    """wire `filePath`"""
    status: FileStatus | int | None = None
    """wire `status`"""
    new_file_id: str | None = None
    """wire `newFileId`"""
    new_file_path: str | None = None
    """wire `newFilePath`"""
    src_container_id: str | None = None
    """wire `srcContainerId`"""
    result_code: int | None = None
    """wire `resultCode`"""
    result_desc: str | None = None
    """wire `resultDesc`"""
    tenant_id: str | None = None
    """wire `tenantId`"""
    create_time: datetime | None = None
    """wire `createTime`"""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class UncompressedFile(UncompressedFileBehaviour):
    """Record of UncompressedFile, ListedArchiveEntry; `extra` holds every other wire field, by wire name."""

    container_id: str | None = None
    """wire `containerId`"""
    file_id: str | None = None
    """wire `fileId`"""
    name: str | None = None
    """wire `name`"""
    size: int | None = None
    """wire `fileSize`"""
    type: UncompressedFileType | int | None = None
    """wire `type`"""
    updated_at: datetime | None = None
    """wire `updatedAt`"""
    children: list[UncompressedFile] = field(default_factory=list)
    """wire `subFileList`"""
    reason: str | None = None
    """wire `reason`"""
    code: int | None = None
    """wire `code`"""
    reservation_info: dict[str, Any] | None = None
    """wire `reservatioinInfo`"""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class JobDetail(JobDetailBehaviour):
    """Record of JobDetail; `extra` holds every other wire field, by wire name."""

    job: Job
    """wire `jobInfo`"""
    files: list[FileResult] = field(default_factory=list)
    """wire `taskInfos`"""
    uncompressed_files: list[UncompressedFile] = field(default_factory=list)
    """wire `uncompressedFileList`"""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Task(TaskBehaviour):
    """Record of BasicTask; `extra` holds every other wire field, by wire name."""

    id: str
    """wire `taskId`"""
    name: str | None = None
    """wire `taskName`"""
    type: TaskType | int | None = None
    """wire `taskType`"""
    tenant_id: str | None = None
    """wire `tenantId`"""
    user_id: str | None = None
    """wire `userId`"""
    status: TaskStatus | int | None = None
    """wire `status`"""
    init_params: str | None = None
    """wire `initParams`"""
    locale: str | None = None
    """wire `locale`"""
    result_code: int | None = None
    """wire `resultCode`"""
    create_time: datetime | None = None
    """wire `createTime`"""
    begin_time: datetime | None = None
    """wire `startTime`"""
    end_time: datetime | None = None
    """wire `endTime`"""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class ShareTask(ShareTaskBehaviour):
    """Record of GetShareTaskResponse; `extra` holds every other wire field, by wire name."""

    id: str
    """wire `taskId`"""
    user_id: str | None = None
    """wire `userId`"""
    type: ShareTaskType | int | None = None
    """wire `taskType`"""
    status: JobStatus | int | None = None
    """wire `taskStatus`"""
    result: JobResult | int | None = None
    """wire `taskResultCode`"""
    result_code: int | None = None
    """wire `resultCode`"""
    create_time: datetime | None = None
    """wire `createTime`"""
    begin_time: datetime | None = None
    """wire `startTime`"""
    end_time: datetime | None = None
    """wire `endTime`"""
    progress: int | None = None
    """wire `progress`"""
    download_url: str | None = None
    """wire `downloadUrl`"""
    files: list[FileResult] = field(default_factory=list)
    """wire `taskInfos`"""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class ImportResult:
    """Record of UserImportResult; `extra` holds every other wire field, by wire name."""

    success_count: int | None = None
    """wire `successCount`"""
    failed_count: int | None = None
    """wire `failCount`"""
    failures: list[ImportFailure] = field(default_factory=list)
    """wire `failInfoList`"""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class ImportFailure:
    """Record of ImportFailure; `extra` holds every other wire field, by wire name."""

    user_name: str | None = None
    """wire `userName`"""
    reason: str | None = None
    """wire `desc`"""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class HandoverRecipient:
    """Record of GetHandoverDstUserInfoResponse; `extra` holds every other wire field, by wire name."""

    id: str
    """wire `id`"""
    name: str | None = None
    """wire `name`"""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class ArchiveListing(ArchiveListingBehaviour):
    """Record of ArchiveListing; `extra` holds every other wire field, by wire name."""

    files: list[UncompressedFile] = field(default_factory=list)
    """wire `uncompressedFileList`"""
    task_id: str | None = None
    """wire `taskId`"""
    task_key: str | None = None
    """wire `taskKey`"""
    task_value: str | None = None
    """wire `taskValue`"""
    progress: int | None = None
    """wire `progress`"""
    extra: dict[str, Any] = field(default_factory=dict)


_FILE_STATUS_MEMBERS: dict[Any, FileStatus] = {str(m.value): m for m in FileStatus}
_JOB_ACTION_TYPE_MEMBERS: dict[Any, JobActionType] = JobActionType._value2member_map_  # type: ignore[assignment]
_JOB_RESULT_MEMBERS: dict[Any, JobResult] = JobResult._value2member_map_  # type: ignore[assignment]
_JOB_STATUS_MEMBERS: dict[Any, JobStatus] = JobStatus._value2member_map_  # type: ignore[assignment]
_JOB_TYPE_MEMBERS: dict[Any, JobType] = JobType._value2member_map_  # type: ignore[assignment]
_SHARE_TASK_TYPE_MEMBERS: dict[Any, ShareTaskType] = ShareTaskType._value2member_map_  # type: ignore[assignment]
_TASK_STATUS_MEMBERS: dict[Any, TaskStatus] = TaskStatus._value2member_map_  # type: ignore[assignment]
_TASK_TYPE_MEMBERS: dict[Any, TaskType] = TaskType._value2member_map_  # type: ignore[assignment]
_UNCOMPRESSED_FILE_TYPE_MEMBERS: dict[Any, UncompressedFileType] = UncompressedFileType._value2member_map_  # type: ignore[assignment]

_JOB_KEYS = frozenset(
    (
        "taskId",
        "taskName",
        "userId",
        "taskType",
        "actionType",
        "status",
        "taskResultCode",
        "resultCode",
        "progress",
        "downloadUrl",
        "contentNum",
        "containerId",
        "tenantId",
        "beginTime",
        "endTime",
        "createTime",
    )
)


def parse_job(d: dict[str, Any]) -> Job:
    """`Job` -> `Job`; a value no converter takes: None, kept in `extra`."""
    try:
        d_get = d.get
        o = _new(Job)
        o.id = (
            v
            if (v := d["taskId"]).isdigit()
            and v.isascii()
            and len(v) <= 19
            and (v <= "9223372036854775807" or len(v) < 19)
            else as_id(v)
        )
        o.name = v if (v := d_get("taskName")) is None or v.__class__ is str else to_str(v)
        o.user_id = v if (v := d_get("userId")) is None or v.__class__ is str else to_str(v)
        o.type = (
            _task_type
            if (_task_type := _JOB_TYPE_MEMBERS.get(v := d_get("taskType"))) is not None
            and v.__class__ is int
            else open_int_enum(JobType, v)
        )
        o.action_type = (
            _action_type
            if (_action_type := _JOB_ACTION_TYPE_MEMBERS.get(v := d_get("actionType"))) is not None
            and v.__class__ is int
            else open_int_enum(JobActionType, v)
        )
        o.status = (
            _status
            if (_status := _JOB_STATUS_MEMBERS.get(v := d_get("status"))) is not None and v.__class__ is int
            else open_int_enum(JobStatus, v)
        )
        o.result = (
            _task_result_code
            if (_task_result_code := _JOB_RESULT_MEMBERS.get(v := d_get("taskResultCode"))) is not None
            and v.__class__ is int
            else open_int_enum(JobResult, v)
        )
        o.result_code = (
            v
            if (v := d_get("resultCode")) is None or v.__class__ is int
            else int(v)
            if v.__class__ is str and v.isdigit()
            else to_code(v)
        )
        o.progress = (
            v
            if (v := d_get("progress")) is None or v.__class__ is int
            else int(v)
            if v.__class__ is str and v.isdigit()
            else to_int(v)
        )
        o.download_url = v if (v := d_get("downloadUrl")) is None or v.__class__ is str else to_str(v)
        o.content_num = (
            v
            if (v := d_get("contentNum")) is None or v.__class__ is int
            else int(v)
            if v.__class__ is str and v.isdigit()
            else to_int(v)
        )
        o.container_id = v if (v := d_get("containerId")) is None or v.__class__ is str else to_str(v)
        o.tenant_id = v if (v := d_get("tenantId")) is None or v.__class__ is str else to_str(v)
        o.begin_time = (
            None if (v := d_get("beginTime")) is None else compact_string(v, ZONE_COMPACT_TIME_CHINA)
        )
        o_begin_time_wire = v
        v = d_get("endTime")
        o.end_time = (
            o.begin_time
            if v == o_begin_time_wire
            else None
            if v is None
            else compact_string(v, ZONE_COMPACT_TIME_CHINA)
        )
        v = d_get("createTime")
        o.create_time = (
            o.begin_time
            if v == o_begin_time_wire
            else None
            if v is None
            else compact_string(v, ZONE_COMPACT_TIME_CHINA)
        )
        o.extra = {} if _JOB_KEYS.issuperset(d) else extra_of(d, _JOB_KEYS)
        return o
    except CONVERT_ERRORS:
        return _parse_job_checked(d)


def _parse_job_checked(d: dict[str, Any]) -> Job:
    check_object(d, "Job")
    bad: dict[str, Any] = {}
    return Job(
        id=required(as_id, d, "taskId", bad),
        name=optional(to_str, d, "taskName", bad),
        user_id=optional(to_str, d, "userId", bad),
        type=optional(partial(open_int_enum, JobType), d, "taskType", bad),
        action_type=optional(partial(open_int_enum, JobActionType), d, "actionType", bad),
        status=optional(partial(open_int_enum, JobStatus), d, "status", bad),
        result=optional(partial(open_int_enum, JobResult), d, "taskResultCode", bad),
        result_code=optional(to_code, d, "resultCode", bad),
        progress=optional(to_int, d, "progress", bad),
        download_url=optional(to_str, d, "downloadUrl", bad),
        content_num=optional(to_int, d, "contentNum", bad),
        container_id=optional(to_str, d, "containerId", bad),
        tenant_id=optional(to_str, d, "tenantId", bad),
        begin_time=optional(partial(compact_time, zone=ZONE_COMPACT_TIME_CHINA), d, "beginTime", bad),
        end_time=optional(partial(compact_time, zone=ZONE_COMPACT_TIME_CHINA), d, "endTime", bad),
        create_time=optional(partial(compact_time, zone=ZONE_COMPACT_TIME_CHINA), d, "createTime", bad),
        extra={**extra_of(d, _JOB_KEYS), **bad},
    )


def parse_job_list(items: list[Any]) -> list[Job]:
    """A list of `Job` -> `Job`s in one loop (no call per record); any item the
    inlined code does not take sends the whole list through `parse_job`, item by item."""
    try:
        out: list[Job] = []
        for x in items:
            x_get = x.get
            o = _new(Job)
            o.id = (
                v
                if (v := x["taskId"]).isdigit()
                and v.isascii()
                and len(v) <= 19
                and (v <= "9223372036854775807" or len(v) < 19)
                else as_id(v)
            )
            o.name = v if (v := x_get("taskName")) is None or v.__class__ is str else to_str(v)
            o.user_id = v if (v := x_get("userId")) is None or v.__class__ is str else to_str(v)
            o.type = (
                _task_type
                if (_task_type := _JOB_TYPE_MEMBERS.get(v := x_get("taskType"))) is not None
                and v.__class__ is int
                else open_int_enum(JobType, v)
            )
            o.action_type = (
                _action_type
                if (_action_type := _JOB_ACTION_TYPE_MEMBERS.get(v := x_get("actionType"))) is not None
                and v.__class__ is int
                else open_int_enum(JobActionType, v)
            )
            o.status = (
                _status
                if (_status := _JOB_STATUS_MEMBERS.get(v := x_get("status"))) is not None
                and v.__class__ is int
                else open_int_enum(JobStatus, v)
            )
            o.result = (
                _task_result_code
                if (_task_result_code := _JOB_RESULT_MEMBERS.get(v := x_get("taskResultCode"))) is not None
                and v.__class__ is int
                else open_int_enum(JobResult, v)
            )
            o.result_code = (
                v
                if (v := x_get("resultCode")) is None or v.__class__ is int
                else int(v)
                if v.__class__ is str and v.isdigit()
                else to_code(v)
            )
            o.progress = (
                v
                if (v := x_get("progress")) is None or v.__class__ is int
                else int(v)
                if v.__class__ is str and v.isdigit()
                else to_int(v)
            )
            o.download_url = v if (v := x_get("downloadUrl")) is None or v.__class__ is str else to_str(v)
            o.content_num = (
                v
                if (v := x_get("contentNum")) is None or v.__class__ is int
                else int(v)
                if v.__class__ is str and v.isdigit()
                else to_int(v)
            )
            o.container_id = v if (v := x_get("containerId")) is None or v.__class__ is str else to_str(v)
            o.tenant_id = v if (v := x_get("tenantId")) is None or v.__class__ is str else to_str(v)
            o.begin_time = (
                None if (v := x_get("beginTime")) is None else compact_string(v, ZONE_COMPACT_TIME_CHINA)
            )
            o_begin_time_wire = v
            v = x_get("endTime")
            o.end_time = (
                o.begin_time
                if v == o_begin_time_wire
                else None
                if v is None
                else compact_string(v, ZONE_COMPACT_TIME_CHINA)
            )
            v = x_get("createTime")
            o.create_time = (
                o.begin_time
                if v == o_begin_time_wire
                else None
                if v is None
                else compact_string(v, ZONE_COMPACT_TIME_CHINA)
            )
            o.extra = {}
            out.append(o)
        if not _JOB_KEYS.issuperset(set().union(*items)):
            for o, x in zip(out, items, strict=True):
                o.extra = extra_of(x, _JOB_KEYS)
        return out
    except CONVERT_ERRORS:
        return [parse_job(x) for x in items]


_FILE_RESULT_KEYS = frozenset(
    (
        "id",
        "fileId",
        "filePath",
        "status",
        "newFileId",
        "newFilePath",
        "srcContainerId",
        "resultCode",
        "resultDesc",
        "tenantId",
        "createTime",
    )
)


def parse_file_result(d: dict[str, Any]) -> FileResult:
    """`FileResult` -> `FileResult`; a value no converter takes: None, kept in `extra`."""
    try:
        d_get = d.get
        o = _new(FileResult)
        o.id = v if (v := d_get("id")) is None or v.__class__ is str else to_str(v)
        o.file_id = v if (v := d_get("fileId")) is None or v.__class__ is str else to_str(v)
        o.file_path = v if (v := d_get("filePath")) is None or v.__class__ is str else to_str(v)
        o.status = (
            _status
            if (_status := _FILE_STATUS_MEMBERS.get(v := d_get("status"))) is not None and v.__class__ is str
            else open_int_enum(FileStatus, v)
        )
        o.new_file_id = v if (v := d_get("newFileId")) is None or v.__class__ is str else to_str(v)
        o.new_file_path = v if (v := d_get("newFilePath")) is None or v.__class__ is str else to_str(v)
        o.src_container_id = v if (v := d_get("srcContainerId")) is None or v.__class__ is str else to_str(v)
        o.result_code = (
            v
            if (v := d_get("resultCode")) is None or v.__class__ is int
            else int(v)
            if v.__class__ is str and v.isdigit()
            else to_code(v)
        )
        o.result_desc = v if (v := d_get("resultDesc")) is None or v.__class__ is str else to_str(v)
        o.tenant_id = v if (v := d_get("tenantId")) is None or v.__class__ is str else to_str(v)
        o.create_time = (
            None if (v := d_get("createTime")) is None else compact_string(v, ZONE_COMPACT_TIME_CHINA)
        )
        o.extra = {} if _FILE_RESULT_KEYS.issuperset(d) else extra_of(d, _FILE_RESULT_KEYS)
        return o
    except CONVERT_ERRORS:
        return _parse_file_result_checked(d)


def _parse_file_result_checked(d: dict[str, Any]) -> FileResult:
    check_object(d, "FileResult")
    bad: dict[str, Any] = {}
    return FileResult(
        id=optional(to_str, d, "id", bad),
        file_id=optional(to_str, d, "fileId", bad),
        file_path=optional(to_str, d, "filePath", bad),
        status=optional(partial(open_int_enum, FileStatus), d, "status", bad),
        new_file_id=optional(to_str, d, "newFileId", bad),
        new_file_path=optional(to_str, d, "newFilePath", bad),
        src_container_id=optional(to_str, d, "srcContainerId", bad),
        result_code=optional(to_code, d, "resultCode", bad),
        result_desc=optional(to_str, d, "resultDesc", bad),
        tenant_id=optional(to_str, d, "tenantId", bad),
        create_time=optional(partial(compact_time, zone=ZONE_COMPACT_TIME_CHINA), d, "createTime", bad),
        extra={**extra_of(d, _FILE_RESULT_KEYS), **bad},
    )


_UNCOMPRESSED_FILE_KEYS = frozenset(
    (
        "containerId",
        "fileId",
        "name",
        "fileSize",
        "type",
        "updatedAt",
        "subFileList",
        "reason",
        "code",
        "reservatioinInfo",
    )
)


def parse_uncompressed_file(d: dict[str, Any]) -> UncompressedFile:
    """`UncompressedFile` -> `UncompressedFile`; a value no converter takes: None, kept in `extra`."""
    try:
        d_get = d.get
        o = _new(UncompressedFile)
        o.container_id = v if (v := d_get("containerId")) is None or v.__class__ is str else to_str(v)
        o.file_id = v if (v := d_get("fileId")) is None or v.__class__ is str else to_str(v)
        o.name = v if (v := d_get("name")) is None or v.__class__ is str else to_str(v)
        o.size = (
            v
            if (v := d_get("fileSize")) is None or v.__class__ is int
            else int(v)
            if v.__class__ is str and v.isdigit()
            else to_int(v)
        )
        o.type = (
            _type
            if (_type := _UNCOMPRESSED_FILE_TYPE_MEMBERS.get(v := d_get("type"))) is not None
            and v.__class__ is int
            else open_int_enum(UncompressedFileType, v)
        )
        o.updated_at = (
            None
            if (v := d_get("updatedAt")) is None
            else epoch_millis(v, ZONE_EPOCH_MILLIS, RANGE_EPOCH_MILLIS)
        )
        v = d_get("subFileList")
        o.children = [parse_uncompressed_file(x) for x in (v if v.__class__ is list else as_list(v))]
        o.reason = v if (v := d_get("reason")) is None or v.__class__ is str else to_str(v)
        o.code = (
            v
            if (v := d_get("code")) is None or v.__class__ is int
            else int(v)
            if v.__class__ is str and v.isdigit()
            else to_code(v)
        )
        o.reservation_info = (
            v if (v := d_get("reservatioinInfo")) is None or v.__class__ is dict else to_object(v)
        )
        o.extra = {} if _UNCOMPRESSED_FILE_KEYS.issuperset(d) else extra_of(d, _UNCOMPRESSED_FILE_KEYS)
        return o
    except CONVERT_ERRORS:
        return _parse_uncompressed_file_checked(d)


def _parse_uncompressed_file_checked(d: dict[str, Any]) -> UncompressedFile:
    check_object(d, "UncompressedFile")
    bad: dict[str, Any] = {}
    return UncompressedFile(
        container_id=optional(to_str, d, "containerId", bad),
        file_id=optional(to_str, d, "fileId", bad),
        name=optional(to_str, d, "name", bad),
        size=optional(to_int, d, "fileSize", bad),
        type=optional(partial(open_int_enum, UncompressedFileType), d, "type", bad),
        updated_at=optional(
            partial(epoch_millis, zone=ZONE_EPOCH_MILLIS, bounds=RANGE_EPOCH_MILLIS), d, "updatedAt", bad
        ),
        children=optional_list(partial(record_list, parse_uncompressed_file, True), d, "subFileList", bad),
        reason=optional(to_str, d, "reason", bad),
        code=optional(to_code, d, "code", bad),
        reservation_info=optional(to_object, d, "reservatioinInfo", bad),
        extra={**extra_of(d, _UNCOMPRESSED_FILE_KEYS), **bad},
    )


_JOB_DETAIL_KEYS = frozenset(("jobInfo", "taskInfos", "uncompressedFileList"))


def parse_job_detail(d: dict[str, Any]) -> JobDetail:
    """`JobDetail` -> `JobDetail`; a value no converter takes: None, kept in `extra`."""
    try:
        d_get = d.get
        o = _new(JobDetail)
        o.job = parse_job(d["jobInfo"])
        _files_wire = v if (v := d_get("taskInfos")).__class__ is list else as_list(v)
        _files: list[FileResult] = []
        for x in _files_wire:
            x_get = x.get
            _files_item = _new(FileResult)
            _files_item.id = v if (v := x_get("id")) is None or v.__class__ is str else to_str(v)
            _files_item.file_id = v if (v := x_get("fileId")) is None or v.__class__ is str else to_str(v)
            _files_item.file_path = v if (v := x_get("filePath")) is None or v.__class__ is str else to_str(v)
            _files_item.status = (
                _files_status
                if (_files_status := _FILE_STATUS_MEMBERS.get(v := x_get("status"))) is not None
                and v.__class__ is str
                else open_int_enum(FileStatus, v)
            )
            _files_item.new_file_id = (
                v if (v := x_get("newFileId")) is None or v.__class__ is str else to_str(v)
            )
            _files_item.new_file_path = (
                v if (v := x_get("newFilePath")) is None or v.__class__ is str else to_str(v)
            )
            _files_item.src_container_id = (
                v if (v := x_get("srcContainerId")) is None or v.__class__ is str else to_str(v)
            )
            _files_item.result_code = (
                v
                if (v := x_get("resultCode")) is None or v.__class__ is int
                else int(v)
                if v.__class__ is str and v.isdigit()
                else to_code(v)
            )
            _files_item.result_desc = (
                v if (v := x_get("resultDesc")) is None or v.__class__ is str else to_str(v)
            )
            _files_item.tenant_id = v if (v := x_get("tenantId")) is None or v.__class__ is str else to_str(v)
            _files_item.create_time = (
                None if (v := x_get("createTime")) is None else compact_string(v, ZONE_COMPACT_TIME_CHINA)
            )
            _files_item.extra = {}
            _files.append(_files_item)
        if not _FILE_RESULT_KEYS.issuperset(set().union(*_files_wire)):
            for _files_item, x in zip(_files, _files_wire, strict=True):
                _files_item.extra = extra_of(x, _FILE_RESULT_KEYS)
        o.files = _files
        v = d_get("uncompressedFileList")
        o.uncompressed_files = [
            parse_uncompressed_file(x) for x in (v if v.__class__ is list else as_list(v))
        ]
        o.extra = {} if _JOB_DETAIL_KEYS.issuperset(d) else extra_of(d, _JOB_DETAIL_KEYS)
        return o
    except CONVERT_ERRORS:
        return _parse_job_detail_checked(d)


def _parse_job_detail_checked(d: dict[str, Any]) -> JobDetail:
    check_object(d, "JobDetail")
    bad: dict[str, Any] = {}
    return JobDetail(
        job=required(parse_job, d, "jobInfo", bad),
        files=optional_list(partial(record_list, parse_file_result, True), d, "taskInfos", bad),
        uncompressed_files=optional_list(
            partial(record_list, parse_uncompressed_file, True), d, "uncompressedFileList", bad
        ),
        extra={**extra_of(d, _JOB_DETAIL_KEYS), **bad},
    )


_BASIC_TASK_KEYS = frozenset(
    (
        "taskId",
        "taskName",
        "taskType",
        "tenantId",
        "userId",
        "status",
        "initParams",
        "locale",
        "resultCode",
        "createTime",
        "startTime",
        "endTime",
    )
)


def parse_basic_task(d: dict[str, Any]) -> Task:
    """`BasicTask` -> `Task`; a value no converter takes: None, kept in `extra`."""
    try:
        d_get = d.get
        o = _new(Task)
        o.id = (
            v
            if (v := d["taskId"]).isdigit()
            and v.isascii()
            and len(v) <= 19
            and (v <= "9223372036854775807" or len(v) < 19)
            else as_id(v)
        )
        o.name = v if (v := d_get("taskName")) is None or v.__class__ is str else to_str(v)
        o.type = (
            _task_type
            if (_task_type := _TASK_TYPE_MEMBERS.get(v := d_get("taskType"))) is not None
            and v.__class__ is int
            else open_int_enum(TaskType, v)
        )
        o.tenant_id = v if (v := d_get("tenantId")) is None or v.__class__ is str else to_str(v)
        o.user_id = v if (v := d_get("userId")) is None or v.__class__ is str else to_str(v)
        o.status = (
            _status
            if (_status := _TASK_STATUS_MEMBERS.get(v := d_get("status"))) is not None and v.__class__ is int
            else open_int_enum(TaskStatus, v)
        )
        o.init_params = v if (v := d_get("initParams")) is None or v.__class__ is str else to_str(v)
        o.locale = v if (v := d_get("locale")) is None or v.__class__ is str else to_str(v)
        o.result_code = (
            v
            if (v := d_get("resultCode")) is None or v.__class__ is int
            else int(v)
            if v.__class__ is str and v.isdigit()
            else to_code(v)
        )
        o.create_time = (
            None
            if (v := d_get("createTime")) is None
            else (t if (t := from_iso(v)).tzinfo is not None else t.replace(tzinfo=ZONE_ISO_TIME_UTC))
            if v[10] == "T"
            else iso_time(v, ZONE_ISO_TIME_UTC)
        )
        o_create_time_wire = v
        v = d_get("startTime")
        o.begin_time = (
            o.create_time
            if v == o_create_time_wire
            else None
            if v is None
            else (t if (t := from_iso(v)).tzinfo is not None else t.replace(tzinfo=ZONE_ISO_TIME_UTC))
            if v[10] == "T"
            else iso_time(v, ZONE_ISO_TIME_UTC)
        )
        v = d_get("endTime")
        o.end_time = (
            o.create_time
            if v == o_create_time_wire
            else None
            if v is None
            else (t if (t := from_iso(v)).tzinfo is not None else t.replace(tzinfo=ZONE_ISO_TIME_UTC))
            if v[10] == "T"
            else iso_time(v, ZONE_ISO_TIME_UTC)
        )
        o.extra = {} if _BASIC_TASK_KEYS.issuperset(d) else extra_of(d, _BASIC_TASK_KEYS)
        return o
    except CONVERT_ERRORS:
        return _parse_basic_task_checked(d)


def _parse_basic_task_checked(d: dict[str, Any]) -> Task:
    check_object(d, "BasicTask")
    bad: dict[str, Any] = {}
    return Task(
        id=required(as_id, d, "taskId", bad),
        name=optional(to_str, d, "taskName", bad),
        type=optional(partial(open_int_enum, TaskType), d, "taskType", bad),
        tenant_id=optional(to_str, d, "tenantId", bad),
        user_id=optional(to_str, d, "userId", bad),
        status=optional(partial(open_int_enum, TaskStatus), d, "status", bad),
        init_params=optional(to_str, d, "initParams", bad),
        locale=optional(to_str, d, "locale", bad),
        result_code=optional(to_code, d, "resultCode", bad),
        create_time=optional(partial(iso_time, zone=ZONE_ISO_TIME_UTC), d, "createTime", bad),
        begin_time=optional(partial(iso_time, zone=ZONE_ISO_TIME_UTC), d, "startTime", bad),
        end_time=optional(partial(iso_time, zone=ZONE_ISO_TIME_UTC), d, "endTime", bad),
        extra={**extra_of(d, _BASIC_TASK_KEYS), **bad},
    )


def parse_basic_task_list(items: list[Any]) -> list[Task]:
    """A list of `BasicTask` -> `Task`s in one loop (no call per record); any item the
    inlined code does not take sends the whole list through `parse_basic_task`, item by item."""
    try:
        out: list[Task] = []
        for x in items:
            x_get = x.get
            o = _new(Task)
            o.id = (
                v
                if (v := x["taskId"]).isdigit()
                and v.isascii()
                and len(v) <= 19
                and (v <= "9223372036854775807" or len(v) < 19)
                else as_id(v)
            )
            o.name = v if (v := x_get("taskName")) is None or v.__class__ is str else to_str(v)
            o.type = (
                _task_type
                if (_task_type := _TASK_TYPE_MEMBERS.get(v := x_get("taskType"))) is not None
                and v.__class__ is int
                else open_int_enum(TaskType, v)
            )
            o.tenant_id = v if (v := x_get("tenantId")) is None or v.__class__ is str else to_str(v)
            o.user_id = v if (v := x_get("userId")) is None or v.__class__ is str else to_str(v)
            o.status = (
                _status
                if (_status := _TASK_STATUS_MEMBERS.get(v := x_get("status"))) is not None
                and v.__class__ is int
                else open_int_enum(TaskStatus, v)
            )
            o.init_params = v if (v := x_get("initParams")) is None or v.__class__ is str else to_str(v)
            o.locale = v if (v := x_get("locale")) is None or v.__class__ is str else to_str(v)
            o.result_code = (
                v
                if (v := x_get("resultCode")) is None or v.__class__ is int
                else int(v)
                if v.__class__ is str and v.isdigit()
                else to_code(v)
            )
            o.create_time = (
                None
                if (v := x_get("createTime")) is None
                else (t if (t := from_iso(v)).tzinfo is not None else t.replace(tzinfo=ZONE_ISO_TIME_UTC))
                if v[10] == "T"
                else iso_time(v, ZONE_ISO_TIME_UTC)
            )
            o_create_time_wire = v
            v = x_get("startTime")
            o.begin_time = (
                o.create_time
                if v == o_create_time_wire
                else None
                if v is None
                else (t if (t := from_iso(v)).tzinfo is not None else t.replace(tzinfo=ZONE_ISO_TIME_UTC))
                if v[10] == "T"
                else iso_time(v, ZONE_ISO_TIME_UTC)
            )
            v = x_get("endTime")
            o.end_time = (
                o.create_time
                if v == o_create_time_wire
                else None
                if v is None
                else (t if (t := from_iso(v)).tzinfo is not None else t.replace(tzinfo=ZONE_ISO_TIME_UTC))
                if v[10] == "T"
                else iso_time(v, ZONE_ISO_TIME_UTC)
            )
            o.extra = {}
            out.append(o)
        if not _BASIC_TASK_KEYS.issuperset(set().union(*items)):
            for o, x in zip(out, items, strict=True):
                o.extra = extra_of(x, _BASIC_TASK_KEYS)
        return out
    except CONVERT_ERRORS:
        return [parse_basic_task(x) for x in items]


_SHARE_FILE_RESULT_KEYS = frozenset(("fileId", "status", "newFileId", "srcContainerId"))


def parse_share_file_result(d: dict[str, Any]) -> FileResult:
    """`ShareFileResult` -> `FileResult`; a value no converter takes: None, kept in `extra`."""
    try:
        d_get = d.get
        o = _new(FileResult)
        o.id = None
        o.file_id = v if (v := d_get("fileId")) is None or v.__class__ is str else to_str(v)
        o.file_path = None
        o.status = (
            _status
            if (_status := _FILE_STATUS_MEMBERS.get(v := d_get("status"))) is not None and v.__class__ is str
            else open_int_enum(FileStatus, v)
        )
        o.new_file_id = v if (v := d_get("newFileId")) is None or v.__class__ is str else to_str(v)
        o.new_file_path = None
        o.src_container_id = v if (v := d_get("srcContainerId")) is None or v.__class__ is str else to_str(v)
        o.result_code = None
        o.result_desc = None
        o.tenant_id = None
        o.create_time = None
        o.extra = {} if _SHARE_FILE_RESULT_KEYS.issuperset(d) else extra_of(d, _SHARE_FILE_RESULT_KEYS)
        return o
    except CONVERT_ERRORS:
        return _parse_share_file_result_checked(d)


def _parse_share_file_result_checked(d: dict[str, Any]) -> FileResult:
    check_object(d, "ShareFileResult")
    bad: dict[str, Any] = {}
    return FileResult(
        file_id=optional(to_str, d, "fileId", bad),
        status=optional(partial(open_int_enum, FileStatus), d, "status", bad),
        new_file_id=optional(to_str, d, "newFileId", bad),
        src_container_id=optional(to_str, d, "srcContainerId", bad),
        extra={**extra_of(d, _SHARE_FILE_RESULT_KEYS), **bad},
    )


_GET_SHARE_TASK_RESPONSE_KEYS = frozenset(("taskInfos", "jobInfo", "taskInfo", "code", "msg"))
_GET_SHARE_TASK_RESPONSE_FLAT_KEYS = frozenset(
    (
        "userId",
        "taskId",
        "taskType",
        "taskStatus",
        "taskResultCode",
        "resultCode",
        "createTime",
        "startTime",
        "endTime",
        "progress",
        "downloadUrl",
    )
)


def parse_get_share_task_response(d: dict[str, Any]) -> ShareTask:
    """`GetShareTaskResponse` -> `ShareTask`; a value no converter takes: None, kept in `extra`."""
    i = flattened(d, ("jobInfo", "taskInfo"), "GetShareTaskResponse")
    try:
        d_get = d.get
        i_get = i.get
        o = _new(ShareTask)
        o.id = (
            v
            if (v := i["taskId"]).isdigit()
            and v.isascii()
            and len(v) <= 19
            and (v <= "9223372036854775807" or len(v) < 19)
            else as_id(v)
        )
        o.user_id = v if (v := i_get("userId")) is None or v.__class__ is str else to_str(v)
        o.type = (
            _task_type
            if (_task_type := _SHARE_TASK_TYPE_MEMBERS.get(v := i_get("taskType"))) is not None
            and v.__class__ is int
            else open_int_enum(ShareTaskType, v)
        )
        o.status = (
            _task_status
            if (_task_status := _JOB_STATUS_MEMBERS.get(v := i_get("taskStatus"))) is not None
            and v.__class__ is int
            else open_int_enum(JobStatus, v)
        )
        o.result = (
            _task_result_code
            if (_task_result_code := _JOB_RESULT_MEMBERS.get(v := i_get("taskResultCode"))) is not None
            and v.__class__ is int
            else open_int_enum(JobResult, v)
        )
        o.result_code = (
            v
            if (v := i_get("resultCode")) is None or v.__class__ is int
            else int(v)
            if v.__class__ is str and v.isdigit()
            else to_code(v)
        )
        o.create_time = (
            None if (v := i_get("createTime")) is None else compact_string(v, ZONE_COMPACT_TIME_UTC)
        )
        o_create_time_wire = v
        v = i_get("startTime")
        o.begin_time = (
            o.create_time
            if v == o_create_time_wire
            else None
            if v is None
            else compact_string(v, ZONE_COMPACT_TIME_UTC)
        )
        v = i_get("endTime")
        o.end_time = (
            o.create_time
            if v == o_create_time_wire
            else None
            if v is None
            else compact_string(v, ZONE_COMPACT_TIME_UTC)
        )
        o.progress = (
            v
            if (v := i_get("progress")) is None or v.__class__ is int
            else int(v)
            if v.__class__ is str and v.isdigit()
            else to_int(v)
        )
        o.download_url = v if (v := i_get("downloadUrl")) is None or v.__class__ is str else to_str(v)
        _files_wire = v if (v := d_get("taskInfos")).__class__ is list else as_list(v)
        _files: list[FileResult] = []
        for x in _files_wire:
            x_get = x.get
            _files_item = _new(FileResult)
            _files_item.id = None
            _files_item.file_id = v if (v := x_get("fileId")) is None or v.__class__ is str else to_str(v)
            _files_item.file_path = None
            _files_item.status = (
                _files_status
                if (_files_status := _FILE_STATUS_MEMBERS.get(v := x_get("status"))) is not None
                and v.__class__ is str
                else open_int_enum(FileStatus, v)
            )
            _files_item.new_file_id = (
                v if (v := x_get("newFileId")) is None or v.__class__ is str else to_str(v)
            )
            _files_item.new_file_path = None
            _files_item.src_container_id = (
                v if (v := x_get("srcContainerId")) is None or v.__class__ is str else to_str(v)
            )
            _files_item.result_code = None
            _files_item.result_desc = None
            _files_item.tenant_id = None
            _files_item.create_time = None
            _files_item.extra = {}
            _files.append(_files_item)
        if not _SHARE_FILE_RESULT_KEYS.issuperset(set().union(*_files_wire)):
            for _files_item, x in zip(_files, _files_wire, strict=True):
                _files_item.extra = extra_of(x, _SHARE_FILE_RESULT_KEYS)
        o.files = _files
        o.extra = {
            **extra_of(i, _GET_SHARE_TASK_RESPONSE_FLAT_KEYS),
            **extra_of(d, _GET_SHARE_TASK_RESPONSE_KEYS),
        }
        return o
    except CONVERT_ERRORS:
        return _parse_get_share_task_response_checked(d)


def _parse_get_share_task_response_checked(d: dict[str, Any]) -> ShareTask:
    check_object(d, "GetShareTaskResponse")
    i = flattened(d, ("jobInfo", "taskInfo"), "GetShareTaskResponse")
    bad: dict[str, Any] = {}
    return ShareTask(
        id=required(as_id, i, "taskId", bad),
        user_id=optional(to_str, i, "userId", bad),
        type=optional(partial(open_int_enum, ShareTaskType), i, "taskType", bad),
        status=optional(partial(open_int_enum, JobStatus), i, "taskStatus", bad),
        result=optional(partial(open_int_enum, JobResult), i, "taskResultCode", bad),
        result_code=optional(to_code, i, "resultCode", bad),
        create_time=optional(partial(compact_time, zone=ZONE_COMPACT_TIME_UTC), i, "createTime", bad),
        begin_time=optional(partial(compact_time, zone=ZONE_COMPACT_TIME_UTC), i, "startTime", bad),
        end_time=optional(partial(compact_time, zone=ZONE_COMPACT_TIME_UTC), i, "endTime", bad),
        progress=optional(to_int, i, "progress", bad),
        download_url=optional(to_str, i, "downloadUrl", bad),
        files=optional_list(partial(record_list, parse_share_file_result, True), d, "taskInfos", bad),
        extra={
            **extra_of(i, _GET_SHARE_TASK_RESPONSE_FLAT_KEYS),
            **extra_of(d, _GET_SHARE_TASK_RESPONSE_KEYS),
            **bad,
        },
    )


_USER_IMPORT_RESULT_KEYS = frozenset(("successCount", "failCount", "failInfoList"))


def parse_user_import_result(d: dict[str, Any]) -> ImportResult:
    """`UserImportResult` -> `ImportResult`; a value no converter takes: None, kept in `extra`."""
    try:
        d_get = d.get
        o = _new(ImportResult)
        o.success_count = (
            v
            if (v := d_get("successCount")) is None or v.__class__ is int
            else int(v)
            if v.__class__ is str and v.isdigit()
            else to_int(v)
        )
        o.failed_count = (
            v
            if (v := d_get("failCount")) is None or v.__class__ is int
            else int(v)
            if v.__class__ is str and v.isdigit()
            else to_int(v)
        )
        _failures_wire = v if (v := d_get("failInfoList")).__class__ is list else as_list(v)
        _failures: list[ImportFailure] = []
        for x in _failures_wire:
            x_get = x.get
            _failures_item = _new(ImportFailure)
            _failures_item.user_name = (
                v if (v := x_get("userName")) is None or v.__class__ is str else to_str(v)
            )
            _failures_item.reason = v if (v := x_get("desc")) is None or v.__class__ is str else to_str(v)
            _failures_item.extra = {}
            _failures.append(_failures_item)
        if not _IMPORT_FAILURE_KEYS.issuperset(set().union(*_failures_wire)):
            for _failures_item, x in zip(_failures, _failures_wire, strict=True):
                _failures_item.extra = extra_of(x, _IMPORT_FAILURE_KEYS)
        o.failures = _failures
        o.extra = {} if _USER_IMPORT_RESULT_KEYS.issuperset(d) else extra_of(d, _USER_IMPORT_RESULT_KEYS)
        return o
    except CONVERT_ERRORS:
        return _parse_user_import_result_checked(d)


def _parse_user_import_result_checked(d: dict[str, Any]) -> ImportResult:
    check_object(d, "UserImportResult")
    bad: dict[str, Any] = {}
    return ImportResult(
        success_count=optional(to_int, d, "successCount", bad),
        failed_count=optional(to_int, d, "failCount", bad),
        failures=optional_list(partial(record_list, parse_import_failure, True), d, "failInfoList", bad),
        extra={**extra_of(d, _USER_IMPORT_RESULT_KEYS), **bad},
    )


_IMPORT_FAILURE_KEYS = frozenset(("userName", "desc"))


def parse_import_failure(d: dict[str, Any]) -> ImportFailure:
    """`ImportFailure` -> `ImportFailure`; a value no converter takes: None, kept in `extra`."""
    try:
        d_get = d.get
        o = _new(ImportFailure)
        o.user_name = v if (v := d_get("userName")) is None or v.__class__ is str else to_str(v)
        o.reason = v if (v := d_get("desc")) is None or v.__class__ is str else to_str(v)
        o.extra = {} if _IMPORT_FAILURE_KEYS.issuperset(d) else extra_of(d, _IMPORT_FAILURE_KEYS)
        return o
    except CONVERT_ERRORS:
        return _parse_import_failure_checked(d)


def _parse_import_failure_checked(d: dict[str, Any]) -> ImportFailure:
    check_object(d, "ImportFailure")
    bad: dict[str, Any] = {}
    return ImportFailure(
        user_name=optional(to_str, d, "userName", bad),
        reason=optional(to_str, d, "desc", bad),
        extra={**extra_of(d, _IMPORT_FAILURE_KEYS), **bad},
    )


_GET_HANDOVER_DST_USER_INFO_RESPONSE_KEYS = frozenset(("id", "name", "code", "msg"))


def parse_get_handover_dst_user_info_response(d: dict[str, Any]) -> HandoverRecipient:
    """`GetHandoverDstUserInfoResponse` -> `HandoverRecipient`; a value no converter takes: None, kept in `extra`."""
    try:
        d_get = d.get
        o = _new(HandoverRecipient)
        o.id = (
            v
            if (v := d["id"]).isdigit()
            and v.isascii()
            and len(v) <= 19
            and (v <= "9223372036854775807" or len(v) < 19)
            else as_id(v)
        )
        o.name = v if (v := d_get("name")) is None or v.__class__ is str else to_str(v)
        o.extra = (
            {}
            if _GET_HANDOVER_DST_USER_INFO_RESPONSE_KEYS.issuperset(d)
            else extra_of(d, _GET_HANDOVER_DST_USER_INFO_RESPONSE_KEYS)
        )
        return o
    except CONVERT_ERRORS:
        return _parse_get_handover_dst_user_info_response_checked(d)


def _parse_get_handover_dst_user_info_response_checked(d: dict[str, Any]) -> HandoverRecipient:
    check_object(d, "GetHandoverDstUserInfoResponse")
    bad: dict[str, Any] = {}
    return HandoverRecipient(
        id=required(as_id, d, "id", bad),
        name=optional(to_str, d, "name", bad),
        extra={**extra_of(d, _GET_HANDOVER_DST_USER_INFO_RESPONSE_KEYS), **bad},
    )


_LISTED_ARCHIVE_ENTRY_KEYS = frozenset(("code", "name", "type", "updateAt", "fileSize"))


def parse_listed_archive_entry(d: dict[str, Any]) -> UncompressedFile:
    """`ListedArchiveEntry` -> `UncompressedFile`; a value no converter takes: None, kept in `extra`."""
    try:
        d_get = d.get
        o = _new(UncompressedFile)
        o.container_id = None
        o.file_id = None
        o.name = v if (v := d_get("name")) is None or v.__class__ is str else to_str(v)
        o.size = (
            v
            if (v := d_get("fileSize")) is None or v.__class__ is int
            else int(v)
            if v.__class__ is str and v.isdigit()
            else to_int(v)
        )
        o.type = (
            _type
            if (_type := _UNCOMPRESSED_FILE_TYPE_MEMBERS.get(v := d_get("type"))) is not None
            and v.__class__ is int
            else open_int_enum(UncompressedFileType, v)
        )
        o.updated_at = (
            None
            if (v := d_get("updateAt")) is None
            else epoch_millis(v, ZONE_EPOCH_MILLIS, RANGE_EPOCH_MILLIS)
        )
        o.children = []
        o.reason = None
        o.code = (
            v
            if (v := d_get("code")) is None or v.__class__ is int
            else int(v)
            if v.__class__ is str and v.isdigit()
            else to_code(v)
        )
        o.reservation_info = None
        o.extra = {} if _LISTED_ARCHIVE_ENTRY_KEYS.issuperset(d) else extra_of(d, _LISTED_ARCHIVE_ENTRY_KEYS)
        return o
    except CONVERT_ERRORS:
        return _parse_listed_archive_entry_checked(d)


def _parse_listed_archive_entry_checked(d: dict[str, Any]) -> UncompressedFile:
    check_object(d, "ListedArchiveEntry")
    bad: dict[str, Any] = {}
    return UncompressedFile(
        name=optional(to_str, d, "name", bad),
        size=optional(to_int, d, "fileSize", bad),
        type=optional(partial(open_int_enum, UncompressedFileType), d, "type", bad),
        updated_at=optional(
            partial(epoch_millis, zone=ZONE_EPOCH_MILLIS, bounds=RANGE_EPOCH_MILLIS), d, "updateAt", bad
        ),
        code=optional(to_code, d, "code", bad),
        extra={**extra_of(d, _LISTED_ARCHIVE_ENTRY_KEYS), **bad},
    )


_ARCHIVE_LISTING_KEYS = frozenset(("uncompressedFileList", "taskId", "taskKey", "taskValue", "progress"))


def parse_archive_listing(d: dict[str, Any]) -> ArchiveListing:
    """`ArchiveListing` -> `ArchiveListing`; a value no converter takes: None, kept in `extra`."""
    try:
        d_get = d.get
        o = _new(ArchiveListing)
        _files_wire = v if (v := d_get("uncompressedFileList")).__class__ is list else as_list(v)
        _files: list[UncompressedFile] = []
        for x in _files_wire:
            x_get = x.get
            _files_item = _new(UncompressedFile)
            _files_item.container_id = None
            _files_item.file_id = None
            _files_item.name = v if (v := x_get("name")) is None or v.__class__ is str else to_str(v)
            _files_item.size = (
                v
                if (v := x_get("fileSize")) is None or v.__class__ is int
                else int(v)
                if v.__class__ is str and v.isdigit()
                else to_int(v)
            )
            _files_item.type = (
                _files_type
                if (_files_type := _UNCOMPRESSED_FILE_TYPE_MEMBERS.get(v := x_get("type"))) is not None
                and v.__class__ is int
                else open_int_enum(UncompressedFileType, v)
            )
            _files_item.updated_at = (
                None
                if (v := x_get("updateAt")) is None
                else epoch_millis(v, ZONE_EPOCH_MILLIS, RANGE_EPOCH_MILLIS)
            )
            _files_item.children = []
            _files_item.reason = None
            _files_item.code = (
                v
                if (v := x_get("code")) is None or v.__class__ is int
                else int(v)
                if v.__class__ is str and v.isdigit()
                else to_code(v)
            )
            _files_item.reservation_info = None
            _files_item.extra = {}
            _files.append(_files_item)
        if not _LISTED_ARCHIVE_ENTRY_KEYS.issuperset(set().union(*_files_wire)):
            for _files_item, x in zip(_files, _files_wire, strict=True):
                _files_item.extra = extra_of(x, _LISTED_ARCHIVE_ENTRY_KEYS)
        o.files = _files
        o.task_id = v if (v := d_get("taskId")) is None or v.__class__ is str else to_str(v)
        o.task_key = v if (v := d_get("taskKey")) is None or v.__class__ is str else to_str(v)
        o.task_value = v if (v := d_get("taskValue")) is None or v.__class__ is str else to_str(v)
        o.progress = (
            v
            if (v := d_get("progress")) is None or v.__class__ is int
            else int(v)
            if v.__class__ is str and v.isdigit()
            else to_int(v)
        )
        o.extra = {} if _ARCHIVE_LISTING_KEYS.issuperset(d) else extra_of(d, _ARCHIVE_LISTING_KEYS)
        return o
    except CONVERT_ERRORS:
        return _parse_archive_listing_checked(d)


def _parse_archive_listing_checked(d: dict[str, Any]) -> ArchiveListing:
    check_object(d, "ArchiveListing")
    bad: dict[str, Any] = {}
    return ArchiveListing(
        files=optional_list(
            partial(record_list, parse_listed_archive_entry, True), d, "uncompressedFileList", bad
        ),
        task_id=optional(to_str, d, "taskId", bad),
        task_key=optional(to_str, d, "taskKey", bad),
        task_value=optional(to_str, d, "taskValue", bad),
        progress=optional(to_int, d, "progress", bad),
        extra={**extra_of(d, _ARCHIVE_LISTING_KEYS), **bad},
    )
