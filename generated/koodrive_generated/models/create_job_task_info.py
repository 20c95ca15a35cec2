from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.file_ref import FileRef


T = TypeVar("T", bound="CreateJobTaskInfo")


@_attrs_define
class CreateJobTaskInfo:
    src_container_id: str
    """ A space (container) id, opaque. Two shapes are seen: `IAADfsBFCO6WtAtuA` + 30 hex digits
    (seeds 001, 003) and `IAACk0hRXpq9DAWkA` + a 19-digit snowflake (seed 004).
     """
    file_info: list[FileRef] | Unset = UNSET
    new_file_path: str | Unset = UNSET
    uncompress_file_paths: list[str] | Unset = UNSET
    """ Partial decompression (actionType 503) only. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        src_container_id = self.src_container_id

        file_info: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.file_info, Unset):
            file_info = []
            for file_info_item_data in self.file_info:
                file_info_item = file_info_item_data.to_dict()
                file_info.append(file_info_item)

        new_file_path = self.new_file_path

        uncompress_file_paths: list[str] | Unset = UNSET
        if not isinstance(self.uncompress_file_paths, Unset):
            uncompress_file_paths = self.uncompress_file_paths

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "srcContainerId": src_container_id,
            }
        )
        if file_info is not UNSET:
            field_dict["fileInfo"] = file_info
        if new_file_path is not UNSET:
            field_dict["newFilePath"] = new_file_path
        if uncompress_file_paths is not UNSET:
            field_dict["uncompressFilePaths"] = uncompress_file_paths

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.file_ref import FileRef  # noqa: PLC0415

        d = dict(src_dict)
        src_container_id = d.pop("srcContainerId")

        _file_info = d.pop("fileInfo", UNSET)
        file_info: list[FileRef] | Unset = UNSET
        if _file_info is not UNSET:
            file_info = []
            for file_info_item_data in _file_info:
                file_info_item = FileRef.from_dict(file_info_item_data)

                file_info.append(file_info_item)

        new_file_path = d.pop("newFilePath", UNSET)

        uncompress_file_paths = cast(list[str], d.pop("uncompressFilePaths", UNSET))

        create_job_task_info = cls(
            src_container_id=src_container_id,
            file_info=file_info,
            new_file_path=new_file_path,
            uncompress_file_paths=uncompress_file_paths,
        )

        create_job_task_info.additional_properties = d
        return create_job_task_info

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
