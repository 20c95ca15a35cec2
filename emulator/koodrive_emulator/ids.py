"""KooDrive ids and time formats (Q12, Q13, Q34, Q35), as the bundled spec defines them.

A KooDrive id is a snowflake (`x-koodrive-snowflake` on `SnowflakeId`: `id >> shift` counts
milliseconds since the epoch). Each task family writes its times in the format and zone of its
`x-koodrive-time` schema. An emulator built on another spec file uses that file's rules
(`Emulator.formats`); the functions here are the bundled spec's, for tests and tools.
"""

from __future__ import annotations

import threading

from .schema import Snowflake, load_formats

_BUNDLED = load_formats()
SNOWFLAKE = _BUNDLED.snowflake
SNOWFLAKE_EPOCH_MS = SNOWFLAKE.epoch_ms
SEQUENCE_BITS = SNOWFLAKE.shift
SEQUENCE_MASK = SNOWFLAKE.low_mask
#: Low bits of the ids this emulator mints: never 0, like KooDrive's (worker bits are set there).
LOW_BITS = 0x40


def snowflake(epoch_ms: int, low_bits: int = 0) -> str:
    """The id of a record created at `epoch_ms` (Unix milliseconds), as the decimal string KooDrive sends."""
    return SNOWFLAKE.make(epoch_ms, low_bits)


def snowflake_millis(record_id: str | int) -> int:
    """Unix milliseconds encoded in a snowflake id."""
    return SNOWFLAKE.millis(record_id)


def iso_utc(epoch_ms: int) -> str:
    """Basic-task time (`BasicTask.createTime`), e.g. `2024-08-12T07:22:33.000Z`."""
    return str(_BUNDLED["task"].times["createTime"].write(epoch_ms))


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
