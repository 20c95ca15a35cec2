from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.job_action_type import JobActionType
from ..models.job_type import JobType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.create_job_task_info import CreateJobTaskInfo


T = TypeVar("T", bound="CreateJobRequest")


@_attrs_define
class CreateJobRequest:
    """A new batch job. `taskInfo.fileInfo` may be left out only for taskType 7 (empty recycle bin)."""

    task_type: JobType
    """ Batch job type. """
    task_info: CreateJobTaskInfo
    dst_container_id: str
    """ A space (container) id, opaque. Two shapes are seen: `IAADfsBFCO6WtAtuA` + 30 hex digits
    (seeds 001, 003) and `IAACk0hRXpq9DAWkA` + a 19-digit snowflake (seed 004).
     """
    action_type: JobActionType | Unset = UNSET
    """ Subdivision of a job type. """
    password: str | Unset = UNSET
    """ Archive password (decompression). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        task_type = self.task_type.value

        task_info = self.task_info.to_dict()

        dst_container_id = self.dst_container_id

        action_type: int | Unset = UNSET
        if not isinstance(self.action_type, Unset):
            action_type = self.action_type.value

        password = self.password

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "taskType": task_type,
                "taskInfo": task_info,
                "dstContainerId": dst_container_id,
            }
        )
        if action_type is not UNSET:
            field_dict["actionType"] = action_type
        if password is not UNSET:
            field_dict["password"] = password

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.create_job_task_info import CreateJobTaskInfo  # noqa: PLC0415

        d = dict(src_dict)
        task_type = JobType(d.pop("taskType"))

        task_info = CreateJobTaskInfo.from_dict(d.pop("taskInfo"))

        dst_container_id = d.pop("dstContainerId")

        _action_type = d.pop("actionType", UNSET)
        action_type: JobActionType | Unset
        if isinstance(_action_type, Unset):
            action_type = UNSET
        else:
            action_type = JobActionType(_action_type)

        password = d.pop("password", UNSET)

        create_job_request = cls(
            task_type=task_type,
            task_info=task_info,
            dst_container_id=dst_container_id,
            action_type=action_type,
            password=password,
        )

        create_job_request.additional_properties = d
        return create_job_request

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
