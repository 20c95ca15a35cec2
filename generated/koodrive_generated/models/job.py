from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.job_action_type import JobActionType
from ..models.job_result import JobResult
from ..models.job_status import JobStatus
from ..models.job_type import JobType
from ..types import UNSET, Unset

T = TypeVar("T", bound="Job")


@_attrs_define
class Job:
    """A batch job: `JobInfo` in the list (seed 001) and `JobDetailInfo` in the detail (seed 003).
    They are not the same fields: only the detail lists `taskName`, `userId`, `progress` and
    `downloadUrl` (marked `x-koodrive-detail-only`). One schema with every field optional but
    the id, type and status.

    """

    task_id: str
    """ A KooDrive id: up to 19 decimal digits, above 2^53, so always a string. `id >> 23` is the
    number of milliseconds since 2019-01-01T00:00:00+08:00 at which the record was created.
     """
    task_type: int | JobType
    """ A `JobType`, or a value this spec does not know yet. """
    status: int | JobStatus
    """ A `JobStatus`, or a value this spec does not know yet. """
    task_name: str | Unset = UNSET
    user_id: str | Unset = UNSET
    """ Creator id. """
    action_type: int | JobActionType | Unset = UNSET
    """ A `JobActionType`, or a value this spec does not know yet. """
    task_result_code: int | JobResult | Unset = UNSET
    """ A `JobResult`, or a value this spec does not know yet. """
    result_code: int | str | Unset = UNSET
    """ Result code of a failed task or file (`18xxxxxx` on basic tasks). String on basic tasks, Integer on batch
    jobs. """
    progress: int | Unset = UNSET
    """ Progress in percent. """
    download_url: str | Unset = UNSET
    """ Package download only. """
    content_num: int | Unset = UNSET
    """ Number of requested files. """
    container_id: str | Unset = UNSET
    """ A space (container) id, opaque. Two shapes are seen: `IAADfsBFCO6WtAtuA` + 30 hex digits
    (seeds 001, 003) and `IAACk0hRXpq9DAWkA` + a 19-digit snowflake (seed 004).
     """
    tenant_id: str | Unset = UNSET
    """ Opaque: 32 hex digits (seeds 002, 004) or 17 decimal digits (seed 003). """
    begin_time: str | Unset = UNSET
    """ Batch-job time, 14-digit `yyyyMMddHHmmss` with no zone; the ids show it is China Standard Time (UTC+8). """
    end_time: str | Unset = UNSET
    """ Batch-job time, 14-digit `yyyyMMddHHmmss` with no zone; the ids show it is China Standard Time (UTC+8). """
    create_time: str | Unset = UNSET
    """ Batch-job time, 14-digit `yyyyMMddHHmmss` with no zone; the ids show it is China Standard Time (UTC+8). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        task_id = self.task_id

        task_type: int
        if isinstance(self.task_type, JobType):
            task_type = self.task_type.value
        else:
            task_type = self.task_type

        status: int
        if isinstance(self.status, JobStatus):
            status = self.status.value
        else:
            status = self.status

        task_name = self.task_name

        user_id = self.user_id

        action_type: int | Unset
        if isinstance(self.action_type, Unset):
            action_type = UNSET
        elif isinstance(self.action_type, JobActionType):
            action_type = self.action_type.value
        else:
            action_type = self.action_type

        task_result_code: int | Unset
        if isinstance(self.task_result_code, Unset):
            task_result_code = UNSET
        elif isinstance(self.task_result_code, JobResult):
            task_result_code = self.task_result_code.value
        else:
            task_result_code = self.task_result_code

        result_code: int | str | Unset
        if isinstance(self.result_code, Unset):
            result_code = UNSET
        else:
            result_code = self.result_code

        progress = self.progress

        download_url = self.download_url

        content_num = self.content_num

        container_id = self.container_id

        tenant_id = self.tenant_id

        begin_time = self.begin_time

        end_time = self.end_time

        create_time = self.create_time

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "taskId": task_id,
                "taskType": task_type,
                "status": status,
            }
        )
        if task_name is not UNSET:
            field_dict["taskName"] = task_name
        if user_id is not UNSET:
            field_dict["userId"] = user_id
        if action_type is not UNSET:
            field_dict["actionType"] = action_type
        if task_result_code is not UNSET:
            field_dict["taskResultCode"] = task_result_code
        if result_code is not UNSET:
            field_dict["resultCode"] = result_code
        if progress is not UNSET:
            field_dict["progress"] = progress
        if download_url is not UNSET:
            field_dict["downloadUrl"] = download_url
        if content_num is not UNSET:
            field_dict["contentNum"] = content_num
        if container_id is not UNSET:
            field_dict["containerId"] = container_id
        if tenant_id is not UNSET:
            field_dict["tenantId"] = tenant_id
        if begin_time is not UNSET:
            field_dict["beginTime"] = begin_time
        if end_time is not UNSET:
            field_dict["endTime"] = end_time
        if create_time is not UNSET:
            field_dict["createTime"] = create_time

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        task_id = d.pop("taskId")

        def _parse_task_type(data: object) -> int | JobType:
            try:
                if not isinstance(data, int):
                    raise TypeError()
                componentsschemas_open_job_type_type_0 = JobType(data)

                return componentsschemas_open_job_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(int | JobType, data)

        task_type = _parse_task_type(d.pop("taskType"))

        def _parse_status(data: object) -> int | JobStatus:
            try:
                if not isinstance(data, int):
                    raise TypeError()
                componentsschemas_open_job_status_type_0 = JobStatus(data)

                return componentsschemas_open_job_status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(int | JobStatus, data)

        status = _parse_status(d.pop("status"))

        task_name = d.pop("taskName", UNSET)

        user_id = d.pop("userId", UNSET)

        def _parse_action_type(data: object) -> int | JobActionType | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, int):
                    raise TypeError()
                componentsschemas_open_job_action_type_type_0 = JobActionType(data)

                return componentsschemas_open_job_action_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(int | JobActionType | Unset, data)

        action_type = _parse_action_type(d.pop("actionType", UNSET))

        def _parse_task_result_code(data: object) -> int | JobResult | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, int):
                    raise TypeError()
                componentsschemas_open_job_result_type_0 = JobResult(data)

                return componentsschemas_open_job_result_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(int | JobResult | Unset, data)

        task_result_code = _parse_task_result_code(d.pop("taskResultCode", UNSET))

        def _parse_result_code(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        result_code = _parse_result_code(d.pop("resultCode", UNSET))

        progress = d.pop("progress", UNSET)

        download_url = d.pop("downloadUrl", UNSET)

        content_num = d.pop("contentNum", UNSET)

        container_id = d.pop("containerId", UNSET)

        tenant_id = d.pop("tenantId", UNSET)

        begin_time = d.pop("beginTime", UNSET)

        end_time = d.pop("endTime", UNSET)

        create_time = d.pop("createTime", UNSET)

        job = cls(
            task_id=task_id,
            task_type=task_type,
            status=status,
            task_name=task_name,
            user_id=user_id,
            action_type=action_type,
            task_result_code=task_result_code,
            result_code=result_code,
            progress=progress,
            download_url=download_url,
            content_num=content_num,
            container_id=container_id,
            tenant_id=tenant_id,
            begin_time=begin_time,
            end_time=end_time,
            create_time=create_time,
        )

        job.additional_properties = d
        return job

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
