from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="GetHandoverDstUserInfoResponse")


@_attrs_define
class GetHandoverDstUserInfoResponse:
    """The handover's recipient, flat beside `code` and `msg`, with no `data` envelope."""

    id: str
    """ A KooDrive id: up to 19 decimal digits, above 2^53, so always a string. `id >> 23` is the
    number of milliseconds since 2019-01-01T00:00:00+08:00 at which the record was created.
     """
    code: int | str
    """ Business result code, `0` for success. The tables say String (seed 004's Table 3 says Integer), every
    example sends a number. """
    name: str | Unset = UNSET
    """ The recipient's user name. """
    msg: str | Unset = UNSET
    """ Localised result message (`success`, `Success.`, `OK`, `成功`). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        code: int | str
        code = self.code

        name = self.name

        msg = self.msg

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "code": code,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if msg is not UNSET:
            field_dict["msg"] = msg

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        def _parse_code(data: object) -> int | str:
            return cast(int | str, data)

        code = _parse_code(d.pop("code"))

        name = d.pop("name", UNSET)

        msg = d.pop("msg", UNSET)

        get_handover_dst_user_info_response = cls(
            id=id,
            code=code,
            name=name,
            msg=msg,
        )

        get_handover_dst_user_info_response.additional_properties = d
        return get_handover_dst_user_info_response

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
