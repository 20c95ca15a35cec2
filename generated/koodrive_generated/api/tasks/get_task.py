from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.gateway_error_body import GatewayErrorBody
from ...models.get_task_response import GetTaskResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    task_id: str,
    *,
    x_traceid: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_traceid, Unset):
        headers["X-Traceid"] = x_traceid

    if not isinstance(language, Unset):
        headers["language"] = language

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/koodrive/ose/v1/task/{task_id}".format(
            task_id=quote(str(task_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | GatewayErrorBody | GetTaskResponse | None:
    if response.status_code == 200:
        response_200 = GetTaskResponse.from_dict(response.json())

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
) -> Response[ErrorBody | GatewayErrorBody | GetTaskResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    task_id: str,
    *,
    client: AuthenticatedClient | Client,
    x_traceid: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> Response[ErrorBody | GatewayErrorBody | GetTaskResponse]:
    """Get a basic task

     The task's fields come flat beside `code` and `msg`. `code` 0 only says the query worked:
    the task itself may have FAILED (status 3, with an `18xxxxxx` `resultCode`).

    Quirk catalogue: [Q14](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q14), [Q19](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q19).

    Args:
        task_id (str): A KooDrive id: up to 19 decimal digits, above 2^53, so always a string. `id
            >> 23` is the
            number of milliseconds since 2019-01-01T00:00:00+08:00 at which the record was created.
        x_traceid (str | Unset):
        language (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | GatewayErrorBody | GetTaskResponse]
    """

    kwargs = _get_kwargs(
        task_id=task_id,
        x_traceid=x_traceid,
        language=language,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    task_id: str,
    *,
    client: AuthenticatedClient | Client,
    x_traceid: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> ErrorBody | GatewayErrorBody | GetTaskResponse | None:
    """Get a basic task

     The task's fields come flat beside `code` and `msg`. `code` 0 only says the query worked:
    the task itself may have FAILED (status 3, with an `18xxxxxx` `resultCode`).

    Quirk catalogue: [Q14](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q14), [Q19](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q19).

    Args:
        task_id (str): A KooDrive id: up to 19 decimal digits, above 2^53, so always a string. `id
            >> 23` is the
            number of milliseconds since 2019-01-01T00:00:00+08:00 at which the record was created.
        x_traceid (str | Unset):
        language (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | GatewayErrorBody | GetTaskResponse
    """

    return sync_detailed(
        task_id=task_id,
        client=client,
        x_traceid=x_traceid,
        language=language,
    ).parsed


async def asyncio_detailed(
    task_id: str,
    *,
    client: AuthenticatedClient | Client,
    x_traceid: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> Response[ErrorBody | GatewayErrorBody | GetTaskResponse]:
    """Get a basic task

     The task's fields come flat beside `code` and `msg`. `code` 0 only says the query worked:
    the task itself may have FAILED (status 3, with an `18xxxxxx` `resultCode`).

    Quirk catalogue: [Q14](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q14), [Q19](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q19).

    Args:
        task_id (str): A KooDrive id: up to 19 decimal digits, above 2^53, so always a string. `id
            >> 23` is the
            number of milliseconds since 2019-01-01T00:00:00+08:00 at which the record was created.
        x_traceid (str | Unset):
        language (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | GatewayErrorBody | GetTaskResponse]
    """

    kwargs = _get_kwargs(
        task_id=task_id,
        x_traceid=x_traceid,
        language=language,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    task_id: str,
    *,
    client: AuthenticatedClient | Client,
    x_traceid: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> ErrorBody | GatewayErrorBody | GetTaskResponse | None:
    """Get a basic task

     The task's fields come flat beside `code` and `msg`. `code` 0 only says the query worked:
    the task itself may have FAILED (status 3, with an `18xxxxxx` `resultCode`).

    Quirk catalogue: [Q14](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q14), [Q19](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q19).

    Args:
        task_id (str): A KooDrive id: up to 19 decimal digits, above 2^53, so always a string. `id
            >> 23` is the
            number of milliseconds since 2019-01-01T00:00:00+08:00 at which the record was created.
        x_traceid (str | Unset):
        language (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | GatewayErrorBody | GetTaskResponse
    """

    return (
        await asyncio_detailed(
            task_id=task_id,
            client=client,
            x_traceid=x_traceid,
            language=language,
        )
    ).parsed
