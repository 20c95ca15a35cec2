"""What the spec says about the records the emulator stores: their fields, time formats and ids.

Nothing here is a copy of the spec. For each record schema (`Job`, `BasicTask`, `ShareJobInfo`,
...) the property names and their order are read from `components.schemas`; each property whose
schema (through `$ref`) carries `x-koodrive-time` gets a codec for that format and zone; the
snowflake rule (epoch and shift) is read from `x-koodrive-snowflake` on `SnowflakeId`; the type
each operation's table gives `code` from `x-koodrive-table-type`, and the `actionType`s that extract
nothing from `x-koodrive-extracts-nothing`. Changing
any of these in the spec changes what the emulator writes (see tests/emulator/test_spec_driven.py).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from functools import cache
from pathlib import Path
from typing import Any

from .validation import SPEC_PATH, load_spec

JSON = Any

#: Which component schema describes each kind of record the emulator keeps.
RECORD_SCHEMAS = {
    "job": "Job",
    "jobFile": "FileResult",
    "archiveEntry": "UncompressedFile",
    "listedEntry": "ListedArchiveEntry",
    "task": "BasicTask",
    "share": "ShareJobInfo",
    "shareFile": "ShareFileResult",
}
_OFFSET = re.compile(r"^([+-])([0-9]{2}):?([0-9]{2})$")


def _zone(name: str) -> timezone:
    if name.upper() in ("UTC", "Z"):
        return UTC
    match = _OFFSET.fullmatch(name)
    if match is None:
        raise ValueError(f"x-koodrive-time: unknown zone {name!r}")
    sign = -1 if match.group(1) == "-" else 1
    return timezone(sign * timedelta(hours=int(match.group(2)), minutes=int(match.group(3))))


@dataclass(frozen=True)
class TimeCodec:
    """One `x-koodrive-time` {format, zone}: writes and reads Unix milliseconds."""

    format: str
    zone: timezone

    def write(self, epoch_ms: int) -> JSON:
        if self.format == "epoch-millis":
            return epoch_ms
        moment = datetime.fromtimestamp(epoch_ms // 1000, self.zone)
        if self.format == "yyyyMMddHHmmss":
            return moment.strftime("%Y%m%d%H%M%S")
        if self.format == "iso8601":
            # Every seed page shows `.000`: the service keeps whole seconds.
            offset = moment.isoformat()[19:]
            return moment.strftime("%Y-%m-%dT%H:%M:%S") + ".000" + ("Z" if self.zone is UTC else offset)
        raise ValueError(f"x-koodrive-time: unknown format {self.format!r}")

    def read(self, value: JSON) -> int:
        if self.format == "epoch-millis":
            return int(value)
        if self.format == "yyyyMMddHHmmss":
            parsed = datetime.strptime(str(value), "%Y%m%d%H%M%S").replace(tzinfo=self.zone)
        else:
            parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=self.zone)
        return int(parsed.timestamp() * 1000)


@dataclass(frozen=True)
class Snowflake:
    """`x-koodrive-snowflake`: `id >> shift` = milliseconds since `epoch`."""

    epoch_ms: int
    shift: int

    @property
    def low_mask(self) -> int:
        return (1 << self.shift) - 1

    def make(self, epoch_ms: int, low_bits: int = 0) -> str:
        return str(((epoch_ms - self.epoch_ms) << self.shift) | (low_bits & self.low_mask))

    def millis(self, record_id: str | int) -> int:
        return (int(record_id) >> self.shift) + self.epoch_ms

    def last_millis(self, max_id: int = 2**63 - 1) -> int:
        """The last millisecond whose ids all stay at or below `max_id`."""
        return (max_id >> self.shift) - 1 + self.epoch_ms


@dataclass(frozen=True)
class RecordSchema:
    """The properties of one record schema, in the spec's order, and the codec of each time field."""

    name: str
    properties: tuple[str, ...]
    times: Mapping[str, TimeCodec]
    #: properties marked `x-koodrive-detail-only`: the detail carries them, a list's items never
    detail_only: frozenset[str] = frozenset()
    #: properties marked `x-koodrive-list-only`: a list's items carry them, the detail never
    list_only: frozenset[str] = frozenset()

    def ordered(self, values: Mapping[str, JSON]) -> dict[str, JSON]:
        """`values` in the spec's property order; fields the spec does not define follow, as they came."""
        out = {name: values[name] for name in self.properties if name in values}
        if len(out) != len(values):
            out.update((k, v) for k, v in values.items() if k not in out)
        return out


@dataclass(frozen=True)
class WireFormats:
    """Everything the emulator reads from one spec file."""

    spec_path: Path
    snowflake: Snowflake
    records: Mapping[str, RecordSchema]
    #: operationIds whose table types `code` Integer (`x-koodrive-table-type`, Q1): the
    #: `documented` mode sends their `code` as a number, every other operation's as a string.
    table_integer_code: frozenset[str] = frozenset()
    #: `actionType`s whose decompression job extracts nothing (`x-koodrive-extracts-nothing`).
    extracts_nothing: frozenset[int] = frozenset()

    @property
    def examples(self) -> Path:
        return self.spec_path.parent / "examples"

    def __getitem__(self, kind: str) -> RecordSchema:
        return self.records[kind]


def _deref(spec: Mapping[str, Any], node: Any) -> Any:
    seen = 0
    while isinstance(node, dict) and "$ref" in node and seen < 32:
        target: Any = spec
        for part in str(node["$ref"])[2:].split("/"):
            target = target[part]
        node, seen = target, seen + 1
    return node


def _time_of(spec: Mapping[str, Any], node: Any) -> TimeCodec | None:
    """The `x-koodrive-time` of a property: on the property itself or on the schema it references."""
    seen = 0
    while isinstance(node, dict) and seen < 32:
        ext = node.get("x-koodrive-time")
        if isinstance(ext, dict):
            return TimeCodec(str(ext["format"]), _zone(str(ext["zone"])))
        if "$ref" not in node:
            return None
        node, seen = _deref(spec, {"$ref": node["$ref"]}), seen + 1
    return None


def _snowflake(spec: Mapping[str, Any]) -> Snowflake:
    node = spec["components"]["schemas"]["SnowflakeId"]
    ext = node.get("x-koodrive-snowflake")
    if not isinstance(ext, dict):
        raise ValueError("SnowflakeId: x-koodrive-snowflake must be {epoch, shift}")
    epoch = datetime.fromisoformat(str(ext["epoch"]))
    if epoch.tzinfo is None:
        raise ValueError("x-koodrive-snowflake: epoch needs an offset")
    return Snowflake(int(epoch.timestamp() * 1000), int(ext["shift"]))


def _table_type(spec: Mapping[str, Any], node: Any) -> str | None:
    """The `x-koodrive-table-type` of a property: on the property itself, else on what it references."""
    seen = 0
    while isinstance(node, dict) and seen < 32:
        ext = node.get("x-koodrive-table-type")
        if isinstance(ext, str):
            return ext
        if "$ref" not in node:
            return None
        node, seen = _deref(spec, {"$ref": node["$ref"]}), seen + 1
    return None


def table_integer_code(spec: Mapping[str, Any]) -> frozenset[str]:
    """The operations whose 200 response's `code` the table types Integer (`x-koodrive-table-type`)."""
    found: set[str] = set()
    for item in spec.get("paths", {}).values():
        for op in item.values():
            if not isinstance(op, dict) or "operationId" not in op:
                continue
            ok = _deref(spec, op.get("responses", {}).get("200", {}))
            schema = _deref(spec, ok.get("content", {}).get("application/json", {}).get("schema", {}))
            code = schema.get("properties", {}).get("code") if isinstance(schema, dict) else None
            if _table_type(spec, code) == "integer":
                found.add(str(op["operationId"]))
    return frozenset(found)


def extracts_nothing(spec: Mapping[str, Any]) -> frozenset[int]:
    """The `actionType`s whose job extracts nothing (`x-koodrive-extracts-nothing` on JobActionType)."""
    values = spec["components"]["schemas"]["JobActionType"].get("x-koodrive-extracts-nothing", [])
    return frozenset(int(v) for v in values)


def formats_of(spec: Mapping[str, Any], spec_path: Path = SPEC_PATH) -> WireFormats:
    schemas = spec["components"]["schemas"]
    records: dict[str, RecordSchema] = {}
    for kind, name in RECORD_SCHEMAS.items():
        props: Mapping[str, Any] = schemas[name].get("properties", {})
        times = {prop: codec for prop, node in props.items() if (codec := _time_of(spec, node)) is not None}
        detail_only = frozenset(
            prop
            for prop, node in props.items()
            if isinstance(node, dict) and node.get("x-koodrive-detail-only") is True
        )
        list_only = frozenset(
            prop
            for prop, node in props.items()
            if isinstance(node, dict) and node.get("x-koodrive-list-only") is True
        )
        records[kind] = RecordSchema(name, tuple(props), times, detail_only, list_only)
    return WireFormats(spec_path, _snowflake(spec), records, table_integer_code(spec), extracts_nothing(spec))


def load_formats(spec_path: Path | str | None = None) -> WireFormats:
    path = Path(spec_path).resolve() if spec_path is not None else SPEC_PATH
    return formats_of(load_spec(path), path)


@cache
def shipped_formats() -> WireFormats:
    """The formats of the spec the emulator ships with, read once: for the code that has no
    `Emulator` at hand (the records of `models.py`)."""
    return load_formats()
