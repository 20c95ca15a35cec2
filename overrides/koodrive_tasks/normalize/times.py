"""Q12, Q13, Q34: three time formats in one API family, and two zones for the same format.

| family      | wire                          | zone (proved by the snowflake ids, Q34) |
|-------------|-------------------------------|------------------------------------------|
| basic task  | `2024-08-12T07:22:33.000Z`    | UTC (as its `Z` says)                    |
| batch job   | `20231227151904`              | China Standard Time, UTC+8               |
| share task  | `20240930091932`              | UTC                                      |
| archive     | `1723460990000` (epoch ms)    | UTC                                      |

The format and zone of each field are the spec's (`x-koodrive-time`): the generated parsers call
`iso_time`, `compact_time` or `epoch_millis` with the zone baked in by `make generate` (for the
wire's usual shapes they read ISO strings with `from_iso` inline and compact ones through the cached
`compact_string`, the same reading without the checks' calls). Users get timezone-aware
`datetime`s. A value is read by its field's format only, never by another's: `"20231227"` in a
`yyyyMMddHHmmss` field is no time (not 1970 read as epoch milliseconds), digits in an ISO field are
no time, `20231227151904` sent as a number is not year 2611. A value that is no time of its format
raises ValueError or TypeError (never OSError or OverflowError), which the parsers turn into None
with an `InvalidFieldWarning`. An empty string is an absent time: None.

`parse_time` is the lenient reader of any shape (for tools reading times of unknown origin); the
records do not use it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
#: What `datetime` can hold, in epoch milliseconds (the end of year 9999).
_MILLIS_RANGE = (-62135596800000, 253402300799999)


def _millis(value: int, bounds: tuple[int, int] = _MILLIS_RANGE) -> datetime:
    if not bounds[0] <= value <= bounds[1]:
        raise ValueError(f"not a time: {value} ms is outside {bounds[0]}..{bounds[1]}")
    try:
        return _EPOCH + timedelta(milliseconds=value)
    except OverflowError:
        raise ValueError(f"not a time: {value} ms is out of range") from None


def _from_string(value: str, zone: timezone) -> datetime | None:
    """Any string shape: "" -> None, digits (yyyyMMddHHmmss in `zone`, or epoch ms), else ISO-8601."""
    if value.isdigit():
        return _from_digits(value, zone)
    if value == "":
        return None
    return iso_string(value, zone)


def _compact(value: str, zone: timezone) -> datetime:
    # slicing, not strptime: ~20x faster
    return datetime(
        int(value[:4]),
        int(value[4:6]),
        int(value[6:8]),
        int(value[8:10]),
        int(value[10:12]),
        int(value[12:]),
        tzinfo=zone,
    )


@lru_cache(maxsize=4096)
def _from_digits(value: str, zone: timezone) -> datetime:
    if len(value) == 14:
        return _compact(value, zone)
    return _millis(int(value))


@lru_cache(maxsize=4096)
def compact_string(value: str, zone: timezone) -> datetime | None:
    """A `yyyyMMddHHmmss` string in `zone`; "" -> None; any other string -> ValueError.

    Cached: the records of one answer mostly share their compact times (a 1,000-file job's files
    were created in the same second), and datetimes are immutable, so sharing one is safe (a
    refused value raises, which the cache does not keep). ISO strings are not cached:
    fromisoformat is as quick as a cache miss, and a page's times differ."""
    if len(value) == 14 and value.isdigit() and value.isascii():
        return _compact(value, zone)
    if value == "":
        return None
    raise ValueError(f"not a yyyyMMddHHmmss time: {value!r}")


def millis_string(value: str, bounds: tuple[int, int] = _MILLIS_RANGE) -> datetime | None:
    """Epoch milliseconds written as digits (numbers arrive as strings too, Q1); "" -> None."""
    if value.isdigit() and value.isascii() and len(value) <= 16:
        return _millis(int(value), bounds)
    if value == "":
        return None
    raise ValueError(f"not epoch milliseconds: {value!r}")


#: The ISO-8601 reader. The generated parsers call it inline for the ISO fields' usual shape (a
#: date-time: `T` after a `yyyy-MM-dd` date), then give a time without an offset the field's zone,
#: as `iso_string` does; uncached, since a page's times all differ.
from_iso = datetime.fromisoformat


def iso_string(value: str, zone: timezone) -> datetime:
    """An ISO-8601 string: its own offset wins, else `zone`."""
    parsed = from_iso(value)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=zone)


def parse_time(value: object, zone: timezone) -> datetime | None:
    """Any shape: ISO-8601, 14-digit `yyyyMMddHHmmss` (in `zone`) or epoch milliseconds -> aware
    datetime. Lenient (it guesses the format from the shape); the records read each field by its
    declared format instead (`iso_time`, `compact_time`, `epoch_millis`)."""
    if value.__class__ is str:
        return _from_string(value, zone)
    if value is None:
        return None
    if value.__class__ is int:
        return _millis(value)
    raise TypeError(f"not a time: {value!r}")


def compact_time(value: object, zone: timezone) -> datetime | None:
    """`yyyyMMddHHmmss` in `zone`; "" or None -> None; anything else (8 digits, an ISO string, a
    JSON number) -> ValueError/TypeError."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"not a yyyyMMddHHmmss string: {value!r}")
    return compact_string(value, zone)


def iso_time(value: object, zone: timezone) -> datetime | None:
    """An ISO-8601 date-time (its own offset wins, else `zone`); "" or None -> None; anything else
    (digits, a date without a time, a number) -> ValueError/TypeError."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise TypeError(f"not an ISO-8601 string: {value!r}")
    if value[10:11] != "T":
        raise ValueError(f"not an ISO-8601 date-time: {value!r}")
    return iso_string(value, zone)


def epoch_millis(value: object, zone: timezone, bounds: tuple[int, int] = _MILLIS_RANGE) -> datetime | None:
    """Milliseconds since 1970 within `bounds` (the schema's minimum and maximum): a JSON integer
    or its digits; "" or None -> None; anything else -> ValueError/TypeError. `zone` is unused (an
    instant has none); kept so every time converter is called alike."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return _millis(value, bounds)
    if isinstance(value, str):
        return millis_string(value, bounds)
    raise TypeError(f"not epoch milliseconds: {value!r}")
