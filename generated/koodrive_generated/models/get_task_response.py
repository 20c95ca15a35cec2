from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.task_status import TaskStatus
from ..models.task_type import TaskType
from ..types import UNSET, Unset

T = TypeVar("T", bound="GetTaskResponse")


@_attrs_define
class GetTaskResponse:
    """The task's fields flat beside `code` and `msg`, with no `data` envelope."""

    task_id: str
    """ A KooDrive id: up to 19 decimal digits, above 2^53, so always a string. `id >> 23` is the
    number of milliseconds since 2019-01-01T00:00:00+08:00 at which the record was created.
     """
    task_type: int | TaskType
    """ A `TaskType`, or a value this spec does not know yet. """
    status: int | TaskStatus
    """ A `TaskStatus`, or a value this spec does not know yet. """
    code: int | str
    """ Business result code, `0` for success. The tables say String (seed 004's Table 3 says Integer), every
    example sends a number. """
    task_name: str | Unset = UNSET
    tenant_id: str | Unset = UNSET
    """ Opaque: 32 hex digits (seeds 002, 004) or 17 decimal digits (seed 003). """
    user_id: str | Unset = UNSET
    init_params: str | Unset = UNSET
    """ Extension field. """
    locale: str | Unset = UNSET
    result_code: int | str | Unset = UNSET
    """ Result code of a failed task or file (`18xxxxxx` on basic tasks). String on basic tasks, Integer on batch
    jobs. """
    create_time: str | Unset = UNSET
    """ Basic-task time, ISO-8601 with milliseconds and `Z`, e.g. `2024-08-12T07:22:33.000Z`. Every seed's
    milliseconds are `000`. """
    start_time: str | Unset = UNSET
    """ Basic-task time, ISO-8601 with milliseconds and `Z`, e.g. `2024-08-12T07:22:33.000Z`. Every seed's
    milliseconds are `000`. """
    end_time: str | Unset = UNSET
    """ Basic-task time, ISO-8601 with milliseconds and `Z`, e.g. `2024-08-12T07:22:33.000Z`. Every seed's
    milliseconds are `000`. """
    msg: str | Unset = UNSET
    """ Localised result message (`success`, `Success.`, `OK`, `成功`). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        task_id = self.task_id

        task_type: int
        if isinstance(self.task_type, TaskType):
            task_type = self.task_type.value
        else:
            task_type = self.task_type

        status: int
        if isinstance(self.status, TaskStatus):
            status = self.status.value
        else:
            status = self.status

        code: int | str
        code = self.code

        task_name = self.task_name

        tenant_id = self.tenant_id

        user_id = self.user_id

        init_params = self.init_params

        locale = self.locale

        result_code: int | str | Unset
        if isinstance(self.result_code, Unset):
            result_code = UNSET
        else:
            result_code = self.result_code

        create_time = self.create_time

        start_time = self.start_time

        end_time = self.end_time

        msg = self.msg

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "taskId": task_id,
                "taskType": task_type,
                "status": status,
                "code": code,
            }
        )
        if task_name is not UNSET:
            field_dict["taskName"] = task_name
        if tenant_id is not UNSET:
            field_dict["tenantId"] = tenant_id
        if user_id is not UNSET:
            field_dict["userId"] = user_id
        if init_params is not UNSET:
            field_dict["initParams"] = init_params
        if locale is not UNSET:
            field_dict["locale"] = locale
        if result_code is not UNSET:
            field_dict["resultCode"] = result_code
        if create_time is not UNSET:
            field_dict["createTime"] = create_time
        if start_time is not UNSET:
            field_dict["startTime"] = start_time
        if end_time is not UNSET:
            field_dict["endTime"] = end_time
        if msg is not UNSET:
            field_dict["msg"] = msg

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        task_id = d.pop("taskId")

        def _parse_task_type(data: object) -> int | TaskType:
            try:
                if not isinstance(data, int):
                    raise TypeError()
                componentsschemas_open_task_type_type_0 = TaskType(data)

                return componentsschemas_open_task_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(int | TaskType, data)

        task_type = _parse_task_type(d.pop("taskType"))

        def _parse_status(data: object) -> int | TaskStatus:
            try:
                if not isinstance(data, int):
                    raise TypeError()
                componentsschemas_open_task_status_type_0 = TaskStatus(data)

                return componentsschemas_open_task_status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(int | TaskStatus, data)

        status = _parse_status(d.pop("status"))

        def _parse_code(data: object) -> int | str:
            return cast(int | str, data)

        code = _parse_code(d.pop("code"))

        task_name = d.pop("taskName", UNSET)

        tenant_id = d.pop("tenantId", UNSET)

        user_id = d.pop("userId", UNSET)

        init_params = d.pop("initParams", UNSET)

        locale = d.pop("locale", UNSET)

        def _parse_result_code(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        result_code = _parse_result_code(d.pop("resultCode", UNSET))

        create_time = d.pop("createTime", UNSET)

        start_time = d.pop("startTime", UNSET)

        end_time = d.pop("endTime", UNSET)

        msg = d.pop("msg", UNSET)

        get_task_response = cls(
            task_id=task_id,
            task_type=task_type,
            status=status,
            code=code,
            task_name=task_name,
            tenant_id=tenant_id,
            user_id=user_id,
            init_params=init_params,
            locale=locale,
            result_code=result_code,
            create_time=create_time,
            start_time=start_time,
            end_time=end_time,
            msg=msg,
        )

        get_task_response.additional_properties = d
        return get_task_response

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
