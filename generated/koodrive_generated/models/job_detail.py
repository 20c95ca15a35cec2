from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.file_result import FileResult
    from ..models.job import Job
    from ..models.uncompressed_file import UncompressedFile


T = TypeVar("T", bound="JobDetail")


@_attrs_define
class JobDetail:
    job_info: Job
    """ A batch job: `JobInfo` in the list (seed 001) and `JobDetailInfo` in the detail (seed 003).
    They are not the same fields: only the detail lists `taskName`, `userId`, `progress` and
    `downloadUrl` (marked `x-koodrive-detail-only`). One schema with every field optional but
    the id, type and status.
     """
    task_infos: list[FileResult] | Unset = UNSET
    uncompressed_file_list: list[UncompressedFile] | Unset = UNSET
    """ Decompression jobs only. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        job_info = self.job_info.to_dict()

        task_infos: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.task_infos, Unset):
            task_infos = []
            for task_infos_item_data in self.task_infos:
                task_infos_item = task_infos_item_data.to_dict()
                task_infos.append(task_infos_item)

        uncompressed_file_list: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.uncompressed_file_list, Unset):
            uncompressed_file_list = []
            for uncompressed_file_list_item_data in self.uncompressed_file_list:
                uncompressed_file_list_item = uncompressed_file_list_item_data.to_dict()
                uncompressed_file_list.append(uncompressed_file_list_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "jobInfo": job_info,
            }
        )
        if task_infos is not UNSET:
            field_dict["taskInfos"] = task_infos
        if uncompressed_file_list is not UNSET:
            field_dict["uncompressedFileList"] = uncompressed_file_list

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.file_result import FileResult  # noqa: PLC0415
        from ..models.job import Job  # noqa: PLC0415
        from ..models.uncompressed_file import UncompressedFile  # noqa: PLC0415

        d = dict(src_dict)
        job_info = Job.from_dict(d.pop("jobInfo"))

        _task_infos = d.pop("taskInfos", UNSET)
        task_infos: list[FileResult] | Unset = UNSET
        if _task_infos is not UNSET:
            task_infos = []
            for task_infos_item_data in _task_infos:
                task_infos_item = FileResult.from_dict(task_infos_item_data)

                task_infos.append(task_infos_item)

        _uncompressed_file_list = d.pop("uncompressedFileList", UNSET)
        uncompressed_file_list: list[UncompressedFile] | Unset = UNSET
        if _uncompressed_file_list is not UNSET:
            uncompressed_file_list = []
            for uncompressed_file_list_item_data in _uncompressed_file_list:
                uncompressed_file_list_item = UncompressedFile.from_dict(
                    uncompressed_file_list_item_data
                )

                uncompressed_file_list.append(uncompressed_file_list_item)

        job_detail = cls(
            job_info=job_info,
            task_infos=task_infos,
            uncompressed_file_list=uncompressed_file_list,
        )

        job_detail.additional_properties = d
        return job_detail

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
