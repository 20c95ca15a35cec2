from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.gateway_error_body import GatewayErrorBody
from ...models.list_tasks_response import ListTasksResponse
from ...models.task_status import TaskStatus
from ...models.task_type import TaskType
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    task_type: TaskType | Unset = UNSET,
    status: list[TaskStatus] | Unset = UNSET,
    page_size: int | Unset = 100,
    page_cursor: int | str | Unset = UNSET,
    x_traceid: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_traceid, Unset):
        headers["X-Traceid"] = x_traceid

    if not isinstance(language, Unset):
        headers["language"] = language

    params: dict[str, Any] = {}

    json_task_type: int | Unset = UNSET
    if not isinstance(task_type, Unset):
        json_task_type = task_type.value

    params["taskType"] = json_task_type

    json_status: list[int] | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = []
        for status_item_data in status:
            status_item = status_item_data.value
            json_status.append(status_item)

    params["status"] = json_status

    params["pageSize"] = page_size

    json_page_cursor: int | str | Unset
    if isinstance(page_cursor, Unset):
        json_page_cursor = UNSET
    else:
        json_page_cursor = page_cursor
    params["pageCursor"] = json_page_cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/koodrive/ose/v1/task/list",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | GatewayErrorBody | ListTasksResponse | None:
    if response.status_code == 200:
        response_200 = ListTasksResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorBody.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorBody.from_dict(response.json())

        return response_401

    if response.status_code == 429:
        response_429 = GatewayErrorBody.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = ErrorBody.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorBody | GatewayErrorBody | ListTasksResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    task_type: TaskType | Unset = UNSET,
    status: list[TaskStatus] | Unset = UNSET,
    page_size: int | Unset = 100,
    page_cursor: int | str | Unset = UNSET,
    x_traceid: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> Response[ErrorBody | GatewayErrorBody | ListTasksResponse]:
    """List basic tasks

     Cursor paging. Partial or empty pages may come before the end; only a missing `nextCursor`
    ends the list.

    Quirk catalogue: [Q25](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q25), [Q26](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q26), [Q28](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q28), [Q53](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q53).

    Args:
        task_type (TaskType | Unset): Basic task type. 0 is "transfer task" on seed 000 and
            "transfer and deletion" on seed 002; the same handover.
        status (list[TaskStatus] | Unset):
        page_size (int | Unset):  Default: 100.
        page_cursor (int | str | Unset):
        x_traceid (str | Unset):
        language (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | GatewayErrorBody | ListTasksResponse]
    """

    kwargs = _get_kwargs(
        task_type=task_type,
        status=status,
        page_size=page_size,
        page_cursor=page_cursor,
        x_traceid=x_traceid,
        language=language,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    task_type: TaskType | Unset = UNSET,
    status: list[TaskStatus] | Unset = UNSET,
    page_size: int | Unset = 100,
    page_cursor: int | str | Unset = UNSET,
    x_traceid: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> ErrorBody | GatewayErrorBody | ListTasksResponse | None:
    """List basic tasks

     Cursor paging. Partial or empty pages may come before the end; only a missing `nextCursor`
    ends the list.

    Quirk catalogue: [Q25](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q25), [Q26](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q26), [Q28](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q28), [Q53](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q53).

    Args:
        task_type (TaskType | Unset): Basic task type. 0 is "transfer task" on seed 000 and
            "transfer and deletion" on seed 002; the same handover.
        status (list[TaskStatus] | Unset):
        page_size (int | Unset):  Default: 100.
        page_cursor (int | str | Unset):
        x_traceid (str | Unset):
        language (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | GatewayErrorBody | ListTasksResponse
    """

    return sync_detailed(
        client=client,
        task_type=task_type,
        status=status,
        page_size=page_size,
        page_cursor=page_cursor,
        x_traceid=x_traceid,
        language=language,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    task_type: TaskType | Unset = UNSET,
    status: list[TaskStatus] | Unset = UNSET,
    page_size: int | Unset = 100,
    page_cursor: int | str | Unset = UNSET,
    x_traceid: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> Response[ErrorBody | GatewayErrorBody | ListTasksResponse]:
    """List basic tasks

     Cursor paging. Partial or empty pages may come before the end; only a missing `nextCursor`
    ends the list.

    Quirk catalogue: [Q25](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q25), [Q26](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q26), [Q28](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q28), [Q53](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q53).

    Args:
        task_type (TaskType | Unset): Basic task type. 0 is "transfer task" on seed 000 and
            "transfer and deletion" on seed 002; the same handover.
        status (list[TaskStatus] | Unset):
        page_size (int | Unset):  Default: 100.
        page_cursor (int | str | Unset):
        x_traceid (str | Unset):
        language (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | GatewayErrorBody | ListTasksResponse]
    """

    kwargs = _get_kwargs(
        task_type=task_type,
        status=status,
        page_size=page_size,
        page_cursor=page_cursor,
        x_traceid=x_traceid,
        language=language,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    task_type: TaskType | Unset = UNSET,
    status: list[TaskStatus] | Unset = UNSET,
    page_size: int | Unset = 100,
    page_cursor: int | str | Unset = UNSET,
    x_traceid: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> ErrorBody | GatewayErrorBody | ListTasksResponse | None:
    """List basic tasks

     Cursor paging. Partial or empty pages may come before the end; only a missing `nextCursor`
    ends the list.

    Quirk catalogue: [Q25](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q25), [Q26](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q26), [Q28](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q28), [Q53](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q53).

    Args:
        task_type (TaskType | Unset): Basic task type. 0 is "transfer task" on seed 000 and
            "transfer and deletion" on seed 002; the same handover.
        status (list[TaskStatus] | Unset):
        page_size (int | Unset):  Default: 100.
        page_cursor (int | str | Unset):
        x_traceid (str | Unset):
        language (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | GatewayErrorBody | ListTasksResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            task_type=task_type,
            status=status,
            page_size=page_size,
            page_cursor=page_cursor,
            x_traceid=x_traceid,
            language=language,
        )
    ).parsed
