from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.gateway_error_body import GatewayErrorBody
from ...models.get_handover_dst_user_info_response import GetHandoverDstUserInfoResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    src_user_id: str,
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
        "url": "/koodrive/ose/v1/task/dstUserInfo/{src_user_id}".format(
            src_user_id=quote(str(src_user_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | GatewayErrorBody | GetHandoverDstUserInfoResponse | None:
    if response.status_code == 200:
        response_200 = GetHandoverDstUserInfoResponse.from_dict(response.json())

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
) -> Response[ErrorBody | GatewayErrorBody | GetHandoverDstUserInfoResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    src_user_id: str,
    *,
    client: AuthenticatedClient | Client,
    x_traceid: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> Response[ErrorBody | GatewayErrorBody | GetHandoverDstUserInfoResponse]:
    """Get the recipient of a user's handover

     The user a handover task (taskType 0) hands `src_user_id`'s files to: `id` and `name`, flat
    beside `code` and `msg`.

    Assumptions (no page says): the recipient is known as soon as a handover task names the
    source user, whatever the task's status; when several have, the latest task's recipient is
    answered; a user no handover names is 400 `13000309`.

    Quirk catalogue: [Q64](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q64).

    Args:
        src_user_id (str): A user id a handover names (`srcUserId`, `dstUserId`, `src_user_id`).
            The handover example's
            ids are 19 decimal digits, but the user ids the seed pages show are not all digits (seed
            003
            `40086000004871666-369528171409614001`, seed 004 `<tenant>|<user id>`), so the digits-only
            pattern is an assumption.
        x_traceid (str | Unset):
        language (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | GatewayErrorBody | GetHandoverDstUserInfoResponse]
    """

    kwargs = _get_kwargs(
        src_user_id=src_user_id,
        x_traceid=x_traceid,
        language=language,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    src_user_id: str,
    *,
    client: AuthenticatedClient | Client,
    x_traceid: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> ErrorBody | GatewayErrorBody | GetHandoverDstUserInfoResponse | None:
    """Get the recipient of a user's handover

     The user a handover task (taskType 0) hands `src_user_id`'s files to: `id` and `name`, flat
    beside `code` and `msg`.

    Assumptions (no page says): the recipient is known as soon as a handover task names the
    source user, whatever the task's status; when several have, the latest task's recipient is
    answered; a user no handover names is 400 `13000309`.

    Quirk catalogue: [Q64](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q64).

    Args:
        src_user_id (str): A user id a handover names (`srcUserId`, `dstUserId`, `src_user_id`).
            The handover example's
            ids are 19 decimal digits, but the user ids the seed pages show are not all digits (seed
            003
            `40086000004871666-369528171409614001`, seed 004 `<tenant>|<user id>`), so the digits-only
            pattern is an assumption.
        x_traceid (str | Unset):
        language (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | GatewayErrorBody | GetHandoverDstUserInfoResponse
    """

    return sync_detailed(
        src_user_id=src_user_id,
        client=client,
        x_traceid=x_traceid,
        language=language,
    ).parsed


async def asyncio_detailed(
    src_user_id: str,
    *,
    client: AuthenticatedClient | Client,
    x_traceid: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> Response[ErrorBody | GatewayErrorBody | GetHandoverDstUserInfoResponse]:
    """Get the recipient of a user's handover

     The user a handover task (taskType 0) hands `src_user_id`'s files to: `id` and `name`, flat
    beside `code` and `msg`.

    Assumptions (no page says): the recipient is known as soon as a handover task names the
    source user, whatever the task's status; when several have, the latest task's recipient is
    answered; a user no handover names is 400 `13000309`.

    Quirk catalogue: [Q64](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q64).

    Args:
        src_user_id (str): A user id a handover names (`srcUserId`, `dstUserId`, `src_user_id`).
            The handover example's
            ids are 19 decimal digits, but the user ids the seed pages show are not all digits (seed
            003
            `40086000004871666-369528171409614001`, seed 004 `<tenant>|<user id>`), so the digits-only
            pattern is an assumption.
        x_traceid (str | Unset):
        language (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | GatewayErrorBody | GetHandoverDstUserInfoResponse]
    """

    kwargs = _get_kwargs(
        src_user_id=src_user_id,
        x_traceid=x_traceid,
        language=language,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    src_user_id: str,
    *,
    client: AuthenticatedClient | Client,
    x_traceid: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> ErrorBody | GatewayErrorBody | GetHandoverDstUserInfoResponse | None:
    """Get the recipient of a user's handover

     The user a handover task (taskType 0) hands `src_user_id`'s files to: `id` and `name`, flat
    beside `code` and `msg`.

    Assumptions (no page says): the recipient is known as soon as a handover task names the
    source user, whatever the task's status; when several have, the latest task's recipient is
    answered; a user no handover names is 400 `13000309`.

    Quirk catalogue: [Q64](https://github.com/koodrive-tasks/koodrive-
    tasks/blob/main/spec/QUIRKS.md#q64).

    Args:
        src_user_id (str): A user id a handover names (`srcUserId`, `dstUserId`, `src_user_id`).
            The handover example's
            ids are 19 decimal digits, but the user ids the seed pages show are not all digits (seed
            003
            `40086000004871666-369528171409614001`, seed 004 `<tenant>|<user id>`), so the digits-only
            pattern is an assumption.
        x_traceid (str | Unset):
        language (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | GatewayErrorBody | GetHandoverDstUserInfoResponse
    """

    return (
        await asyncio_detailed(
            src_user_id=src_user_id,
            client=client,
            x_traceid=x_traceid,
            language=language,
        )
    ).parsed
