"""Write the user-facing records and the spec facts the client needs, from the spec.

`make generate` (through scripts/generate.py) runs this after openapi-python-client and puts two
modules into the generated package:

- `facts.py`: values the client needs from `x-koodrive-*` keys: the zone of every
  `x-koodrive-time` schema, the snowflake epoch and shift (`x-koodrive-snowflake`), and one
  `Operation` per operationId with whether it may be retried (`x-koodrive-idempotent`, or the HTTP
  method's own semantics), the secret wire names (`format: password`) and the API gateway's
  throttle codes (`x-koodrive-throttle-codes`).
- `records.py`: one slotted dataclass per `x-koodrive-record` class and one parser per record
  schema. Attribute names come from `x-koodrive-client-name` (else the snake_case of the wire
  name); the converter of each field is chosen by its schema: snowflake id -> `str`,
  `x-koodrive-time` -> aware `datetime` in the declared zone, open enum -> the enum or the plain
  value, one-or-many (`anyOf` array | item) -> list, `anyOf` integer | string code -> `int`.

A hand-written generator rather than openapi-python-client templates: the records differ from the
wire models in every way that matters here (renamed and merged fields, `x-koodrive-flatten`, one
class fed by two schemas, converters chosen by `x-koodrive-*` keys the generator does not model),
and a parser that is flat code per record (inlined converters, the slots set directly) is what
keeps `make bench`'s parse rows at their ratio. The behaviour of a record (`is_terminal`,
`created_at`, ...) is hand-written, in the mixins of `koodrive_tasks.behaviour` that the classes
inherit.
"""

from __future__ import annotations

import argparse
import keyword
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec" / "koodrive-tasks.yaml"
REF = "#/components/schemas/"
# The hand-written behaviour each record class inherits (module koodrive_tasks.behaviour).
BEHAVIOUR_MODULE = "koodrive_tasks.behaviour"
BEHAVIOURS = {
    "Job": "JobBehaviour",
    "FileResult": "FileResultBehaviour",
    "UncompressedFile": "UncompressedFileBehaviour",
    "JobDetail": "JobDetailBehaviour",
    "Task": "TaskBehaviour",
    "ShareTask": "ShareTaskBehaviour",
    "ArchiveListing": "ArchiveListingBehaviour",
}
# Envelope members are the envelope parsers' (normalize/envelopes.py), never record fields.
ENVELOPE_SCHEMAS = ("ResponseCode", "ResponseMessage")
# Numbers arrive as digit strings too (Q1, Q8): read inline, the rest through the checked converter.
DIGITS = "int(v) if v.__class__ is str and v.isdigit() else "


def snake(name: str) -> str:
    out = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()
    return out + "_" if keyword.iskeyword(out) else out


def snowflake_max(schema: Mapping[str, Any]) -> str:
    """The largest id of an `x-koodrive-snowflake` schema (2^bits - 1), checked against its pattern:
    the pattern must allow exactly as many digits as that number has."""
    top = str(2 ** int(schema["x-koodrive-snowflake"]["bits"]) - 1)
    pattern = re.fullmatch(r"\^\[0-9\]\{1,(\d+)\}\$", str(schema.get("pattern", "")))
    if pattern is None or int(pattern[1]) != len(top):
        raise SystemExit(
            f"generate_models: the snowflake pattern {schema.get('pattern')!r} does not allow exactly "
            f"the {len(top)} digits of 2^bits - 1"
        )
    return top


def upper_snake(name: str) -> str:
    return snake(name).upper().rstrip("_")


@dataclass
class Conv:
    """How one wire value becomes one attribute."""

    annotation: str  # the attribute's type
    fast: str  # expression template over {v} for the unchecked path (raises on a bad value)
    checked: str  # a converter callable (expression) for the checked path
    default: str = "None"
    is_list: bool = False
    nested: str | None = None  # class name of a nested record
    item_schema: str | None = None  # a list's item schema
    time_key: str | None = None  # a time's converter and zone: equal raw values, equal datetimes
    bound: str = ""  # for a time: `fast` over a `v` already bound


@dataclass
class Field:
    wire: str
    name: str
    conv: Conv
    required: bool


@dataclass
class RecordSchema:
    schema: str
    cls: str
    fields: list[Field]
    flatten: list[str] = field(default_factory=list)  # wire names; the first present one is read
    flat_fields: list[Field] = field(default_factory=list)  # read inside the flattened object


class Spec:
    def __init__(self, doc: Mapping[str, Any]) -> None:
        self.doc = doc
        self.schemas: Mapping[str, Any] = doc["components"]["schemas"]
        self.enum_imports: set[str] = set()
        self.time_zones: dict[str, str] = {}
        self.time_ranges: dict[str, tuple[int, int]] = {}
        self.record_enums: dict[str, Mapping[str, Any]] = {}
        self.members: dict[str, str] = {}

    def ref_name(self, node: Mapping[str, Any]) -> str | None:
        ref = node.get("$ref")
        return ref[len(REF) :] if isinstance(ref, str) and ref.startswith(REF) else None

    def resolve(self, node: Mapping[str, Any]) -> tuple[str | None, Mapping[str, Any]]:
        name = self.ref_name(node)
        return (name, self.schemas[name]) if name else (None, node)

    def record_class(self, schema_name: str | None) -> str | None:
        if schema_name is None:
            return None
        value = self.schemas[schema_name].get("x-koodrive-record")
        return value if isinstance(value, str) else None

    def enum_class(self, schema_name: str) -> tuple[str, bool]:
        """(class name, values are numbers) of an enum schema; imported from the generated models
        unless the spec names a user class for it (`x-koodrive-record`), which is generated here."""
        schema = self.schemas[schema_name]
        numeric = schema.get("type") == "integer"
        user = self.record_class(schema_name)
        if user:
            self.record_enums[user] = schema
            return user, True  # generated below as an IntEnum (its wire values are digit strings)
        self.enum_imports.add(schema_name)
        return schema_name, numeric

    def conv(self, wire: str, node: Mapping[str, Any]) -> Conv:
        name, schema = self.resolve(node)
        record = self.record_class(name)
        if record and "enum" not in schema:
            return Conv(
                record, f"parse_{snake(name or '')}({{v}})", f"parse_{snake(name or '')}", nested=record
            )
        if schema.get("x-koodrive-snowflake"):
            # `normalize.ids.is_id` inlined: ASCII digits, no larger than the largest id (a
            # 19-digit id, the usual, costs one length test and one string comparison)
            top = snowflake_max(schema)
            digits = len(top)
            return Conv(
                "str",
                # no `__class__ is str` test: any other JSON value has no `isdigit` (AttributeError),
                # so a number takes the checked path, which reads it (`as_id`)
                "v if (v := {v}).isdigit() and v.isascii() "
                f"and len(v) <= {digits} and (v <= {top!r} or len(v) < {digits}) else as_id(v)",
                "as_id",
            )
        time = schema.get("x-koodrive-time")
        if time:
            zone = self.zone_constant(name or wire, time["zone"])
            by_format = {
                "iso8601": "iso_time",
                "yyyyMMddHHmmss": "compact_time",
                "epoch-millis": "epoch_millis",
            }
            f = by_format[time["format"]]
            # Each field is read by its own format only: a value of another shape raises in the
            # converter (None and an InvalidFieldWarning on the checked path), never read otherwise.
            args, keywords = zone, f"zone={zone}"
            # None first, then the wire's usual shape with no type test: any other JSON value fails
            # the inlined code (TypeError, KeyError, IndexError) and takes the checked path
            if time["format"] == "iso8601":
                # a date-time (`T` after the date) straight to the ISO parser: one call, no cache (a
                # page's times are all different); anything else ("", digits, a date alone; a short
                # string raises IndexError) through the converter (fromisoformat inlined:
                # `iso_string` without its call)
                bound = (
                    f"None if v is None else (t if (t := from_iso(v)).tzinfo is not None "
                    f'else t.replace(tzinfo={zone})) if v[10] == "T" else {f}(v, {zone})'
                )
            elif time["format"] == "yyyyMMddHHmmss":
                # straight to the cached compact parser (a job's files share their times)
                bound = f"None if v is None else compact_string(v, {zone})"
            else:
                bounds = self.range_constant(name or wire, schema)
                args, keywords = f"{zone}, {bounds}", f"zone={zone}, bounds={bounds}"
                bound = f"None if v is None else {f}(v, {args})"
            fast = bound.replace("v is None", "(v := {v}) is None", 1)
            return Conv(
                "datetime | None", fast, f"partial({f}, {keywords})", time_key=f"{f}:{args}", bound=bound
            )
        branches = union_branches(schema)
        if any(b.get("type") == "array" for b in branches) or schema.get("type") == "array":
            item = self.list_item(schema)
            inner = self.conv(wire, item)
            # `anyOf` says one object or an array of them (Q5, Q6); an array the spec declares is
            # read the same way, so a server that sends one object for it loses nothing
            many = True
            assert inner.nested, f"{wire}: lists of non-records are not used yet"
            parser = inner.checked
            return Conv(
                f"list[{inner.annotation}]",
                # no walrus in a comprehension's iterable: the parser binds `v` in a statement first
                f"[{parser}(x) for x in (v if v.__class__ is list else as_list(v))]",
                f"partial(record_list, {parser}, {many})",
                default="field(default_factory=list)",
                is_list=True,
                nested=inner.nested,
                item_schema=self.ref_name(item),
            )
        if any("$ref" in b for b in branches):  # Open...: the enum, or a value this spec does not know yet
            enum_node = next(s for s in branches if "$ref" in s)
            enum_name, numeric = self.enum_class(self.ref_name(enum_node) or "")
            fn = "open_int_enum" if numeric else "open_str_enum"
            members = self.members_constant(enum_name)
            kind = "int" if numeric else "str"
            wire_kind = "str" if enum_name in self.record_enums else kind  # Q9: "1" on the wire
            # a known value is one dict lookup; everything else (unknown, "3", wrong type) the converter's
            m = f"_{{m}}{snake(wire)}"  # one name per field: mypy types each walrus target once
            known = f"({m} := {members}.get(v := {{v}})) is not None and v.__class__ is {wire_kind}"
            fast = f"{m} if {known} else {fn}({enum_name}, v)"
            return Conv(f"{enum_name} | {kind} | None", fast, f"partial({fn}, {enum_name})")
        types = schema.get("type")
        types = set(types) if isinstance(types, list) else {types}
        types |= {b.get("type") for b in branches}  # `anyOf: [integer, string]` (Q1, Q3, Q8)
        if {"integer", "string"} <= types:
            return Conv(
                "int | None",
                "v if (v := {v}) is None or v.__class__ is int else " + DIGITS + "to_code(v)",
                "to_code",
            )
        if types == {"integer"}:
            return Conv(
                "int | None",
                "v if (v := {v}) is None or v.__class__ is int else " + DIGITS + "to_int(v)",
                "to_int",
            )
        if "string" in types:
            return Conv(
                "str | None", "v if (v := {v}) is None or v.__class__ is str else to_str(v)", "to_str"
            )
        if types == {"object"}:
            return Conv(
                "dict[str, Any] | None",
                "v if (v := {v}) is None or v.__class__ is dict else to_object(v)",
                "to_object",
            )
        raise SystemExit(f"generate_models: no converter for {wire}: {dict(schema)}")

    def listed_records(self) -> list[str]:
        """Record schemas an envelope (a schema that is no record) carries as an array: the pages
        (`ListJobsResponse.data`, `ListTasksResponse.taskList`), which get a list parser."""
        out: list[str] = []
        for schema in self.schemas.values():
            if schema.get("x-koodrive-record"):
                continue
            for node in schema.get("properties", {}).values():
                for option in [node, *node.get("oneOf", ()), *node.get("anyOf", ())]:
                    items = option.get("items") if option.get("type") == "array" else None
                    name = self.ref_name(items) if isinstance(items, Mapping) else None
                    if name and self.record_class(name) and "enum" not in self.schemas[name]:
                        out += [] if name in out else [name]
        return out

    def list_item(self, schema: Mapping[str, Any]) -> Mapping[str, Any]:
        if union_branches(schema):
            array = next(s for s in union_branches(schema) if s.get("type") == "array")
            return array["items"]  # type: ignore[no-any-return]
        return schema["items"]  # type: ignore[no-any-return]

    def members_constant(self, enum_name: str) -> str:
        const = f"_{upper_snake(enum_name)}_MEMBERS"
        self.members[const] = enum_name
        return const

    def range_constant(self, schema_name: str, schema: Mapping[str, Any]) -> str:
        """An epoch-millis schema's `minimum`/`maximum`, baked into facts.py as a (low, high) tuple."""
        if "minimum" not in schema or "maximum" not in schema:
            raise SystemExit(f"generate_models: epoch-millis schema {schema_name} needs minimum and maximum")
        const = f"RANGE_{upper_snake(schema_name)}"
        self.time_ranges[const] = (int(schema["minimum"]), int(schema["maximum"]))
        return const

    def zone_constant(self, schema_name: str, zone: str) -> str:
        const = f"ZONE_{upper_snake(schema_name)}"
        self.time_zones[const] = zone
        return const

    def fields_of(self, schema: Mapping[str, Any]) -> tuple[list[Field], list[str]]:
        required = set(schema.get("required", ()))
        out: list[Field] = []
        flatten: list[str] = []
        for wire, node in schema.get("properties", {}).items():
            if self.ref_name(node) in ENVELOPE_SCHEMAS:
                continue
            if node.get("x-koodrive-flatten"):
                flatten.append(wire)
                continue
            name = node.get("x-koodrive-client-name") or snake(wire)
            conv = self.conv(wire, node)
            # Only an id or a nested record is required of the wire: without one there is no record.
            # Any other field the spec requires is still read leniently (None when absent or bad).
            hard = wire in required and (
                conv.annotation == "str" or (conv.nested is not None and not conv.is_list)
            )
            out.append(Field(wire, name, conv, hard))
        return out, flatten

    def records(self) -> list[RecordSchema]:
        out = []
        for schema_name, schema in self.schemas.items():
            cls = schema.get("x-koodrive-record")
            if not cls or "enum" in schema:
                continue
            fields, flatten = self.fields_of(schema)
            rec = RecordSchema(schema_name, cls, fields, flatten)
            if flatten:
                targets = {self.ref_name(schema["properties"][w]) for w in flatten}
                assert len(targets) == 1, f"{schema_name}: flattened members must share one schema"
                inner = self.schemas[targets.pop() or ""]
                rec.flat_fields, nested_flatten = self.fields_of(inner)
                assert not nested_flatten
            out.append(rec)
        return out


def class_fields(records: list[RecordSchema]) -> dict[str, list[Field]]:
    """Every class's attributes: the union over the schemas that feed it, in spec order, with
    required ones first (a dataclass field without a default cannot follow one with a default)."""
    classes: dict[str, dict[str, Field]] = {}
    required: dict[str, set[str]] = {}
    for rec in records:
        seen = classes.setdefault(rec.cls, {})
        req = required.setdefault(rec.cls, set())
        for f in rec.flat_fields + rec.fields:
            if f.name in seen and seen[f.name].conv.annotation != f.conv.annotation:
                raise SystemExit(f"{rec.cls}.{f.name}: {seen[f.name].conv.annotation} vs {f.conv.annotation}")
            seen.setdefault(f.name, f)
            if f.required and len([r for r in records if r.cls == rec.cls]) == 1:
                req.add(f.name)
    out: dict[str, list[Field]] = {}
    for cls, fs in classes.items():
        ordered = [f for f in fs.values() if f.name in required[cls]] + [
            f for f in fs.values() if f.name not in required[cls]
        ]
        out[cls] = ordered
    return out


def annotation(f: Field, required: bool) -> str:
    ann = f.conv.annotation
    if required and ann.endswith(" | None"):
        ann = ann[: -len(" | None")]
    return ann


def zone_expr(zone: str) -> str:
    if zone == "UTC":
        return "UTC"
    m = re.fullmatch(r"([+-])(\d{2}):(\d{2})", zone)
    if not m:
        raise SystemExit(f"x-koodrive-time zone {zone!r} is neither UTC nor ±HH:MM")
    sign = -1 if m.group(1) == "-" else 1
    minutes = sign * (int(m.group(2)) * 60 + int(m.group(3)))
    return f"timezone(timedelta(minutes={minutes}), {zone!r})"


def secret_fields(node: Any) -> set[str]:
    """The name of every property and parameter anywhere in the spec whose schema says
    `format: password` (OpenAPI's mark for a value to hide) or `x-koodrive-secret: true`."""
    found: set[str] = set()
    if isinstance(node, Mapping):
        for name, prop in (node.get("properties") or {}).items():
            if isinstance(prop, Mapping) and (
                prop.get("format") == "password" or prop.get("x-koodrive-secret") is True
            ):
                found.add(str(name))
        schema = node.get("schema")
        if (
            "name" in node
            and "in" in node
            and isinstance(schema, Mapping)
            and (schema.get("format") == "password" or schema.get("x-koodrive-secret") is True)
        ):
            found.add(str(node["name"]))
        for value in node.values():
            found |= secret_fields(value)
    elif isinstance(node, list):
        for value in node:
            found |= secret_fields(value)
    return found


def facts_module(spec: Spec) -> str:
    snow = spec.schemas["SnowflakeId"]["x-koodrive-snowflake"]
    epoch = datetime.fromisoformat(snow["epoch"])
    epoch_ms = int(epoch.timestamp() * 1000)
    lines = [
        '"""Facts from the spec\'s `x-koodrive-*` keys, baked in by `make generate`',
        "(scripts/generate_models.py).",
        "",
        "Never edited by hand: change the spec and regenerate.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from dataclasses import dataclass",
        "from datetime import UTC, datetime, timedelta, timezone",
        "from typing import Final",
        "",
        f"#: x-koodrive-snowflake of SnowflakeId: epoch {snow['epoch']}",
        f"SNOWFLAKE_EPOCH: Final = datetime.fromtimestamp({epoch_ms} / 1000, UTC)",
        f"SNOWFLAKE_SHIFT: Final = {int(snow['shift'])}",
        f"#: the largest id: 2^{int(snow['bits'])} - 1 (`bits`), as the digits the wire sends",
        f"SNOWFLAKE_MAX: Final = {snowflake_max(spec.schemas['SnowflakeId'])!r}",
        "",
        "# x-koodrive-time zones, one per time schema",
    ]
    for name, schema in spec.schemas.items():
        time = schema.get("x-koodrive-time")
        if time:
            const = f"ZONE_{upper_snake(name)}"
            lines.append(f"{const}: Final = {zone_expr(time['zone'])}  # {name}: {time['format']}")
    if spec.time_ranges:
        lines += ["", "# the minimum and maximum of each epoch-millis time schema, in milliseconds"]
        lines += [f"{const}: Final = {bounds!r}" for const, bounds in sorted(spec.time_ranges.items())]
    lines += [
        "",
        "",
        "@dataclass(frozen=True, slots=True)",
        "class Operation:",
        '    """One operation of the spec; `idempotent` decides whether the client retries it."""',
        "",
        "    operation_id: str",
        "    method: str",
        "    path: str",
        "    idempotent: bool",
        "",
        "",
    ]
    for path, item in spec.doc["paths"].items():
        for method, op in item.items():
            if method not in {"get", "put", "post", "delete", "patch"}:
                continue
            default = method in {"get", "put", "delete"}
            idem = bool(op.get("x-koodrive-idempotent", default))
            const = upper_snake(op["operationId"])
            lines.append(f"{const}: Final = Operation({op['operationId']!r}, {method!r}, {path!r}, {idem})")
    # Secret fields: what the debug log, the probe's recordings and error scrubbing mask by name.
    lines += [
        "",
        "#: wire names whose value is a credential: every property or parameter with `format: password`",
        "#: or `x-koodrive-secret: true`",
        "#: (koodrive_tasks.http_log masks them by name in logs and recorded probe pairs)",
        f"SECRET_FIELDS: Final = frozenset({sorted(secret_fields(spec.doc))!r})",
    ]
    # The API gateway's throttle codes (x-koodrive-throttle-codes on ErrorBody, Q65).
    throttle = spec.schemas["ErrorBody"]["x-koodrive-throttle-codes"]
    if not throttle or not all(isinstance(c, str) and c for c in throttle):
        raise ValueError("x-koodrive-throttle-codes: expected a non-empty list of codes")
    lines += [
        "",
        "#: x-koodrive-throttle-codes of ErrorBody: the API gateway's codes for a throttled request,",
        "#: on any status (koodrive_tasks._errors: RateLimitError; the emulator's `apig` fault sends them)",
        f"THROTTLE_CODES: Final = {tuple(str(c) for c in throttle)!r}",
    ]
    # The token's Authorization spellings (x-koodrive-token-spellings on koodriveToken, Q27).
    spellings = spec.doc["components"]["securitySchemes"]["koodriveToken"]["x-koodrive-token-spellings"]
    lines += [
        "",
        "#: x-koodrive-token-spellings of the koodriveToken security scheme: name -> the Authorization",
        "#: value's prefix before the token (read by the emulator's strict auth and the CLI's probe)",
        f"TOKEN_SPELLINGS: Final[dict[str, str]] = { ({str(k): str(v) for k, v in spellings.items()})!r}",
    ]
    # App-auth signing facts, so the core package signs without a YAML parser (koodrive_tasks.auth).
    signing = spec.doc["components"]["securitySchemes"]["koodriveAppAuth"]["x-koodrive-signing"]
    lines += [
        "",
        "#: x-koodrive-signing of the koodriveAppAuth security scheme (read by koodrive_tasks.auth)",
        f"APP_AUTH_SIGNING: Final[dict[str, object]] = {dict(signing)!r}",
    ]
    return "\n".join(lines) + "\n"


def checked_args(all_fields: list[Field], mine: dict[str, Field], src_of: dict[str, str]) -> list[str]:
    """The keyword arguments of the checked path: one guarded converter per field."""
    lines = []
    for f in all_fields:
        if f.name in mine:
            g = mine[f.name]
            helper = "required" if g.required else "optional_list" if g.conv.is_list else "optional"
            lines.append(f"        {f.name}={helper}({g.conv.checked}, {src_of[f.name]}, {g.wire!r}, bad),")
    return lines


def keys_name(rec: RecordSchema) -> str:
    return f"_{upper_snake(rec.schema)}_KEYS"


def inlinable(rec: RecordSchema) -> bool:
    """A list item record read inside its parent's loop: flat, no lists or records of its own."""
    return not rec.flatten and all(f.conv.nested is None for f in rec.fields)


def fast_lines(
    rec: RecordSchema,
    classes: dict[str, list[Field]],
    by_schema: dict[str, RecordSchema],
    obj: str,
    src: str,
    ind: str,
    m: str,
    in_loop: bool = False,
) -> list[str]:
    """The unchecked path: the record made with `_new` and its slots set one by one (no __init__
    frame), each value through its inlined converter; a list of flat records read in a loop here.
    Raises one of CONVERT_ERRORS on any value the inlined code does not take."""
    mine = {f.name: f for f in rec.flat_fields + rec.fields}
    src_of = {f.name: ("i" if f in rec.flat_fields else src) for f in mine.values()}
    lines = [f"{ind}{obj} = _new({rec.cls})"]
    # A record's times are often the same instant (a task created and started in the same second):
    # a time equal on the wire to the first one of its converter reuses its datetime (immutable).
    times: dict[str, int] = {}
    for g in mine.values():
        if g.conv.time_key:
            times[g.conv.time_key] = times.get(g.conv.time_key, 0) + 1
    first_time: dict[str, tuple[str, str]] = {}
    for f in classes[rec.cls]:
        if f.name not in mine:  # another schema's attribute of this class: its default
            lines.append(f"{ind}{obj}.{f.name} = {'[]' if f.conv.is_list else 'None'}")
            continue
        g = mine[f.name]
        s = src_of[f.name]
        # `d_get`: `d.get` bound once per record (the method lookup was ~10% of a record's parse)
        value = f"{s}[{g.wire!r}]" if g.required else f"{s}_get({g.wire!r})"
        item = by_schema.get(g.conv.item_schema or "")
        if g.conv.is_list and item is not None and inlinable(item):
            # a 1,000-file job: the per-file parse inlined, no call per item
            out = f"_{f.name}"
            src_list = f"{out}_wire"
            lines += [
                f"{ind}{src_list} = v if (v := {value}).__class__ is list else as_list(v)",
                *loop_lines(item, classes, by_schema, src_list, out, f"{out}_item", ind, f"{f.name}_"),
                f"{ind}{obj}.{f.name} = {out}",
            ]
        elif g.conv.is_list:
            lines += [f"{ind}v = {value}", f"{ind}{obj}.{f.name} = {g.conv.fast}"]
        elif g.conv.time_key and g.conv.time_key in first_time:
            attr, wire_var = first_time[g.conv.time_key]
            # Reaching this line, the first value was read: None or a string of the format (any
            # other value raised), and only an equal None or string equals it; an epoch-millis
            # number is equal to a float of the same value, so that format tests the type too.
            typed = (
                ""
                if g.conv.time_key.startswith(("iso_time:", "compact_time:"))
                else " and v.__class__ is str"
            )
            same = f"{obj}.{attr} if v == {wire_var}{typed}"
            lines += [f"{ind}v = {value}", f"{ind}{obj}.{f.name} = {same} else {g.conv.bound}"]
        elif g.conv.time_key and times[g.conv.time_key] > 1:
            wire_var = f"{obj}_{f.name}_wire"
            first_time[g.conv.time_key] = (f.name, wire_var)
            lines += [f"{ind}{obj}.{f.name} = {g.conv.fast.format(v=value, m=m)}", f"{ind}{wire_var} = v"]
        else:
            lines.append(f"{ind}{obj}.{f.name} = {g.conv.fast.format(v=value, m=m)}")
    keys = keys_name(rec)
    if rec.flatten:
        flat_keys = f"_{upper_snake(rec.schema)}_FLAT_KEYS"
        extra = f"{{**extra_of(i, {flat_keys}), **extra_of({src}, {keys})}}"
    elif in_loop:
        extra = "{}"  # the loop checks every item's keys at once, after it (`unknown_keys_of`)
    else:
        # no extra field (the common case): one C call, no Python call
        extra = f"{{}} if {keys}.issuperset({src}) else extra_of({src}, {keys})"
    lines.append(f"{ind}{obj}.extra = {extra}")
    return lines


def loop_lines(
    item: RecordSchema,
    classes: dict[str, list[Field]],
    by_schema: dict[str, RecordSchema],
    items: str,
    out: str,
    each: str,
    ind: str,
    m: str,
) -> list[str]:
    """A list of flat records parsed in one loop; the items' keys checked together after it (one
    C-level union, not one `issuperset` per item), and only items with unknown keys get `extra`."""
    keys = keys_name(item)
    return [
        f"{ind}{out}: list[{item.cls}] = []",
        f"{ind}for x in {items}:",
        f"{ind}    x_get = x.get",
        *fast_lines(item, classes, by_schema, each, "x", ind + "    ", m, in_loop=True),
        f"{ind}    {out}.append({each})",
        f"{ind}if not {keys}.issuperset(set().union(*{items})):",
        f"{ind}    for {each}, x in zip({out}, {items}, strict=True):",
        f"{ind}        {each}.extra = extra_of(x, {keys})",
    ]


def list_parser(
    rec: RecordSchema, classes: dict[str, list[Field]], by_schema: dict[str, RecordSchema]
) -> list[str]:
    """`parse_<schema>_list`: a page of records, the per-record parse inlined in one loop."""
    fn = f"parse_{snake(rec.schema)}"
    return [
        "",
        "",
        f"def {fn}_list(items: list[Any]) -> list[{rec.cls}]:",
        f'    """A list of `{rec.schema}` -> `{rec.cls}`s in one loop (no call per record); any item the',
        f'    inlined code does not take sends the whole list through `{fn}`, item by item."""',
        "    try:",
        *loop_lines(rec, classes, by_schema, "items", "out", "o", "        ", ""),
        "        return out",
        "    except CONVERT_ERRORS:",
        f"        return [{fn}(x) for x in items]",
    ]


def union_branches(schema: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The alternatives of a union (`anyOf`, or `oneOf` in an older spec), or none."""
    return list(schema.get("anyOf", schema.get("oneOf", ())))


def python_enum_names(schema: Mapping[str, Any]) -> list[str]:
    """The Python members of an enum: `x-koodrive-enum-names` where the spec keeps them apart from
    `x-enum-varnames` (which must be unique across the document for other generators)."""
    names = schema.get("x-koodrive-enum-names", schema["x-enum-varnames"])
    return [str(n) for n in names]


def records_module(spec: Spec) -> str:
    records = spec.records()
    classes = class_fields(records)
    by_schema = {r.schema: r for r in records}
    listed = {name for name in spec.listed_records() if inlinable(by_schema[name])}
    # ---- enums the spec names for users (string enums of digits become IntEnums, Q9) ----------
    enum_src: list[str] = []
    for cls, schema in spec.record_enums.items():
        enum_src += ["", "", f"class {cls}(IntEnum):", f'    """{schema.get("description", cls)}"""', ""]
        for value, member, desc in zip(
            schema["enum"],
            python_enum_names(schema),
            schema.get("x-enum-descriptions", schema["enum"]),
            strict=True,
        ):
            enum_src += [f"    {member} = {int(value)}", f'    """{desc}"""']
    # ---- classes -------------------------------------------------------------------------------
    class_src: list[str] = []
    for cls, fields in classes.items():
        mixin = BEHAVIOURS.get(cls)
        base = f"({mixin})" if mixin else ""
        schemas = ", ".join(r.schema for r in records if r.cls == cls)
        class_src += [
            "",
            "",
            "@dataclass(slots=True)",
            f"class {cls}{base}:",
            f'    """Record of {schemas}; `extra` holds every other wire field, by wire name."""',
            "",
        ]
        required = {f.name for f in fields[: sum(1 for f in fields if f.required)]}
        for f in fields:
            req = f.name in required and f.required
            ann = annotation(f, req)
            if req:
                class_src.append(f"    {f.name}: {ann}")
            else:
                class_src.append(f"    {f.name}: {ann} = {f.conv.default}")
            class_src.append(f'    """wire `{f.wire}`"""')
        class_src.append("    extra: dict[str, Any] = field(default_factory=dict)")
    # ---- parsers -------------------------------------------------------------------------------
    parse_src: list[str] = [""]
    for const, enum_name in sorted(spec.members.items()):
        if enum_name in spec.record_enums:  # looked up by the wire's strings
            parse_src.append(f"{const}: dict[Any, {enum_name}] = {{str(m.value): m for m in {enum_name}}}")
        else:
            ignore = "  # type: ignore[assignment]"
            parse_src.append(f"{const}: dict[Any, {enum_name}] = {enum_name}._value2member_map_{ignore}")
    for rec in records:
        fn = f"parse_{snake(rec.schema)}"
        keys = f"_{upper_snake(rec.schema)}_KEYS"
        all_fields = classes[rec.cls]
        mine = {f.name: f for f in rec.flat_fields + rec.fields}
        own_keys = (
            [f.wire for f in rec.fields]
            + rec.flatten
            + [
                w
                for w, n in spec.schemas[rec.schema].get("properties", {}).items()
                if spec.ref_name(n) in ENVELOPE_SCHEMAS
            ]
        )
        parse_src += ["", f"{keys} = frozenset({tuple(own_keys)!r})"]
        if rec.flatten:
            flat_keys = f"_{upper_snake(rec.schema)}_FLAT_KEYS"
            parse_src.append(f"{flat_keys} = frozenset({tuple(f.wire for f in rec.flat_fields)!r})")
        src_of = {f.name: ("i" if f in rec.flat_fields else "d") for f in mine.values()}
        extra_checked = f"{{**extra_of(d, {keys}), **bad}}"
        if rec.flatten:
            extra_checked = f"{{**extra_of(i, {flat_keys}), **extra_of(d, {keys}), **bad}}"
        head = [
            "",
            "",
            f"def {fn}(d: dict[str, Any]) -> {rec.cls}:",
            f'    """`{rec.schema}` -> `{rec.cls}`; a value no converter takes: None, kept in `extra`."""',
        ]
        if rec.flatten:
            head.append(f"    i = flattened(d, {tuple(rec.flatten)!r}, {rec.schema!r})")
        body = fast_lines(rec, classes, by_schema, "o", "d", "        ", "")
        # bound inside the try: a record that is no object fails here and takes the checked path
        bound = [f"        {n}_get = {n}.get" for n in ("d", "i") if any(f"{n}_get(" in a for a in body)]
        head += ["    try:", *bound]
        fast = [*body, "        return o"]
        fallback = [
            "    except CONVERT_ERRORS:",
            f"        return _{fn}_checked(d)",
        ]
        checked_head = [
            "",
            "",
            f"def _{fn}_checked(d: dict[str, Any]) -> {rec.cls}:",
            f"    check_object(d, {rec.schema!r})",
        ]
        if rec.flatten:
            checked_head.append(f"    i = flattened(d, {tuple(rec.flatten)!r}, {rec.schema!r})")
        checked_head += ["    bad: dict[str, Any] = {}", f"    return {rec.cls}("]
        checked = [
            *checked_args(all_fields, mine, src_of),
            f"        extra={extra_checked},",
            "    )",
        ]
        parse_src += head + fast + fallback + checked_head + checked
        if rec.schema in listed:
            parse_src += list_parser(rec, classes, by_schema)
    enum_imports = sorted(spec.enum_imports)
    header = [
        '"""The records users get, and their parsers: written by `make generate` from the spec',
        "(scripts/generate_models.py). Never edited by hand: change the spec and regenerate.",
        "",
        "Import it through `koodrive_tasks` (its classes inherit the hand-written behaviour there).",
        "Each parser makes its record with `object.__new__` and sets every slot from an inlined",
        "converter (no `__init__` frame, no call per field for the wire's usual shapes); only when a",
        "value is not one the inlined code takes does it redo the record field by field through the",
        "converters, so one bad field costs that field alone (the value goes to `extra` under its wire",
        "name, with an `InvalidFieldWarning`).",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from dataclasses import dataclass, field",
        "from datetime import datetime",
        "from enum import IntEnum",
        "from functools import partial",
        "from typing import Any",
        "",
        f"from {BEHAVIOUR_MODULE} import {', '.join(sorted(set(BEHAVIOURS.values())))}",
        "from koodrive_tasks.normalize.convert import (",
        "    CONVERT_ERRORS,",
        "    as_array,",
        "    as_id,",
        "    as_list,",
        "    check_object,",
        "    compact_string,",
        "    compact_time,",
        "    epoch_millis,",
        "    extra_of,",
        "    flattened,",
        "    from_iso,",
        "    iso_time,",
        "    open_int_enum,",
        "    open_str_enum,",
        "    optional,",
        "    optional_list,",
        "    parse_time,",
        "    record_list,",
        "    required,",
        "    to_code,",
        "    to_int,",
        "    to_object,",
        "    to_str,",
        ")",
        "",
    ]
    header += [f"from .models.{snake(e)} import {e}" for e in enum_imports]
    zones = sorted(spec.time_zones) + sorted(spec.time_ranges)
    header += [f"from .facts import {', '.join(zones)}"] if zones else []
    all_names = sorted(
        {*classes, *spec.record_enums}
        | {f"parse_{snake(r.schema)}" for r in records}
        | {f"parse_{snake(r.schema)}_list" for r in records if r.schema in listed}
    )
    header += ["", f"__all__ = {all_names!r}", "", "_new = object.__new__"]
    return "\n".join(header + enum_src + class_src + parse_src) + "\n"


def write(spec_path: Path, package: Path) -> list[Path]:
    doc = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    spec = Spec(doc)
    records = records_module(spec)  # first: it records the zones facts.py must define
    written = []
    for name, text in (("facts.py", facts_module(spec)), ("records.py", records)):
        target = package / name
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--spec", type=Path, default=SPEC)
    parser.add_argument("package", type=Path, help="the generated package folder to write into")
    args = parser.parse_args()
    for path in write(args.spec, args.package):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
