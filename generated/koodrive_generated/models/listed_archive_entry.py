from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.uncompressed_file_type import UncompressedFileType
from ..types import UNSET, Unset

T = TypeVar("T", bound="ListedArchiveEntry")


@_attrs_define
class ListedArchiveEntry:
    """One entry of a `listFile` listing; users get the `UncompressedFile` of getJob."""

    code: int | str | Unset = UNSET
    """ Result code of a failed task or file (`18xxxxxx` on basic tasks). String on basic tasks, Integer on batch
    jobs. """
    name: str | Unset = UNSET
    """ Full path inside the archive. """
    type_: int | str | UncompressedFileType | Unset = UNSET
    """ Kind of an entry of a `listFile` listing, `"1"` (file) or `"2"` (directory): the same values
    as `UncompressedFileType`, sent as strings. An integer is accepted too.
     """
    update_at: int | Unset = UNSET
    """ Milliseconds since the Unix epoch (a third time format in the same family). """
    file_size: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code: int | str | Unset
        if isinstance(self.code, Unset):
            code = UNSET
        else:
            code = self.code

        name = self.name

        type_: int | str | Unset
        if isinstance(self.type_, Unset):
            type_ = UNSET
        elif isinstance(self.type_, UncompressedFileType):
            type_ = self.type_.value
        else:
            type_ = self.type_

        update_at = self.update_at

        file_size = self.file_size

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if code is not UNSET:
            field_dict["code"] = code
        if name is not UNSET:
            field_dict["name"] = name
        if type_ is not UNSET:
            field_dict["type"] = type_
        if update_at is not UNSET:
            field_dict["updateAt"] = update_at
        if file_size is not UNSET:
            field_dict["fileSize"] = file_size

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_code(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        code = _parse_code(d.pop("code", UNSET))

        name = d.pop("name", UNSET)

        def _parse_type_(data: object) -> int | str | UncompressedFileType | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, int):
                    raise TypeError()
                componentsschemas_open_listed_entry_type_type_0 = UncompressedFileType(
                    data
                )

                return componentsschemas_open_listed_entry_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(int | str | UncompressedFileType | Unset, data)

        type_ = _parse_type_(d.pop("type", UNSET))

        update_at = d.pop("updateAt", UNSET)

        file_size = d.pop("fileSize", UNSET)

        listed_archive_entry = cls(
            code=code,
            name=name,
            type_=type_,
            update_at=update_at,
            file_size=file_size,
        )

        listed_archive_entry.additional_properties = d
        return listed_archive_entry

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
