"""Request validation driven by the spec: one compiled validator per parameter and body, built once.

The spec (`spec/koodrive-tasks.yaml`, reached through the package's `spec` symlink) is the only
copy of the schemas. Each schema is compiled with jsonschema-rs as
`{"$ref": "#/components/schemas/X", "components": <the spec's components>}`, so its references
resolve inside the spec itself. jsonschema-rs checks a CreateJob body in about 2 µs where the
pure-Python `jsonschema` takes about 490 µs (measured on this machine), which is what lets the
emulator serve at close to the bare server's speed.

Query and header values arrive as text; they are turned into the JSON type their schema names
(strictly: `1.0`, `+1`, ` 1` are not integers) before the schema checks them.

The emulator refuses only what a page states. A constraint the spec marks `x-koodrive-assumption`
(spec/EXTENSIONS.md) is checked leniently: each schema that reaches an assumption is compiled twice,
as written and with the assumed keywords removed; a value that passes the second but not the first
is accepted, logged and counted in `SpecValidators.assumption_hits`.

This is the one request validator of the project: the emulator refuses with `validate()` (the first
problem, lenient on assumptions), and `scripts/check_examples.py` checks each example pair's request
with `problems()` (every problem, with the schema's messages, strict on assumptions, and undeclared
parameters reported).
"""

from __future__ import annotations

import json
import logging
import math
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs
import yaml

SPEC_PATH = Path(__file__).resolve().parent / "spec" / "koodrive-tasks.yaml"
INTEGER = re.compile(r"-?[0-9]{1,20}")
MAX_BODY_BYTES = 4 * 1024 * 1024
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
ASSUMPTION_KEY = "x-koodrive-assumption"
LOG = logging.getLogger(__name__)

JSON = Any


class BadRequest(Exception):
    """The request does not conform to the spec; answered with 400 {code: 13000102}."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


@dataclass(frozen=True)
class Param:
    name: str
    location: str
    required: bool
    kind: str  # "integer", "string", "boolean", "number", "array"
    item_kind: str | None
    allow_empty: bool
    check: Callable[[JSON], bool]
    schema: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class RequestRules:
    """What one operation accepts, compiled from the spec: its parameters and body checks (the
    operation's wire shape is `koodrive_generated.operations.Operation`; this is how it is checked)."""

    operation_id: str
    method: str
    path: str
    params: list[Param]
    query: dict[str, Param] = field(default_factory=dict)
    headers: dict[str, Param] = field(default_factory=dict)
    path_params: dict[str, Param] = field(default_factory=dict)
    body_check: Callable[[JSON], bool] | None = None
    body_required: bool = False
    body_schema: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class Problem:
    """One way a request breaks its operation's rules: `detail` is what the emulator answers;
    `value` and `schema` (when a value broke its schema) let `problems()` give the schema's words."""

    part: str  # "path", "query", "header", "body"
    name: str  # the parameter's name ("" for the body)
    detail: str
    value: JSON = None
    schema: Mapping[str, Any] | None = None


@dataclass
class Validated:
    path: dict[str, JSON]
    query: dict[str, JSON]
    headers: dict[str, str]
    body: JSON


def load_spec(path: Path = SPEC_PATH) -> dict[str, Any]:
    """The spec document at `path`, parsed once per file (`load_spec()` and `load_spec(SPEC_PATH)`
    are one parse: a cache keyed by the call parsed it twice, about 0.1 s on the first request)."""
    return _parsed_spec(Path(path).resolve())


@cache
def _parsed_spec(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        spec: dict[str, Any] = yaml.safe_load(handle)
    return spec


class SpecValidators:
    """Compiled request (and, for tests, response) validators for every operation of the spec."""

    def __init__(self, spec: Mapping[str, Any] | None = None) -> None:
        self.spec = dict(spec) if spec is not None else load_spec()
        self.components = with_format_bounds(self.spec.get("components", {}))
        self.stated_components = with_format_bounds(without_assumptions(self.spec.get("components", {})))
        self.operations: dict[str, RequestRules] = {}
        #: Requests accepted although they break an assumed constraint, per "<operationId> <part>".
        self.assumption_hits: Counter[str] = Counter()
        self._hits_lock = threading.Lock()
        self._compiled: dict[str, jsonschema_rs.Draft202012Validator] = {}
        for path, item in self.spec["paths"].items():
            shared = item.get("parameters", [])
            for method in METHODS:
                op = item.get(method)
                if op is None:
                    continue
                op_id = op["operationId"]
                params = [self._param(p, op_id) for p in [*shared, *op.get("parameters", [])]]
                operation = RequestRules(op["operationId"], method.upper(), path, params)
                for p in params:
                    {"query": operation.query, "header": operation.headers, "path": operation.path_params}[
                        p.location
                    ][p.name.lower() if p.location == "header" else p.name] = p
                body = op.get("requestBody")
                if body is not None:
                    body = self._deref(body)
                    schema = body["content"]["application/json"]["schema"]
                    operation.body_check = self._checker(schema, f"{op_id} body")
                    operation.body_required = bool(body.get("required"))
                    operation.body_schema = schema
                self.operations[operation.operation_id] = operation

    # ---- compilation ---------------------------------------------------------------------------
    def _deref(self, node: Any) -> Any:
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if not ref.startswith("#/"):
                raise ValueError(f"external reference in a request schema: {ref}")
            target: Any = self.spec
            for part in ref[2:].split("/"):
                target = target[part]
            node = target
        return node

    def _compile(
        self, schema: Mapping[str, Any], *, stated: bool = False
    ) -> jsonschema_rs.Draft202012Validator:
        key = json.dumps([stated, schema], sort_keys=True)
        validator = self._compiled.get(key)
        if validator is None:
            components = self.stated_components if stated else self.components
            document = {**with_format_bounds(schema), "components": components}
            validator = jsonschema_rs.Draft202012Validator(document)
            self._compiled[key] = validator
        return validator

    def _checker(self, schema: Mapping[str, Any], label: str) -> Callable[[JSON], bool]:
        """The request check of one schema: strict on stated constraints, lenient on assumed ones."""
        full = _safe(self._compile(schema).is_valid)
        if not self._reaches_assumption(schema, set()):
            return full
        stated = _safe(self._compile(without_assumptions(schema), stated=True).is_valid)

        def check(value: JSON) -> bool:
            if full(value):
                return True  # the common case costs one check
            if stated(value):
                self.note_assumption(label)  # broke only an assumed constraint: accepted, counted
                return True
            return False

        return check

    def note_assumption(self, label: str) -> None:
        """Count (and log) a request accepted although it breaks an assumed rule."""
        with self._hits_lock:
            self.assumption_hits[label] += 1
        LOG.info("accepted a request that breaks an assumed constraint: %s", label)

    def _reaches_assumption(self, node: Any, seen: set[str]) -> bool:
        if isinstance(node, Mapping):
            if ASSUMPTION_KEY in node:
                return True
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/") and ref not in seen:
                seen.add(ref)
                if self._reaches_assumption(self._deref({"$ref": ref}), seen):
                    return True
            return any(self._reaches_assumption(v, seen) for k, v in node.items() if k != "$ref")
        if isinstance(node, list):
            return any(self._reaches_assumption(v, seen) for v in node)
        return False

    def _kind(self, schema: Mapping[str, Any]) -> str:
        schema = self._deref(schema)
        if "type" not in schema:  # a union (`pageCursor`: a Long, or the empty name of Q4): its first type
            for branch in schema.get("anyOf", schema.get("oneOf", [])):
                return self._kind(branch)
        kind = schema.get("type", "string")
        if isinstance(kind, list):
            kind = next((k for k in kind if k != "null"), "string")
        return str(kind)

    def _param(self, raw: Mapping[str, Any], operation_id: str) -> Param:
        p = self._deref(raw)
        schema = p.get("schema", {})
        kind = self._kind(schema)
        item_kind = self._kind(self._deref(schema).get("items", {})) if kind == "array" else None
        return Param(
            name=p["name"],
            location=p["in"],
            required=bool(p.get("required")),
            kind=kind,
            item_kind=item_kind,
            allow_empty=bool(p.get("allowEmptyValue")),
            check=self._checker(schema, f"{operation_id} {p['in']} {p['name']}"),
            schema=schema,
        )

    def response_validator(self, operation_id: str, status: int | str) -> jsonschema_rs.Draft202012Validator:
        """The compiled schema of one documented response (for tests and self-checks)."""
        for path_item in self.spec["paths"].values():
            for method in METHODS:
                op = path_item.get(method)
                if op and op["operationId"] == operation_id:
                    response = self._deref(op["responses"][str(status)])
                    return self._compile(response["content"]["application/json"]["schema"])
        raise KeyError(operation_id)

    # ---- checking a request --------------------------------------------------------------------
    def validate(
        self,
        operation: RequestRules,
        path_params: Mapping[str, str],
        query: list[tuple[str, str]],
        headers: Mapping[str, list[str]],
        body: bytes,
    ) -> Validated:
        """The request's values typed as the spec says; BadRequest with the first problem (a value
        that breaks only an assumed constraint is accepted and counted)."""
        out = Validated({}, {}, {}, None)
        for problem in self._problems(operation, path_params, query, headers, body, out, strict=False):
            raise BadRequest(problem.detail)
        return out

    def problems(
        self,
        operation: RequestRules,
        path_params: Mapping[str, str],
        query: list[tuple[str, str]],
        headers: Mapping[str, list[str]],
        body: bytes | None,
        *,
        ignore_headers: frozenset[str] = frozenset(),
    ) -> list[str]:
        """Every problem of a request, strictly (assumed constraints included), each as
        `"<part> <name>: <what is wrong>"` with the schema's own words where a value broke it; a
        query parameter or header the operation does not declare is a problem too (but for the
        headers named in `ignore_headers`, lower case: the security schemes' own)."""
        out = Validated({}, {}, {}, None)
        found: list[str] = []
        for name, _ in query:
            if name not in operation.query:
                found.append(f"query parameter {name!r} is not declared by {operation.operation_id}")
        for name in headers:
            if name not in operation.headers and name not in ignore_headers and name != "content-type":
                found.append(f"header parameter {name!r} is not declared by {operation.operation_id}")
        raw = b"" if body is None else body
        for problem in self._problems(operation, path_params, query, headers, raw, out, strict=True):
            where = f"{problem.part} {problem.name}".strip()
            if problem.schema is None:
                found.append(f"{where}: {problem.detail}")
                continue
            messages = self._messages(problem.schema, problem.value)
            found += [f"{where}: {message}" for message in messages or [problem.detail]]
        return list(dict.fromkeys(found))

    def _messages(self, schema: Mapping[str, Any], value: JSON) -> list[str]:
        try:
            errors = self._compile(schema).iter_errors(value)
            return [
                f"{'/'.join(str(p) for p in error.instance_path) or '<root>'}: {error.message}"
                for error in errors
            ]
        except Exception:  # a value the validator cannot take at all (a huge integer)
            return []

    def _problems(
        self,
        operation: RequestRules,
        path_params: Mapping[str, str],
        query: list[tuple[str, str]],
        headers: Mapping[str, list[str]],
        body: bytes,
        out: Validated,
        *,
        strict: bool,
    ) -> Iterator[Problem]:
        """The problems of a request, in the order the emulator checks them, filling `out` with the
        values that pass. `strict`: a value must pass its schema as written, assumptions included."""

        def passes(check: Callable[[JSON], bool], schema: Mapping[str, Any] | None, value: JSON) -> bool:
            if strict and schema is not None:
                return _safe(self._compile(schema).is_valid)(value)
            return check(value)

        for name, param in operation.path_params.items():
            raw = path_params.get(name, "")
            try:
                value = _coerce(param, raw)
            except BadRequest as exc:
                yield Problem("path", name, exc.detail)
                continue
            if not passes(param.check, param.schema, value):
                yield Problem("path", name, f"path parameter {name} is invalid", value, param.schema)
                continue
            out.path[name] = value

        seen: dict[str, list[str]] = {}
        for name, value in query:
            if name in operation.query:
                seen.setdefault(name, []).append(value)
        for name, param in operation.query.items():
            values = seen.get(name)
            if values is None:
                if param.required:
                    yield Problem("query", name, f"query parameter {name} is required")
                continue
            try:
                if param.kind == "array":
                    # The spec sends an array as a repeated parameter (`status=0&status=1`), an
                    # assumption (Q24): one value holding commas (`status=0,1`) is accepted as well.
                    comma = len(values) == 1 and "," in values[0]
                    if comma:
                        values = values[0].split(",")
                    value = [_coerce_scalar(param.item_kind or "string", v, name) for v in values]
                    if comma and not strict and param.check(value):
                        self.note_assumption(f"{operation.operation_id} query {name} comma-separated")
                else:
                    if len(values) > 1:
                        yield Problem("query", name, f"query parameter {name} is repeated")
                        continue
                    if values[0] == "" and param.allow_empty and not param.required:
                        continue  # Q4: `&pageCursor` with no value means "first page"
                    value = _coerce(param, values[0])
            except BadRequest as exc:
                yield Problem("query", name, exc.detail)
                continue
            if not passes(param.check, param.schema, value):
                yield Problem("query", name, f"query parameter {name} is invalid", value, param.schema)
                continue
            out.query[name] = value

        for name, param in operation.headers.items():
            values = headers.get(name)
            if not values:
                if param.required:
                    yield Problem("header", param.name, f"header {param.name} is required")
                continue
            if len(values) > 1:
                yield Problem("header", param.name, f"header {param.name} is repeated")
                continue
            try:
                value = _coerce(param, values[0])
            except BadRequest as exc:
                yield Problem("header", param.name, exc.detail)
                continue
            if not passes(param.check, param.schema, value):
                yield Problem("header", param.name, f"header {param.name} is invalid", value, param.schema)
                continue
            out.headers[name] = value

        if operation.body_check is None:
            if body and strict:  # the emulator ignores a body nobody asked for; an example may not show one
                yield Problem("request", "body", f"{operation.operation_id} takes no request body")
            return
        content_types = headers.get("content-type", [])
        if len(content_types) > 1:
            yield Problem("request", "body", "Content-Type is repeated")
            return
        if content_types:
            media = content_types[0].split(";", 1)[0].strip().lower()
            if media != "application/json":
                yield Problem("request", "body", "the body must be application/json")
                return
        if not body:
            if operation.body_required:
                yield Problem("request", "body", "a JSON body is required")
            return
        try:
            parsed = parse_json(body)
        except BadRequest as exc:
            yield Problem("request", "body", exc.detail)
            return
        if not passes(operation.body_check, operation.body_schema, parsed):
            yield Problem(
                "request", "body", "the body does not match the schema", parsed, operation.body_schema
            )
            return
        out.body = parsed


@cache
def component_check(spec_path: Path, name: str) -> Callable[[JSON], bool]:
    """Whether a value conforms to the component schema `name` as the spec writes it, assumed
    constraints included: the check a value the emulator is about to echo must pass (a request
    may break an assumed constraint and be accepted; its value never goes out where it breaks one)."""
    spec = load_spec(spec_path)
    document = {"$ref": f"#/components/schemas/{name}", "components": with_format_bounds(spec["components"])}
    return _safe(jsonschema_rs.Draft202012Validator(document).is_valid)


def without_assumptions(node: Any) -> Any:
    """A copy of a schema tree without the constraint keywords its nodes mark as assumptions."""
    if isinstance(node, Mapping):
        assumed = node.get(ASSUMPTION_KEY)
        drop = set(assumed) if isinstance(assumed, Mapping) else set()
        return {k: without_assumptions(v) for k, v in node.items() if k not in drop}
    if isinstance(node, list):
        return [without_assumptions(v) for v in node]
    return node


#: The tables' Integer and Long are Java's int and long: `format` bounds a value as the type does.
FORMAT_BOUNDS = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}


def with_format_bounds(node: Any) -> Any:
    """A copy of a schema tree in which `format: int32`/`int64` also bound the value (JSON Schema
    treats `format` as an annotation; the pages' Integer and Long are fixed-width)."""
    if isinstance(node, Mapping):
        out = {k: with_format_bounds(v) for k, v in node.items()}
        bounds = FORMAT_BOUNDS.get(str(node.get("format")))
        if bounds is not None and node.get("type") == "integer":
            low, high = bounds
            out["minimum"] = max(low, out.get("minimum", low))
            out["maximum"] = min(high, out.get("maximum", high))
        return out
    if isinstance(node, list):
        return [with_format_bounds(v) for v in node]
    return node


def _reject_constant(name: str) -> JSON:
    raise ValueError(f"{name} is not JSON")


def parse_json(body: bytes) -> JSON:
    """Strict JSON: UTF-8, no NaN or Infinity, no lone surrogates, bounded size and depth."""
    if len(body) > MAX_BODY_BYTES:
        raise BadRequest("the body is too large")
    try:
        text = body.decode("utf-8")
        value = json.loads(text, parse_constant=_reject_constant)
        json.dumps(value, ensure_ascii=False).encode("utf-8")  # lone surrogates (\ud800) cannot be stored
    except (UnicodeError, ValueError, RecursionError) as exc:
        raise BadRequest("the body is not valid JSON") from exc
    return value


def _coerce_scalar(kind: str, raw: str, name: str) -> JSON:
    if kind == "integer":
        if not INTEGER.fullmatch(raw):
            raise BadRequest(f"{name} must be an integer")
        return int(raw)
    if kind == "number":
        try:
            number = float(raw)
        except ValueError as exc:
            raise BadRequest(f"{name} must be a number") from exc
        if not math.isfinite(number):
            raise BadRequest(f"{name} must be a finite number")
        return number
    if kind == "boolean":
        if raw not in ("true", "false"):
            raise BadRequest(f"{name} must be true or false")
        return raw == "true"
    return raw


def _coerce(param: Param, raw: str) -> JSON:
    return _coerce_scalar(param.kind, raw, param.name)


def _safe(check: Callable[[JSON], bool]) -> Callable[[JSON], bool]:
    """A check that answers False where the validator cannot even take the value (huge integers)."""

    def safe(value: JSON) -> bool:
        try:
            return bool(check(value))
        except Exception:
            return False

    return safe
