"""Write the user-facing records and the spec facts the client needs, from the spec.

`make generate` (through scripts/generate.py) runs this after openapi-python-client and puts two
modules into the generated package:

- `facts.py`: values the client needs from `x-koodrive-*` keys: the zone of every
  `x-koodrive-time` schema, the snowflake epoch and shift (`x-koodrive-snowflake`), the secret
  wire names (`format: password` or `x-koodrive-secret: true`) and the API gateway's throttle codes
  (`x-koodrive-throttle-codes`). The operations (whether each may be retried, ...) are the
  registry's, `operations.py`, written by scripts/generate_operations.py.
- `records.py`: one slotted dataclass per `x-koodrive-record` class and one parser per record
  schema. Attribute names come from `x-koodrive-client-name` (else the snake_case of the wire
  name); the converter of each field is chosen by its schema: snowflake id -> `str`,
  `x-koodrive-time` -> aware `datetime` in the declared zone, open enum -> the enum or the plain
  value, one-or-many (`anyOf` array | item) -> list, `anyOf` integer | string code -> `int`.

This script computes data only: per record its fields, their converters (`Conv`: which kind, with
which zone, enum or parser) and the steps of its parser (`Step`); per spec the facts. The code's
shape is in Jinja templates, rendered through scripts/templating.py: scripts/templates/records.py.jinja
(the module: classes, enums, parsers), converters.jinja (one expression per kind of converter) and
facts.py.jinja. A new kind of converter is a `Conv.kind` that `Spec.conv` chooses, with its branch in
each macro of converters.jinja.

Its own generator rather than openapi-python-client's models: the records differ from the wire
models in every way that matters here (renamed and merged fields, `x-koodrive-flatten`, one class
fed by two schemas, converters chosen by `x-koodrive-*` keys the generator does not model), and a
parser that is flat code per record (inlined converters, the slots set directly) is what keeps
`make bench`'s parse rows at their ratio. The behaviour of a record (`is_terminal`, `created_at`,
...) is hand-written, in the mixins of `koodrive_tasks.behaviour` that the classes inherit.
"""

from __future__ import annotations

import argparse
import keyword
import re
import sys
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from templating import render  # a sibling script, not an installed package

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
# The time converter of each x-koodrive-time format (koodrive_tasks.normalize.convert).
TIME_CONVERTERS = {"iso8601": "iso_time", "yyyyMMddHHmmss": "compact_time", "epoch-millis": "epoch_millis"}


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
    """How one wire value becomes one attribute: the kind of converter (a macro of
    templates/converters.jinja writes its code) and what that converter reads."""

    kind: str  # record | snowflake | time | list | enum | code | int | str | object
    annotation: str  # the attribute's type
    default: str = "None"
    is_list: bool = False
    nested: str | None = None  # class name of a nested record
    item_schema: str | None = None  # a list's item schema
    parser: str = ""  # record, list: the parser of the (item) record
    top: str = ""  # snowflake: the largest id, as the wire's digits
    time_format: str = ""  # time: the x-koodrive-time format
    converter: str = ""  # time: its converter; enum: open_int_enum or open_str_enum
    zone: str = ""  # time: the zone constant of facts.py
    bounds: str = ""  # time, epoch-millis: the (low, high) constant of facts.py
    enum: str = ""  # enum: the class
    members: str = ""  # enum: the value -> member constant
    wire_kind: str = ""  # enum: the type of a known value on the wire
    tag: str = ""  # enum: its walrus name (one per field)

    @property
    def time_key(self) -> str | None:
        """A time's converter and zone: equal raw values, equal datetimes."""
        if self.kind != "time":
            return None
        return f"{self.converter}:{self.zone}" + (f", {self.bounds}" if self.bounds else "")


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
    envelope: list[str] = field(default_factory=list)  # wire names of envelope members

    @property
    def parser(self) -> str:
        return f"parse_{snake(self.schema)}"

    @property
    def keys(self) -> str:
        return f"_{upper_snake(self.schema)}_KEYS"

    @property
    def flat_keys(self) -> str:
        return f"_{upper_snake(self.schema)}_FLAT_KEYS"

    @property
    def own_keys(self) -> tuple[str, ...]:
        """Every wire name the record's schema declares (`extra` holds the others)."""
        return tuple([f.wire for f in self.fields] + self.flatten + self.envelope)

    @property
    def flat_wire(self) -> tuple[str, ...]:
        return tuple(f.wire for f in self.flat_fields)

    @property
    def flattened_from(self) -> tuple[str, ...]:
        return tuple(self.flatten)


@dataclass
class Step:
    """How a parser's unchecked path sets one attribute (records.py.jinja writes it):

    - default: another schema's attribute of this class, its default;
    - loop: a list of flat records parsed in a loop here (`item`: its steps), no call per item;
    - list: a list through the item record's parser;
    - first_time: a time the record has more than one of with the same converter: its wire value is
      kept, and `same_time` steps after it reuse its datetime when their wire value is equal;
    - plain: the field's inlined converter.
    """

    kind: str
    attr: str
    field: Field
    flat: bool = False  # read from the flattened object `i`
    item: Body | None = None
    first: str = ""  # same_time: the attribute whose wire value is compared


@dataclass
class Body:
    """The unchecked path of one record's parser: its class and a step per attribute."""

    rec: RecordSchema
    steps: list[Step]


@dataclass
class ClassAttr:
    name: str
    annotation: str
    default: str | None  # None: no default (a required attribute)
    wire: str


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
        """The converter of one field, chosen by its schema."""
        name, schema = self.resolve(node)
        record = self.record_class(name)
        if record and "enum" not in schema:
            return Conv("record", record, parser=f"parse_{snake(name or '')}", nested=record)
        if schema.get("x-koodrive-snowflake"):
            return Conv("snowflake", "str", top=snowflake_max(schema))
        if schema.get("x-koodrive-time"):
            return self.time_conv(name or wire, schema)
        branches = union_branches(schema)
        if any(b.get("type") == "array" for b in branches) or schema.get("type") == "array":
            return self.list_conv(wire, schema)
        if any("$ref" in b for b in branches):  # Open...: the enum, or a value this spec does not know yet
            return self.enum_conv(wire, next(s for s in branches if "$ref" in s))
        return scalar_conv(wire, schema, branches)

    def time_conv(self, name: str, schema: Mapping[str, Any]) -> Conv:
        time = schema["x-koodrive-time"]
        zone = self.zone_constant(name, time["zone"])
        bounds = self.range_constant(name, schema) if time["format"] == "epoch-millis" else ""
        converter = TIME_CONVERTERS[time["format"]]
        return Conv(
            "time",
            "datetime | None",
            time_format=time["format"],
            converter=converter,
            zone=zone,
            bounds=bounds,
        )

    def list_conv(self, wire: str, schema: Mapping[str, Any]) -> Conv:
        item = self.list_item(schema)
        inner = self.conv(wire, item)
        assert inner.nested, f"{wire}: lists of non-records are not used yet"
        return Conv(
            "list",
            f"list[{inner.annotation}]",
            default="field(default_factory=list)",
            is_list=True,
            nested=inner.nested,
            item_schema=self.ref_name(item),
            parser=inner.parser,
        )

    def enum_conv(self, wire: str, enum_node: Mapping[str, Any]) -> Conv:
        enum_name, numeric = self.enum_class(self.ref_name(enum_node) or "")
        kind = "int" if numeric else "str"
        return Conv(
            "enum",
            f"{enum_name} | {kind} | None",
            converter="open_int_enum" if numeric else "open_str_enum",
            enum=enum_name,
            members=self.members_constant(enum_name),
            wire_kind="str" if enum_name in self.record_enums else kind,  # Q9: "1" on the wire
            tag=snake(wire),
        )

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
            envelope = [
                w for w, n in schema.get("properties", {}).items() if self.ref_name(n) in ENVELOPE_SCHEMAS
            ]
            rec = RecordSchema(schema_name, cls, fields, flatten, envelope=envelope)
            if flatten:
                targets = {self.ref_name(schema["properties"][w]) for w in flatten}
                assert len(targets) == 1, f"{schema_name}: flattened members must share one schema"
                inner = self.schemas[targets.pop() or ""]
                rec.flat_fields, nested_flatten = self.fields_of(inner)
                assert not nested_flatten
            out.append(rec)
        return out


def scalar_conv(wire: str, schema: Mapping[str, Any], branches: list[Mapping[str, Any]]) -> Conv:
    types = schema.get("type")
    kinds = set(types) if isinstance(types, list) else {types}
    kinds |= {b.get("type") for b in branches}  # `anyOf: [integer, string]` (Q1, Q3, Q8)
    if {"integer", "string"} <= kinds:
        return Conv("code", "int | None")
    if kinds == {"integer"}:
        return Conv("int", "int | None")
    if "string" in kinds:
        return Conv("str", "str | None")
    if kinds == {"object"}:
        return Conv("object", "dict[str, Any] | None")
    raise SystemExit(f"generate_models: no converter for {wire}: {dict(schema)}")


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


def zone_minutes(zone: str) -> int | None:
    """An x-koodrive-time zone's offset in minutes; None for UTC."""
    if zone == "UTC":
        return None
    m = re.fullmatch(r"([+-])(\d{2}):(\d{2})", zone)
    if not m:
        raise SystemExit(f"x-koodrive-time zone {zone!r} is neither UTC nor ±HH:MM")
    sign = -1 if m.group(1) == "-" else 1
    return sign * (int(m.group(2)) * 60 + int(m.group(3)))


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


def union_branches(schema: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The alternatives of a union (`anyOf`, or `oneOf` in an older spec), or none."""
    return list(schema.get("anyOf", schema.get("oneOf", ())))


def python_enum_names(schema: Mapping[str, Any]) -> list[str]:
    """The Python members of an enum: `x-koodrive-enum-names` where the spec keeps them apart from
    `x-enum-varnames` (which must be unique across the document for other generators)."""
    names = schema.get("x-koodrive-enum-names", schema["x-enum-varnames"])
    return [str(n) for n in names]


#: The page-size parameters whose `maximum` facts.py names: constant -> (operationId, parameter).
PAGE_MAXIMA = {
    "MAX_JOBS_PER_PAGE": ("listJobs", "limit"),
    "MAX_TASKS_PER_PAGE": ("listTasks", "pageSize"),
}


def parameter_maximum(doc: Mapping[str, Any], operation_id: str, name: str) -> int:
    """The `maximum` of one operation's query parameter (inline, as every page size is)."""
    for item in doc["paths"].values():
        for operation in item.values():
            if not isinstance(operation, Mapping) or operation.get("operationId") != operation_id:
                continue
            for parameter in operation.get("parameters", ()):
                if parameter.get("name") == name and parameter.get("in") == "query":
                    maximum = parameter["schema"].get("maximum")
                    if isinstance(maximum, bool) or not isinstance(maximum, int) or maximum < 1:
                        raise ValueError(f"{operation_id}.{name}: expected an integer maximum >= 1")
                    return maximum
            raise ValueError(f"{operation_id}: no query parameter {name!r}")
    raise ValueError(f"no operation {operation_id!r}")


def facts_context(spec: Spec) -> dict[str, Any]:
    """What facts.py.jinja writes: the snowflake, the time zones and ranges, the secret field
    names, the throttle codes, the files per job, the page-size maxima, the default server, the
    token spellings and the signing facts (the
    operations are the registry's: scripts/generate_operations.py)."""
    snow = spec.schemas["SnowflakeId"]["x-koodrive-snowflake"]
    zones = [
        {
            "const": f"ZONE_{upper_snake(name)}",
            "minutes": zone_minutes(schema["x-koodrive-time"]["zone"]),
            "zone": schema["x-koodrive-time"]["zone"],
            "schema": name,
            "format": schema["x-koodrive-time"]["format"],
        }
        for name, schema in spec.schemas.items()
        if schema.get("x-koodrive-time")
    ]
    # The API gateway's throttle codes (x-koodrive-throttle-codes on ErrorBody, Q65).
    throttle = spec.schemas["ErrorBody"]["x-koodrive-throttle-codes"]
    if not throttle or not all(isinstance(c, str) and c for c in throttle):
        raise ValueError("x-koodrive-throttle-codes: expected a non-empty list of codes")
    schemes = spec.doc["components"]["securitySchemes"]
    # The files one batch job is given (x-koodrive-job-limits on CreateJobTaskInfo.fileInfo).
    per_job = spec.schemas["CreateJobTaskInfo"]["properties"]["fileInfo"]["x-koodrive-job-limits"][
        "filesPerJob"
    ]
    if isinstance(per_job, bool) or not isinstance(per_job, int) or per_job < 1:
        raise ValueError("x-koodrive-job-limits: filesPerJob must be an int >= 1")
    return {
        "snowflake": {
            "epoch": snow["epoch"],
            "epoch_ms": int(datetime.fromisoformat(snow["epoch"]).timestamp() * 1000),
            "shift": int(snow["shift"]),
            "bits": int(snow["bits"]),
            "max": snowflake_max(spec.schemas["SnowflakeId"]),
        },
        "zones": zones,
        "ranges": sorted(spec.time_ranges.items()),
        # what the debug log, the probe's recordings and error scrubbing mask by name
        "secrets": sorted(secret_fields(spec.doc)),
        "throttle_codes": tuple(str(c) for c in throttle),
        "max_files_per_job": per_job,
        "page_maxima": [
            (const, op, name, parameter_maximum(spec.doc, op, name))
            for const, (op, name) in PAGE_MAXIMA.items()
        ],
        "default_base_url": str(spec.doc["servers"][0]["url"]),
        # the token's Authorization spellings (x-koodrive-token-spellings on koodriveToken, Q27)
        "token_spellings": {
            str(k): str(v) for k, v in schemes["koodriveToken"]["x-koodrive-token-spellings"].items()
        },
        # app-auth signing facts, so the core package signs without a YAML parser (koodrive_tasks.auth)
        "signing": dict(schemes["koodriveAppAuth"]["x-koodrive-signing"]),
    }


def facts_module(spec: Spec) -> str:
    return render("facts.py.jinja", **facts_context(spec))


def inlinable(rec: RecordSchema) -> bool:
    """A list item record read inside its parent's loop: flat, no lists or records of its own."""
    return not rec.flatten and all(f.conv.nested is None for f in rec.fields)


def parse_body(
    rec: RecordSchema, classes: dict[str, list[Field]], by_schema: dict[str, RecordSchema]
) -> Body:
    """The unchecked path of `rec`'s parser: the record made with `_new` and its slots set one by one
    (no __init__ frame), each value through its inlined converter; a list of flat records read in a
    loop there. One step per attribute of the class, in the class's order."""
    mine = {f.name: f for f in rec.flat_fields + rec.fields}
    # A record's times are often the same instant (a task created and started in the same second):
    # a time equal on the wire to the first one of its converter reuses its datetime (immutable).
    times = Counter(g.conv.time_key for g in mine.values() if g.conv.time_key)
    first_time: dict[str, str] = {}
    steps: list[Step] = []
    for f in classes[rec.cls]:
        if f.name not in mine:  # another schema's attribute of this class: its default
            steps.append(Step("default", f.name, f))
            continue
        g = mine[f.name]
        flat = g in rec.flat_fields
        item = by_schema.get(g.conv.item_schema or "")
        key = g.conv.time_key
        if g.conv.is_list and item is not None and inlinable(item):
            # a 1,000-file job: the per-file parse inlined, no call per item
            steps.append(Step("loop", f.name, g, flat, item=parse_body(item, classes, by_schema)))
        elif g.conv.is_list:
            steps.append(Step("list", f.name, g, flat))
        elif key and key in first_time:
            steps.append(Step("same_time", f.name, g, flat, first=first_time[key]))
        elif key and times[key] > 1:
            first_time[key] = f.name
            steps.append(Step("first_time", f.name, g, flat))
        else:
            steps.append(Step("plain", f.name, g, flat))
    return Body(rec, steps)


def class_attrs(fields: list[Field]) -> list[ClassAttr]:
    """A class's dataclass fields: the required ones (no default) first."""
    required = {f.name for f in fields[: sum(1 for f in fields if f.required)]}
    attrs = []
    for f in fields:
        req = f.name in required and f.required
        ann = annotation(f, req)
        attrs.append(ClassAttr(f.name, ann, None if req else f.conv.default, f.wire))
    return attrs


def record_enums(spec: Spec) -> list[dict[str, Any]]:
    """The enums the spec names for users (string enums of digits become IntEnums, Q9)."""
    return [
        {
            "cls": cls,
            "doc": schema.get("description", cls),
            "members": list(
                zip(
                    python_enum_names(schema),
                    [int(value) for value in schema["enum"]],
                    schema.get("x-enum-descriptions", schema["enum"]),
                    strict=True,
                )
            ),
        }
        for cls, schema in spec.record_enums.items()
    ]


def records_context(spec: Spec) -> dict[str, Any]:
    """What records.py.jinja writes: the classes, the enums, and a parser per record schema (a list
    parser too for each record a page carries)."""
    records = spec.records()
    classes = class_fields(records)
    by_schema = {r.schema: r for r in records}
    listed = {name for name in spec.listed_records() if inlinable(by_schema[name])}
    secrets = secret_fields(spec.doc)
    return {
        "behaviour_module": BEHAVIOUR_MODULE,
        "behaviours": sorted(set(BEHAVIOURS.values())),
        "enum_imports": [(snake(e), e) for e in sorted(spec.enum_imports)],
        "facts": sorted(spec.time_zones) + sorted(spec.time_ranges),
        "all": sorted(
            {*classes, *spec.record_enums}
            | {r.parser for r in records}
            | {f"{r.parser}_list" for r in records if r.schema in listed}
        ),
        "enums": record_enums(spec),
        "classes": [
            {
                "cls": cls,
                "base": BEHAVIOURS.get(cls),
                "schemas": ", ".join(r.schema for r in records if r.cls == cls),
                "attrs": class_attrs(fields),
                # attributes the spec marks secret (format: password, x-koodrive-secret): `***` in the repr
                "secret_attrs": sorted({f.name for f in fields if f.wire in secrets}),
            }
            for cls, fields in classes.items()
        ],
        # the enums' value -> member tables: a user enum is looked up by the wire's strings
        "members": [
            (const, enum_name, enum_name in spec.record_enums)
            for const, enum_name in sorted(spec.members.items())
        ],
        "parsers": [
            {"body": parse_body(rec, classes, by_schema), "listed": rec.schema in listed} for rec in records
        ],
    }


def records_module(spec: Spec) -> str:
    return render("records.py.jinja", **records_context(spec))


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
