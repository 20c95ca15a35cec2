from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.gateway_error_body import GatewayErrorBody
from ...models.get_task_result_response import GetTaskResultResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    task_id: str | Unset = UNSET,
    taskid: str | Unset = UNSET,
    x_traceid: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_traceid, Unset):
        headers["X-Traceid"] = x_traceid

    if not isinstance(language, Unset):
        headers["language"] = language

    params: dict[str, Any] = {}

    params["taskId"] = task_id

    params["taskid"] = taskid

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/koodrive/ose/v1/task/result",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | GatewayErrorBody | GetTaskResultResponse | None:
    if response.status_code == 200:
        response_200 = GetTaskResultResponse.from_dict(response.json())

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
) -> Response[ErrorBody | GatewayErrorBody | GetTaskResultResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    task_id: str | Unset = UNSET,
    taskid: str | Unset = UNSET,
    x_traceid: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> Response[ErrorBody | GatewayErrorBody | GetTaskResultResponse]:
    """Get the result of a batch user import task

     How many users a batch user import task (taskType 1) imported and why the others failed.
    The table names the query parameter `taskId`, the page's example request sends `taskid`:
    both are declared, exactly one must be given (OpenAPI cannot require one of two names).
    Clients send `taskId`.

    Assumptions (no page says): a result exists only once the import task has finished
    (SUCCESS or FAILED); before that, and for an unknown id or a handover task (taskType 0), the
    answer is 400 `13000309` (resource does not exist). A FAILED import imported nobody.

    Quirk catalogue: [Q59](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q59), [Q63](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q63).

    Args:
        task_id (str | Unset): A KooDrive id: up to 19 decimal digits, above 2^53, so always a
            string. `id >> 23` is the
            number of milliseconds since 2019-01-01T00:00:00+08:00 at which the record was created.
        taskid (str | Unset): A KooDrive id: up to 19 decimal digits, above 2^53, so always a
            string. `id >> 23` is the
            number of milliseconds since 2019-01-01T00:00:00+08:00 at which the record was created.
        x_traceid (str | Unset):
        language (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | GatewayErrorBody | GetTaskResultResponse]
    """

    kwargs = _get_kwargs(
        task_id=task_id,
        taskid=taskid,
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
    task_id: str | Unset = UNSET,
    taskid: str | Unset = UNSET,
    x_traceid: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> ErrorBody | GatewayErrorBody | GetTaskResultResponse | None:
    """Get the result of a batch user import task

     How many users a batch user import task (taskType 1) imported and why the others failed.
    The table names the query parameter `taskId`, the page's example request sends `taskid`:
    both are declared, exactly one must be given (OpenAPI cannot require one of two names).
    Clients send `taskId`.

    Assumptions (no page says): a result exists only once the import task has finished
    (SUCCESS or FAILED); before that, and for an unknown id or a handover task (taskType 0), the
    answer is 400 `13000309` (resource does not exist). A FAILED import imported nobody.

    Quirk catalogue: [Q59](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q59), [Q63](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q63).

    Args:
        task_id (str | Unset): A KooDrive id: up to 19 decimal digits, above 2^53, so always a
            string. `id >> 23` is the
            number of milliseconds since 2019-01-01T00:00:00+08:00 at which the record was created.
        taskid (str | Unset): A KooDrive id: up to 19 decimal digits, above 2^53, so always a
            string. `id >> 23` is the
            number of milliseconds since 2019-01-01T00:00:00+08:00 at which the record was created.
        x_traceid (str | Unset):
        language (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | GatewayErrorBody | GetTaskResultResponse
    """

    return sync_detailed(
        client=client,
        task_id=task_id,
        taskid=taskid,
        x_traceid=x_traceid,
        language=language,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    task_id: str | Unset = UNSET,
    taskid: str | Unset = UNSET,
    x_traceid: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> Response[ErrorBody | GatewayErrorBody | GetTaskResultResponse]:
    """Get the result of a batch user import task

     How many users a batch user import task (taskType 1) imported and why the others failed.
    The table names the query parameter `taskId`, the page's example request sends `taskid`:
    both are declared, exactly one must be given (OpenAPI cannot require one of two names).
    Clients send `taskId`.

    Assumptions (no page says): a result exists only once the import task has finished
    (SUCCESS or FAILED); before that, and for an unknown id or a handover task (taskType 0), the
    answer is 400 `13000309` (resource does not exist). A FAILED import imported nobody.

    Quirk catalogue: [Q59](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q59), [Q63](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q63).

    Args:
        task_id (str | Unset): A KooDrive id: up to 19 decimal digits, above 2^53, so always a
            string. `id >> 23` is the
            number of milliseconds since 2019-01-01T00:00:00+08:00 at which the record was created.
        taskid (str | Unset): A KooDrive id: up to 19 decimal digits, above 2^53, so always a
            string. `id >> 23` is the
            number of milliseconds since 2019-01-01T00:00:00+08:00 at which the record was created.
        x_traceid (str | Unset):
        language (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | GatewayErrorBody | GetTaskResultResponse]
    """

    kwargs = _get_kwargs(
        task_id=task_id,
        taskid=taskid,
        x_traceid=x_traceid,
        language=language,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    task_id: str | Unset = UNSET,
    taskid: str | Unset = UNSET,
    x_traceid: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> ErrorBody | GatewayErrorBody | GetTaskResultResponse | None:
    """Get the result of a batch user import task

     How many users a batch user import task (taskType 1) imported and why the others failed.
    The table names the query parameter `taskId`, the page's example request sends `taskid`:
    both are declared, exactly one must be given (OpenAPI cannot require one of two names).
    Clients send `taskId`.

    Assumptions (no page says): a result exists only once the import task has finished
    (SUCCESS or FAILED); before that, and for an unknown id or a handover task (taskType 0), the
    answer is 400 `13000309` (resource does not exist). A FAILED import imported nobody.

    Quirk catalogue: [Q59](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q59), [Q63](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q63).

    Args:
        task_id (str | Unset): A KooDrive id: up to 19 decimal digits, above 2^53, so always a
            string. `id >> 23` is the
            number of milliseconds since 2019-01-01T00:00:00+08:00 at which the record was created.
        taskid (str | Unset): A KooDrive id: up to 19 decimal digits, above 2^53, so always a
            string. `id >> 23` is the
            number of milliseconds since 2019-01-01T00:00:00+08:00 at which the record was created.
        x_traceid (str | Unset):
        language (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | GatewayErrorBody | GetTaskResultResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            task_id=task_id,
            taskid=taskid,
            x_traceid=x_traceid,
            language=language,
        )
    ).parsed
