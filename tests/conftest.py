"""Shared by every test folder: a copy of spec/ to change and regenerate from (`spec_copy`).

The tests that show a fact of the spec reaching the code ("flip it in a copy of the spec, run
`make generate`'s script, and the client, CLI or emulator follows") all do the same three steps:
copy spec/ into a temporary folder, change the copy, regenerate into a folder beside it; then run
a short Python program in a fresh interpreter with that regenerated package first on the path (a
process of its own: the package is imported under its real name) and read what it prints as JSON.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


class SpecCopy:
    """spec/ copied under `folder`, to change (`replace`, `edit`) and regenerate from (`generate`)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.spec_dir = folder / "spec"
        shutil.copytree(ROOT / "spec", self.spec_dir)
        self.spec = self.spec_dir / "koodrive-tasks.yaml"
        #: the folder `generate()` writes `koodrive_generated/` into (first on the path of `run`)
        self.generated = folder / "gen"

    def replace(self, old: str, new: str) -> None:
        """Replace the one occurrence of `old` in the spec's text (fails unless it occurs once)."""
        text = self.spec.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in the spec"
        self.spec.write_text(text.replace(old, new), encoding="utf-8")

    def edit(self, change: Callable[[dict[str, Any]], None]) -> None:
        """Change the spec as a document (its YAML layout is not kept; its meaning is)."""
        doc = yaml.safe_load(self.spec.read_text(encoding="utf-8"))
        change(doc)
        self.spec.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")

    def write(self, relative: str, content: Any) -> Path:
        """A file beside the spec (an example pair: `examples/<operationId>/<name>.json`)."""
        path = self.spec_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content if isinstance(content, str) else json.dumps(content, indent=2), "utf-8")
        return path

    def generate(self) -> Path:
        """`make generate`'s script on the copy; the folder holding the regenerated package."""
        done = subprocess.run(
            [
                sys.executable,
                str(ROOT / "scripts/generate.py"),
                "--spec",
                str(self.spec),
                "--out",
                str(self.generated / "koodrive_generated"),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return self.generated

    def env(self, regenerated: bool = True) -> dict[str, str]:
        env = dict(os.environ)
        if regenerated:  # the regenerated package first on the path
            env["PYTHONPATH"] = os.pathsep.join([str(self.generated), env.get("PYTHONPATH", "")])
        return env

    def run(self, program: str, *args: str, regenerated: bool = True) -> Any:
        """What `program` prints as JSON, run in a fresh interpreter: with the regenerated package,
        or (`regenerated=False`) with the shipped one."""
        return run_python(program, *args, env=self.env(regenerated))


def run_python(program: str, *args: str, env: dict[str, str] | None = None) -> Any:
    done = subprocess.run(
        [sys.executable, "-c", program, *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture
def spec_copy(tmp_path: Path) -> SpecCopy:
    """A fresh copy of spec/ for this test."""
    return SpecCopy(tmp_path)


@pytest.fixture(scope="session")
def spec_copies(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], SpecCopy]:
    """Make copies of spec/ for fixtures wider than one test (`spec_copies("flipped")`)."""
    return lambda name: SpecCopy(tmp_path_factory.mktemp(name))
