from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.gateway_error_body import GatewayErrorBody
from ...models.job_status import JobStatus
from ...models.job_type import JobType
from ...models.list_jobs_response import ListJobsResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    type_: JobType | Unset = UNSET,
    status: JobStatus | Unset = UNSET,
    offset: int,
    limit: int,
    x_traceid: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_traceid, Unset):
        headers["X-Traceid"] = x_traceid

    if not isinstance(language, Unset):
        headers["language"] = language

    params: dict[str, Any] = {}

    json_type_: int | Unset = UNSET
    if not isinstance(type_, Unset):
        json_type_ = type_.value

    params["type"] = json_type_

    json_status: int | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    params["offset"] = offset

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/koodrive/ose/v1/jobs",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | GatewayErrorBody | ListJobsResponse | None:
    if response.status_code == 200:
        response_200 = ListJobsResponse.from_dict(response.json())

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
) -> Response[ErrorBody | GatewayErrorBody | ListJobsResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    type_: JobType | Unset = UNSET,
    status: JobStatus | Unset = UNSET,
    offset: int,
    limit: int,
    x_traceid: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> Response[ErrorBody | GatewayErrorBody | ListJobsResponse]:
    """List batch jobs

     Offset paging (`offset` zero-based, `limit` 1-100). No page says how the end of the list
    shows: nothing states that a page with fewer than `limit` jobs is the last one (seed 000 says
    the opposite of the task list). Only an empty page is sure to be past the end.

    Quirk catalogue: [Q55](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q55).

    Args:
        type_ (JobType | Unset): Batch job type.
        status (JobStatus | Unset): Batch-job and share-task status. 3 is *cancelled* here,
            *FAILED* for basic tasks.
        offset (int):
        limit (int):
        x_traceid (str | Unset):
        language (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | GatewayErrorBody | ListJobsResponse]
    """

    kwargs = _get_kwargs(
        type_=type_,
        status=status,
        offset=offset,
        limit=limit,
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
    type_: JobType | Unset = UNSET,
    status: JobStatus | Unset = UNSET,
    offset: int,
    limit: int,
    x_traceid: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> ErrorBody | GatewayErrorBody | ListJobsResponse | None:
    """List batch jobs

     Offset paging (`offset` zero-based, `limit` 1-100). No page says how the end of the list
    shows: nothing states that a page with fewer than `limit` jobs is the last one (seed 000 says
    the opposite of the task list). Only an empty page is sure to be past the end.

    Quirk catalogue: [Q55](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q55).

    Args:
        type_ (JobType | Unset): Batch job type.
        status (JobStatus | Unset): Batch-job and share-task status. 3 is *cancelled* here,
            *FAILED* for basic tasks.
        offset (int):
        limit (int):
        x_traceid (str | Unset):
        language (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | GatewayErrorBody | ListJobsResponse
    """

    return sync_detailed(
        client=client,
        type_=type_,
        status=status,
        offset=offset,
        limit=limit,
        x_traceid=x_traceid,
        language=language,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    type_: JobType | Unset = UNSET,
    status: JobStatus | Unset = UNSET,
    offset: int,
    limit: int,
    x_traceid: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> Response[ErrorBody | GatewayErrorBody | ListJobsResponse]:
    """List batch jobs

     Offset paging (`offset` zero-based, `limit` 1-100). No page says how the end of the list
    shows: nothing states that a page with fewer than `limit` jobs is the last one (seed 000 says
    the opposite of the task list). Only an empty page is sure to be past the end.

    Quirk catalogue: [Q55](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q55).

    Args:
        type_ (JobType | Unset): Batch job type.
        status (JobStatus | Unset): Batch-job and share-task status. 3 is *cancelled* here,
            *FAILED* for basic tasks.
        offset (int):
        limit (int):
        x_traceid (str | Unset):
        language (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | GatewayErrorBody | ListJobsResponse]
    """

    kwargs = _get_kwargs(
        type_=type_,
        status=status,
        offset=offset,
        limit=limit,
        x_traceid=x_traceid,
        language=language,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    type_: JobType | Unset = UNSET,
    status: JobStatus | Unset = UNSET,
    offset: int,
    limit: int,
    x_traceid: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> ErrorBody | GatewayErrorBody | ListJobsResponse | None:
    """List batch jobs

     Offset paging (`offset` zero-based, `limit` 1-100). No page says how the end of the list
    shows: nothing states that a page with fewer than `limit` jobs is the last one (seed 000 says
    the opposite of the task list). Only an empty page is sure to be past the end.

    Quirk catalogue: [Q55](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q55).

    Args:
        type_ (JobType | Unset): Batch job type.
        status (JobStatus | Unset): Batch-job and share-task status. 3 is *cancelled* here,
            *FAILED* for basic tasks.
        offset (int):
        limit (int):
        x_traceid (str | Unset):
        language (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | GatewayErrorBody | ListJobsResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            type_=type_,
            status=status,
            offset=offset,
            limit=limit,
            x_traceid=x_traceid,
            language=language,
        )
    ).parsed
