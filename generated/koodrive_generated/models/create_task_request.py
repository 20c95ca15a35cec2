from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.task_type import TaskType
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateTaskRequest")


@_attrs_define
class CreateTaskRequest:
    """A new basic task. Handover (taskType 0) needs `srcUserId` and `dstUserId`; user import
    (taskType 1) needs `resultId`, `orgId` and `orgUserId`.

    """

    task_type: TaskType
    """ Basic task type. 0 is "transfer task" on seed 000 and "transfer and deletion" on seed 002; the same
    handover. """
    src_user_id: str | Unset = UNSET
    """ A user id a handover names (`srcUserId`, `dstUserId`, `src_user_id`). The handover example's
    ids are 19 decimal digits, but the user ids the seed pages show are not all digits (seed 003
    `40086000004871666-369528171409614001`, seed 004 `<tenant>|<user id>`), so the digits-only
    pattern is an assumption.
     """
    dst_user_id: str | Unset = UNSET
    """ A user id a handover names (`srcUserId`, `dstUserId`, `src_user_id`). The handover example's
    ids are 19 decimal digits, but the user ids the seed pages show are not all digits (seed 003
    `40086000004871666-369528171409614001`, seed 004 `<tenant>|<user id>`), so the digits-only
    pattern is an assumption.
     """
    result_id: str | Unset = UNSET
    org_id: str | Unset = UNSET
    org_user_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        task_type = self.task_type.value

        src_user_id = self.src_user_id

        dst_user_id = self.dst_user_id

        result_id = self.result_id

        org_id = self.org_id

        org_user_id = self.org_user_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "taskType": task_type,
            }
        )
        if src_user_id is not UNSET:
            field_dict["srcUserId"] = src_user_id
        if dst_user_id is not UNSET:
            field_dict["dstUserId"] = dst_user_id
        if result_id is not UNSET:
            field_dict["resultId"] = result_id
        if org_id is not UNSET:
            field_dict["orgId"] = org_id
        if org_user_id is not UNSET:
            field_dict["orgUserId"] = org_user_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        task_type = TaskType(d.pop("taskType"))

        src_user_id = d.pop("srcUserId", UNSET)

        dst_user_id = d.pop("dstUserId", UNSET)

        result_id = d.pop("resultId", UNSET)

        org_id = d.pop("orgId", UNSET)

        org_user_id = d.pop("orgUserId", UNSET)

        create_task_request = cls(
            task_type=task_type,
            src_user_id=src_user_id,
            dst_user_id=dst_user_id,
            result_id=result_id,
            org_id=org_id,
            org_user_id=org_user_id,
        )

        create_task_request.additional_properties = d
        return create_task_request

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
