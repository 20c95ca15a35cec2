from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.archive_listing import ArchiveListing


T = TypeVar("T", bound="ListFileResponse")


@_attrs_define
class ListFileResponse:
    """The listing or its asynchronous task inside `data`."""

    code: int | str
    """ Business result code, `0` for success. The tables say String (seed 004's Table 3 says Integer), every
    example sends a number. """
    msg: str | Unset = UNSET
    """ Localised result message (`success`, `Success.`, `OK`, `成功`). """
    data: ArchiveListing | Unset = UNSET
    """ The `data` of a `listFile` answer: the listing (synchronous), or the task still reading the
    archive (`taskId`, `taskKey`, `taskValue`, `progress`). No page gives the types of the task
    fields; they are read as strings.
     """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code: int | str
        code = self.code

        msg = self.msg

        data: dict[str, Any] | Unset = UNSET
        if not isinstance(self.data, Unset):
            data = self.data.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
            }
        )
        if msg is not UNSET:
            field_dict["msg"] = msg
        if data is not UNSET:
            field_dict["data"] = data

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.archive_listing import ArchiveListing  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_code(data: object) -> int | str:
            return cast(int | str, data)

        code = _parse_code(d.pop("code"))

        msg = d.pop("msg", UNSET)

        _data = d.pop("data", UNSET)
        data: ArchiveListing | Unset
        if isinstance(_data, Unset):
            data = UNSET
        else:
            data = ArchiveListing.from_dict(_data)

        list_file_response = cls(
            code=code,
            msg=msg,
            data=data,
        )

        list_file_response.additional_properties = d
        return list_file_response

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
