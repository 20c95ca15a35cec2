"""Q15, Q35: ids are 19-digit snowflakes above 2^53. They stay `str` end to end, and each one
encodes when its record was created: `id >> shift` milliseconds after the spec's epoch
(23 and 2019-01-01T00:00:00+08:00)."""

from __future__ import annotations

from datetime import datetime, timedelta

# The epoch and shift are the spec's (`x-koodrive-snowflake` of SnowflakeId), baked in by `make generate`.
from koodrive_generated.facts import SNOWFLAKE_EPOCH, SNOWFLAKE_SHIFT


def as_id(value: object) -> str:
    """ "1309243162258308352" stays; a number (a server that sends one) becomes its exact digits;
    anything else (not digits, a float, a bool) is no id: ValueError."""
    if value.__class__ is str and value.isdigit() and value.isascii():
        return value
    if value.__class__ is int:
        return str(value)
    raise ValueError(f"not a KooDrive id: {value!r}")


def created_at(record_id: str) -> datetime:
    """When the record with this snowflake id was created (UTC, millisecond precision)."""
    if not record_id.isdigit():
        raise ValueError(f"not a snowflake id: {record_id!r}")
    return SNOWFLAKE_EPOCH + timedelta(milliseconds=int(record_id) >> SNOWFLAKE_SHIFT)
