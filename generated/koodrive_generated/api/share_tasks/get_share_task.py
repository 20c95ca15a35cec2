from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.gateway_error_body import GatewayErrorBody
from ...models.get_share_task_request import GetShareTaskRequest
from ...models.get_share_task_response import GetShareTaskResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: GetShareTaskRequest,
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
        "url": "/koodrive/ose/v1/share/taskDetail",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | GatewayErrorBody | GetShareTaskResponse | None:
    if response.status_code == 200:
        response_200 = GetShareTaskResponse.from_dict(response.json())

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
) -> Response[ErrorBody | GatewayErrorBody | GetShareTaskResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: GetShareTaskRequest,
    x_traceid: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> Response[ErrorBody | GatewayErrorBody | GetShareTaskResponse]:
    """Get a share async task

     A query, sent as POST. It changes nothing and is safe to retry. Quirk catalogue
    [Q58](https://github.com/koodrive-tasks/koodrive-tasks/blob/main/spec/QUIRKS.md#q58).

    Args:
        x_traceid (str | Unset):
        language (str | Unset):
        body (GetShareTaskRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | GatewayErrorBody | GetShareTaskResponse]
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
    body: GetShareTaskRequest,
    x_traceid: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> ErrorBody | GatewayErrorBody | GetShareTaskResponse | None:
    """Get a share async task

     A query, sent as POST. It changes nothing and is safe to retry. Quirk catalogue
    [Q58](https://github.com/koodrive-tasks/koodrive-tasks/blob/main/spec/QUIRKS.md#q58).

    Args:
        x_traceid (str | Unset):
        language (str | Unset):
        body (GetShareTaskRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | GatewayErrorBody | GetShareTaskResponse
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
    body: GetShareTaskRequest,
    x_traceid: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> Response[ErrorBody | GatewayErrorBody | GetShareTaskResponse]:
    """Get a share async task

     A query, sent as POST. It changes nothing and is safe to retry. Quirk catalogue
    [Q58](https://github.com/koodrive-tasks/koodrive-tasks/blob/main/spec/QUIRKS.md#q58).

    Args:
        x_traceid (str | Unset):
        language (str | Unset):
        body (GetShareTaskRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | GatewayErrorBody | GetShareTaskResponse]
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
    body: GetShareTaskRequest,
    x_traceid: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> ErrorBody | GatewayErrorBody | GetShareTaskResponse | None:
    """Get a share async task

     A query, sent as POST. It changes nothing and is safe to retry. Quirk catalogue
    [Q58](https://github.com/koodrive-tasks/koodrive-tasks/blob/main/spec/QUIRKS.md#q58).

    Args:
        x_traceid (str | Unset):
        language (str | Unset):
        body (GetShareTaskRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | GatewayErrorBody | GetShareTaskResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_traceid=x_traceid,
            language=language,
        )
    ).parsed
