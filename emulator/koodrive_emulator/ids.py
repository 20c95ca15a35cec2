"""KooDrive ids and time formats (Q12, Q13, Q34, Q35).

A KooDrive id is a snowflake: `id >> 23` counts milliseconds since 2019-01-01T00:00:00+08:00, the
low 23 bits are worker and sequence bits. Each task family writes its times in its own format and
zone: basic tasks ISO-8601 with milliseconds and `Z` (UTC), batch jobs `yyyyMMddHHmmss` in China
Standard Time, share tasks `yyyyMMddHHmmss` in UTC, archive entries epoch milliseconds.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta, timezone

#: 2019-01-01T00:00:00+08:00 in Unix milliseconds.
SNOWFLAKE_EPOCH_MS = 1_546_272_000_000
SEQUENCE_BITS = 23
SEQUENCE_MASK = (1 << SEQUENCE_BITS) - 1
CHINA = timezone(timedelta(hours=8))


def snowflake(epoch_ms: int, low_bits: int = 0) -> str:
    """The id of a record created at `epoch_ms` (Unix milliseconds), as the decimal string KooDrive sends."""
    return str(((epoch_ms - SNOWFLAKE_EPOCH_MS) << SEQUENCE_BITS) | (low_bits & SEQUENCE_MASK))


def snowflake_millis(record_id: str | int) -> int:
    """Unix milliseconds encoded in a snowflake id."""
    return (int(record_id) >> SEQUENCE_BITS) + SNOWFLAKE_EPOCH_MS


class IdMinter:
    """Mints strictly increasing snowflake ids from a clock reading (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last_ms = 0
        self._sequence = 0

    def mint(self, epoch_ms: int) -> tuple[str, int]:
        """A new id and the millisecond it encodes (never before the previous one)."""
        with self._lock:
            if epoch_ms > self._last_ms:
                self._last_ms, self._sequence = epoch_ms, 0
            else:
                self._sequence += 1
                if self._sequence > SEQUENCE_MASK:
                    self._last_ms, self._sequence = self._last_ms + 1, 0
            # Keep the low bits away from 0 so they look like KooDrive's (worker bits are set there).
            return snowflake(self._last_ms, (self._sequence << 7) | 0x40), self._last_ms

    def state(self) -> tuple[int, int]:
        return self._last_ms, self._sequence


def _dt(epoch_ms: int, tz: timezone) -> datetime:
    return datetime.fromtimestamp(epoch_ms / 1000, tz)


def iso_utc(epoch_ms: int) -> str:
    """Basic-task time: `2024-08-12T07:22:33.000Z`."""
    moment = _dt(epoch_ms, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{epoch_ms % 1000:03d}Z"


def compact_china(epoch_ms: int) -> str:
    """Batch-job time: `yyyyMMddHHmmss` in China Standard Time."""
    return _dt(epoch_ms, CHINA).strftime("%Y%m%d%H%M%S")


def compact_utc(epoch_ms: int) -> str:
    """Share-task time: `yyyyMMddHHmmss` in UTC."""
    return _dt(epoch_ms, UTC).strftime("%Y%m%d%H%M%S")


def parse_compact(value: str, tz: timezone) -> int:
    return int(datetime.strptime(value, "%Y%m%d%H%M%S").replace(tzinfo=tz).timestamp() * 1000)


def parse_iso(value: str) -> int:
    return int(datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp() * 1000)
