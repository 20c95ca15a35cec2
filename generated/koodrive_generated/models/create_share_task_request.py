from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.share_task_type import ShareTaskType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.file_location import FileLocation


T = TypeVar("T", bound="CreateShareTaskRequest")


@_attrs_define
class CreateShareTaskRequest:
    """A new share async task. Saving to my drive (taskType 2) needs `targetFileId`."""

    task_type: ShareTaskType
    """ Share async task type. """
    container_id: str
    """ A space (container) id, opaque. Two shapes are seen: `IAADfsBFCO6WtAtuA` + 30 hex digits
    (seeds 001, 003) and `IAACk0hRXpq9DAWkA` + a 19-digit snowflake (seed 004).
     """
    file_ids: list[str]
    share_id: str
    target_file_id: FileLocation | Unset = UNSET
    zip_name: str | Unset = UNSET
    kdstoken: str | Unset = UNSET
    """ Temporary share token from the extraction-code check. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        task_type = self.task_type.value

        container_id = self.container_id

        file_ids = self.file_ids

        share_id = self.share_id

        target_file_id: dict[str, Any] | Unset = UNSET
        if not isinstance(self.target_file_id, Unset):
            target_file_id = self.target_file_id.to_dict()

        zip_name = self.zip_name

        kdstoken = self.kdstoken

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "taskType": task_type,
                "containerId": container_id,
                "fileIds": file_ids,
                "shareId": share_id,
            }
        )
        if target_file_id is not UNSET:
            field_dict["targetFileId"] = target_file_id
        if zip_name is not UNSET:
            field_dict["zipName"] = zip_name
        if kdstoken is not UNSET:
            field_dict["kdstoken"] = kdstoken

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.file_location import FileLocation  # noqa: PLC0415

        d = dict(src_dict)
        task_type = ShareTaskType(d.pop("taskType"))

        container_id = d.pop("containerId")

        file_ids = cast(list[str], d.pop("fileIds"))

        share_id = d.pop("shareId")

        _target_file_id = d.pop("targetFileId", UNSET)
        target_file_id: FileLocation | Unset
        if isinstance(_target_file_id, Unset):
            target_file_id = UNSET
        else:
            target_file_id = FileLocation.from_dict(_target_file_id)

        zip_name = d.pop("zipName", UNSET)

        kdstoken = d.pop("kdstoken", UNSET)

        create_share_task_request = cls(
            task_type=task_type,
            container_id=container_id,
            file_ids=file_ids,
            share_id=share_id,
            target_file_id=target_file_id,
            zip_name=zip_name,
            kdstoken=kdstoken,
        )

        create_share_task_request.additional_properties = d
        return create_share_task_request

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
