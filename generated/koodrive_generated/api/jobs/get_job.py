from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.gateway_error_body import GatewayErrorBody
from ...models.get_job_response import GetJobResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    job_id: str,
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
        "url": "/koodrive/ose/v1/{job_id}".format(
            job_id=quote(str(job_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | GatewayErrorBody | GetJobResponse | None:
    if response.status_code == 200:
        response_200 = GetJobResponse.from_dict(response.json())

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
) -> Response[ErrorBody | GatewayErrorBody | GetJobResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    job_id: str,
    *,
    client: AuthenticatedClient | Client,
    x_traceid: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> Response[ErrorBody | GatewayErrorBody | GetJobResponse]:
    """Get a batch job with its per-file results

     This path sits one segment below `/koodrive/ose/v1/jobs`, `/cancel`, `/task/…` and `/share/…`:
    literal routes win, and a job id is digits only.

    Quirk catalogue: [Q22](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q22).

    Args:
        job_id (str): A KooDrive id: up to 19 decimal digits, above 2^53, so always a string. `id
            >> 23` is the
            number of milliseconds since 2019-01-01T00:00:00+08:00 at which the record was created.
        x_traceid (str | Unset):
        language (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | GatewayErrorBody | GetJobResponse]
    """

    kwargs = _get_kwargs(
        job_id=job_id,
        x_traceid=x_traceid,
        language=language,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    job_id: str,
    *,
    client: AuthenticatedClient | Client,
    x_traceid: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> ErrorBody | GatewayErrorBody | GetJobResponse | None:
    """Get a batch job with its per-file results

     This path sits one segment below `/koodrive/ose/v1/jobs`, `/cancel`, `/task/…` and `/share/…`:
    literal routes win, and a job id is digits only.

    Quirk catalogue: [Q22](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q22).

    Args:
        job_id (str): A KooDrive id: up to 19 decimal digits, above 2^53, so always a string. `id
            >> 23` is the
            number of milliseconds since 2019-01-01T00:00:00+08:00 at which the record was created.
        x_traceid (str | Unset):
        language (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | GatewayErrorBody | GetJobResponse
    """

    return sync_detailed(
        job_id=job_id,
        client=client,
        x_traceid=x_traceid,
        language=language,
    ).parsed


async def asyncio_detailed(
    job_id: str,
    *,
    client: AuthenticatedClient | Client,
    x_traceid: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> Response[ErrorBody | GatewayErrorBody | GetJobResponse]:
    """Get a batch job with its per-file results

     This path sits one segment below `/koodrive/ose/v1/jobs`, `/cancel`, `/task/…` and `/share/…`:
    literal routes win, and a job id is digits only.

    Quirk catalogue: [Q22](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q22).

    Args:
        job_id (str): A KooDrive id: up to 19 decimal digits, above 2^53, so always a string. `id
            >> 23` is the
            number of milliseconds since 2019-01-01T00:00:00+08:00 at which the record was created.
        x_traceid (str | Unset):
        language (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | GatewayErrorBody | GetJobResponse]
    """

    kwargs = _get_kwargs(
        job_id=job_id,
        x_traceid=x_traceid,
        language=language,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    job_id: str,
    *,
    client: AuthenticatedClient | Client,
    x_traceid: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> ErrorBody | GatewayErrorBody | GetJobResponse | None:
    """Get a batch job with its per-file results

     This path sits one segment below `/koodrive/ose/v1/jobs`, `/cancel`, `/task/…` and `/share/…`:
    literal routes win, and a job id is digits only.

    Quirk catalogue: [Q22](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q22).

    Args:
        job_id (str): A KooDrive id: up to 19 decimal digits, above 2^53, so always a string. `id
            >> 23` is the
            number of milliseconds since 2019-01-01T00:00:00+08:00 at which the record was created.
        x_traceid (str | Unset):
        language (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | GatewayErrorBody | GetJobResponse
    """

    return (
        await asyncio_detailed(
            job_id=job_id,
            client=client,
            x_traceid=x_traceid,
            language=language,
        )
    ).parsed
