from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="GetShareTaskRequest")


@_attrs_define
class GetShareTaskRequest:
    task_id: str
    """ As returned by `createShareTask`. """
    share_id: str
    kdstoken: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        task_id = self.task_id

        share_id = self.share_id

        kdstoken = self.kdstoken

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "taskId": task_id,
                "shareId": share_id,
            }
        )
        if kdstoken is not UNSET:
            field_dict["kdstoken"] = kdstoken

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        task_id = d.pop("taskId")

        share_id = d.pop("shareId")

        kdstoken = d.pop("kdstoken", UNSET)

        get_share_task_request = cls(
            task_id=task_id,
            share_id=share_id,
            kdstoken=kdstoken,
        )

        get_share_task_request.additional_properties = d
        return get_share_task_request

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
