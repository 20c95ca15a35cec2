from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ListFileRequest")


@_attrs_define
class ListFileRequest:
    container_id: str
    """ A space (container) id, opaque. Two shapes are seen: `IAADfsBFCO6WtAtuA` + 30 hex digits
    (seeds 001, 003) and `IAACk0hRXpq9DAWkA` + a 19-digit snowflake (seed 004).
     """
    file_id: str
    """ A file or directory id, e.g. `FuZmQ66CF0DdpKRG1Y29Iwajbq04Nhwu3`; `root` for a space's root. """
    pwd: str | Unset = UNSET
    """ The archive's password in plain text; an encrypted archive cannot be listed without it. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        container_id = self.container_id

        file_id = self.file_id

        pwd = self.pwd

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "containerId": container_id,
                "fileId": file_id,
            }
        )
        if pwd is not UNSET:
            field_dict["pwd"] = pwd

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        container_id = d.pop("containerId")

        file_id = d.pop("fileId")

        pwd = d.pop("pwd", UNSET)

        list_file_request = cls(
            container_id=container_id,
            file_id=file_id,
            pwd=pwd,
        )

        list_file_request.additional_properties = d
        return list_file_request

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
