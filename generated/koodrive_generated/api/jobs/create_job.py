from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_job_request import CreateJobRequest
from ...models.create_job_response import CreateJobResponse
from ...models.error_body import ErrorBody
from ...models.gateway_error_body import GatewayErrorBody
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: CreateJobRequest,
    x_hw_share_folder_id: str | Unset = UNSET,
    x_traceid: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_hw_share_folder_id, Unset):
        headers["x-hw-share-folder-id"] = x_hw_share_folder_id

    if not isinstance(x_traceid, Unset):
        headers["X-Traceid"] = x_traceid

    if not isinstance(language, Unset):
        headers["language"] = language

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/koodrive/ose/v1/jobs",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CreateJobResponse | ErrorBody | GatewayErrorBody | None:
    if response.status_code == 200:
        response_200 = CreateJobResponse.from_dict(response.json())

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
) -> Response[CreateJobResponse | ErrorBody | GatewayErrorBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CreateJobRequest,
    x_hw_share_folder_id: str | Unset = UNSET,
    x_traceid: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> Response[CreateJobResponse | ErrorBody | GatewayErrorBody]:
    """Create a batch job

     Starts a batch job and answers at once with its id in `data`; poll `getJob` until its
    `status` is 2 (completed) or 3 (cancelled). `taskInfo.fileInfo` may be left out only for
    taskType 7 (empty recycle bin).

    Args:
        x_hw_share_folder_id (str | Unset):
        x_traceid (str | Unset):
        language (str | Unset):
        body (CreateJobRequest): A new batch job. `taskInfo.fileInfo` may be left out only for
            taskType 7 (empty recycle bin).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreateJobResponse | ErrorBody | GatewayErrorBody]
    """

    kwargs = _get_kwargs(
        body=body,
        x_hw_share_folder_id=x_hw_share_folder_id,
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
    body: CreateJobRequest,
    x_hw_share_folder_id: str | Unset = UNSET,
    x_traceid: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> CreateJobResponse | ErrorBody | GatewayErrorBody | None:
    """Create a batch job

     Starts a batch job and answers at once with its id in `data`; poll `getJob` until its
    `status` is 2 (completed) or 3 (cancelled). `taskInfo.fileInfo` may be left out only for
    taskType 7 (empty recycle bin).

    Args:
        x_hw_share_folder_id (str | Unset):
        x_traceid (str | Unset):
        language (str | Unset):
        body (CreateJobRequest): A new batch job. `taskInfo.fileInfo` may be left out only for
            taskType 7 (empty recycle bin).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreateJobResponse | ErrorBody | GatewayErrorBody
    """

    return sync_detailed(
        client=client,
        body=body,
        x_hw_share_folder_id=x_hw_share_folder_id,
        x_traceid=x_traceid,
        language=language,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CreateJobRequest,
    x_hw_share_folder_id: str | Unset = UNSET,
    x_traceid: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> Response[CreateJobResponse | ErrorBody | GatewayErrorBody]:
    """Create a batch job

     Starts a batch job and answers at once with its id in `data`; poll `getJob` until its
    `status` is 2 (completed) or 3 (cancelled). `taskInfo.fileInfo` may be left out only for
    taskType 7 (empty recycle bin).

    Args:
        x_hw_share_folder_id (str | Unset):
        x_traceid (str | Unset):
        language (str | Unset):
        body (CreateJobRequest): A new batch job. `taskInfo.fileInfo` may be left out only for
            taskType 7 (empty recycle bin).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreateJobResponse | ErrorBody | GatewayErrorBody]
    """

    kwargs = _get_kwargs(
        body=body,
        x_hw_share_folder_id=x_hw_share_folder_id,
        x_traceid=x_traceid,
        language=language,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: CreateJobRequest,
    x_hw_share_folder_id: str | Unset = UNSET,
    x_traceid: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> CreateJobResponse | ErrorBody | GatewayErrorBody | None:
    """Create a batch job

     Starts a batch job and answers at once with its id in `data`; poll `getJob` until its
    `status` is 2 (completed) or 3 (cancelled). `taskInfo.fileInfo` may be left out only for
    taskType 7 (empty recycle bin).

    Args:
        x_hw_share_folder_id (str | Unset):
        x_traceid (str | Unset):
        language (str | Unset):
        body (CreateJobRequest): A new batch job. `taskInfo.fileInfo` may be left out only for
            taskType 7 (empty recycle bin).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreateJobResponse | ErrorBody | GatewayErrorBody
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_hw_share_folder_id=x_hw_share_folder_id,
            x_traceid=x_traceid,
            language=language,
        )
    ).parsed
