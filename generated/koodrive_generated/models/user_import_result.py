from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.import_failure import ImportFailure


T = TypeVar("T", bound="UserImportResult")


@_attrs_define
class UserImportResult:
    """What a batch user import did (`UserImportResultDto` of the result page)."""

    success_count: int | Unset = UNSET
    """ Users imported. """
    fail_count: int | Unset = UNSET
    """ Users not imported. """
    fail_info_list: list[ImportFailure] | Unset = UNSET
    """ One entry per user that was not imported. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        success_count = self.success_count

        fail_count = self.fail_count

        fail_info_list: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.fail_info_list, Unset):
            fail_info_list = []
            for fail_info_list_item_data in self.fail_info_list:
                fail_info_list_item = fail_info_list_item_data.to_dict()
                fail_info_list.append(fail_info_list_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if success_count is not UNSET:
            field_dict["successCount"] = success_count
        if fail_count is not UNSET:
            field_dict["failCount"] = fail_count
        if fail_info_list is not UNSET:
            field_dict["failInfoList"] = fail_info_list

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.import_failure import ImportFailure  # noqa: PLC0415

        d = dict(src_dict)
        success_count = d.pop("successCount", UNSET)

        fail_count = d.pop("failCount", UNSET)

        _fail_info_list = d.pop("failInfoList", UNSET)
        fail_info_list: list[ImportFailure] | Unset = UNSET
        if _fail_info_list is not UNSET:
            fail_info_list = []
            for fail_info_list_item_data in _fail_info_list:
                fail_info_list_item = ImportFailure.from_dict(fail_info_list_item_data)

                fail_info_list.append(fail_info_list_item)

        user_import_result = cls(
            success_count=success_count,
            fail_count=fail_count,
            fail_info_list=fail_info_list,
        )

        user_import_result.additional_properties = d
        return user_import_result

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
