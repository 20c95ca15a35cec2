from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_task_request import CreateTaskRequest
from ...models.create_task_response import CreateTaskResponse
from ...models.error_body import ErrorBody
from ...models.gateway_error_body import GatewayErrorBody
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: CreateTaskRequest,
    x_traceid: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_traceid, Unset):
        headers["X-Traceid"] = x_traceid

    if not isinstance(language, Unset):
        headers["language"] = language

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/koodrive/ose/v1/task/create",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CreateTaskResponse | ErrorBody | GatewayErrorBody | None:
    if response.status_code == 200:
        response_200 = CreateTaskResponse.from_dict(response.json())

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
) -> Response[CreateTaskResponse | ErrorBody | GatewayErrorBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CreateTaskRequest,
    x_traceid: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> Response[CreateTaskResponse | ErrorBody | GatewayErrorBody]:
    """Create a basic task (handover or user import)

     Starts a basic task and answers with its `taskId`, flat beside `code` and `msg`; poll
    `getTask` until its `status` is 2 (SUCCESS) or 3 (FAILED).

    Quirk catalogue: [Q28](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q28).

    Args:
        x_traceid (str | Unset):
        language (str | Unset):
        body (CreateTaskRequest): A new basic task. Handover (taskType 0) needs `srcUserId` and
            `dstUserId`; user import
            (taskType 1) needs `resultId`, `orgId` and `orgUserId`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreateTaskResponse | ErrorBody | GatewayErrorBody]
    """

    kwargs = _get_kwargs(
        body=body,
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
    body: CreateTaskRequest,
    x_traceid: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> CreateTaskResponse | ErrorBody | GatewayErrorBody | None:
    """Create a basic task (handover or user import)

     Starts a basic task and answers with its `taskId`, flat beside `code` and `msg`; poll
    `getTask` until its `status` is 2 (SUCCESS) or 3 (FAILED).

    Quirk catalogue: [Q28](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q28).

    Args:
        x_traceid (str | Unset):
        language (str | Unset):
        body (CreateTaskRequest): A new basic task. Handover (taskType 0) needs `srcUserId` and
            `dstUserId`; user import
            (taskType 1) needs `resultId`, `orgId` and `orgUserId`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreateTaskResponse | ErrorBody | GatewayErrorBody
    """

    return sync_detailed(
        client=client,
        body=body,
        x_traceid=x_traceid,
        language=language,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CreateTaskRequest,
    x_traceid: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> Response[CreateTaskResponse | ErrorBody | GatewayErrorBody]:
    """Create a basic task (handover or user import)

     Starts a basic task and answers with its `taskId`, flat beside `code` and `msg`; poll
    `getTask` until its `status` is 2 (SUCCESS) or 3 (FAILED).

    Quirk catalogue: [Q28](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q28).

    Args:
        x_traceid (str | Unset):
        language (str | Unset):
        body (CreateTaskRequest): A new basic task. Handover (taskType 0) needs `srcUserId` and
            `dstUserId`; user import
            (taskType 1) needs `resultId`, `orgId` and `orgUserId`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreateTaskResponse | ErrorBody | GatewayErrorBody]
    """

    kwargs = _get_kwargs(
        body=body,
        x_traceid=x_traceid,
        language=language,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: CreateTaskRequest,
    x_traceid: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> CreateTaskResponse | ErrorBody | GatewayErrorBody | None:
    """Create a basic task (handover or user import)

     Starts a basic task and answers with its `taskId`, flat beside `code` and `msg`; poll
    `getTask` until its `status` is 2 (SUCCESS) or 3 (FAILED).

    Quirk catalogue: [Q28](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q28).

    Args:
        x_traceid (str | Unset):
        language (str | Unset):
        body (CreateTaskRequest): A new basic task. Handover (taskType 0) needs `srcUserId` and
            `dstUserId`; user import
            (taskType 1) needs `resultId`, `orgId` and `orgUserId`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreateTaskResponse | ErrorBody | GatewayErrorBody
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_traceid=x_traceid,
            language=language,
        )
    ).parsed
