"""The debug log (`KOODRIVE_LOG=debug`, the CLI's `--debug`) never prints a credential a server or
proxy echoes back, wherever it echoes it and on every transport.

The matrix: 8 credentials the client sends x 13 places a server puts an echo x 6 transports =
624 exchanges. Before the fix 366 of them printed a credential.

- credentials: the token under each scheme (`Bearer <t>`, `Bearer+<t>`, bare), the AppAuth
  signature (the Authorization header) and the app secret itself (a server knows it), the share
  `kdstoken`, listFile's archive `pwd`, createJob's `password` (the last three echoed as the raw
  request body they travel in);
- places: the same response header, another header (`X-Echo-Authorization`), `Set-Cookie`; the
  JSON body under a secret-looking key, under `msg`, under `detail`, inside a nested
  `requestHeaders` object; free text (text/plain); URL-encoded; JSON-escaped (`\\uXXXX` for every
  character); base64 (in a header and inside a base64 blob of a longer text); an HTML error page;
- transports: the client's own httpx pool (sync and async), a caller's httpx client (sync and
  async), `NativeAioHttpClient`, `DefaultAioHttpClient`.

What the log must not hold is the secret itself, or the secret in the encoding its place used
(decoded back by the test: URL-unquoted, HTML-unescaped, base64 runs decoded). Base64 is covered
because proxies and debug pages dump header blocks that way, at any alignment inside the blob;
encodings stacked on each other (base64 of URL-encoded text, hex, a secret cut in half) are not.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import html
import logging
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, unquote, unquote_plus

import httpx
import pytest
from koodrive_tasks import (
    AppAuth,
    AsyncKooDrive,
    DefaultAioHttpClient,
    KooDrive,
    KooDriveError,
    NativeAioHttpClient,
    TokenAuth,
    http_log,
)

from .conftest import BASE, JOB_ID, KDSTOKEN, PASSWORD, SHARE_ID, SHARE_TASK_ID, TOKEN, loopback

APP_SECRET = "app-HOSTILE-SECRET-99"
USER_ID = "1397687227244555008"

Handler = Callable[[httpx.Request], httpx.Response]


def _auth_value(request: httpx.Request) -> str:
    return request.headers.get("Authorization", "")


def _signature(request: httpx.Request) -> str:
    match = re.search(r"Signature=([0-9a-f]+)", _auth_value(request))
    assert match, _auth_value(request)
    return match[1]


def _body(request: httpx.Request) -> str:
    return request.content.decode()


#: credential -> (auth, the call that carries it, what the server echoes, the secret that must not show)
CREDENTIALS: dict[
    str, tuple[Callable[[], Any], str, Callable[[httpx.Request], str], Callable[[httpx.Request], str]]
] = {
    "token Bearer": (lambda: TokenAuth(TOKEN, USER_ID), "get", _auth_value, lambda r: TOKEN),
    "token Bearer+": (
        lambda: TokenAuth(TOKEN, USER_ID, scheme="Bearer+"),
        "get",
        _auth_value,
        lambda r: TOKEN,
    ),
    "token bare": (lambda: TokenAuth(TOKEN, USER_ID, scheme=""), "get", _auth_value, lambda r: TOKEN),
    "app signature": (lambda: AppAuth("app", APP_SECRET, USER_ID), "get", _auth_value, _signature),
    "app secret": (
        lambda: AppAuth("app", APP_SECRET, USER_ID),
        "get",
        lambda r: APP_SECRET,
        lambda r: APP_SECRET,
    ),
    "kdstoken": (lambda: TokenAuth(TOKEN), "share", _body, lambda r: KDSTOKEN),
    "archive pwd": (lambda: TokenAuth(TOKEN), "archive", _body, lambda r: PASSWORD),
    "job password": (lambda: TokenAuth(TOKEN), "create", _body, lambda r: PASSWORD),
}


def _json(payload: Any) -> httpx.Response:
    return httpx.Response(401, json=payload)


def _u_escaped(text: str) -> str:
    return "".join(f"\\u{ord(c):04x}" for c in text)


#: place -> how a server echoes `said` in its answer
PLACES: dict[str, Callable[[str], httpx.Response]] = {
    "header Authorization": lambda said: httpx.Response(
        401, headers={"Authorization": said}, json={"code": 1}
    ),
    "header X-Echo-Authorization": lambda said: httpx.Response(
        401, headers={"X-Echo-Authorization": said}, json={"code": 1}
    ),
    "header Set-Cookie": lambda said: httpx.Response(
        401, headers={"Set-Cookie": f"echo={quote(said)}; Path=/"}, json={"code": 1}
    ),
    "json secret key": lambda said: _json({"code": 13000101, "msg": "denied", "accessToken": said}),
    "json msg": lambda said: _json({"code": 13000101, "msg": f"denied: {said}"}),
    "json detail": lambda said: _json({"code": 13000101, "msg": "denied", "detail": said}),
    "json requestHeaders": lambda said: _json(
        {"code": 13000101, "msg": "denied", "requestHeaders": {"X-Forwarded": said, "X-User-Id": USER_ID}}
    ),
    "free text": lambda said: httpx.Response(
        502,
        text=f"upstream refused the request ({said}) at the gateway",
        headers={"Content-Type": "text/plain"},
    ),
    "url-encoded": lambda said: httpx.Response(
        400, text=f"error=denied&echo={quote(said, safe='')}&x=1", headers={"Content-Type": "text/plain"}
    ),
    "json-escaped": lambda said: httpx.Response(
        401,
        content=('{"code": 13000101, "msg": "' + _u_escaped(said) + '"}').encode(),
        headers={"Content-Type": "application/json"},
    ),
    "base64 header": lambda said: httpx.Response(
        401, headers={"X-Echo-B64": base64.b64encode(said.encode()).decode()}, json={"code": 1}
    ),
    "base64 in a blob": lambda said: _json(
        {
            "code": 13000101,
            "msg": "denied",
            "dump": base64.b64encode(f"POST /x\r\nA: {said}\r\n".encode()).decode(),
        }
    ),
    "html page": lambda said: httpx.Response(
        403,
        text=f"<html><body><h1>403</h1><pre>{html.escape(said)}</pre></body></html>",
        headers={"Content-Type": "text/html"},
    ),
}

_B64_RUN = re.compile(r"[A-Za-z0-9+/_-]{8,}={0,2}")


def shows(log: str, secret: str) -> bool:
    """The secret is in the log as it is, or once the log is decoded the way a place encoded it."""
    decoded = [log, unquote(log), unquote_plus(log), html.unescape(log)]
    for run in _B64_RUN.findall(log):
        for alphabet in (run, run.replace("-", "+").replace("_", "/")):
            trimmed = alphabet.rstrip("=")
            try:
                decoded.append(
                    base64.b64decode(trimmed + "=" * (-len(trimmed) % 4)).decode("utf-8", "replace")
                )
            except (binascii.Error, ValueError):
                continue
    return any(secret in text for text in decoded)


def _call(client: Any, kind: str) -> Any:
    if kind == "get":
        return client.jobs.get(JOB_ID)
    if kind == "share":
        return client.share_tasks.get(SHARE_TASK_ID, SHARE_ID, KDSTOKEN)
    if kind == "archive":
        return client.jobs.list_archive("C", "F", password=PASSWORD, timeout=1.0, poll_interval=0.01)
    return client.jobs.create(
        1, src_container_id="S", dst_container_id="D", file_ids=["F"], password=PASSWORD
    )


def _sync(client: KooDrive, kind: str) -> None:
    with client, contextlib.suppress(KooDriveError):
        _call(client, kind)


def _async(make: Callable[[], tuple[AsyncKooDrive, Any]], kind: str) -> None:
    """`make` builds the client in the loop (aiohttp wants one) and names the http client the
    caller closes (None: the client's own)."""

    async def main() -> None:
        client, closing = make()
        try:
            async with client:
                await _call(client, kind)
        except KooDriveError:
            pass
        finally:
            if closing is not None:
                await closing.aclose()

    asyncio.run(main())


def _with(http: Any, url: str, auth: Any) -> tuple[AsyncKooDrive, Any]:
    return AsyncKooDrive(url, auth, http_client=http, max_retries=0), http


def run(transport: str, auth: Any, kind: str, handler: Handler) -> None:
    if transport == "own pool sync":
        _sync(KooDrive(loopback(handler).url, auth, max_retries=0, timeout=5.0), kind)
    elif transport == "own pool async":
        url = loopback(handler).url
        _async(lambda: (AsyncKooDrive(url, auth, max_retries=0, timeout=5.0), None), kind)
    elif transport == "caller httpx sync":
        with httpx.Client(base_url=BASE, transport=httpx.MockTransport(handler)) as http:
            _sync(KooDrive(BASE, auth, http_client=http, max_retries=0), kind)
    elif transport == "caller httpx async":
        mock = httpx.MockTransport(handler)
        _async(lambda: _with(httpx.AsyncClient(base_url=BASE, transport=mock), BASE, auth), kind)
    elif transport == "NativeAioHttpClient":
        url = loopback(handler).url
        _async(lambda: _with(NativeAioHttpClient(timeout=5.0), url, auth), kind)
    else:
        url = loopback(handler).url
        _async(lambda: _with(DefaultAioHttpClient(timeout=5.0), url, auth), kind)


TRANSPORTS = [
    "own pool sync",
    "own pool async",
    "caller httpx sync",
    "caller httpx async",
    "NativeAioHttpClient",
    "DefaultAioHttpClient",
]


@pytest.fixture
def debug_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG, logger=http_log.logger.name)
    return caplog


@pytest.mark.parametrize("credential", sorted(CREDENTIALS))
@pytest.mark.parametrize("transport", TRANSPORTS)
def test_no_echoed_credential_in_the_debug_log(
    transport: str, credential: str, debug_log: pytest.LogCaptureFixture
) -> None:
    make_auth, kind, echoed, secret_of = CREDENTIALS[credential]
    leaked: list[str] = []
    for place, answer in PLACES.items():
        seen: list[str] = []

        def handler(
            request: httpx.Request, answer: Callable[[str], httpx.Response] = answer, seen: list[str] = seen
        ) -> httpx.Response:
            seen.append(secret_of(request))
            return answer(echoed(request))

        debug_log.clear()
        run(transport, make_auth(), kind, handler)
        assert seen, f"{place}: the server was never asked"
        log = debug_log.text
        assert "response headers" in log, f"{place}: nothing was logged"
        if any(shows(log, secret) for secret in seen):
            leaked.append(place)
    assert leaked == [], f"{transport} / {credential}: echoed into the log by {leaked}"


def test_the_user_id_is_no_secret_and_stays_readable(debug_log: pytest.LogCaptureFixture) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            401, headers={"X-Echo": _auth_value(request)}, json={"code": 1, "userId": USER_ID}
        )

    run("caller httpx sync", TokenAuth(TOKEN, USER_ID), "get", handler)
    assert f"x-user-id: {USER_ID}" in debug_log.text.lower() and f'"userId": "{USER_ID}"' in debug_log.text
    assert TOKEN not in debug_log.text
