from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="GatewayErrorBody")


@_attrs_define
class GatewayErrorBody:
    """The API gateway's own error body (Q38), e.g. `{"error_code": "APIGW.0308", "error_msg": "The throttling threshold
    has been reached: policy user over ratelimit,limit:100,time:1 minute"}`. KooDrive's throttle codes are those of
    `ErrorBody`'s `x-koodrive-throttle-codes` (Q65).

    """

    error_code: str
    """ The gateway's code, `APIGW.` or `APIGE.` and four digits. """
    error_msg: str
    """ The gateway's message (English). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        error_code = self.error_code

        error_msg = self.error_msg

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "error_code": error_code,
                "error_msg": error_msg,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        error_code = d.pop("error_code")

        error_msg = d.pop("error_msg")

        gateway_error_body = cls(
            error_code=error_code,
            error_msg=error_msg,
        )

        gateway_error_body.additional_properties = d
        return gateway_error_body

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
