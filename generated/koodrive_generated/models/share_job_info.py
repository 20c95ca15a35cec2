from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.job_result import JobResult
from ..models.job_status import JobStatus
from ..models.share_task_type import ShareTaskType
from ..types import UNSET, Unset

T = TypeVar("T", bound="ShareJobInfo")


@_attrs_define
class ShareJobInfo:
    """A share async task. Its status is `taskStatus` and its start `startTime`, where a batch job says `status` and
    `beginTime`.

    """

    task_id: str
    """ A KooDrive id: up to 19 decimal digits, above 2^53, so always a string. `id >> 23` is the
    number of milliseconds since 2019-01-01T00:00:00+08:00 at which the record was created.
     """
    task_status: int | JobStatus
    """ A `JobStatus`, or a value this spec does not know yet. """
    user_id: str | Unset = UNSET
    """ May hold a pipe: `<tenant>|<user id>`. """
    task_type: int | ShareTaskType | Unset = UNSET
    """ A `ShareTaskType`, or a value this spec does not know yet. """
    task_result_code: int | JobResult | Unset = UNSET
    """ A `JobResult`, or a value this spec does not know yet. """
    result_code: int | str | Unset = UNSET
    """ Result code of a failed task or file (`18xxxxxx` on basic tasks). String on basic tasks, Integer on batch
    jobs. """
    create_time: str | Unset = UNSET
    """ Share-task time, 14-digit `yyyyMMddHHmmss` with no zone; the ids show it is UTC. """
    start_time: str | Unset = UNSET
    """ Share-task time, 14-digit `yyyyMMddHHmmss` with no zone; the ids show it is UTC. """
    end_time: str | Unset = UNSET
    """ Share-task time, 14-digit `yyyyMMddHHmmss` with no zone; the ids show it is UTC. """
    progress: int | Unset = UNSET
    """ Progress in percent. """
    download_url: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        task_id = self.task_id

        task_status: int
        if isinstance(self.task_status, JobStatus):
            task_status = self.task_status.value
        else:
            task_status = self.task_status

        user_id = self.user_id

        task_type: int | Unset
        if isinstance(self.task_type, Unset):
            task_type = UNSET
        elif isinstance(self.task_type, ShareTaskType):
            task_type = self.task_type.value
        else:
            task_type = self.task_type

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

        create_time = self.create_time

        start_time = self.start_time

        end_time = self.end_time

        progress = self.progress

        download_url = self.download_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "taskId": task_id,
                "taskStatus": task_status,
            }
        )
        if user_id is not UNSET:
            field_dict["userId"] = user_id
        if task_type is not UNSET:
            field_dict["taskType"] = task_type
        if task_result_code is not UNSET:
            field_dict["taskResultCode"] = task_result_code
        if result_code is not UNSET:
            field_dict["resultCode"] = result_code
        if create_time is not UNSET:
            field_dict["createTime"] = create_time
        if start_time is not UNSET:
            field_dict["startTime"] = start_time
        if end_time is not UNSET:
            field_dict["endTime"] = end_time
        if progress is not UNSET:
            field_dict["progress"] = progress
        if download_url is not UNSET:
            field_dict["downloadUrl"] = download_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        task_id = d.pop("taskId")

        def _parse_task_status(data: object) -> int | JobStatus:
            try:
                if not isinstance(data, int):
                    raise TypeError()
                componentsschemas_open_job_status_type_0 = JobStatus(data)

                return componentsschemas_open_job_status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(int | JobStatus, data)

        task_status = _parse_task_status(d.pop("taskStatus"))

        user_id = d.pop("userId", UNSET)

        def _parse_task_type(data: object) -> int | ShareTaskType | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, int):
                    raise TypeError()
                componentsschemas_open_share_task_type_type_0 = ShareTaskType(data)

                return componentsschemas_open_share_task_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(int | ShareTaskType | Unset, data)

        task_type = _parse_task_type(d.pop("taskType", UNSET))

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

        create_time = d.pop("createTime", UNSET)

        start_time = d.pop("startTime", UNSET)

        end_time = d.pop("endTime", UNSET)

        progress = d.pop("progress", UNSET)

        download_url = d.pop("downloadUrl", UNSET)

        share_job_info = cls(
            task_id=task_id,
            task_status=task_status,
            user_id=user_id,
            task_type=task_type,
            task_result_code=task_result_code,
            result_code=result_code,
            create_time=create_time,
            start_time=start_time,
            end_time=end_time,
            progress=progress,
            download_url=download_url,
        )

        share_job_info.additional_properties = d
        return share_job_info

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
