"""The emulator's modules import in one direction (issue 10 item 7: no fixtures <-> models circle).

records (models) <- fixtures, listings <- service <- render <- app; schema and ids below them all.
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
    "listings": {"models"},  # beside fixtures: state derived from records (issue 14)
    "service": {"clock", "config", "fixtures", "ids", "listings", "models", "schema", "validation"},
}


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
