from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.uncompressed_file_type import UncompressedFileType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.uncompressed_file_reservatioin_info import (
        UncompressedFileReservatioinInfo,
    )


T = TypeVar("T", bound="UncompressedFile")


@_attrs_define
class UncompressedFile:
    """One entry of an archive, with its children when it is a directory (seed 003, Table 7).
    `listFile` lists the same entries flat as `ListedArchiveEntry`, spelling the time `updateAt`
    and sending `type` as a string (Q60, Q61); both read into this record.

    """

    container_id: str | Unset = UNSET
    """ A space (container) id, opaque. Two shapes are seen: `IAADfsBFCO6WtAtuA` + 30 hex digits
    (seeds 001, 003) and `IAACk0hRXpq9DAWkA` + a 19-digit snowflake (seed 004).
     """
    file_id: str | Unset = UNSET
    """ A file or directory id, e.g. `FuZmQ66CF0DdpKRG1Y29Iwajbq04Nhwu3`; `root` for a space's root. """
    name: str | Unset = UNSET
    """ Full path inside the archive. """
    file_size: int | Unset = UNSET
    type_: int | UncompressedFileType | Unset = UNSET
    """ An `UncompressedFileType`, or a value this spec does not know yet. """
    updated_at: int | Unset = UNSET
    """ Milliseconds since the Unix epoch (a third time format in the same family). """
    sub_file_list: list[UncompressedFile] | UncompressedFile | Unset = UNSET
    """ Children of a directory. The table says one object; it is a list. """
    reason: None | str | Unset = UNSET
    """ Failure cause; null on success. """
    code: int | str | Unset = UNSET
    """ Result code of a failed task or file (`18xxxxxx` on basic tasks). String on basic tasks, Integer on batch
    jobs. """
    reservatioin_info: UncompressedFileReservatioinInfo | Unset = UNSET
    """ Reserved map, misspelt on the wire. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        container_id = self.container_id

        file_id = self.file_id

        name = self.name

        file_size = self.file_size

        type_: int | Unset
        if isinstance(self.type_, Unset):
            type_ = UNSET
        elif isinstance(self.type_, UncompressedFileType):
            type_ = self.type_.value
        else:
            type_ = self.type_

        updated_at = self.updated_at

        sub_file_list: dict[str, Any] | list[dict[str, Any]] | Unset
        if isinstance(self.sub_file_list, Unset):
            sub_file_list = UNSET
        elif isinstance(self.sub_file_list, list):
            sub_file_list = []
            for sub_file_list_type_0_item_data in self.sub_file_list:
                sub_file_list_type_0_item = sub_file_list_type_0_item_data.to_dict()
                sub_file_list.append(sub_file_list_type_0_item)

        else:
            sub_file_list = self.sub_file_list.to_dict()

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        code: int | str | Unset
        if isinstance(self.code, Unset):
            code = UNSET
        else:
            code = self.code

        reservatioin_info: dict[str, Any] | Unset = UNSET
        if not isinstance(self.reservatioin_info, Unset):
            reservatioin_info = self.reservatioin_info.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if container_id is not UNSET:
            field_dict["containerId"] = container_id
        if file_id is not UNSET:
            field_dict["fileId"] = file_id
        if name is not UNSET:
            field_dict["name"] = name
        if file_size is not UNSET:
            field_dict["fileSize"] = file_size
        if type_ is not UNSET:
            field_dict["type"] = type_
        if updated_at is not UNSET:
            field_dict["updatedAt"] = updated_at
        if sub_file_list is not UNSET:
            field_dict["subFileList"] = sub_file_list
        if reason is not UNSET:
            field_dict["reason"] = reason
        if code is not UNSET:
            field_dict["code"] = code
        if reservatioin_info is not UNSET:
            field_dict["reservatioinInfo"] = reservatioin_info

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.uncompressed_file_reservatioin_info import (
            UncompressedFileReservatioinInfo,  # noqa: PLC0415
        )

        d = dict(src_dict)
        container_id = d.pop("containerId", UNSET)

        file_id = d.pop("fileId", UNSET)

        name = d.pop("name", UNSET)

        file_size = d.pop("fileSize", UNSET)

        def _parse_type_(data: object) -> int | UncompressedFileType | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, int):
                    raise TypeError()
                componentsschemas_open_uncompressed_file_type_type_0 = (
                    UncompressedFileType(data)
                )

                return componentsschemas_open_uncompressed_file_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(int | UncompressedFileType | Unset, data)

        type_ = _parse_type_(d.pop("type", UNSET))

        updated_at = d.pop("updatedAt", UNSET)

        def _parse_sub_file_list(
            data: object,
        ) -> list[UncompressedFile] | UncompressedFile | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                sub_file_list_type_0 = []
                _sub_file_list_type_0 = data
                for sub_file_list_type_0_item_data in _sub_file_list_type_0:
                    sub_file_list_type_0_item = UncompressedFile.from_dict(
                        sub_file_list_type_0_item_data
                    )

                    sub_file_list_type_0.append(sub_file_list_type_0_item)

                return sub_file_list_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            sub_file_list_type_1 = UncompressedFile.from_dict(data)

            return sub_file_list_type_1

        sub_file_list = _parse_sub_file_list(d.pop("subFileList", UNSET))

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        def _parse_code(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        code = _parse_code(d.pop("code", UNSET))

        _reservatioin_info = d.pop("reservatioinInfo", UNSET)
        reservatioin_info: UncompressedFileReservatioinInfo | Unset
        if isinstance(_reservatioin_info, Unset):
            reservatioin_info = UNSET
        else:
            reservatioin_info = UncompressedFileReservatioinInfo.from_dict(
                _reservatioin_info
            )

        uncompressed_file = cls(
            container_id=container_id,
            file_id=file_id,
            name=name,
            file_size=file_size,
            type_=type_,
            updated_at=updated_at,
            sub_file_list=sub_file_list,
            reason=reason,
            code=code,
            reservatioin_info=reservatioin_info,
        )

        uncompressed_file.additional_properties = d
        return uncompressed_file

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
