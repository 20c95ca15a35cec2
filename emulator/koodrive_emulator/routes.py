"""The route table: which operation a method and path name, built from the operation registry.

Each route is (operationId, HTTP method, path template, security), read from
`koodrive_generated.operations.OPERATIONS` (generated from the spec by `make generate`;
`spec_routes` reads the same from a spec document, for a spec served from another file).

Literal paths (`/jobs`, `/cancel`, `/task/list`, ...) are tried before templates, and among
templates the one with more literal segments first (`/task/dstUserInfo/{src_user_id}` before
`/task/{task_id}` before `/{job_id}`, Q22): `GET /cancel` is a 405, never a job lookup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from koodrive_generated.operations import OPERATIONS, Operation

METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
_PARAM = re.compile(r"\{([^}/]+)\}")


@dataclass(frozen=True, slots=True)
class Route:
    operation_id: str
    http_method: str  # upper case
    path: str  # the spec's template, `/koodrive/ose/v1/{job_id}`
    #: the security schemes that may authenticate a call (any one of them); empty: no auth
    security: tuple[str, ...]


def spec_routes(spec: Mapping[str, Any]) -> tuple[Route, ...]:
    """The routes of a spec document: every operation, its security (its own, else the global one)."""
    default = spec.get("security", [])
    routes = []
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if not isinstance(op, Mapping):
                continue
            requirements = op.get("security", default)
            schemes = tuple(dict.fromkeys(name for req in requirements for name in req))
            routes.append(Route(str(op["operationId"]), method.upper(), str(path), schemes))
    return tuple(routes)


class RouteTable:
    """Routes by path first, method second."""

    def __init__(self, routes: Iterable[Route]) -> None:
        self.routes = tuple(routes)
        self.literal: dict[str, dict[str, Route]] = {}
        by_template: dict[str, dict[str, Route]] = {}
        for route in self.routes:
            table = by_template if _PARAM.search(route.path) else self.literal
            methods = table.setdefault(route.path, {})
            if route.http_method in methods:
                raise ValueError(f"two operations on {route.http_method} {route.path}")
            methods[route.http_method] = route
        templates = []
        for path, methods in by_template.items():
            names = tuple(_PARAM.findall(path))
            literal_segments = sum(1 for part in path.split("/") if part and not _PARAM.search(part))
            pattern = re.compile(
                "".join(
                    "([^/]+)" if i % 2 else re.escape(piece) for i, piece in enumerate(_PARAM.split(path))
                )
            )
            templates.append((literal_segments, len(path), pattern, names, methods))
        templates.sort(key=lambda t: (-t[0], -t[1]))
        self.templates = [(pattern, names, methods) for _, _, pattern, names, methods in templates]

    def match(self, path: str, raw_target: str) -> tuple[dict[str, Route], dict[str, str]] | None:
        """The routes of the path (by method) and its path parameters, still percent-encoded as
        they came in `raw_target` (decoded once, by the validation: `%2531` is the id `%31`)."""
        methods = self.literal.get(path)
        if methods is not None:
            return methods, {}
        for pattern, names, by_method in self.templates:
            found = pattern.fullmatch(raw_target)
            if found:
                return by_method, dict(zip(names, found.groups(), strict=True))
        return None

    def operation_ids(self) -> list[str]:
        return [route.operation_id for route in self.routes]


def registry_routes(operations: Mapping[str, Operation] = OPERATIONS) -> tuple[Route, ...]:
    """The route table's source: the operation registry `make generate` bakes from the spec
    (`koodrive_generated.operations.OPERATIONS`), one route per operation."""
    return tuple(Route(op.operation_id, op.http_method, op.path, op.security) for op in operations.values())
