from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.share_file_result import ShareFileResult
    from ..models.share_job_info import ShareJobInfo


T = TypeVar("T", bound="GetShareTaskResponse")


@_attrs_define
class GetShareTaskResponse:
    """`jobInfo` and `taskInfos` beside `code` and `msg`, no `data`. `taskInfos` is "one object" in
    the table and an array in the example; an older page returns a single `taskInfo` instead.

    """

    code: int | str
    """ Business result code, `0` for success. The tables say String (seed 004's Table 3 says Integer), every
    example sends a number. """
    msg: str | Unset = UNSET
    """ Localised result message (`success`, `Success.`, `OK`, `成功`). """
    job_info: ShareJobInfo | Unset = UNSET
    """ A share async task. Its status is `taskStatus` and its start `startTime`, where a batch job says `status`
    and `beginTime`. """
    task_infos: list[ShareFileResult] | ShareFileResult | Unset = UNSET
    task_info: ShareJobInfo | Unset = UNSET
    """ A share async task. Its status is `taskStatus` and its start `startTime`, where a batch job says `status`
    and `beginTime`. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code: int | str
        code = self.code

        msg = self.msg

        job_info: dict[str, Any] | Unset = UNSET
        if not isinstance(self.job_info, Unset):
            job_info = self.job_info.to_dict()

        task_infos: dict[str, Any] | list[dict[str, Any]] | Unset
        if isinstance(self.task_infos, Unset):
            task_infos = UNSET
        elif isinstance(self.task_infos, list):
            task_infos = []
            for task_infos_type_0_item_data in self.task_infos:
                task_infos_type_0_item = task_infos_type_0_item_data.to_dict()
                task_infos.append(task_infos_type_0_item)

        else:
            task_infos = self.task_infos.to_dict()

        task_info: dict[str, Any] | Unset = UNSET
        if not isinstance(self.task_info, Unset):
            task_info = self.task_info.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
            }
        )
        if msg is not UNSET:
            field_dict["msg"] = msg
        if job_info is not UNSET:
            field_dict["jobInfo"] = job_info
        if task_infos is not UNSET:
            field_dict["taskInfos"] = task_infos
        if task_info is not UNSET:
            field_dict["taskInfo"] = task_info

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.share_file_result import ShareFileResult  # noqa: PLC0415
        from ..models.share_job_info import ShareJobInfo  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_code(data: object) -> int | str:
            return cast(int | str, data)

        code = _parse_code(d.pop("code"))

        msg = d.pop("msg", UNSET)

        _job_info = d.pop("jobInfo", UNSET)
        job_info: ShareJobInfo | Unset
        if isinstance(_job_info, Unset):
            job_info = UNSET
        else:
            job_info = ShareJobInfo.from_dict(_job_info)

        def _parse_task_infos(
            data: object,
        ) -> list[ShareFileResult] | ShareFileResult | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                task_infos_type_0 = []
                _task_infos_type_0 = data
                for task_infos_type_0_item_data in _task_infos_type_0:
                    task_infos_type_0_item = ShareFileResult.from_dict(
                        task_infos_type_0_item_data
                    )

                    task_infos_type_0.append(task_infos_type_0_item)

                return task_infos_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            task_infos_type_1 = ShareFileResult.from_dict(data)

            return task_infos_type_1

        task_infos = _parse_task_infos(d.pop("taskInfos", UNSET))

        _task_info = d.pop("taskInfo", UNSET)
        task_info: ShareJobInfo | Unset
        if isinstance(_task_info, Unset):
            task_info = UNSET
        else:
            task_info = ShareJobInfo.from_dict(_task_info)

        get_share_task_response = cls(
            code=code,
            msg=msg,
            job_info=job_info,
            task_infos=task_infos,
            task_info=task_info,
        )

        get_share_task_response.additional_properties = d
        return get_share_task_response

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
