"""KooDrive ids and time formats (Q12, Q34, Q35), as the bundled spec defines them.

A KooDrive id is a snowflake (`x-koodrive-snowflake` on `SnowflakeId`: `id >> shift` counts
milliseconds since the epoch). Each task family writes its times in the format and zone of its
`x-koodrive-time` schema. An emulator built on another spec file uses that file's rules
(`Emulator.formats`); the functions here are the bundled spec's, for tests: the millisecond an id
encodes, and the 14-digit times of batch jobs and share tasks.
"""

from __future__ import annotations

import threading

from .schema import Snowflake, load_formats

_BUNDLED = load_formats()
SNOWFLAKE = _BUNDLED.snowflake
#: Low bits of the ids this emulator mints: never 0, like KooDrive's (worker bits are set there).
LOW_BITS = 0x40


def snowflake_millis(record_id: str | int) -> int:
    """Unix milliseconds encoded in a snowflake id."""
    return SNOWFLAKE.millis(record_id)


def compact_china(epoch_ms: int) -> str:
    """Batch-job time (`Job.createTime`), `yyyyMMddHHmmss` in the zone the spec declares."""
    return str(_BUNDLED["job"].times["createTime"].write(epoch_ms))


def compact_utc(epoch_ms: int) -> str:
    """Share-task time (`ShareJobInfo.createTime`), `yyyyMMddHHmmss` in the zone the spec declares."""
    return str(_BUNDLED["share"].times["createTime"].write(epoch_ms))


class IdMinter:
    """Mints strictly increasing snowflake ids, one millisecond apart at least (thread-safe).

    No two ids share a millisecond, so a millisecond time is an exact paging position (`nextCursor`
    is one, as on the seed page). A burst of creations runs a few milliseconds ahead of the clock.
    """

    def __init__(self, rule: Snowflake = SNOWFLAKE) -> None:
        self._lock = threading.Lock()
        self._rule = rule
        self._last_ms = 0

    def mint(self, epoch_ms: int) -> tuple[str, int]:
        """A new id and the millisecond it encodes (after the previous one)."""
        with self._lock:
            self._last_ms = max(epoch_ms, self._last_ms + 1)
            return self._rule.make(self._last_ms, LOW_BITS), self._last_ms

    def state(self) -> int:
        return self._last_ms
