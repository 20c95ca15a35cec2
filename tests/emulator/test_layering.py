"""The emulator's modules import in one direction (issue 10 item 7: no fixtures <-> models circle),
in moto's layers (issue 22 item 5): state, wire, middleware, routes, admin, app.

state: records (models) <- fixtures, derived <- service; wire: render <- responses;
middleware (auth, rate limit, validation, faults) and admin above them; routes beside; app on top.
schema, ids and validation below them all; routes and asgi know nothing of the state.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "emulator" / "koodrive_emulator"
# Which sibling modules each module may import (at any level, TYPE_CHECKING blocks included).
ALLOWED = {
    "validation": set(),
    "config": set(),
    "clock": set(),
    "schema": {"validation"},
    "ids": {"schema"},
    "models": {"config", "schema"},  # schema is below every record module (the docstring)
    "fixtures": {"config", "ids", "models", "schema"},
    "derived": {"models"},  # beside fixtures: state derived from records (issue 14)
    "service": {"clock", "config", "derived", "fixtures", "ids", "models", "schema", "validation"},
    # the wire layer: never imported by the state
    "render": {"config", "models", "schema", "service", "validation"},
    "responses": {"asgi", "render", "service", "validation"},
    # HTTP pieces that know no state
    "routes": set(),
    "asgi": {"validation"},
    "auth": {"config", "validation"},
    "middleware": {"asgi", "auth", "render", "responses", "routes", "service", "validation"},
    "admin": {"asgi", "auth", "config", "render", "service", "validation"},
    "app": {
        "admin",
        "asgi",
        "auth",
        "config",
        "middleware",
        "render",
        "responses",
        "routes",
        "service",
        "validation",
    },
}


def test_every_module_has_a_place() -> None:
    modules = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__", "__main__"}
    placed = set(ALLOWED) | {"server", "pytest_plugin"}  # entry points above the app
    assert modules <= placed, sorted(modules - placed)


def test_no_record_keeps_a_wire_form() -> None:
    # Wire forms (JSON text, response dicts) belong to the wire layer's cache, not to the records.
    from dataclasses import fields

    from koodrive_emulator.models import BasicTask, Job, Record, ShareTask

    for record in (Record, Job, BasicTask, ShareTask):
        names = {f.name for f in fields(record)}
        assert not names & {"_json", "_detail_json", "_wire"}, (record, names)
    source = (PACKAGE / "render.py").read_text(encoding="utf-8")
    assert "._json" not in source and "._wire" not in source and "._detail_json" not in source


def sibling_imports(module: str, source: str | None = None) -> set[str]:
    tree = ast.parse(source if source is not None else (PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(node.module.split(".")[0])
            else:
                found.update(alias.name for alias in node.names)
    return found


def test_no_module_imports_upwards() -> None:
    for module, allowed in ALLOWED.items():
        assert sibling_imports(module) <= allowed, (module, sibling_imports(module) - allowed)


def test_the_check_sees_the_old_circle() -> None:
    # The import pair the circle was made of: fixtures importing the Emulator under TYPE_CHECKING.
    old_fixtures = (
        "from typing import TYPE_CHECKING\n"
        "from .models import Job\n"
        "if TYPE_CHECKING:\n"
        "    from .service import Emulator\n"
    )
    assert sibling_imports("fixtures", old_fixtures) == {"models", "service"}
    assert not sibling_imports("fixtures", old_fixtures) <= ALLOWED["fixtures"]
