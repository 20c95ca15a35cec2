"""Q3, Q4: `nextCursor` is a String in the table and a number in the example; `pageCursor` may be
sent with no value (`…&pageCursor`), which means the first page. Users get `int | None`; an empty
cursor reads as None, and the client never sends an empty `pageCursor` (it omits it)."""

from __future__ import annotations


def next_cursor(value: object) -> int | None:
    """1723549107000 or "1723549107000" -> 1723549107000; absent, None or "" -> None (the last page)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"not a cursor: {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    raise ValueError(f"not a cursor: {value!r}")
