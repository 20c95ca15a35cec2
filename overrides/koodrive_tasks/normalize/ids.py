"""Q15, Q35: ids are 19-digit snowflakes above 2^53. They stay `str` end to end, and each one
encodes when its record was created: `id >> shift` milliseconds after the spec's epoch
(23 and 2019-01-01T00:00:00+08:00).

An id is what the spec's `SnowflakeId` says: ASCII digits, no larger than 2^63 - 1
(`x-koodrive-snowflake`'s `bits`, `SNOWFLAKE_MAX`); `-5`, 401 digits or `1.5` are no id."""

from __future__ import annotations

from datetime import datetime, timedelta

# The epoch, shift and largest id are the spec's (`x-koodrive-snowflake` of SnowflakeId), baked in
# by `make generate`.
from koodrive_generated.facts import SNOWFLAKE_EPOCH, SNOWFLAKE_MAX, SNOWFLAKE_SHIFT

_MAX_DIGITS = len(SNOWFLAKE_MAX)
_MAX = int(SNOWFLAKE_MAX)


def is_id(value: str) -> bool:
    """ASCII digits no larger than `SNOWFLAKE_MAX` (the generated parsers inline the same test)."""
    return (
        value.isdigit()
        and value.isascii()
        and len(value) <= _MAX_DIGITS
        and (value <= SNOWFLAKE_MAX or len(value) < _MAX_DIGITS)
    )


def as_id(value: object) -> str:
    """ "1309243162258308352" stays; a number (a server that sends one) becomes its exact digits;
    anything else (not digits, out of range, a float, a bool) is no id: ValueError."""
    if value.__class__ is str and is_id(value):
        return value
    if value.__class__ is int and 0 <= value <= _MAX:
        return str(value)
    raise ValueError(f"not a KooDrive id: {value!r}")


def created_at(record_id: str) -> datetime:
    """When the record with this snowflake id was created (UTC, millisecond precision)."""
    if not is_id(record_id):
        raise ValueError(f"not a snowflake id: {record_id!r}")
    return SNOWFLAKE_EPOCH + timedelta(milliseconds=int(record_id) >> SNOWFLAKE_SHIFT)
