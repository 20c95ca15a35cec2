"""Write `operations.py` into the generated package: the operation registry, from the spec.

`make generate` (through scripts/generate.py) runs this after openapi-python-client. One
`Operation` per operationId, in the spec's order, each fact read from the spec:

- `resource`, `method_name`: `x-koodrive-operation: {resource, method}` (spec/EXTENSIONS.md), the
  attribute of `KooDrive` and the method on it that serve the operation;
- `http_method`, `path`, `path_params`: the path item, its template as written, and the names of
  its `in: path` parameters in the template's order;
- `idempotent`: `x-koodrive-idempotent`, else the HTTP method's own semantics (GET, PUT, DELETE);
- `read_only`: `x-koodrive-operation.readOnly`, else whether the method is GET or HEAD;
- `security`: the securityScheme names of the operation's `security` (the document's when it has
  none), in order, each once; `()` when the operation needs none;
- `record`: the `x-koodrive-record` class the 200 answer carries (the response schema itself, an
  `allOf` member, or a member beside `code`/`msg`, an array's items too); None when it has none;
- `secret_fields`: the wire names of properties and parameters the operation sends or receives
  whose schema says `format: password` or `x-koodrive-secret: true`.

Rendered from scripts/templates/operations.py.jinja.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import templating  # a sibling script, not an installed package
import yaml

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec" / "koodrive-tasks.yaml"
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
#: HTTP methods that are idempotent (RFC 9110 §9.2.2) and safe (§9.2.1) by their own semantics
IDEMPOTENT_METHODS = {"get", "put", "delete", "head", "options"}
SAFE_METHODS = {"get", "head", "options"}
#: envelope members: never the record a response carries
ENVELOPE_MEMBERS = {"code", "msg"}


@dataclass(frozen=True)
class OperationFacts:
    operation_id: str
    resource: str
    method_name: str
    http_method: str
    path: str
    path_params: tuple[str, ...]
    idempotent: bool
    security: tuple[str, ...]
    record: str | None
    secret_fields: tuple[str, ...]
    read_only: bool


def is_secret(schema: Any) -> bool:
    """A property or parameter schema whose value the spec says to hide."""
    return isinstance(schema, Mapping) and (
        schema.get("format") == "password" or schema.get("x-koodrive-secret") is True
    )


class Resolver:
    def __init__(self, doc: Mapping[str, Any]) -> None:
        self.doc = doc

    def resolve(self, node: Any) -> Any:
        """`node` with a local `$ref` followed (repeatedly); other nodes as they are."""
        seen: set[str] = set()
        while (
            isinstance(node, Mapping) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/")
        ):
            ref = node["$ref"]
            if ref in seen:
                raise ValueError(f"$ref cycle at {ref}")
            seen.add(ref)
            target: Any = self.doc
            for part in ref[2:].split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            node = target
        return node

    def secrets(self, node: Any, seen: set[int] | None = None) -> Iterator[str]:
        """Wire names of secret properties and parameters anywhere under `node`, `$ref`s followed."""
        seen = set() if seen is None else seen
        node = self.resolve(node)
        if id(node) in seen:
            return
        seen.add(id(node))
        if isinstance(node, Mapping):
            for name, prop in (node.get("properties") or {}).items():
                if is_secret(prop) or is_secret(self.resolve(prop)):
                    yield str(name)
            if "name" in node and "in" in node and is_secret(self.resolve(node.get("schema"))):
                yield str(node["name"])
            for key, value in node.items():
                if key not in {"examples", "example"}:
                    yield from self.secrets(value, seen)
        elif isinstance(node, list):
            for value in node:
                yield from self.secrets(value, seen)

    def record_of(self, schema: Any) -> str | None:
        """The x-koodrive-record class a response schema carries, if any."""
        schema = self.resolve(schema)
        if not isinstance(schema, Mapping):
            return None
        if isinstance(schema.get("x-koodrive-record"), str) and schema.get("type") == "object":
            return str(schema["x-koodrive-record"])
        for member in schema.get("allOf") or []:
            found = self.record_of(member)
            if found:
                return found
        for name, prop in (schema.get("properties") or {}).items():
            if name in ENVELOPE_MEMBERS:
                continue
            target = self.resolve(prop)
            if isinstance(target, Mapping) and target.get("type") == "array":
                target = self.resolve(target.get("items"))
            if isinstance(target, Mapping) and target.get("type") == "object":
                found = self.record_of(target)
                if found:
                    return found
        return None


def security_names(requirements: Any) -> tuple[str, ...]:
    names: list[str] = []
    for requirement in requirements or []:
        for name in requirement:
            if name not in names:
                names.append(str(name))
    return tuple(names)


def operations(doc: Mapping[str, Any]) -> list[OperationFacts]:
    resolver = Resolver(doc)
    out: list[OperationFacts] = []
    seen_methods: dict[tuple[str, str], str] = {}
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if method not in HTTP_METHODS:
                continue
            op_id = op["operationId"]
            where = op.get("x-koodrive-operation")
            if not isinstance(where, Mapping) or not {"resource", "method"} <= where.keys():
                raise ValueError(f"{op_id}: x-koodrive-operation {{resource, method}} is missing")
            key = (str(where["resource"]), str(where["method"]))
            if key in seen_methods:
                raise ValueError(f"{op_id}: {key[0]}.{key[1]} already serves {seen_methods[key]}")
            seen_methods[key] = op_id
            parameters = [
                resolver.resolve(p) for p in [*item.get("parameters", []), *op.get("parameters", [])]
            ]
            in_path = {p["name"] for p in parameters if p.get("in") == "path"}
            ordered = [seg[1:-1] for seg in path.split("/") if seg.startswith("{") and seg.endswith("}")]
            if set(ordered) != in_path:
                raise ValueError(f"{op_id}: path parameters {sorted(in_path)} do not match {path}")
            ok = (op.get("responses") or {}).get("200") or (op.get("responses") or {}).get("201")
            schema = None
            if ok:
                content = (resolver.resolve(ok).get("content") or {}).get("application/json") or {}
                schema = content.get("schema")
            secrets = set(resolver.secrets(op.get("parameters", [])))
            secrets |= set(resolver.secrets(item.get("parameters", [])))
            secrets |= set(resolver.secrets(op.get("requestBody")))
            secrets |= set(resolver.secrets(op.get("responses")))
            out.append(
                OperationFacts(
                    operation_id=op_id,
                    resource=key[0],
                    method_name=key[1],
                    http_method=method.upper(),
                    path=path,
                    path_params=tuple(ordered),
                    idempotent=bool(op.get("x-koodrive-idempotent", method in IDEMPOTENT_METHODS)),
                    security=security_names(op["security"] if "security" in op else doc.get("security")),
                    record=resolver.record_of(schema) if schema is not None else None,
                    secret_fields=tuple(sorted(secrets)),
                    read_only=bool(where.get("readOnly", method in SAFE_METHODS)),
                )
            )
    return out


def render(doc: Mapping[str, Any]) -> str:
    return templating.render("operations.py.jinja", operations=operations(doc))


def write(spec_path: Path, package: Path) -> list[Path]:
    doc = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    target = package / "operations.py"
    target.write_text(render(doc), encoding="utf-8")
    return [target]


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
