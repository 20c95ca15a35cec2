"""When a call is sent again, how long to wait first, and how long a call may take.

Retries (stamina, a well-kept retry library with sync and async support and a hook that can
return the wait): reads and the share-task query (`x-koodrive-idempotent`) are retried on
connection errors, timeouts, 429, 5xx and unparsable bodies; creates and cancels only when the
connection was never made, since only then did the request surely not reach the server. The wait
before a retry is jittered exponential backoff, or the server's `Retry-After` (sanitised: only
finite, non-negative numbers or an HTTP date count, capped at 60 s); a retry whose wait would pass
the caller's deadline is not made, so the last error is raised at once instead. Each attempt is a
fresh request, so auth signs it anew (fresh X-Date) and it gets a fresh X-Traceid unless the
caller set one.

Deadlines (`deadline_scope`, which `wait()` uses): every call inside ends by the deadline plus
`DEADLINE_MARGIN`; each attempt's whole-response budget is cut to the time left (`_pipeline`).
"""

from __future__ import annotations

import math
import random
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from ._errors import APIConnectionError, APIError, RateLimitError, ResponseFormatError, ResponseTooLargeError

RETRY_STATUSES = frozenset({408, 429})  # and every 5xx, non-standard ones (520...) included
MAX_RETRY_AFTER = 60.0
WAIT_INITIAL, WAIT_MAX, WAIT_JITTER = 0.5, 8.0, 0.5
#: a call under a deadline (or an attempt under its budget) ends by it plus this much: the time to
#: notice the budget is spent and raise (measured worst case over tests/hostile's timing attacks
#: is far below it; it is a bound for a loaded CI machine, not a performance figure)
DEADLINE_MARGIN = 0.5


def retryable(exc: Exception, idempotent: bool) -> bool:
    if getattr(exc, "final", False):
        return False  # no retry could end in time (the limiter's next slot, a parse cut short)
    if isinstance(exc, APIConnectionError) and not exc.reached_server:
        return True  # never reached the server: safe for creates and cancels too
    if isinstance(exc, RateLimitError):
        return True  # throttled before it was processed (Q65): safe for creates and cancels too
    if not idempotent or isinstance(exc, ResponseTooLargeError):
        return False  # the same body again would be as large
    if isinstance(exc, APIConnectionError | ResponseFormatError):
        return True
    return isinstance(exc, APIError) and retryable_status(exc.status_code)


def retryable_status(status: int) -> bool:
    """408, 429 and every 5xx (a gateway's 520-524 as much as a 503) are worth another try."""
    return status in RETRY_STATUSES or status >= 500


def backoff(failures: int) -> float:
    """Jittered exponential backoff before retry number `failures` (0.5 s, 1 s, 2 s ... 8 s)."""
    growth: float = WAIT_INITIAL * 2.0 ** min(failures - 1, 16)
    return min(WAIT_MAX, growth + random.uniform(0, WAIT_JITTER))


def should_retry(idempotent: bool, deadline: float | None) -> Callable[[Exception], bool | float]:
    """stamina's `on=` hook for one call: False (raise now) or the seconds to wait first."""
    failures = 0

    def decide(exc: Exception) -> bool | float:
        nonlocal failures
        failures += 1
        if not retryable(exc, idempotent):
            return False
        wait = getattr(exc, "retry_after", None)
        if wait is None:
            wait = backoff(failures)
        if deadline is not None and time.monotonic() + wait >= deadline:
            return False  # the retry could not finish in time: raise the last error now
        return wait

    return decide


_SECONDS = re.compile(r"\s*\d{1,12}(\.\d{1,6})?\s*")


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a `Retry-After` header (seconds or an HTTP date), capped at 60 s.

    Only a plain non-negative number or a valid HTTP date counts: `nan`, `inf`, `-1`, `1e999`,
    `1_000` and garbage are ignored (the client's own backoff applies), never slept on."""
    if not value:
        return None
    if _SECONDS.fullmatch(value):
        seconds = float(value)
    else:
        try:
            when = parsedate_to_datetime(value)
            seconds = (when - datetime.now(UTC)).total_seconds()
        except Exception:  # parsedate_to_datetime raises TypeError, ValueError, IndexError ...
            return None
    if not math.isfinite(seconds):
        return None
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


_deadline: ContextVar[float | None] = ContextVar("koodrive_deadline", default=None)


def current_deadline() -> float | None:
    """The deadline (time.monotonic) of the innermost `deadline_scope`, or None."""
    return _deadline.get()


@contextmanager
def deadline_scope(seconds: float) -> Iterator[None]:
    """Calls made inside end within `seconds` (time.monotonic), plus DEADLINE_MARGIN.

    Each attempt's whole-response budget is cut to the time left and no retry starts that could
    not end in time, so a slow, trickling or hanging server cannot hold a call past the deadline.
    A nested scope can only shorten the deadline, never extend it.
    """
    seconds = seconds if math.isfinite(seconds) or seconds < 0 else 1e9
    new = time.monotonic() + max(seconds, 0.0)
    outer = _deadline.get()
    token = _deadline.set(new if outer is None else min(outer, new))
    try:
        yield
    finally:
        _deadline.reset(token)
