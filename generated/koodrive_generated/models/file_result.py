from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.file_result_status import FileResultStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="FileResult")


@_attrs_define
class FileResult:
    """What a batch job did to one requested file (`TaskInfo` of the detail page)."""

    id: str | Unset = UNSET
    file_id: str | Unset = UNSET
    """ A file or directory id, e.g. `FuZmQ66CF0DdpKRG1Y29Iwajbq04Nhwu3`; `root` for a space's root. """
    file_path: str | Unset = UNSET
    status: FileResultStatus | str | Unset = UNSET
    """ A `FileResultStatus`, or a value this spec does not know yet. """
    new_file_id: str | Unset = UNSET
    """ A file or directory id, e.g. `FuZmQ66CF0DdpKRG1Y29Iwajbq04Nhwu3`; `root` for a space's root. """
    new_file_path: str | Unset = UNSET
    src_container_id: str | Unset = UNSET
    """ A space (container) id, opaque. Two shapes are seen: `IAADfsBFCO6WtAtuA` + 30 hex digits
    (seeds 001, 003) and `IAACk0hRXpq9DAWkA` + a 19-digit snowflake (seed 004).
     """
    result_code: int | str | Unset = UNSET
    """ Result code of a failed task or file (`18xxxxxx` on basic tasks). String on basic tasks, Integer on batch
    jobs. """
    result_desc: str | Unset = UNSET
    tenant_id: str | Unset = UNSET
    create_time: str | Unset = UNSET
    """ Batch-job time, 14-digit `yyyyMMddHHmmss` with no zone; the ids show it is China Standard Time (UTC+8). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        file_id = self.file_id

        file_path = self.file_path

        status: str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, FileResultStatus):
            status = self.status.value
        else:
            status = self.status

        new_file_id = self.new_file_id

        new_file_path = self.new_file_path

        src_container_id = self.src_container_id

        result_code: int | str | Unset
        if isinstance(self.result_code, Unset):
            result_code = UNSET
        else:
            result_code = self.result_code

        result_desc = self.result_desc

        tenant_id = self.tenant_id

        create_time = self.create_time

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if file_id is not UNSET:
            field_dict["fileId"] = file_id
        if file_path is not UNSET:
            field_dict["filePath"] = file_path
        if status is not UNSET:
            field_dict["status"] = status
        if new_file_id is not UNSET:
            field_dict["newFileId"] = new_file_id
        if new_file_path is not UNSET:
            field_dict["newFilePath"] = new_file_path
        if src_container_id is not UNSET:
            field_dict["srcContainerId"] = src_container_id
        if result_code is not UNSET:
            field_dict["resultCode"] = result_code
        if result_desc is not UNSET:
            field_dict["resultDesc"] = result_desc
        if tenant_id is not UNSET:
            field_dict["tenantId"] = tenant_id
        if create_time is not UNSET:
            field_dict["createTime"] = create_time

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id", UNSET)

        file_id = d.pop("fileId", UNSET)

        file_path = d.pop("filePath", UNSET)

        def _parse_status(data: object) -> FileResultStatus | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_open_file_result_status_type_0 = FileResultStatus(
                    data
                )

                return componentsschemas_open_file_result_status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FileResultStatus | str | Unset, data)

        status = _parse_status(d.pop("status", UNSET))

        new_file_id = d.pop("newFileId", UNSET)

        new_file_path = d.pop("newFilePath", UNSET)

        src_container_id = d.pop("srcContainerId", UNSET)

        def _parse_result_code(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        result_code = _parse_result_code(d.pop("resultCode", UNSET))

        result_desc = d.pop("resultDesc", UNSET)

        tenant_id = d.pop("tenantId", UNSET)

        create_time = d.pop("createTime", UNSET)

        file_result = cls(
            id=id,
            file_id=file_id,
            file_path=file_path,
            status=status,
            new_file_id=new_file_id,
            new_file_path=new_file_path,
            src_container_id=src_container_id,
            result_code=result_code,
            result_desc=result_desc,
            tenant_id=tenant_id,
            create_time=create_time,
        )

        file_result.additional_properties = d
        return file_result

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
