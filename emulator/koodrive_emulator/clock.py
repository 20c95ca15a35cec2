"""The virtual clock: wall time plus an offset that only moves forward, or frozen."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime


class VirtualClock:
    """Milliseconds since the Unix epoch, as the emulator's records see them.

    By default it follows the wall clock (so `duration` transitions happen while a client waits,
    and a client's fresh `X-Date` is never "in the future": a clock that counted monotonic time
    from its start fell behind the wall clock when the host corrected it); it never goes back, even
    if the wall clock does. `advance()` jumps it forward. A frozen clock only moves when advanced,
    for deterministic tests.
    """

    def __init__(self, *, frozen: bool = False, start_ms: int | None = None) -> None:
        self._lock = threading.Lock()
        self.reset(frozen=frozen, start_ms=start_ms)

    def reset(self, *, frozen: bool = False, start_ms: int | None = None) -> None:
        with self._lock:
            self._frozen = frozen
            self._wall0 = time.time()
            # never rounded: a base cut to whole milliseconds put the clock up to 1 ms behind the
            # wall, and a request signed in the first millisecond of a second was then refused
            # with "X-Date is in the future" (1 in ~1,000 requests of a fresh emulator)
            self._base_ms: float = start_ms if start_ms is not None else self._wall0 * 1000
            self._offset_ms = 0.0
            self._last_ms = 0

    @property
    def frozen(self) -> bool:
        return self._frozen

    def freeze(self, frozen: bool) -> None:
        with self._lock:
            self._now_unlocked()  # the guard below, at the moment of the switch
            wall = time.time()
            elapsed = 0.0 if self._frozen else (wall - self._wall0) * 1000
            exact = max(float(self._last_ms), self._base_ms + elapsed + self._offset_ms)
            self._frozen = frozen
            self._base_ms, self._wall0, self._offset_ms = exact, wall, 0.0

    def _now_unlocked(self) -> int:
        elapsed = 0.0 if self._frozen else (time.time() - self._wall0) * 1000
        now = int(self._base_ms + elapsed + self._offset_ms)
        if now < self._last_ms:  # the wall clock went back: absorb the step, never go back
            self._base_ms += self._last_ms - now
            now = self._last_ms
        self._last_ms = now
        return now

    def now_ms(self) -> int:
        with self._lock:
            return self._now_unlocked()

    def advance(self, seconds: float) -> int:
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        with self._lock:
            self._offset_ms += seconds * 1000
            return self._now_unlocked()

    def as_json(self) -> dict[str, object]:
        now = self.now_ms()
        iso = (
            datetime.fromtimestamp(now / 1000, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        )
        return {"now": iso, "epochMillis": now, "frozen": self._frozen}
