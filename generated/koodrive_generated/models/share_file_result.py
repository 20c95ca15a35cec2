from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.file_result_status import FileResultStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="ShareFileResult")


@_attrs_define
class ShareFileResult:
    file_id: str | Unset = UNSET
    """ A file or directory id, e.g. `FuZmQ66CF0DdpKRG1Y29Iwajbq04Nhwu3`; `root` for a space's root. """
    status: FileResultStatus | str | Unset = UNSET
    """ A `FileResultStatus`, or a value this spec does not know yet. """
    new_file_id: str | Unset = UNSET
    """ A file or directory id, e.g. `FuZmQ66CF0DdpKRG1Y29Iwajbq04Nhwu3`; `root` for a space's root. """
    src_container_id: str | Unset = UNSET
    """ A space (container) id, opaque. Two shapes are seen: `IAADfsBFCO6WtAtuA` + 30 hex digits
    (seeds 001, 003) and `IAACk0hRXpq9DAWkA` + a 19-digit snowflake (seed 004).
     """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        file_id = self.file_id

        status: str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, FileResultStatus):
            status = self.status.value
        else:
            status = self.status

        new_file_id = self.new_file_id

        src_container_id = self.src_container_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if file_id is not UNSET:
            field_dict["fileId"] = file_id
        if status is not UNSET:
            field_dict["status"] = status
        if new_file_id is not UNSET:
            field_dict["newFileId"] = new_file_id
        if src_container_id is not UNSET:
            field_dict["srcContainerId"] = src_container_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        file_id = d.pop("fileId", UNSET)

        def _parse_status(data: object) -> FileResultStatus | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_open_file_result_status_type_0 = FileResultStatus(
                    data
                )

                return componentsschemas_open_file_result_status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FileResultStatus | str | Unset, data)

        status = _parse_status(d.pop("status", UNSET))

        new_file_id = d.pop("newFileId", UNSET)

        src_container_id = d.pop("srcContainerId", UNSET)

        share_file_result = cls(
            file_id=file_id,
            status=status,
            new_file_id=new_file_id,
            src_container_id=src_container_id,
        )

        share_file_result.additional_properties = d
        return share_file_result

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
