"""Q15, Q35: ids are 19-digit snowflakes above 2^53. They stay `str` end to end, and each one
encodes when its record was created: `id >> 23` milliseconds after 2019-01-01T00:00:00+08:00."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

SNOWFLAKE_EPOCH = datetime(2018, 12, 31, 16, 0, tzinfo=UTC)  # 2019-01-01T00:00:00+08:00
TIMESTAMP_SHIFT = 23


def as_id(value: object) -> str:
    """ "1309243162258308352" stays; a number (a server that sends one) becomes its exact digits."""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise ValueError(f"not a KooDrive id: {value!r}")


def created_at(record_id: str) -> datetime:
    """When the record with this snowflake id was created (UTC, millisecond precision)."""
    if not record_id.isdigit():
        raise ValueError(f"not a snowflake id: {record_id!r}")
    return SNOWFLAKE_EPOCH + timedelta(milliseconds=int(record_id) >> TIMESTAMP_SHIFT)
