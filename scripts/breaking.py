"""Breaking-change gate on the spec (`make breaking`, issue 14 item 3).

Compares the working tree's spec with the spec at a base commit and fails on any change that
breaks users of the generated client or of the wire. Direction-aware, like the differ GitHub keeps
in rest-api-description: on the *request* side (what clients send) the new spec must accept
everything the old one did; on the *response* side (what clients read) it must promise nothing
the old one did not. Additions (new operations, optional parameters, optional request
properties, response fields, values of an open response enum) pass. `x-` keys are ignored.

Optic 1.0.9 was tried first: it starts on Node 20 once `ajv` is pinned to one version, but its
default rules miss a changed operationId and a tightened request `maxLength`, so this differ is
the gate.

Intentional breaks go into spec/breaking-allow.yaml, each with its kind, pointer and a reason.

The spec's own version (`info.version`, semver) moves with what changed against each base: a break
(one the allow-list lets through) needs a new major version, an addition or any other change of
structure (a path, parameter, property, schema, enum value, constraint, `x-` key other than the
citations) a new minor one, and a change of text only (`description`, `summary`, `externalDocs`,
examples, `x-koodrive-source`/`x-koodrive-assumption` citations) a new patch one. The gate fails when
`info.version` is lower than that, or when spec/CHANGELOG.md has no `## <version>` entry for it;
`--bump` writes the version it needs into the spec.

Base: `--base REF` (or `BASE=` through make); by default the merge base of HEAD and origin/main
(the local main when there is no remote; HEAD~1 when that is HEAD itself or cannot be found),
and, when a tag exists, the last release tag too. `--base last-release` compares with
`git describe --tags --abbrev=0` only. When no base exists (a shallow or single-commit checkout)
the gate prints that it skipped and passes.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when built in
DEFAULT_SPEC = ROOT / "spec" / "koodrive-tasks.yaml"
DEFAULT_ALLOW = ROOT / "spec" / "breaking-allow.yaml"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

# Every kind of break this gate reports, with why it breaks users.
KINDS: dict[str, str] = {
    "operation-removed": "clients calling this operation get 404 and the generated function disappears",
    "operation-id-changed": "generated modules and functions are named after the operationId; imports break",
    "parameter-removed": "clients that send it lose the generated argument (or the server ignores it)",
    "parameter-made-required": "clients that leave it out are refused",
    "parameter-required-added": "a new required parameter: every existing call is refused",
    "parameter-serialization-changed": "style/explode changed: the same values are written differently",
    "request-body-removed": "clients that send a body lose the generated argument",
    "request-body-made-required": "clients that send no body are refused",
    "request-media-type-removed": "clients sending this content type are refused",
    "request-property-removed": "clients that send it lose the generated field (or the server ignores it)",
    "request-property-required": "clients that leave it out are refused",
    "request-type-narrowed": "values of the dropped type(s), accepted before, are refused",
    "request-format-changed": "values valid in the old format may be refused",
    "request-enum-added": "a free value is now restricted to an enum: other values are refused",
    "request-constraint-tightened": "values that met the old bound are refused",
    "request-pattern-tightened": "values matching the old pattern are refused",
    "request-additional-properties-closed": "extra properties, accepted before, are refused",
    "request-variant-removed": "clients sending this form of the value are refused",
    "request-default-changed": "clients that leave it out get different behaviour",
    "enum-value-removed": "the generated enum member disappears; clients naming or sending it break",
    "response-enum-value-added": "a closed response enum gains a value: the strict generated enum raises",
    "response-property-removed": "clients reading this field get nothing; the generated attribute disappears",
    "response-property-optional": "a field clients relied on may be missing (the generated type gains Unset)",
    "response-type-widened": "clients may now read a type they do not handle",
    "response-format-changed": "the generated client parses the value differently (e.g. str vs datetime)",
    "response-variant-added": "clients may now read a form of the value they do not handle",
    "response-status-removed": "the generated client no longer parses this status",
    "response-media-type-removed": "clients expecting this content type can no longer parse the reply",
    "security-form-removed": "clients authenticating this way are refused",
    "security-required-added": "clients calling without credentials are refused",
    "security-scheme-changed": "credentials sent as before (header, scheme) are no longer understood",
    "server-removed": "clients configured with this base URL lose it",
    "component-schema-removed": "the generated model or enum class named after it disappears; imports break",
}

UPPER_BOUNDS = ("maxLength", "maxItems", "maxProperties", "maximum", "exclusiveMaximum")
LOWER_BOUNDS = ("minLength", "minItems", "minProperties", "minimum", "exclusiveMinimum")
# Formats a request may move between without refusing a value the old format allowed.
FORMAT_WIDENING = {("int32", "int64"), ("float", "double")}
# Formats OpenAPI defines as hints only (`password`: obscure the value when shown).
ANNOTATION_FORMATS: set[str | None] = {None, "password"}
# The range an integer format states.
FORMAT_RANGE = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}


def _bounded_within(schema: dict[str, Any], fmt: Any) -> bool:
    """An integer schema whose minimum and maximum already lie in `fmt`'s range: adding the format
    refuses no value it accepted (the cursor's `maximum: 2^63-1` written as `format: int64`)."""
    low, high = FORMAT_RANGE.get(str(fmt), (None, None))
    lo, hi = schema.get("minimum"), schema.get("maximum")
    return (
        low is not None and high is not None and isinstance(lo, int) and isinstance(hi, int)
        and low <= lo and hi <= high
    )  # fmt: skip


def escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


@dataclass(frozen=True)
class Break:
    kind: str
    pointer: str
    detail: str
    where: str

    @property
    def why(self) -> str:
        return KINDS[self.kind]

    def line(self) -> str:
        detail = f" ({self.detail})" if self.detail else ""
        return f"{self.kind}  {self.pointer}  [{self.where}]{detail}: {self.why}"


@dataclass(frozen=True)
class Node:
    """A value in one of the spec's files, with where it sits (for pointers and cycle checks)."""

    value: Any
    file: str
    ptr: str

    def child(self, *tokens: str | int) -> Node:
        value = self.value
        ptr = self.ptr
        for token in tokens:
            value = value[token]
            ptr += "/" + escape(str(token))
        return Node(value, self.file, ptr)

    def get(self, key: str) -> Node | None:
        if isinstance(self.value, dict) and key in self.value:
            return self.child(key)
        return None

    def pointer(self, mains: tuple[str, ...]) -> str:
        """A JSON pointer into the spec, prefixed with the file when it lies in another one."""
        return (self.ptr or "/") if self.file in mains else f"{self.file}#{self.ptr}"


class Document:
    """The spec and the files its `$ref`s reach, read through `read(relative path) -> text`."""

    def __init__(self, main: str, read: Callable[[str], str]) -> None:
        self.main = main
        self._read = read
        self._files: dict[str, Any] = {}

    def load(self, file: str) -> Any:
        if file not in self._files:
            self._files[file] = yaml.load(self._read(file), Loader=SafeLoader)  # noqa: S506  (a safe loader)
        return self._files[file]

    @classmethod
    def of(cls, spec: Any) -> Document:
        """A document over an already-loaded spec (its external `$ref`s cannot be followed)."""

        def unreadable(name: str) -> str:
            raise FileNotFoundError(name)

        doc = cls("spec.yaml", unreadable)
        doc._files["spec.yaml"] = spec
        return doc

    def root(self) -> Node:
        return Node(self.load(self.main), self.main, "")

    def deref(self, node: Node) -> Node:
        """Follow `$ref` chains. Siblings of a `$ref` (3.1 allows them) overlay the target."""
        seen: set[tuple[str, str]] = set()
        overlay: dict[str, Any] = {}
        while isinstance(node.value, dict) and isinstance(node.value.get("$ref"), str):
            if (node.file, node.ptr) in seen:
                break
            seen.add((node.file, node.ptr))
            siblings = {k: v for k, v in node.value.items() if k != "$ref"}
            overlay = {**siblings, **overlay}
            ref: str = node.value["$ref"]
            target_file, _, fragment = ref.partition("#")
            file = node.file
            if target_file:
                file = str(PurePosixPath(node.file).parent / target_file)
            value = self.load(file)
            for token in [unescape(t) for t in fragment.split("/")[1:]]:
                value = value[int(token)] if isinstance(value, list) else value[token]
            node = Node(value, file, fragment)
        if overlay and isinstance(node.value, dict):
            node = Node({**node.value, **overlay}, node.file, node.ptr)
        return node


def type_set(schema: Any) -> set[str] | None:
    """The JSON types a schema allows, None for any."""
    if not isinstance(schema, dict):
        return None
    declared = schema.get("type")
    if declared is None:
        return None
    return {declared} if isinstance(declared, str) else set(declared)


def covers(wide: set[str], narrow: set[str]) -> bool:
    return all(t in wide or (t == "integer" and "number" in wide) for t in narrow)


def enum_values(schema: dict[str, Any]) -> list[Any] | None:
    if "enum" in schema:
        return list(schema["enum"])
    if "const" in schema:
        return [schema["const"]]
    return None


def contains(values: list[Any], value: Any) -> bool:
    # 1 and True, or 1 and "1", are different values on the wire.
    return any(type(v) is type(value) and v == value for v in values)


def pattern_counterexample(old: str, new: str) -> str | None:
    """A string that matches the old pattern and not the new one, if a search finds one.

    Deciding regex inclusion is hard in general; hypothesis generates strings from the old pattern
    (derandomized, so the gate gives the same answer every run) and checks them against the new.
    """
    # Imported here: hypothesis takes a second to import and only a changed pattern needs it.
    from hypothesis import HealthCheck, given, settings  # noqa: PLC0415
    from hypothesis import strategies as st  # noqa: PLC0415

    try:
        compiled = re.compile(new)
        strategy = st.from_regex(old)
    except re.error:
        return old
    found: list[str] = []

    @settings(
        max_examples=300,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
        deadline=None,
    )
    @given(strategy)
    def probe(value: str) -> None:
        if compiled.search(value) is None:
            found.append(value)
            raise AssertionError(value)

    try:
        probe()
    except AssertionError:
        return min(found, key=len) if found else old
    except Exception:  # an old pattern hypothesis cannot generate from: stay strict
        return old
    return None


@dataclass
class Differ:
    base: Document
    head: Document
    breaks: dict[tuple[str, str], Break] = field(default_factory=dict)
    _seen: set[tuple[str, str, str, str, str, bool]] = field(default_factory=set)

    def report(self, kind: str, node: Node, where: str, detail: str = "") -> None:
        pointer = node.pointer((self.base.main, self.head.main))
        self.breaks.setdefault((kind, pointer), Break(kind, pointer, detail, where))

    # --- document level --------------------------------------------------------------------------
    def run(self) -> list[Break]:
        b, h = self.base.root(), self.head.root()
        self.servers(b, h)
        schemes_used: set[str] = set()
        for path, method, bop in operations(b):
            hop = find_operation(h, path, method)
            where = str(bop.value.get("operationId") or f"{method.upper()} {path}")
            if hop is None:
                self.report("operation-removed", bop, where)
                continue
            self.operation(b, h, bop, hop, where)
            for form in effective_security(b, bop):
                schemes_used |= form
        self.security_schemes(b, h, schemes_used)
        self.component_schemas(b, h)
        return sorted(self.breaks.values(), key=lambda x: (x.pointer, x.kind))

    def component_schemas(self, b: Node, h: Node) -> None:
        """A removed object or enum component takes its generated model or enum class with it."""
        old = b.value.get("components", {}).get("schemas", {})
        new = h.value.get("components", {}).get("schemas", {})
        for name, schema in old.items():
            if name in new or not isinstance(schema, dict):
                continue
            if "enum" in schema or "properties" in schema or type_set(schema) == {"object"}:
                self.report("component-schema-removed", b.child("components", "schemas", name), name)

    def servers(self, b: Node, h: Node) -> None:
        head_urls = {s.get("url") for s in h.value.get("servers", [])}
        for i, server in enumerate(b.value.get("servers", [])):
            if server.get("url") not in head_urls:
                self.report("server-removed", b.child("servers", i), "servers", str(server.get("url")))

    def security_schemes(self, b: Node, h: Node, used: set[str]) -> None:
        bs = b.value.get("components", {}).get("securitySchemes", {})
        hs = h.value.get("components", {}).get("securitySchemes", {})
        for name in sorted(used):
            if name not in bs:
                continue
            old = self.base.deref(b.child("components", "securitySchemes", name)).value
            if name not in hs:
                continue  # every form using it is reported as security-form-removed
            new = self.head.deref(h.child("components", "securitySchemes", name))
            changed = scheme_change(old, new.value)
            if changed:
                self.report("security-scheme-changed", new, f"securitySchemes {name}", changed)

    def operation(self, b: Node, h: Node, bop: Node, hop: Node, where: str) -> None:
        old_id, new_id = bop.value.get("operationId"), hop.value.get("operationId")
        if old_id is not None and old_id != new_id:
            self.report("operation-id-changed", hop, where, f"{old_id} -> {new_id}")
        self.parameters(b, h, bop, hop, where)
        self.request_body(bop, hop, where)
        self.responses(bop, hop, where)
        self.security(b, h, bop, hop, where)

    def parameters(self, b: Node, h: Node, bop: Node, hop: Node, where: str) -> None:
        old = collect_parameters(self.base, b, bop)
        new = collect_parameters(self.head, h, hop)
        for key, bp in old.items():
            hp = new.get(key)
            label = f"{where} {key[0]} parameter {bp.value.get('name')}"
            if hp is None:
                self.report("parameter-removed", bp, label)
                continue
            if hp.value.get("required") and not bp.value.get("required"):
                self.report("parameter-made-required", hp, label)
            old_style, new_style = serialization(bp.value), serialization(hp.value)
            if old_style != new_style:
                self.report("parameter-serialization-changed", hp, label, f"{old_style} -> {new_style}")
            bschema, hschema = bp.get("schema"), hp.get("schema")
            if bschema is not None and hschema is not None:
                self.schema(bschema, hschema, "request", label)
        for key, hp in new.items():
            if key not in old and hp.value.get("required"):
                self.report("parameter-required-added", hp, f"{where} {key[0]} parameter {hp.value['name']}")

    def request_body(self, bop: Node, hop: Node, where: str) -> None:
        braw, hraw = bop.get("requestBody"), hop.get("requestBody")
        label = f"{where} request body"
        if braw is None:
            if hraw is not None and self.head.deref(hraw).value.get("required"):
                self.report("request-body-made-required", hraw, label)
            return
        bb = self.base.deref(braw)
        if hraw is None:
            self.report("request-body-removed", bb, label)
            return
        hb = self.head.deref(hraw)
        if hb.value.get("required") and not bb.value.get("required"):
            self.report("request-body-made-required", hb, label)
        self.content(bb, hb, "request", label)

    def responses(self, bop: Node, hop: Node, where: str) -> None:
        bresp, hresp = bop.get("responses"), hop.get("responses")
        if bresp is None:
            return
        for status in bresp.value:
            label = f"{where} response {status}"
            if hresp is None or status not in hresp.value:
                self.report("response-status-removed", bresp.child(status), label)
                continue
            br = self.base.deref(bresp.child(status))
            hr = self.head.deref(hresp.child(status))
            self.content(br, hr, "response", label)

    def content(self, b: Node, h: Node, direction: str, label: str) -> None:
        bc, hc = b.get("content"), h.get("content")
        if bc is None:
            return
        for media in bc.value:
            if hc is None or media not in hc.value:
                self.report(f"{direction}-media-type-removed", bc.child(media), label, media)
                continue
            bs, hs = bc.child(media).get("schema"), hc.child(media).get("schema")
            if bs is not None and hs is not None:
                self.schema(bs, hs, direction, label)

    def security(self, b: Node, h: Node, bop: Node, hop: Node, where: str) -> None:
        old, new = effective_security(b, bop), effective_security(h, hop)
        at = hop.get("security") or h.get("security") or hop
        if not old or frozenset() in old:
            if new and frozenset() not in new:
                self.report("security-required-added", at, where)
            return
        for form in old:
            if form not in new:
                self.report("security-form-removed", at, where, " + ".join(sorted(form)))

    # --- schemas ---------------------------------------------------------------------------------
    def schema(self, braw: Node, hraw: Node, direction: str, where: str, open_enum: bool = False) -> None:
        b, h = self.base.deref(braw), self.head.deref(hraw)
        # Shared components are compared once per direction: the first operation that reaches one names it.
        seen_key = (b.file, b.ptr, h.file, h.ptr, direction, open_enum)
        if seen_key in self._seen:
            return
        self._seen.add(seen_key)
        bs, hs = b.value, h.value
        if not isinstance(bs, dict) or not isinstance(hs, dict):
            return
        if alternatives(bs) or alternatives(hs):
            self.composite(b, h, direction, where, open_enum)
            return
        bflat, hflat = self.flatten(self.base, b), self.flatten(self.head, h)
        bs, hs = bflat.value, hflat.value
        request = direction == "request"
        self.types(b, h, bs, hs, request, where)
        self.formats(h, bs, hs, request, where)
        self.enums(b, h, bs, hs, request, where, open_enum)
        if request:
            self.constraints(h, bs, hs, where)
            if "default" in bs and hs.get("default") != bs["default"]:
                self.report("request-default-changed", h, where, f"{bs['default']} -> {hs.get('default')}")
        self.properties(b, h, direction, where)
        for keyword in ("items", "additionalProperties", "then", "else"):
            bsub, hsub = bflat.get(keyword), hflat.get(keyword)
            if hsub is not None and bsub is None and request and keyword in ("then", "else"):
                bsub = Node({}, b.file, b.ptr + "/" + keyword)
            if bsub is not None and hsub is not None and isinstance(bsub.value, dict):
                if isinstance(hsub.value, dict):
                    self.schema(bsub, hsub, direction, where)
                elif hsub.value is False and request:
                    self.report("request-additional-properties-closed", hsub, where)
            elif keyword == "additionalProperties" and request and hsub is not None and hsub.value is False:
                self.report("request-additional-properties-closed", hsub, where)

    def flatten(self, doc: Document, node: Node) -> Node:
        """Merge `allOf` members into one schema (properties and required lists united)."""
        value = node.value
        if not isinstance(value, dict) or "allOf" not in value:
            return node
        merged: dict[str, Any] = {k: v for k, v in value.items() if k != "allOf"}
        for i in range(len(value["allOf"])):
            part = self.flatten(doc, doc.deref(node.child("allOf", i)))
            for k, v in part.value.items():
                if k == "properties":
                    merged["properties"] = {**merged.get("properties", {}), **v}
                elif k == "required":
                    merged["required"] = sorted({*merged.get("required", []), *v})
                else:
                    merged.setdefault(k, v)
        return Node(merged, node.file, node.ptr)

    def property_nodes(self, doc: Document, node: Node) -> dict[str, Node]:
        """Properties with the pointer of the schema (or `allOf` member) that declares each."""
        out: dict[str, Node] = {}
        if not isinstance(node.value, dict):
            return out
        for i in range(len(node.value.get("allOf", []))):
            out.update(self.property_nodes(doc, doc.deref(node.child("allOf", i))))
        props = node.get("properties")
        if props is not None and isinstance(props.value, dict):
            out.update({name: props.child(name) for name in props.value})
        return out

    def types(
        self, b: Node, h: Node, bs: dict[str, Any], hs: dict[str, Any], request: bool, where: str
    ) -> None:
        bt, ht = type_set(bs), type_set(hs)
        if request:
            if ht is not None and (bt is None or not covers(ht, bt)):
                self.report("request-type-narrowed", h, where, f"{_fmt(bt)} -> {_fmt(ht)}")
        elif bt is not None and (ht is None or not covers(bt, ht)):
            self.report("response-type-widened", h, where, f"{_fmt(bt)} -> {_fmt(ht)}")

    def formats(self, h: Node, bs: dict[str, Any], hs: dict[str, Any], request: bool, where: str) -> None:
        bf, hf = bs.get("format"), hs.get("format")
        if bf == hf:
            return
        if bf is None and _bounded_within(bs, hf):  # the format only names bounds the base had
            return
        if {bf, hf} <= ANNOTATION_FORMATS:  # a hint to display, never a value refused or parsed
            return
        if request:
            if hf is not None and (bf is None or (bf, hf) not in FORMAT_WIDENING):
                self.report("request-format-changed", h, where, f"{bf} -> {hf}")
        elif (hf, bf) not in FORMAT_WIDENING:
            self.report("response-format-changed", h, where, f"{bf} -> {hf}")

    def enums(
        self,
        b: Node,
        h: Node,
        bs: dict[str, Any],
        hs: dict[str, Any],
        request: bool,
        where: str,
        open_enum: bool,
    ) -> None:
        be, he = enum_values(bs), enum_values(hs)
        if be is None:
            if he is not None and request:
                self.report("request-enum-added", h, where)
            return
        if he is None:
            if not request and not open_enum:
                self.report("response-type-widened", h, where, "enum dropped")
            return
        removed = [v for v in be if not contains(he, v)]
        if removed:
            self.report("enum-value-removed", h, where, ", ".join(map(repr, removed)))
        added = [v for v in he if not contains(be, v)]
        if added and not request and not open_enum:
            self.report("response-enum-value-added", h, where, ", ".join(map(repr, added)))

    def constraints(self, h: Node, bs: dict[str, Any], hs: dict[str, Any], where: str) -> None:
        for keyword in UPPER_BOUNDS + LOWER_BOUNDS:
            new = hs.get(keyword)
            if not isinstance(new, int | float) or isinstance(new, bool):
                continue
            old = bs.get(keyword)
            upper = keyword in UPPER_BOUNDS
            if old is None or (new < old if upper else new > old):
                self.report("request-constraint-tightened", h, where, f"{keyword} {old} -> {new}")
        if hs.get("uniqueItems") and not bs.get("uniqueItems"):
            self.report("request-constraint-tightened", h, where, "uniqueItems")
        new_multiple, old_multiple = hs.get("multipleOf"), bs.get("multipleOf")
        if new_multiple is not None and (old_multiple is None or old_multiple % new_multiple != 0):
            self.report(
                "request-constraint-tightened", h, where, f"multipleOf {old_multiple} -> {new_multiple}"
            )
        old_pattern, new_pattern = bs.get("pattern"), hs.get("pattern")
        if new_pattern is not None and new_pattern != old_pattern:
            witness = pattern_counterexample(old_pattern, new_pattern) if old_pattern else ""
            if witness is not None:
                shown = f"{witness!r} matched {old_pattern!r}, not {new_pattern!r}" if old_pattern else ""
                self.report("request-pattern-tightened", h, where, shown or f"new pattern {new_pattern!r}")

    def properties(self, b: Node, h: Node, direction: str, where: str) -> None:
        bf, hf = self.flatten(self.base, b), self.flatten(self.head, h)
        bprops = self.property_nodes(self.base, b)
        hprops = self.property_nodes(self.head, h)
        breq = set(bf.value.get("required", []))
        hreq = set(hf.value.get("required", []))
        for name, bp in bprops.items():
            hp = hprops.get(name)
            if hp is None:
                self.report(f"{direction}-property-removed", bp, where)
            else:
                self.schema(bp, hp, direction, where)
        if direction == "request":
            for name in sorted(hreq - breq):
                self.report("request-property-required", hprops.get(name) or h, where, name)
        else:
            for name in sorted(breq - hreq):
                if name in hprops:
                    self.report("response-property-optional", hprops[name], where, name)

    def composite(self, b: Node, h: Node, direction: str, where: str, open_enum: bool) -> None:
        """anyOf/oneOf: branches are matched by the component they name, else by their types."""
        request = direction == "request"
        bb, hb = self._branches(self.base, b), self._branches(self.head, h)
        # `type: [integer, string]` is the union `anyOf: [integer, string]` written in one schema
        if (alternatives(b.value) or len(bb) > 1) and (alternatives(h.value) or len(hb) > 1):
            is_open = not request and _is_open_enum(self.base, bb) and _is_open_enum(self.head, hb)
            for key, bnode in bb.items():
                hnode = hb.get(key)
                if hnode is not None:
                    self.schema(bnode, hnode, direction, where, open_enum or is_open)
                elif request:
                    self.report("request-variant-removed", bnode, where, key)
            if not request:
                for key, hnode in hb.items():
                    if key not in bb:
                        self.report("response-variant-added", hnode, where, key)
            return
        if alternatives(b.value):  # the head keeps one of the base's forms
            hkey = next(iter(hb))
            match = bb.get(hkey)
            if request and len(bb) > 1:
                self.report("request-type-narrowed", h, where, f"{' | '.join(bb)} -> {hkey}")
            if match is not None:
                self.schema(match, h, direction, where, open_enum)
            elif not request:
                self.report("response-type-widened", h, where, f"{' | '.join(bb)} -> {hkey}")
            return
        bkey = next(iter(bb))  # the head offers more forms than the base's one
        match = hb.get(bkey)
        if not request and len(hb) > 1:
            self.report("response-variant-added", h, where, f"{bkey} -> {' | '.join(hb)}")
        if match is not None:
            self.schema(b, match, direction, where, open_enum)
        elif request:
            self.report("request-type-narrowed", h, where, f"{bkey} -> {' | '.join(hb)}")

    def _branches(self, doc: Document, node: Node) -> dict[str, Node]:
        keyword = alternatives(node.value)
        types = type_set(node.value) if keyword is None else None
        if types is not None and len(types - {"null"}) > 1:  # one branch per type of a type list
            return {kind: node for kind in sorted(types)}
        if keyword is None:
            named = re.fullmatch(r"/components/schemas/([^/]+)", node.ptr)
            return {named.group(1) if named else _branch_key(node.value, node.value): node}
        out: dict[str, Node] = {}
        for i, raw in enumerate(node.value[keyword]):
            branch = node.child(keyword, i)
            key = _branch_key(raw, doc.deref(branch).value)
            out[key if key not in out else f"{key}#{i}"] = branch
        return out


def _branch_key(raw: Any, resolved: Any) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("$ref"), str):
        return str(raw["$ref"]).rsplit("/", 1)[-1]
    types = type_set(resolved)
    return "|".join(sorted(types)) if types else "any"


def _is_open_enum(doc: Document, branches: dict[str, Node]) -> bool:
    """anyOf [enum, plain type]: the client keeps unknown values, so a new value reads fine."""
    resolved = [doc.deref(n).value for n in branches.values()]
    has_enum = any(isinstance(r, dict) and enum_values(r) is not None for r in resolved)
    has_plain = any(isinstance(r, dict) and enum_values(r) is None and type_set(r) for r in resolved)
    return has_enum and has_plain


def alternatives(schema: Any) -> str | None:
    if isinstance(schema, dict):
        for keyword in ("anyOf", "oneOf"):
            if isinstance(schema.get(keyword), list):
                return keyword
    return None


def _fmt(types: set[str] | None) -> str:
    return "any" if types is None else "|".join(sorted(types))


def credential_location(scheme: dict[str, Any]) -> tuple[str, str] | None:
    """Where a credential travels: HTTP auth in `Authorization`, an API key where it says."""
    if scheme.get("type") == "http":
        return ("header", "authorization")
    if scheme.get("type") == "apiKey":
        where, name = str(scheme.get("in")), str(scheme.get("name"))
        return (where, name.lower() if where == "header" else name)  # header names fold case
    return None


def scheme_change(old: dict[str, Any], new: dict[str, Any]) -> str:
    """What changed in a security scheme in a way that refuses credentials sent as before ('' if nothing).

    `http` + `bearer` -> `apiKey` in header `Authorization` keeps the header and admits any value,
    `Bearer <t>` included: wider, not a break. The reverse narrows the value to one scheme.
    """
    old_type, new_type = old.get("type"), new.get("type")
    if old_type == new_type == "http":
        old_scheme, new_scheme = str(old.get("scheme", "")).lower(), str(new.get("scheme", "")).lower()
        return f"scheme {old_scheme} -> {new_scheme}" if old_scheme != new_scheme else ""
    old_at, new_at = credential_location(old), credential_location(new)
    if old_at is None or new_at is None:
        return f"type {old_type} -> {new_type}" if old_type != new_type else ""
    if old_at != new_at:
        return f"sent in {old_at[0]} {old_at[1]} -> {new_at[0]} {new_at[1]}"
    if old_type == "apiKey" and new_type == "http":
        return f"any {old_at[1]} value -> http {new.get('scheme')} only"
    return ""


def serialization(parameter: dict[str, Any]) -> tuple[str, bool]:
    """(style, explode) with OpenAPI's defaults filled in, so spelling a default out changes nothing."""
    style = str(
        parameter.get("style") or ("form" if parameter.get("in") in ("query", "cookie") else "simple")
    )
    return style, bool(parameter.get("explode", style == "form"))


def normalise_path(path: str) -> str:
    return re.sub(r"\{[^}]*\}", "{}", path)


def operations(root: Node) -> Iterator[tuple[str, str, Node]]:
    paths = root.get("paths")
    if paths is None:
        return
    for path, item in paths.value.items():
        for method in METHODS:
            if isinstance(item, dict) and method in item:
                yield path, method, paths.child(path, method)


def find_operation(root: Node, path: str, method: str) -> Node | None:
    wanted = normalise_path(path)
    for other, other_method, node in operations(root):
        if other_method == method and normalise_path(other) == wanted:
            return node
    return None


def collect_parameters(doc: Document, root: Node, op: Node) -> dict[tuple[str, str], Node]:
    """Path-level then operation-level parameters, keyed by (in, name); header names fold case."""
    out: dict[tuple[str, str], Node] = {}
    path_item = Node(root.value["paths"], root.file, "/paths")
    path_key = unescape(op.ptr.split("/")[2])
    sources = [path_item.child(path_key).get("parameters"), op.get("parameters")]
    for source in sources:
        if source is None:
            continue
        for i in range(len(source.value)):
            param = doc.deref(source.child(i))
            where, name = param.value.get("in", ""), str(param.value.get("name", ""))
            out[(where, name.lower() if where == "header" else name)] = param
    return out


def effective_security(root: Node, op: Node) -> set[frozenset[str]]:
    requirements = op.value.get("security", root.value.get("security", []))
    return {frozenset(req) for req in requirements}


# --- allow-list ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Allowance:
    kind: str
    pointer: str
    reason: str


def load_allow_list(path: Path) -> list[Allowance]:
    return parse_allow_list(path.read_text(encoding="utf-8"), str(path)) if path.exists() else []


def split_allowed(
    found: list[Break], allow: list[Allowance]
) -> tuple[list[Break], list[tuple[Break, Allowance]]]:
    """(breaks that block, breaks the allow-list lets through with the entry that does)."""
    blocking: list[Break] = []
    allowed: list[tuple[Break, Allowance]] = []
    for brk in found:
        match = next((a for a in allow if a.kind == brk.kind and a.pointer == brk.pointer), None)
        if match is None:
            blocking.append(brk)
        else:
            allowed.append((brk, match))
    return blocking, allowed


def parse_allow_list(text: str, source: str) -> list[Allowance]:
    data = yaml.safe_load(text) or {}
    entries = data.get("allow") or []
    out: list[Allowance] = []
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise ValueError(f"{source}: allow[{i}] is not a mapping")
        kind, pointer, reason = entry.get("kind"), entry.get("pointer"), entry.get("reason")
        if kind not in KINDS:
            raise ValueError(
                f"{source}: allow[{i}]: unknown kind {kind!r} (known: {', '.join(sorted(KINDS))})"
            )
        if not isinstance(pointer, str) or not pointer:
            raise ValueError(f"{source}: allow[{i}]: a pointer is required")
        if not isinstance(reason, str) or len(reason.strip()) < 10:
            raise ValueError(
                f"{source}: allow[{i}]: a written reason is required (why this break is intended)"
            )
        out.append(Allowance(kind, pointer, reason.strip()))
    return out


# --- the spec's version ---------------------------------------------------------------------------
#: Keys whose change is text only: a patch version.
TEXT_KEYS = frozenset(
    {
        "description", "summary", "title", "externalDocs", "example", "examples", "contact", "license",
        "x-koodrive-source", "x-koodrive-assumption", "x-enum-descriptions",
    }
)  # fmt: skip
SEMVER = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")
LEVELS = ("none", "patch", "minor", "major")


def parse_version(text: Any) -> tuple[int, int, int] | None:
    match = SEMVER.match(str(text))
    return (int(match[1]), int(match[2]), int(match[3])) if match else None


def bumped(version: tuple[int, int, int], level: str) -> tuple[int, int, int]:
    major, minor, patch = version
    if level == "major":
        return (major + 1, 0, 0)
    if level == "minor":
        return (major, minor + 1, 0)
    if level == "patch":
        return (major, minor, patch + 1)
    return version


def _without_version(spec: Any) -> Any:
    out = dict(spec)
    out["info"] = {k: v for k, v in (spec.get("info") or {}).items() if k != "version"}
    return out


def _strip_text(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _strip_text(v) for k, v in node.items() if k not in TEXT_KEYS}
    if isinstance(node, list):
        return [_strip_text(v) for v in node]
    return node


def change_level(base: Any, head: Any, breaks: list[Break]) -> str:
    """What the change from `base` to `head` needs: major, minor, patch or none."""
    if breaks:
        return "major"
    old, new = _without_version(base), _without_version(head)
    if old == new:
        return "none"
    return "minor" if _strip_text(old) != _strip_text(new) else "patch"


def version_problems(
    base: Any, head: Any, breaks: list[Break], changelog: str | None
) -> tuple[str, list[str]]:
    """(the level the change needs, why `head`'s info.version is not enough)."""
    level = change_level(base, head, breaks)
    old_text, new_text = (base.get("info") or {}).get("version"), (head.get("info") or {}).get("version")
    old, new = parse_version(old_text), parse_version(new_text)
    problems: list[str] = []
    if new is None:
        return level, [f"info.version {new_text!r} is not semver (MAJOR.MINOR.PATCH)"]
    if old is not None:
        needed = bumped(old, level)
        if new < needed:
            shown = ".".join(map(str, needed))
            problems.append(
                f"info.version {new_text} is below {shown}: a {level} change since {old_text} "
                f"(make breaking BUMP=1 writes it)"
            )
    if changelog is not None and not re.search(
        rf"^## \[?{re.escape(str(new_text))}\]?(\s|$)", changelog, re.M
    ):
        problems.append(f"spec/CHANGELOG.md has no `## {new_text}` entry")
    return level, problems


def compare(base: Document, head: Document) -> list[Break]:
    return Differ(base, head).run()


def compare_specs(base: Any, head: Any) -> list[Break]:
    """Compare two already-loaded specs (no external `$ref`s followed)."""

    return compare(Document.of(base), Document.of(head))


# --- git -----------------------------------------------------------------------------------------
def git(*args: str, cwd: Path = ROOT) -> str | None:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    return result.stdout.strip() if result.returncode == 0 else None


def commit_of(ref: str, cwd: Path) -> str | None:
    return git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", cwd=cwd)


def default_bases(cwd: Path) -> tuple[list[tuple[str, str]], list[str]]:
    """(description, commit) pairs to compare with, and notes on what was not found."""
    notes: list[str] = []
    bases: list[tuple[str, str]] = []
    head = commit_of("HEAD", cwd)
    # origin/main in a clone; the local main in a worktree of this repository with no remote.
    trunk = next((ref for ref in ("origin/main", "main") if commit_of(ref, cwd)), None)
    merge_base = git("merge-base", "HEAD", trunk, cwd=cwd) if trunk else None
    if merge_base and merge_base != head:
        bases.append((f"merge base of HEAD and {trunk}", merge_base))
    else:
        why = (
            f"of HEAD and {trunk} is HEAD itself"
            if merge_base
            else "of HEAD and origin/main not found (no origin/main or main, or a shallow history)"
        )
        parent = commit_of("HEAD~1", cwd)
        if parent:
            notes.append(f"merge base {why}: comparing with HEAD~1")
            bases.append(("HEAD~1", parent))
        else:
            notes.append(f"merge base {why}, and HEAD~1 does not exist")
    tag = git("describe", "--tags", "--abbrev=0", cwd=cwd)
    if tag:
        tagged = commit_of(tag, cwd)
        if tagged and tagged not in {c for _, c in bases}:
            bases.append((f"last release tag {tag}", tagged))
    return bases, notes


def git_reader(commit: str, spec_dir: Path, cwd: Path) -> Callable[[str], str]:
    top = Path(git("rev-parse", "--show-toplevel", cwd=cwd) or cwd)
    prefix = spec_dir.resolve().relative_to(top.resolve())

    def read(name: str) -> str:
        text = git("show", f"{commit}:{(prefix / name).as_posix()}", cwd=cwd)
        if text is None:
            raise FileNotFoundError(f"{prefix / name} at {commit[:12]}")
        return text

    return read


def file_reader(spec_dir: Path) -> Callable[[str], str]:
    def read(name: str) -> str:
        return (spec_dir / name).read_text(encoding="utf-8")

    return read


def write_version(spec: Path, version: str) -> None:
    """Set `info.version` in the spec's text (the one `  version:` line under `info:`)."""
    text = spec.read_text(encoding="utf-8")
    new, count = re.subn(
        r"^(info:\n(?:  .*\n)*?  version: ).*$", rf"\g<1>{version}", text, count=1, flags=re.M
    )
    if count != 1:
        raise ValueError(f"{spec}: no `  version:` line under `info:`")
    spec.write_text(new, encoding="utf-8")


def run_gate(
    spec: Path, base_ref: str | None, allow_path: Path, base_spec: Path | None = None, *, bump: bool = False
) -> int:
    spec = spec.resolve()
    cwd = spec.parent
    head = Document(spec.name, file_reader(spec.parent))
    allow = load_allow_list(allow_path)
    targets: list[tuple[str, Document]] = []
    if base_spec is not None:
        targets.append((str(base_spec), Document(base_spec.name, file_reader(base_spec.parent))))
    else:
        if base_ref == "last-release":
            tag = git("describe", "--tags", "--abbrev=0", cwd=cwd)
            if tag is None:
                print("breaking: SKIPPED: no release tag exists yet (git describe --tags found none)")
                return 0
            base_ref = tag
        if base_ref:
            commit = commit_of(base_ref, cwd)
            if commit is None:
                print(f"breaking: base {base_ref!r} is not a commit here", file=sys.stderr)
                return 2
            bases = [(base_ref, commit)]
        else:
            bases, notes = default_bases(cwd)
            for note in notes:
                print(f"breaking: {note}")
            if not bases:
                print("breaking: SKIPPED: no base commit to compare with (single-commit or shallow checkout)")
                return 0
        for label, commit in bases:
            reader = git_reader(commit, spec.parent, cwd)
            try:
                reader(spec.name)
            except FileNotFoundError:
                print(f"breaking: SKIPPED {label} ({commit[:12]}): the spec did not exist there")
                continue
            targets.append((f"{label} ({commit[:12]})", Document(spec.name, reader)))
    failed = False
    used: set[Allowance] = set()
    changelog_path = spec.parent / "CHANGELOG.md"
    changelog = changelog_path.read_text(encoding="utf-8") if changelog_path.exists() else None
    for label, base in targets:
        found = compare(base, head)
        blocking, allowed = split_allowed(found, allow)
        base_spec_value, head_spec_value = base.load(base.main), head.load(head.main)
        level, problems = version_problems(base_spec_value, head_spec_value, found, changelog)
        old_version = parse_version((base_spec_value.get("info") or {}).get("version"))
        if bump and old_version is not None:
            needed = ".".join(map(str, bumped(old_version, level)))
            current = parse_version((head_spec_value.get("info") or {}).get("version"))
            if current is None or current < bumped(old_version, level):
                write_version(spec, needed)
                print(f"breaking: info.version set to {needed} ({level} change against {label})")
                head = Document(spec.name, file_reader(spec.parent))
                level, problems = version_problems(base_spec_value, head.load(head.main), found, changelog)
        print(f"breaking: spec version: a {level} change against {label}")
        for problem in problems:
            failed = True
            print(f"  {problem}")
        for brk, match in allowed:
            used.add(match)
            print(f"breaking: allowed  {brk.kind}  {brk.pointer}: {match.reason}")
        rel = spec.relative_to(ROOT) if spec.is_relative_to(ROOT) else spec
        if blocking:
            failed = True
            print(f"breaking: {rel} against {label}: {len(blocking)} breaking change(s)")
            for brk in blocking:
                print(f"  {brk.line()}")
        else:
            print(
                f"breaking: {rel} against {label}: no breaking change ({len(found) - len(blocking)} allowed)"
            )
    for allowance in allow:
        if allowance not in used:
            print(f"breaking: note: allow-list entry matched nothing: {allowance.kind} {allowance.pointer}")
    if failed:
        print(f"breaking: intended? add kind, pointer and reason to {allow_path.name}")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC)
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--base", help="git ref to compare with, or 'last-release' (default: see module doc)")
    group.add_argument("--base-spec", type=Path, help="compare with this spec file instead of a commit")
    parser.add_argument("--allow", type=Path, default=DEFAULT_ALLOW, help="allow-list of intended breaks")
    parser.add_argument("--bump", action="store_true", help="raise info.version to what the change needs")
    args = parser.parse_args(argv)
    try:
        return run_gate(args.spec, args.base or None, args.allow, args.base_spec, bump=args.bump)
    except ValueError as exc:
        print(f"breaking: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
