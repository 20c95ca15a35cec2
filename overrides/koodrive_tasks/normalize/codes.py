"""Q1, Q8: `code` and `resultCode` arrive as numbers or numeric strings; users get `int`."""

from __future__ import annotations


def to_code(value: object) -> int | None:
    """0, "0" -> 0; "18000205" -> 18000205; None -> None. Anything else is not a code: ValueError."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"not a KooDrive code: {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    raise ValueError(f"not a KooDrive code: {value!r}")
