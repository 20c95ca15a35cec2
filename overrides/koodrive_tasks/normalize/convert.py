"""The converters the generated parsers (`koodrive_generated.records`) choose per field from the spec.

Each one takes what the wire may carry and returns the declared type, or raises one of
`CONVERT_ERRORS`. A parser that meets such an error rebuilds its record field by field through
`optional`/`required`: the one field becomes None (or []), its raw value is kept in `extra` under
its wire name, and an `InvalidFieldWarning` says so; only a missing or unreadable id (or nested
record) makes the record unreadable (a ValueError, which the client raises as ResponseFormatError).

Numbers arrive as numeric strings wherever KooDrive sends numbers (Q1, Q8, Q9): `to_int`,
`to_code` and the open enums read "3" as 3.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from enum import Enum
from typing import Any, TypeVar

from .._secrets import PARSING_SECRETS, scrub, scrub_value
from .codes import to_code
from .ids import as_id
from .shapes import as_list
from .times import compact_string, compact_time, epoch_millis, from_iso, iso_time, millis_string, parse_time

__all__ = [
    "CONVERT_ERRORS",
    "InvalidFieldWarning",
    "as_array",
    "as_id",
    "as_list",
    "check_object",
    "compact_string",
    "compact_time",
    "epoch_millis",
    "extra_of",
    "flattened",
    "from_iso",
    "iso_time",
    "millis_string",
    "open_int_enum",
    "open_str_enum",
    "optional",
    "optional_list",
    "parse_time",
    "record_list",
    "required",
    "to_code",
    "to_int",
    "to_object",
    "to_str",
]

T = TypeVar("T")
E = TypeVar("E", bound=Enum)
# What a converter raises for a value it cannot take (AttributeError: a record that is not an object;
# IndexError: a string too short for an inlined test, such as an ISO time's `T`).
CONVERT_ERRORS = (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError, OSError)


class InvalidFieldWarning(UserWarning):
    """A field the client could not convert: the attribute is None, the raw value is in `extra`."""


def to_str(value: object) -> str | None:
    if value is None or value.__class__ is str:
        return value
    raise TypeError(f"not a string: {type(value).__name__}")


def to_int(value: object) -> int | None:
    """7, "7" -> 7; None -> None; a bool, float or other -> TypeError/ValueError."""
    if value is None or value.__class__ is int:
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    raise TypeError(f"not an integer: {value!r}")


def to_object(value: object) -> dict[str, Any] | None:
    if value is None or value.__class__ is dict:
        return value
    raise TypeError(f"not an object: {type(value).__name__}")


def as_array(value: object) -> list[Any]:
    if value is None:
        return []
    if value.__class__ is list:
        return value
    raise TypeError(f"not an array: {type(value).__name__}")


def _number(value: object) -> object:
    if value.__class__ is str and value.isdigit():
        return int(value)
    return value


def open_int_enum(enum: type[E], value: object) -> E | int | None:
    """The member for a known value ("3" as 3), the plain int for an unknown one; else TypeError."""
    member = enum._value2member_map_.get(value)  # a dict lookup: Enum(value) is ~10x slower
    if member is not None and value.__class__ is int:
        return member  # type: ignore[return-value]
    if value is None:
        return None
    value = _number(value)
    if value.__class__ is not int:
        raise TypeError(f"not a {enum.__name__} value: {value!r}")
    member = enum._value2member_map_.get(value)
    return value if member is None else member  # type: ignore[return-value]


def open_str_enum(enum: type[E], value: object) -> E | str | None:
    if value is None:
        return None
    if value.__class__ is not str:
        raise TypeError(f"not a {enum.__name__} value: {value!r}")
    member = enum._value2member_map_.get(value)
    return value if member is None else member  # type: ignore[return-value]


def record_list(parse: Callable[[dict[str, Any]], T], one_or_many: bool, value: object) -> list[T]:
    items = as_list(value) if one_or_many else as_array(value)
    return [parse(check_object(item, "a list item")) for item in items]


def check_object(value: object, what: str) -> dict[str, Any]:
    if value.__class__ is not dict:
        raise ValueError(f"{what} is not an object: {type(value).__name__}")
    return value


def flattened(body: dict[str, Any], names: tuple[str, ...], what: str) -> dict[str, Any]:
    """The first of `names` the body carries (Q20: `jobInfo`, else the older `taskInfo`)."""
    for name in names:
        value = body.get(name)
        if value is not None:
            return check_object(value, f"{what} `{name}`")
    raise ValueError(f"{what} has none of {', '.join(names)}")


def extra_of(raw: dict[str, Any], known: frozenset[str]) -> dict[str, Any]:
    """The fields of `raw` that no attribute maps, by wire name (never dropped), with echoed
    credentials scrubbed (the request's secrets and credential shapes, `_secrets.scrub_value`)."""
    if known.issuperset(raw):  # the common case, without building a set
        return {}
    extra: dict[str, Any] = scrub_value({k: raw[k] for k in raw.keys() - known})
    return extra


def _refuse(key: str, value: object, bad: dict[str, Any], exc: Exception) -> None:
    secrets = PARSING_SECRETS.get()
    bad[key] = scrub_value(value, secrets)
    warnings.warn(
        scrub(f"KooDrive field {key!r} could not be read ({exc}); kept in `extra`", secrets),
        InvalidFieldWarning,
        stacklevel=4,
    )


def optional(
    conv: Callable[[Any], T | None], d: Mapping[str, Any], key: str, bad: dict[str, Any]
) -> T | None:
    value = d.get(key)
    try:
        return conv(value)
    except CONVERT_ERRORS as exc:
        _refuse(key, value, bad, exc)
        return None


def optional_list(
    conv: Callable[[Any], list[T]], d: Mapping[str, Any], key: str, bad: dict[str, Any]
) -> list[T]:
    value = d.get(key)
    try:
        return conv(value)
    except CONVERT_ERRORS as exc:
        _refuse(key, value, bad, exc)
        return []


def required(conv: Callable[[Any], T | None], d: Mapping[str, Any], key: str, bad: dict[str, Any]) -> T:
    """An id or nested record: without it there is no record (ValueError -> ResponseFormatError)."""
    value = d.get(key)
    if value is None:
        raise ValueError(f"required field {key!r} is missing")
    try:
        out = conv(value)
    except CONVERT_ERRORS as exc:
        raise ValueError(f"required field {key!r} is unreadable: {exc}") from None
    if out is None:
        raise ValueError(f"required field {key!r} is missing")
    return out
