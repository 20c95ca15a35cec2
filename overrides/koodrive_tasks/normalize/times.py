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
string parser, the same reading without the checks' calls). Users get
timezone-aware `datetime`s. Any string shape is read in any family (a server that switches
format is still read right), but a JSON number is a time only where the spec says epoch-millis:
`20231227151904` sent as a number is not year 2611. A value that is no time (month 13, 10^20 ms)
raises ValueError, never OSError or OverflowError.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _millis(value: int) -> datetime:
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


@lru_cache(maxsize=4096)
def _from_digits(value: str, zone: timezone) -> datetime:
    # Cached: the records of one answer mostly share their compact times (a 1,000-file job's files
    # were created in the same second), and datetimes are immutable, so sharing one is safe. ISO
    # strings are not cached: fromisoformat is as quick as a cache miss, and a page's times differ.
    if len(value) == 14:
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
    return _millis(int(value))


#: The ISO-8601 reader. The generated parsers call it inline for the ISO fields' usual shape (a
#: string not all digits), then give a time without an offset the field's zone, as `iso_string`
#: does; uncached, since a page's times all differ.
from_iso = datetime.fromisoformat


def iso_string(value: str, zone: timezone) -> datetime:
    """An ISO-8601 string (not all digits): its own offset wins, else `zone`."""
    parsed = from_iso(value)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=zone)


def parse_time(value: object, zone: timezone) -> datetime | None:
    """ISO-8601, 14-digit `yyyyMMddHHmmss` (in `zone`) or epoch milliseconds -> aware datetime."""
    if value.__class__ is str:
        return _from_string(value, zone)
    if value is None:
        return None
    if value.__class__ is int:
        return _millis(value)
    raise TypeError(f"not a time: {value!r}")


def compact_time(value: object, zone: timezone) -> datetime | None:
    """`yyyyMMddHHmmss` in `zone` (or any other string shape); a JSON number is refused."""
    if value is not None and value.__class__ is not str:
        raise TypeError(f"not a yyyyMMddHHmmss string: {value!r}")
    return parse_time(value, zone)


def iso_time(value: object, zone: timezone) -> datetime | None:
    """ISO-8601 (its own offset wins, else `zone`), or any other string shape; a number is refused."""
    if value is not None and value.__class__ is not str:
        raise TypeError(f"not an ISO-8601 string: {value!r}")
    return parse_time(value, zone)


def epoch_millis(value: object, zone: timezone) -> datetime | None:
    """Milliseconds since 1970 (a number, or digits in a string); other string shapes in `zone`."""
    return parse_time(value, zone)
