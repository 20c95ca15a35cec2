"""`DefaultAioHttpClient`: the async transport for concurrency (`pip install koodrive-tasks[aiohttp]`).

httpx's own async pool (httpcore) costs more CPU per request than the call itself at tens of
requests in flight: it re-scans every connection on each request (httpcore #1035, #1103, httpx
#3215), so `AsyncKooDrive` with 50 in flight was CPU-bound at ~5x sequential. `httpx-aiohttp`
(what openai-python's `DefaultAioHttpClient` uses) keeps the httpx API and sends through aiohttp's
connector instead. The limits keep a connection alive for every request in flight (aiohttp keeps
each open connection alive up to `max_connections`; httpx's default closes all but 20).

    client = AsyncKooDrive(auth=..., http_client=koodrive_tasks.DefaultAioHttpClient())

The client's whole-response deadline still holds: the async sender wraps each attempt in
`asyncio.timeout`, whatever the transport.
"""

from __future__ import annotations

from typing import Any

import httpx

from ._client import DEFAULT_TIMEOUT

#: enough connections for the concurrency people run (openai-python uses the same ceiling)
DEFAULT_CONNECTION_LIMITS = httpx.Limits(max_connections=1000, max_keepalive_connections=1000)

try:
    import httpx_aiohttp
except ImportError:  # the extra is not installed: say how to get it when someone asks for it

    class DefaultAioHttpClient(httpx.AsyncClient):
        """Needs the `aiohttp` extra: `pip install koodrive-tasks[aiohttp]`.

        Args:
            **kwargs: `httpx.AsyncClient` arguments (unused: without the extra this only raises).

        Raises:
            RuntimeError: always, naming the extra to install.
        """

        def __init__(self, **kwargs: Any) -> None:
            raise RuntimeError(
                "DefaultAioHttpClient needs the aiohttp extra: pip install 'koodrive-tasks[aiohttp]'"
            )

else:

    class DefaultAioHttpClient(httpx_aiohttp.HttpxAiohttpClient):  # type: ignore[no-redef]
        """An `httpx.AsyncClient` that sends through aiohttp; give it to `AsyncKooDrive(http_client=)`.

        Without `base_url`, `AsyncKooDrive`'s own base URL is used; without `timeout`, the
        client's default (30 s, 5 s to connect). Other `httpx.AsyncClient` arguments pass through.

        Args:
            **kwargs: `httpx.AsyncClient` arguments; `timeout` defaults to the client's (30 s,
                5 s to connect) and `limits` to 1,000 kept-alive connections, so every request
                in flight keeps its connection.
        """

        def __init__(self, **kwargs: Any) -> None:
            kwargs.setdefault("timeout", DEFAULT_TIMEOUT)
            kwargs.setdefault("limits", DEFAULT_CONNECTION_LIMITS)
            super().__init__(**kwargs)
