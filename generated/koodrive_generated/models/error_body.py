from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ErrorBody")


@_attrs_define
class ErrorBody:
    """KooDrive's error body, e.g. `{"code": 13000201, "msg": "inner server invoke failure"}`. The API gateway in front of
    KooDrive answers in its own shape, `{"error_code": "APIGW.0308", "error_msg": "..."}` (Q38); its codes that mean the
    request was throttled, not processed, are listed in `x-koodrive-throttle-codes` (Q65).

    """

    code: int | str
    """ Business result code, `0` for success. The tables say String (seed 004's Table 3 says Integer), every
    example sends a number. """
    msg: str
    """ Localised result message (`success`, `Success.`, `OK`, `成功`). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code: int | str
        code = self.code

        msg = self.msg

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "msg": msg,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_code(data: object) -> int | str:
            return cast(int | str, data)

        code = _parse_code(d.pop("code"))

        msg = d.pop("msg")

        error_body = cls(
            code=code,
            msg=msg,
        )

        error_body.additional_properties = d
        return error_body

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
