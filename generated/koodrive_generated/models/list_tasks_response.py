from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.basic_task import BasicTask


T = TypeVar("T", bound="ListTasksResponse")


@_attrs_define
class ListTasksResponse:
    """A page of tasks. The list is `taskList` in the table and `taskListDtos` in the example."""

    code: int | str
    """ Business result code, `0` for success. The tables say String (seed 004's Table 3 says Integer), every
    example sends a number. """
    msg: str | Unset = UNSET
    """ Localised result message (`success`, `Success.`, `OK`, `成功`). """
    task_list: list[BasicTask] | Unset = UNSET
    task_list_dtos: list[BasicTask] | Unset = UNSET
    next_cursor: int | str | Unset = UNSET
    """ Cursor of the next page; absent on the last page. String in the table, a number in the example. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code: int | str
        code = self.code

        msg = self.msg

        task_list: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.task_list, Unset):
            task_list = []
            for task_list_item_data in self.task_list:
                task_list_item = task_list_item_data.to_dict()
                task_list.append(task_list_item)

        task_list_dtos: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.task_list_dtos, Unset):
            task_list_dtos = []
            for task_list_dtos_item_data in self.task_list_dtos:
                task_list_dtos_item = task_list_dtos_item_data.to_dict()
                task_list_dtos.append(task_list_dtos_item)

        next_cursor: int | str | Unset
        if isinstance(self.next_cursor, Unset):
            next_cursor = UNSET
        else:
            next_cursor = self.next_cursor

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
            }
        )
        if msg is not UNSET:
            field_dict["msg"] = msg
        if task_list is not UNSET:
            field_dict["taskList"] = task_list
        if task_list_dtos is not UNSET:
            field_dict["taskListDtos"] = task_list_dtos
        if next_cursor is not UNSET:
            field_dict["nextCursor"] = next_cursor

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.basic_task import BasicTask  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_code(data: object) -> int | str:
            return cast(int | str, data)

        code = _parse_code(d.pop("code"))

        msg = d.pop("msg", UNSET)

        _task_list = d.pop("taskList", UNSET)
        task_list: list[BasicTask] | Unset = UNSET
        if _task_list is not UNSET:
            task_list = []
            for task_list_item_data in _task_list:
                task_list_item = BasicTask.from_dict(task_list_item_data)

                task_list.append(task_list_item)

        _task_list_dtos = d.pop("taskListDtos", UNSET)
        task_list_dtos: list[BasicTask] | Unset = UNSET
        if _task_list_dtos is not UNSET:
            task_list_dtos = []
            for task_list_dtos_item_data in _task_list_dtos:
                task_list_dtos_item = BasicTask.from_dict(task_list_dtos_item_data)

                task_list_dtos.append(task_list_dtos_item)

        def _parse_next_cursor(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        next_cursor = _parse_next_cursor(d.pop("nextCursor", UNSET))

        list_tasks_response = cls(
            code=code,
            msg=msg,
            task_list=task_list,
            task_list_dtos=task_list_dtos,
            next_cursor=next_cursor,
        )

        list_tasks_response.additional_properties = d
        return list_tasks_response

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
