"""Q12, Q13, Q34: three time formats in one API family, and two zones for the same format.

| family      | wire                          | zone (proved by the snowflake ids, Q34) |
|-------------|-------------------------------|------------------------------------------|
| basic task  | `2024-08-12T07:22:33.000Z`    | UTC (as its `Z` says)                    |
| batch job   | `20231227151904`              | China Standard Time, UTC+8               |
| share task  | `20240930091932`              | UTC                                      |
| archive     | `1723460990000` (epoch ms)    | UTC                                      |

Users get timezone-aware `datetime`s. The zone of a 14-digit time is the family's; any of the
three shapes is accepted in any family, so a server that switches format is still read right.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

CHINA = timezone(timedelta(hours=8), "CST")
JOB_ZONE = CHINA
SHARE_TASK_ZONE = UTC
TASK_ZONE = UTC


def parse_time(value: object, zone: timezone) -> datetime | None:
    """ISO-8601, 14-digit `yyyyMMddHHmmss` (in `zone`) or epoch milliseconds -> aware datetime."""
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return datetime.fromtimestamp(value / 1000, UTC)
    if isinstance(value, str):
        if len(value) == 14 and value.isdigit():
            # slicing, not strptime: ~20x faster, and a 1,000-file job has 1,000 of these
            return datetime(
                int(value[:4]),
                int(value[4:6]),
                int(value[6:8]),
                int(value[8:10]),
                int(value[10:12]),
                int(value[12:]),
                tzinfo=zone,
            )
        if value.isdigit():
            return datetime.fromtimestamp(int(value) / 1000, UTC)
        parsed = datetime.fromisoformat(value)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)
    raise ValueError(f"not a time: {value!r}")
