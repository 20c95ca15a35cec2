"""A caller's sync client runs each attempt in a kept daemon worker (the whole-response deadline
needs a thread the caller can stop waiting for); workers are reused, never shared while busy."""

from __future__ import annotations

import threading
import time

import httpx
import pytest
from koodrive_tasks import APITimeoutError, KooDrive, TokenAuth
from koodrive_tasks._retries import DEADLINE_MARGIN

BODY = b'{"code": 0, "msg": "OK", "data": {"jobInfo": {"taskId": "123", "status": 2}}}'


def test_sequential_calls_reuse_one_worker() -> None:
    seen: list[threading.Thread] = []  # kept alive, so two different threads never compare equal

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(threading.current_thread())
        return httpx.Response(200, content=BODY)

    http = httpx.Client(base_url="http://e", transport=httpx.MockTransport(answer))
    with KooDrive(auth=TokenAuth("t"), max_retries=0, http_client=http) as client:
        for _ in range(30):
            assert client.jobs.get("123").job.id == "123"
    http.close()
    assert all(t.name == "koodrive-request" for t in seen)  # off the caller's thread (the deadline)
    assert len(set(seen)) == 1  # and no thread started per call


def test_a_hung_exchange_keeps_its_worker_and_the_next_call_gets_another() -> None:
    release = threading.Event()
    calls: list[int] = []

    def answer(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        if len(calls) == 1:
            release.wait(10)  # the first exchange hangs past its budget
        return httpx.Response(200, content=BODY)

    http = httpx.Client(base_url="http://e", transport=httpx.MockTransport(answer), timeout=0.5)
    with KooDrive(auth=TokenAuth("t"), max_retries=0, http_client=http) as client:
        start = time.monotonic()
        with pytest.raises(APITimeoutError, match="whole-response deadline"):
            client.jobs.get("123")
        assert time.monotonic() - start < 0.5 + DEADLINE_MARGIN
        assert client.jobs.get("123").job.id == "123"  # not queued behind the hung worker
        release.set()
    http.close()
