"""Q9, Q10, Q11, Q14: one status enum per family, with the meaning that family gives the number.

- Status 3 is CANCELLED for batch jobs and share tasks, FAILED for basic tasks (Q11): the number is
  read through the family's enum, never compared bare.
- A file's status inside a job is the String "0"/"1"/"2" (Q9); users get the int enum `FileStatus`.
- A share task says `taskStatus`/`startTime` where a job says `status`/`beginTime` (Q10); the
  parser maps both to `status`/`begin_time`.
- `code` 0 on a FAILED task only says the query worked (Q14): the task's own status decides.

A value the spec does not know yet is kept as the plain value, never an exception.
"""

from __future__ import annotations

from enum import Enum, IntEnum
from typing import TypeVar

E = TypeVar("E", bound=Enum)


class FileStatus(IntEnum):
    """What a job did to one file (the wire sends it as a string)."""

    PENDING = 0
    SUCCEEDED = 1
    FAILED = 2


def open_enum(enum: type[E], value: object) -> E | int | str | None:
    """The enum member for a known value; the value itself (int or str) for an unknown one."""
    if value is None:
        return None
    member = enum._value2member_map_.get(value)  # a dict lookup: Enum(value) is ~10x slower
    if member is not None and not isinstance(value, bool):
        return member  # type: ignore[return-value]
    if isinstance(value, int | str) and not isinstance(value, bool):
        return value
    raise ValueError(f"not a {enum.__name__} value: {value!r}")


def file_status(value: object) -> FileStatus | int | str | None:
    """ "1" (or 1) -> FileStatus.SUCCEEDED; an unknown "7" -> 7; a non-numeric string stays a string."""
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    return open_enum(FileStatus, value)
