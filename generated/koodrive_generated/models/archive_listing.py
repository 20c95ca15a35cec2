from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.listed_archive_entry import ListedArchiveEntry


T = TypeVar("T", bound="ArchiveListing")


@_attrs_define
class ArchiveListing:
    """The `data` of a `listFile` answer: the listing (synchronous), or the task still reading the
    archive (`taskId`, `taskKey`, `taskValue`, `progress`). No page gives the types of the task
    fields; they are read as strings.

    """

    uncompressed_file_list: list[ListedArchiveEntry] | Unset = UNSET
    task_id: str | Unset = UNSET
    """ The asynchronous listing task. """
    task_key: str | Unset = UNSET
    task_value: str | Unset = UNSET
    progress: int | Unset = UNSET
    """ Progress in percent. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        uncompressed_file_list: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.uncompressed_file_list, Unset):
            uncompressed_file_list = []
            for uncompressed_file_list_item_data in self.uncompressed_file_list:
                uncompressed_file_list_item = uncompressed_file_list_item_data.to_dict()
                uncompressed_file_list.append(uncompressed_file_list_item)

        task_id = self.task_id

        task_key = self.task_key

        task_value = self.task_value

        progress = self.progress

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if uncompressed_file_list is not UNSET:
            field_dict["uncompressedFileList"] = uncompressed_file_list
        if task_id is not UNSET:
            field_dict["taskId"] = task_id
        if task_key is not UNSET:
            field_dict["taskKey"] = task_key
        if task_value is not UNSET:
            field_dict["taskValue"] = task_value
        if progress is not UNSET:
            field_dict["progress"] = progress

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.listed_archive_entry import ListedArchiveEntry  # noqa: PLC0415

        d = dict(src_dict)
        _uncompressed_file_list = d.pop("uncompressedFileList", UNSET)
        uncompressed_file_list: list[ListedArchiveEntry] | Unset = UNSET
        if _uncompressed_file_list is not UNSET:
            uncompressed_file_list = []
            for uncompressed_file_list_item_data in _uncompressed_file_list:
                uncompressed_file_list_item = ListedArchiveEntry.from_dict(
                    uncompressed_file_list_item_data
                )

                uncompressed_file_list.append(uncompressed_file_list_item)

        task_id = d.pop("taskId", UNSET)

        task_key = d.pop("taskKey", UNSET)

        task_value = d.pop("taskValue", UNSET)

        progress = d.pop("progress", UNSET)

        archive_listing = cls(
            uncompressed_file_list=uncompressed_file_list,
            task_id=task_id,
            task_key=task_key,
            task_value=task_value,
            progress=progress,
        )

        archive_listing.additional_properties = d
        return archive_listing

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
