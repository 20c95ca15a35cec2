"""Q5, Q6: lists that the tables call "object" (`taskInfos` of share tasks, `subFileList`) may
arrive as one object or as an array; users always get a list."""

from __future__ import annotations

from typing import Any


def as_list(value: Any) -> list[Any]:
    """[a, b] -> [a, b]; {...} -> [{...}]; None or absent -> []."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]
