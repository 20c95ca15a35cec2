"""Q9, Q10, Q11, Q14: one status enum per family, with the meaning that family gives the number.

- Status 3 is CANCELLED for batch jobs and share tasks, FAILED for basic tasks (Q11): the number is
  read through the family's enum, never compared bare (`convert.open_int_enum`, chosen per field
  by the generated parsers from the spec's `Open…` schemas).
- A file's status inside a job is the String "0"/"1"/"2" (Q9); users get the int enum `FileStatus`,
  generated from `FileResultStatus` (`x-koodrive-record`).
- A share task says `taskStatus`/`startTime` where a job says `status`/`beginTime` (Q10); the
  spec's `x-koodrive-client-name` maps both to `status`/`begin_time`.
- `code` 0 on a FAILED task only says the query worked (Q14): the task's own status decides.

A value the spec does not know yet is kept as the plain value, never an exception; a numeric
string ("3") is read as its number, since the family sends numbers that way.
"""

from __future__ import annotations

from .convert import open_int_enum, open_str_enum

__all__ = ["open_int_enum", "open_str_enum"]
