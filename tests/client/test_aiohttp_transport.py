"""DefaultAioHttpClient (the [aiohttp] extra): the same client through aiohttp, deadlines kept."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time

import pytest
from koodrive_emulator import RunningEmulator
from koodrive_tasks import APITimeoutError, AsyncKooDrive, DefaultAioHttpClient, JobDetail, TokenAuth
from koodrive_tasks._retries import DEADLINE_MARGIN

from .conftest import TOKEN

pytest.importorskip("httpx_aiohttp")


def test_the_one_liner_sends_to_the_clients_base_url(emulator: RunningEmulator) -> None:
    async def main() -> None:
        http = DefaultAioHttpClient()  # no base_url: AsyncKooDrive's is used
        async with AsyncKooDrive(emulator.base_url, TokenAuth(TOKEN), http_client=http) as client:
            (job, *_) = await client.jobs.list(limit=3)
            details = await asyncio.gather(*(client.jobs.get(job.id) for _ in range(20)))
            assert all(isinstance(d, JobDetail) and d.job.id == job.id for d in details)
            assert str(http.base_url).rstrip("/") == emulator.base_url.rstrip("/")
        assert http.is_closed  # `async with` closes the client it was given, as openai-python does

    asyncio.run(main())


def test_a_trickling_server_meets_the_whole_response_deadline() -> None:
    """Headers at once, then a byte every 0.1 s for ever: no per-chunk timeout trips; the budget does."""

    async def trickle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n{")
        try:
            while True:
                await asyncio.sleep(0.1)
                writer.write(b" ")
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            writer.close()

    async def main() -> float:
        server = await asyncio.start_server(trickle, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        async with server:
            http = DefaultAioHttpClient(timeout=1.0)
            base = f"http://127.0.0.1:{port}"
            client = AsyncKooDrive(base, TokenAuth(TOKEN), max_retries=0, http_client=http)
            start = time.monotonic()
            with pytest.raises(APITimeoutError, match="whole-response deadline"):
                await client.jobs.get("123")
            elapsed = time.monotonic() - start
            await http.aclose()
            server.close()
            return elapsed

    assert asyncio.run(main()) < 1.0 + DEADLINE_MARGIN


def test_without_the_extra_each_client_names_itself_and_the_extra() -> None:
    """Without aiohttp, both names still import (one stand-in base for the two) and raise on use,
    each naming itself and the extra to install."""
    code = (
        "import sys\n"
        "sys.modules['aiohttp'] = None\n"
        "import httpx\n"
        "from koodrive_tasks import DefaultAioHttpClient, NativeAioHttpClient\n"
        "assert issubclass(DefaultAioHttpClient, httpx.AsyncClient)\n"
        "for cls in (DefaultAioHttpClient, NativeAioHttpClient):\n"
        "    assert 'aiohttp' in cls.__doc__\n"
        "    try:\n"
        "        cls(timeout=1)\n"
        "    except RuntimeError as exc:\n"
        "        assert str(exc) == (\n"
        "            f\"{cls.__name__} needs the aiohttp extra: pip install 'koodrive-tasks[aiohttp]'\"\n"
        "        ), exc\n"
        "    else:\n"
        "        raise AssertionError(cls)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
