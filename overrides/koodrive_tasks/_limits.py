"""The client-side rate limiter behind `KooDrive(rate_limit=...)` / `AsyncKooDrive(rate_limit=...)`.

One `Throttle` per client, shared by every call and every attempt (retries included): at most
`requests` sends in any window of `per` seconds (a sliding window over the last `requests` send
times, so a gateway policy such as "100 per minute" is never passed, whatever the window it
counts in). A plain number `r` means `r` requests a second, evenly spaced (`RateLimit(1, per=1/r)`).

Each attempt reserves its send time under a lock held for microseconds (thread-safe for the sync
client; the async client shares the same state across tasks and event loops without blocking a
loop), then sleeps until then (`asyncio.sleep` in async code). A reservation that would fall after
the caller's deadline is not made: the call raises `APITimeoutError` at once instead of waiting
in vain.
"""

from __future__ import annotations

import asyncio
import math
import threading
import time
from collections import deque
from dataclasses import dataclass

from ._errors import APITimeoutError


@dataclass(frozen=True)
class RateLimit:
    """At most `requests` requests in any window of `per` seconds (`RateLimit(100, per=60)`).

    Args:
        requests: Requests allowed per window (>= 1).
        per: The window in seconds (> 0); default 1.

    Raises:
        ValueError: `requests` < 1 or `per` not a positive finite number.
    """

    requests: int
    per: float = 1.0

    def __post_init__(self) -> None:
        if not isinstance(self.requests, int) or self.requests < 1:
            raise ValueError("RateLimit: requests must be an int >= 1")
        if not (isinstance(self.per, int | float) and self.per > 0 and math.isfinite(self.per)):
            raise ValueError("RateLimit: per must be a positive number of seconds")


def as_rate_limit(value: float | RateLimit) -> RateLimit:
    if isinstance(value, RateLimit):
        return value
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not (value > 0 and math.isfinite(value))
    ):
        raise ValueError("rate_limit must be a positive number of requests per second or a RateLimit")
    return RateLimit(1, per=1.0 / value)


class Throttle:
    """The shared send times of one client (see the module docstring)."""

    def __init__(self, limit: float | RateLimit) -> None:
        self.limit = as_rate_limit(limit)
        self._sent: deque[float] = deque(maxlen=self.limit.requests)
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Throttle({self.limit!r})"

    @property
    def reserved(self) -> tuple[float, ...]:
        """The send times (`time.monotonic`) of the last `limit.requests` reservations, oldest first."""
        with self._lock:
            return tuple(self._sent)

    def reserve(self, deadline: float | None) -> float:
        """Seconds to wait before this attempt may be sent (its slot is taken)."""
        with self._lock:
            now = time.monotonic()
            sent = self._sent
            slot = now if len(sent) < self.limit.requests else max(now, sent[0] + self.limit.per)
            if deadline is not None and slot >= deadline:
                error = APITimeoutError(
                    f"rate_limit allows the next request in {slot - now:.3g} s: after the deadline",
                    reached_server=False,
                )
                error.final = True  # a retry would meet the same limiter before the same deadline
                raise error
            sent.append(slot)
        return slot - now

    def wait(self, deadline: float | None) -> None:
        delay = self.reserve(deadline)
        if delay > 0:
            time.sleep(delay)

    async def await_turn(self, deadline: float | None) -> None:
        delay = self.reserve(deadline)
        if delay > 0:
            await asyncio.sleep(delay)

    def after_fork(self) -> None:
        """A forked child keeps the parent's send times but gets a lock of its own."""
        self._lock = threading.Lock()
