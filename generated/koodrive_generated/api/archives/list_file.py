from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.gateway_error_body import GatewayErrorBody
from ...models.list_file_request import ListFileRequest
from ...models.list_file_response import ListFileResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: ListFileRequest,
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
        "url": "/koodrive/ose/v1/archive/listFile",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | GatewayErrorBody | ListFileResponse | None:
    if response.status_code == 200:
        response_200 = ListFileResponse.from_dict(response.json())

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
) -> Response[ErrorBody | GatewayErrorBody | ListFileResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ListFileRequest,
    x_traceid: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> Response[ErrorBody | GatewayErrorBody | ListFileResponse]:
    """List the entries of an archive (cloud decompression preview)

     The files and directories inside an archive stored in KooDrive. The answer is either the
    listing itself (`data.uncompressedFileList`, when the server read the archive at once) or an
    asynchronous task (`data.taskId`, `taskKey`, `taskValue`, `progress`) to ask about again.
    The entries spell the time `updateAt` and send `type` as a string, where getJob's archive
    entries say `updatedAt` and send an integer.

    Assumptions (no page says): asking again means sending the same request again; the answer
    keeps the task's fields while the server reads and carries the listing once it has read the
    archive (with `progress` 100 when it still names the task); the listing is flat, each entry's
    `name` the full path inside the archive; an encrypted archive refuses a missing or wrong
    `pwd` with 400 `13000102`; an archive the caller cannot reach is 400 `13000309`.

    A read sent as POST, and repeating it is how the asynchronous form is asked about again:
    a repeat starts no second listing (the archive's one task is answered), so it is safe to
    retry.

    Quirk catalogue: [Q62](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q62).

    Args:
        x_traceid (str | Unset):
        language (str | Unset):
        body (ListFileRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | GatewayErrorBody | ListFileResponse]
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
    body: ListFileRequest,
    x_traceid: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> ErrorBody | GatewayErrorBody | ListFileResponse | None:
    """List the entries of an archive (cloud decompression preview)

     The files and directories inside an archive stored in KooDrive. The answer is either the
    listing itself (`data.uncompressedFileList`, when the server read the archive at once) or an
    asynchronous task (`data.taskId`, `taskKey`, `taskValue`, `progress`) to ask about again.
    The entries spell the time `updateAt` and send `type` as a string, where getJob's archive
    entries say `updatedAt` and send an integer.

    Assumptions (no page says): asking again means sending the same request again; the answer
    keeps the task's fields while the server reads and carries the listing once it has read the
    archive (with `progress` 100 when it still names the task); the listing is flat, each entry's
    `name` the full path inside the archive; an encrypted archive refuses a missing or wrong
    `pwd` with 400 `13000102`; an archive the caller cannot reach is 400 `13000309`.

    A read sent as POST, and repeating it is how the asynchronous form is asked about again:
    a repeat starts no second listing (the archive's one task is answered), so it is safe to
    retry.

    Quirk catalogue: [Q62](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q62).

    Args:
        x_traceid (str | Unset):
        language (str | Unset):
        body (ListFileRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | GatewayErrorBody | ListFileResponse
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
    body: ListFileRequest,
    x_traceid: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> Response[ErrorBody | GatewayErrorBody | ListFileResponse]:
    """List the entries of an archive (cloud decompression preview)

     The files and directories inside an archive stored in KooDrive. The answer is either the
    listing itself (`data.uncompressedFileList`, when the server read the archive at once) or an
    asynchronous task (`data.taskId`, `taskKey`, `taskValue`, `progress`) to ask about again.
    The entries spell the time `updateAt` and send `type` as a string, where getJob's archive
    entries say `updatedAt` and send an integer.

    Assumptions (no page says): asking again means sending the same request again; the answer
    keeps the task's fields while the server reads and carries the listing once it has read the
    archive (with `progress` 100 when it still names the task); the listing is flat, each entry's
    `name` the full path inside the archive; an encrypted archive refuses a missing or wrong
    `pwd` with 400 `13000102`; an archive the caller cannot reach is 400 `13000309`.

    A read sent as POST, and repeating it is how the asynchronous form is asked about again:
    a repeat starts no second listing (the archive's one task is answered), so it is safe to
    retry.

    Quirk catalogue: [Q62](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q62).

    Args:
        x_traceid (str | Unset):
        language (str | Unset):
        body (ListFileRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | GatewayErrorBody | ListFileResponse]
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
    body: ListFileRequest,
    x_traceid: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> ErrorBody | GatewayErrorBody | ListFileResponse | None:
    """List the entries of an archive (cloud decompression preview)

     The files and directories inside an archive stored in KooDrive. The answer is either the
    listing itself (`data.uncompressedFileList`, when the server read the archive at once) or an
    asynchronous task (`data.taskId`, `taskKey`, `taskValue`, `progress`) to ask about again.
    The entries spell the time `updateAt` and send `type` as a string, where getJob's archive
    entries say `updatedAt` and send an integer.

    Assumptions (no page says): asking again means sending the same request again; the answer
    keeps the task's fields while the server reads and carries the listing once it has read the
    archive (with `progress` 100 when it still names the task); the listing is flat, each entry's
    `name` the full path inside the archive; an encrypted archive refuses a missing or wrong
    `pwd` with 400 `13000102`; an archive the caller cannot reach is 400 `13000309`.

    A read sent as POST, and repeating it is how the asynchronous form is asked about again:
    a repeat starts no second listing (the archive's one task is answered), so it is safe to
    retry.

    Quirk catalogue: [Q62](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q62).

    Args:
        x_traceid (str | Unset):
        language (str | Unset):
        body (ListFileRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | GatewayErrorBody | ListFileResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_traceid=x_traceid,
            language=language,
        )
    ).parsed
