"""Issue 19, throttling: a 429 or the gateway's throttle code is a `RateLimitError` (not a
`BadRequestError`), with `Retry-After` read; a throttled request was not processed, so even a
create is sent again (Q65), within the caller's deadline; `rate_limit=` spaces a client's requests.
"""

from __future__ import annotations

import asyncio
import itertools
import math
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
import stamina
import stamina.instrumentation
from koodrive_emulator import RunningEmulator
from koodrive_tasks import (
    APITimeoutError,
    AsyncKooDrive,
    BadRequestError,
    JobType,
    KooDrive,
    RateLimit,
    RateLimitError,
    TokenAuth,
)
from koodrive_tasks._limits import Throttle
from koodrive_tasks._retries import deadline_scope

from .conftest import TOKEN

BASE = "https://kd.test"
JOB_ID = "1309243162258308352"
JOB = {"code": 0, "msg": "OK", "data": {"jobInfo": {"taskId": JOB_ID, "taskType": 1, "status": 1}}}
THROTTLED = {"error_code": "APIGW.0308", "error_msg": "The throttling threshold has been reached"}
CREATE = {"src_container_id": "S", "dst_container_id": "D", "file_ids": ["F"]}


def client_for(handler: Callable[[httpx.Request], httpx.Response], **options: object) -> KooDrive:
    http = httpx.Client(base_url=BASE, transport=httpx.MockTransport(handler))
    return KooDrive(BASE, TokenAuth(TOKEN), http_client=http, **options)  # type: ignore[arg-type]


def script(*replies: httpx.Response) -> tuple[Callable[[httpx.Request], httpx.Response], list[float]]:
    """A handler answering with `replies` in turn (the last one again), and the times it was asked."""
    seen: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(time.monotonic())
        return replies[min(len(seen), len(replies)) - 1]

    return handler, seen


@pytest.fixture
def real_sleeps() -> Iterator[None]:
    stamina.set_testing(False)
    yield
    stamina.set_testing(True, attempts=1000, cap=True)


@pytest.fixture
def retries_scheduled() -> Iterator[list[stamina.instrumentation.RetryDetails]]:
    """Every retry stamina schedules (its hook runs before the backoff sleep)."""
    scheduled: list[stamina.instrumentation.RetryDetails] = []
    saved = stamina.instrumentation.get_on_retry_hooks()
    stamina.instrumentation.set_on_retry_hooks([*saved, scheduled.append])
    yield scheduled
    stamina.instrumentation.set_on_retry_hooks(saved)


@pytest.fixture
def reservations(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The send slot (`time.monotonic`) every `Throttle.reserve` call took, in the order taken;
    a refused reservation is recorded as nan. The wrappers are serialised by one lock, so the
    newest of `Throttle.reserved` is the slot the call just took."""
    taken: list[float] = []
    lock = threading.Lock()
    reserve = Throttle.reserve

    def recording(self: Throttle, deadline: float | None) -> float:
        with lock:
            try:
                delay = reserve(self, deadline)
            except BaseException:
                taken.append(float("nan"))
                raise
            taken.append(self.reserved[-1])
            return delay

    monkeypatch.setattr(Throttle, "reserve", recording)
    return taken


def sends_keep_to(sends: list[float], slots: list[float]) -> bool:
    """Every send can be paired with a distinct reserved slot at or before it (the k-th earliest
    send is no earlier than the k-th earliest slot). 1 us of slack absorbs the float rounding of
    `slot - now` handed to `sleep` and read back through `time.monotonic`; a late thread only sends
    later, so load cannot break this."""
    return len(sends) == len(slots) and all(
        send >= slot - 1e-6 for send, slot in zip(sorted(sends), sorted(slots), strict=True)
    )


@pytest.mark.parametrize(
    ("status", "body"),
    [(429, {"code": 13000102, "msg": "slow down"}), (429, THROTTLED), (400, THROTTLED), (200, THROTTLED)],
)
def test_throttling_is_a_rate_limit_error_not_a_bad_request(status: int, body: object) -> None:
    """Before the fix: BadRequestError (429) or a plain APIError (APIGW.0308 in a 200)."""
    handler, _ = script(httpx.Response(status, json=body, headers={"Retry-After": "3"}))
    with client_for(handler, max_retries=0) as client, pytest.raises(RateLimitError) as caught:
        client.jobs.get(JOB_ID)
    assert not isinstance(caught.value, BadRequestError)
    assert caught.value.status_code == status and caught.value.retry_after == 3.0


def test_retry_after_as_an_http_date_is_read() -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    handler, _ = script(httpx.Response(429, json=THROTTLED, headers={"Retry-After": when}))
    with client_for(handler, max_retries=0) as client, pytest.raises(RateLimitError) as caught:
        client.jobs.get(JOB_ID)
    assert caught.value.retry_after is not None and 25 < caught.value.retry_after <= 30


def test_the_emulators_gateway_throttle_is_a_rate_limit_error(emulator: RunningEmulator) -> None:
    httpx.post(f"{emulator.base_url}/_emulator/config", json={"faults": {"apigRate": 1.0}}).raise_for_status()
    with (
        KooDrive(emulator.base_url, TokenAuth(TOKEN), max_retries=0) as client,
        pytest.raises(RateLimitError) as e,
    ):
        client.jobs.list()
    assert e.value.status_code == 429 and e.value.raw_code == "APIGW.0308"


@pytest.mark.parametrize("status", [429, 200])
def test_a_throttled_create_is_sent_again(status: int) -> None:
    """Q65: a throttled request was not processed, so a create is retried (before the fix a create
    was retried only when the connection was never made)."""
    handler, seen = script(
        httpx.Response(status, json=THROTTLED),
        httpx.Response(200, json={"code": 0, "data": JOB_ID}),
    )
    with client_for(handler) as client:
        assert client.jobs.create(JobType.COPY, **CREATE) == JOB_ID  # type: ignore[arg-type]
    assert len(seen) == 2


def test_a_throttled_call_waits_the_servers_window(real_sleeps: None) -> None:
    handler, seen = script(
        httpx.Response(429, json=THROTTLED, headers={"Retry-After": "0.4"}), httpx.Response(200, json=JOB)
    )
    with client_for(handler) as client:
        assert client.jobs.get(JOB_ID).job.id == JOB_ID
    assert seen[1] - seen[0] >= 0.4


def test_a_window_past_the_deadline_raises_at_once(
    real_sleeps: None, retries_scheduled: list[stamina.instrumentation.RetryDetails]
) -> None:
    """A 30 s window with 2 s left: one request, no retry scheduled (so no sleep), the 429 raised."""
    handler, seen = script(httpx.Response(429, json=THROTTLED, headers={"Retry-After": "30"}))
    with client_for(handler) as client, deadline_scope(2.0), pytest.raises(RateLimitError):
        client.jobs.get(JOB_ID)
    assert len(seen) == 1 and retries_scheduled == []


# --- rate_limit= -----------------------------------------------------------------------------------


# The limiter's promise is about the slots it hands out: any `requests` consecutive slots span at
# least `per` (exactly: a slot is `max(now, oldest + per)`), and no attempt is sent before its slot.
# When a thread or task actually runs after its slot is the scheduler's business, so the tests read
# the reserved slots rather than the spacing of the handler's timestamps.


#: a slot is `oldest + per` in float seconds of time.monotonic(): the difference of two slots
#: reads back `per` only to within float rounding (0.049999999999272 for 1/20 at 8,477 s)
ROUNDING = 1e-9


def test_rate_limit_is_shared_by_every_thread_of_a_sync_client(reservations: list[float]) -> None:
    handler, seen = script(httpx.Response(200, json=JOB))
    with client_for(handler, rate_limit=RateLimit(3, per=0.3)) as client:
        threads = [
            threading.Thread(target=lambda: [client.jobs.get(JOB_ID) for _ in range(3)]) for _ in range(4)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    slots = sorted(reservations)
    assert len(seen) == 12 and len(slots) == 12  # one slot per attempt, from one shared window
    assert all(later - first >= 0.3 - ROUNDING for first, later in zip(slots, slots[3:], strict=False))
    assert sends_keep_to(seen, slots)


def test_rate_limit_is_shared_by_every_task_of_an_async_client(reservations: list[float]) -> None:
    handler, seen = script(httpx.Response(200, json=JOB))

    async def main() -> None:
        http = httpx.AsyncClient(base_url=BASE, transport=httpx.MockTransport(handler))
        async with AsyncKooDrive(BASE, TokenAuth(TOKEN), http_client=http, rate_limit=20) as client:
            await asyncio.gather(*(client.jobs.get(JOB_ID) for _ in range(8)))

    asyncio.run(main())
    slots = sorted(reservations)
    gaps = [b - a for a, b in itertools.pairwise(slots)]
    assert len(seen) == 8 and len(slots) == 8 and min(gaps) >= 1 / 20 - ROUNDING  # 20 a second, evenly
    assert sends_keep_to(seen, slots)


def test_a_rate_limit_wait_past_the_deadline_raises_at_once(
    real_sleeps: None,
    reservations: list[float],
    retries_scheduled: list[stamina.instrumentation.RetryDetails],
) -> None:
    """The limiter refuses a slot past the deadline and the call raises that refusal: it is not
    retried (with real backoff, a retry would sleep >= 0.5 s and ask the limiter again, and be
    refused again). Before the fix the refusal, an APITimeoutError that never reached the server,
    was retried once: three reservations asked for, and a retry scheduled."""
    handler, seen = script(httpx.Response(200, json=JOB))
    with client_for(handler, rate_limit=RateLimit(1, per=30)) as client:
        client.jobs.get(JOB_ID)
        with deadline_scope(1.0), pytest.raises(APITimeoutError, match="rate_limit"):
            client.jobs.get(JOB_ID)
    assert len(seen) == 1 and retries_scheduled == []
    assert len(reservations) == 2 and math.isnan(reservations[1])  # the first call's slot, one refusal


@pytest.mark.parametrize("bad", [0, -1, float("nan"), float("inf"), True])
def test_a_rate_limit_that_is_no_positive_number_is_refused(bad: float) -> None:
    with pytest.raises(ValueError, match="rate_limit"):
        KooDrive(BASE, TokenAuth(TOKEN), rate_limit=bad)
    with pytest.raises(ValueError, match="RateLimit"):
        RateLimit(0)
