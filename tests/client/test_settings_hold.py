"""Issue 19, settings that hold: `timeout=` applies whatever the transport, a client closes the
http client it was given (openai-python's rule) and leaves no ResourceWarning or "Unclosed"
message on any transport, redirects are never followed to carry credentials elsewhere, and a
malformed base URL is refused when the client is built."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import textwrap
import time
from typing import Any

import httpx
import pytest
from koodrive_emulator import RunningEmulator
from koodrive_tasks import (
    APIError,
    APITimeoutError,
    AppAuth,
    AsyncKooDrive,
    ConfigurationError,
    KooDrive,
    TokenAuth,
)

from .conftest import TOKEN

JOB_ID = "1309243162258308352"
PASSWORD = "pw-SETTINGS-42"


class Hanging:
    """A loopback server that accepts and reads, and never answers."""

    def __init__(self) -> None:
        import socket
        import threading

        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.conns: list[Any] = []
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.conns.append(conn)

    def close(self) -> None:
        self.sock.close()
        for conn in self.conns:
            conn.close()


#: the given http client's own timeout, and how the client's 0.5 s budget reports its end
OWN = 5.0
BUDGET = r"within 0\.5 s \(whole-response deadline\)"


@pytest.mark.parametrize(
    "kind", ["httpx.Client", "httpx.AsyncClient", "DefaultAioHttpClient", "NativeAioHttpClient"]
)
def test_timeout_applies_to_a_given_http_client(kind: str) -> None:
    """Before the fix `KooDrive(timeout=1, http_client=X)` waited X's own timeout (5 s with httpx,
    30 s with the aiohttp clients). Here X's own timeout is 5 s and the client's 0.5 s: the call
    must end by the client's whole-response budget (its message names it) before X's could fire."""
    if kind in ("DefaultAioHttpClient", "NativeAioHttpClient"):
        pytest.importorskip("aiohttp")
    from koodrive_tasks import DefaultAioHttpClient, NativeAioHttpClient

    server = Hanging()
    try:
        start = time.monotonic()
        if kind == "httpx.Client":
            with (
                KooDrive(
                    server.url,
                    TokenAuth(TOKEN),
                    timeout=0.5,
                    max_retries=0,
                    http_client=httpx.Client(timeout=OWN),
                ) as c,
                pytest.raises(APITimeoutError, match=BUDGET),
            ):
                c.jobs.get(JOB_ID)
        else:
            factory: Any = {
                "httpx.AsyncClient": httpx.AsyncClient,
                "DefaultAioHttpClient": DefaultAioHttpClient,
                "NativeAioHttpClient": NativeAioHttpClient,
            }[kind]

            async def main() -> None:
                async with AsyncKooDrive(
                    server.url, TokenAuth(TOKEN), timeout=0.5, max_retries=0, http_client=factory(timeout=OWN)
                ) as client:
                    await client.jobs.get(JOB_ID)

            with pytest.raises(APITimeoutError, match=BUDGET):
                asyncio.run(main())
        assert time.monotonic() - start < OWN  # X's own timeout never had to fire
    finally:
        server.close()


# --- closing, and no ResourceWarning on any transport ------------------------------------------

SCRIPT = """
import asyncio, gc, sys, warnings
import httpx
from koodrive_tasks import AsyncKooDrive, DefaultAioHttpClient, KooDrive, NativeAioHttpClient, TokenAuth

url, kind, style = sys.argv[1], sys.argv[2], sys.argv[3]
auth = TokenAuth("emulator-token")

if kind.startswith("sync"):
    http = httpx.Client() if kind == "sync httpx" else None
    client = KooDrive(url, auth, http_client=http)
    if style == "with":
        with client:
            for _ in range(20):
                client.jobs.list(limit=2)
    else:
        for _ in range(20):
            client.jobs.list(limit=2)
        client.close()
    if http is not None:
        assert http.is_closed
else:
    async def main():
        given = {"async httpx": httpx.AsyncClient, "DefaultAioHttpClient": DefaultAioHttpClient,
                 "NativeAioHttpClient": NativeAioHttpClient}.get(kind, lambda: None)()
        client = AsyncKooDrive(url, auth, http_client=given)
        if style == "with":
            async with client:
                await asyncio.gather(*(client.jobs.list(limit=2) for _ in range(20)))
        else:
            await asyncio.gather(*(client.jobs.list(limit=2) for _ in range(20)))
            await client.aclose()
        if given is not None:
            assert given.is_closed
    asyncio.run(main())
    client = None
del client
gc.collect()
print("done")
"""

TRANSPORTS = [
    "sync own",
    "sync httpx",
    "async own",
    "async httpx",
    "DefaultAioHttpClient",
    "NativeAioHttpClient",
]


@pytest.mark.parametrize("style", ["with", "close"])
@pytest.mark.parametrize("kind", TRANSPORTS)
def test_no_resource_warning_and_nothing_unclosed_on_any_transport(
    kind: str, style: str, emulator: RunningEmulator
) -> None:
    """Before the fix `async with AsyncKooDrive(http_client=NativeAioHttpClient())` left the aiohttp
    session open ("Unclosed client session" at exit)."""
    if kind in ("DefaultAioHttpClient", "NativeAioHttpClient"):
        pytest.importorskip("aiohttp")
    done = subprocess.run(
        [
            sys.executable,
            "-X",
            "dev",
            "-W",
            "error::ResourceWarning",
            "-c",
            textwrap.dedent(SCRIPT),
            emulator.base_url,
            kind,
            style,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0 and done.stdout.strip() == "done", done.stderr
    assert "Unclosed" not in done.stderr and "ResourceWarning" not in done.stderr, done.stderr


def test_a_with_options_copy_closes_nothing_and_the_original_closes_the_given_client() -> None:
    """The copy shares the original's pool: closing it must not close the pool under the original
    (a given client is closed by the original only)."""
    http = httpx.Client(
        base_url="https://kd.test",
        transport=httpx.MockTransport(lambda r: httpx.Response(200, json={"code": 0})),
    )
    with KooDrive("https://kd.test", TokenAuth(TOKEN), http_client=http) as client:
        for copy in (client.with_options(timeout=3), client.with_options(max_retries=0)):
            copy.close()
        assert not http.is_closed
    assert http.is_closed


# --- redirects -----------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_redirect_never_carries_credentials_or_a_password_to_another_host(status: int) -> None:
    """A caller's `httpx.Client(follow_redirects=True)`: before the fix a 307/308 re-sent the body
    with its password (and httpx kept the signed headers on a same-host redirect) to the target."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.host == "kd.test":
            return httpx.Response(status, headers={"Location": "https://elsewhere.test/collect"})
        return httpx.Response(200, json={"code": 0, "data": JOB_ID})

    http = httpx.Client(transport=httpx.MockTransport(handler), follow_redirects=True)
    with (
        KooDrive(
            "https://kd.test", AppAuth("app", "app-SECRET-123", "1"), http_client=http, max_retries=0
        ) as c,
        pytest.raises(APIError) as caught,
    ):
        c.jobs.create(1, src_container_id="S", dst_container_id="D", file_ids=["F"], password=PASSWORD)
    assert caught.value.status_code == status
    assert [r.url.host for r in seen] == ["kd.test"]


def test_a_redirect_is_not_followed_by_the_async_clients_either() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(307, headers={"Location": "https://elsewhere.test/"})

    async def main() -> None:
        http = httpx.AsyncClient(transport=httpx.MockTransport(handler), follow_redirects=True)
        async with AsyncKooDrive("https://kd.test", TokenAuth(TOKEN), http_client=http, max_retries=0) as c:
            await c.jobs.create(
                1, src_container_id="S", dst_container_id="D", file_ids=["F"], password=PASSWORD
            )

    with pytest.raises(APIError):
        asyncio.run(main())
    assert [r.url.host for r in seen] == ["kd.test"] and json.loads(seen[0].content)


# --- the base URL ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["http://[::1", "kd.example.com", "/koodrive", "ftp://kd.test", "https://", "://x"]
)
def test_a_malformed_base_url_is_a_configuration_error_when_the_client_is_built(url: str) -> None:
    """Before the fix `KooDrive("http://[::1")` raised httpx.InvalidURL, and "kd.example.com"
    failed only at the first request."""
    with pytest.raises(ConfigurationError):
        KooDrive(url, TokenAuth(TOKEN))
    with pytest.raises(ConfigurationError):
        AsyncKooDrive(url, TokenAuth(TOKEN))


def test_good_base_urls_are_kept() -> None:
    for url in ("https://kd.test", "http://127.0.0.1:8080/", "http://[::1]:9000", "https://kd.test/prefix"):
        with KooDrive(url, TokenAuth(TOKEN)) as client:
            assert client._sender.base_url == url.rstrip("/")
