"""openai-python's habits: `client.with_options(timeout=, max_retries=)` for some calls, sharing the
connection pool, and `client.with_raw_response.<resource>.<call>()` for the HTTP response beside
the parsed record; sync and async, against the emulator on loopback."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
from koodrive_emulator.pytest_plugin import EmulatorControl
from koodrive_tasks import APITimeoutError, AsyncKooDrive, JobDetail, KooDrive, RawResponse, ServerError

SRC = "IAADfsBFCO6WtAtuA315074383680425b8aa9a130cba2d4"


def test_with_options_shares_the_pool_and_changes_only_the_copy(koodrive_server: EmulatorControl) -> None:
    with KooDrive(koodrive_server.base_url, koodrive_server.auth(), max_retries=2) as client:
        quick = client.with_options(timeout=7, max_retries=0)
        assert quick._sender.http is client._sender.http  # the same pool (and client object)
        assert quick._sender.max_retries == 0 and client._sender.max_retries == 2
        assert quick._sender._given_timeout == httpx.Timeout(7) != client._sender.timeout
        job_id = quick.jobs.create(1, src_container_id=SRC, dst_container_id=SRC, file_ids=["F"])
        assert quick.jobs.get(job_id).job.id == job_id
        quick.close()  # closes nothing: the original still sends, through the same pool
        client.with_options(max_retries=1).close()
        assert not client._sender.http.is_closed
        assert client.jobs.get(job_id).job.id == job_id


def test_with_options_max_retries_counts_attempts(koodrive_server: EmulatorControl) -> None:
    sent: list[str] = []
    http = httpx.Client(event_hooks={"request": [lambda request: sent.append(request.url.path)]})
    with http, KooDrive(koodrive_server.base_url, koodrive_server.auth(), http_client=http) as client:
        koodrive_server.faults(error_rate=1.0)
        with pytest.raises(ServerError):
            client.with_options(max_retries=0).jobs.get("1309243162258308352")
        assert len(sent) == 1
        with pytest.raises(ServerError):
            client.jobs.get("1309243162258308352")  # the client's own 2 retries
        assert len(sent) == 1 + 3


def test_with_options_timeout_applies_to_the_calls(koodrive_server: EmulatorControl) -> None:
    koodrive_server.faults(latency_ms=600)  # every answer takes 0.6 s
    with KooDrive(koodrive_server.base_url, koodrive_server.auth(), max_retries=0) as client:
        with pytest.raises(APITimeoutError):
            client.with_options(timeout=0.2).jobs.list(limit=1)
        assert isinstance(client.jobs.list(limit=1), list)  # the client's own 30 s still holds


def test_with_options_refuses_bad_values(koodrive_server: EmulatorControl) -> None:
    with KooDrive(koodrive_server.base_url, koodrive_server.auth()) as client:
        for bad in ({"timeout": 0}, {"timeout": float("nan")}, {"max_retries": -1}):
            with pytest.raises(ValueError):
                client.with_options(**bad)  # type: ignore[arg-type]


def test_raw_response_gives_status_headers_trace_id_bytes_and_the_record(
    koodrive_server: EmulatorControl,
) -> None:
    with KooDrive(koodrive_server.base_url, koodrive_server.auth()) as client:
        job_id = client.jobs.create(1, src_container_id=SRC, dst_container_id=SRC, file_ids=["F"])
        raw = client.with_raw_response.jobs.get(job_id)
        assert isinstance(raw, RawResponse)
        assert raw.status_code == 200 and raw.headers["content-type"].startswith("application/json")
        assert raw.trace_id and len(raw.trace_id) > 8
        assert json.loads(raw.content) == raw.json() and raw.text.startswith("{")
        detail = raw.parse()
        assert isinstance(detail, JobDetail) and detail.job.id == job_id
        created = client.with_raw_response.jobs.create(
            1, src_container_id=SRC, dst_container_id=SRC, file_ids=["F"]
        )
        assert created.parse().isdigit() and created.status_code == 200
        assert "body" not in repr(raw) and str(raw.status_code) in repr(raw)
        client.with_raw_response.jobs.list(limit=1)
        assert not client._sender.http.is_closed


def test_raw_response_async_and_with_options_async(koodrive_server: EmulatorControl) -> None:
    async def main() -> tuple[RawResponse[JobDetail], JobDetail]:
        async with AsyncKooDrive(koodrive_server.base_url, koodrive_server.auth()) as client:
            job_id = await client.jobs.create(1, src_container_id=SRC, dst_container_id=SRC, file_ids=["F"])
            raw = await client.with_raw_response.jobs.get(job_id)
            quick = client.with_options(timeout=5, max_retries=0)
            assert quick._sender.max_retries == 0
            return raw, await quick.jobs.get(job_id)

    raw, detail = asyncio.run(main())
    assert raw.status_code == 200 and raw.trace_id and raw.parse().job.id == detail.job.id


def test_raw_response_of_a_body_parsed_in_a_worker_thread(
    koodrive_server: EmulatorControl, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large body is parsed off the caller's thread: the raw response is still the one read."""
    from koodrive_tasks import _body

    monkeypatch.setattr(_body, "PARSE_IN_THREAD_BYTES", 0)  # every body counts as large
    with KooDrive(koodrive_server.base_url, koodrive_server.auth()) as client:
        job_id = client.jobs.create(1, src_container_id=SRC, dst_container_id=SRC, file_ids=["F"])
        raw = client.with_raw_response.jobs.get(job_id)
        assert raw.status_code == 200 and raw.parse().job.id == job_id and raw.json()["code"] == 0

    async def main() -> str:
        async with AsyncKooDrive(koodrive_server.base_url, koodrive_server.auth()) as client:
            return (await client.with_raw_response.jobs.get(job_id)).parse().job.id

    assert asyncio.run(main()) == job_id
