"""Helpers of tests/packaging: build from a copy of the sources, clean venvs from a local wheelhouse.

(A plain module, not a package: a `tests/packaging` package would shadow the `packaging` library.)
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SOURCES = ("generated", "overrides", "emulator", "cli", "spec", "pyproject.toml", "README.pypi.md", "LICENSE")


def run(*cmd: str | Path, check: bool = True, **kw: object) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, check=False, **kw)  # type: ignore[call-overload]
    if check and result.returncode != 0:
        raise AssertionError(
            f"{' '.join(map(str, cmd))} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
        )
    return result  # type: ignore[no-any-return]


def copy_sources(dest: Path) -> Path:
    """The files a build reads, without .venv, node_modules or caches (the spec symlink kept)."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in SOURCES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(
                src, dest / name, symlinks=True, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
            )
        else:
            shutil.copy2(src, dest / name)
    return dest


def build(source: Path, out: Path, *, wheel_only: bool = False) -> tuple[Path | None, Path]:
    """`python -m build`: the sdist, then the wheel from it (or, `wheel_only`, the wheel from `source`)."""
    run(
        sys.executable,
        "-m",
        "build",
        "--no-isolation",
        *(["--wheel"] if wheel_only else []),
        "--outdir",
        out,
        source,
    )
    (wheel,) = out.glob("*.whl")
    sdist = None if wheel_only else next(out.glob("*.tar.gz"))
    return sdist, wheel


@dataclass
class Venv:
    path: Path
    name: str

    @property
    def python(self) -> Path:
        return self.path / "bin" / "python"

    def bin(self, name: str) -> Path:
        return self.path / "bin" / name

    def run(self, *args: str | Path, check: bool = True, **kw: object) -> subprocess.CompletedProcess[str]:
        env = {
            k: v for k, v in os.environ.items() if not k.startswith(("KOODRIVE_", "PYTHON", "VIRTUAL_ENV"))
        }
        env = {**env, "PATH": f"{self.path / 'bin'}:{env.get('PATH', '')}", **kw.pop("env", {})}  # type: ignore[dict-item]
        return run(*args, check=check, env=env, cwd=kw.pop("cwd", self.path), **kw)

    def py(self, code: str, **kw: object) -> subprocess.CompletedProcess[str]:
        return self.run(self.python, "-c", code, **kw)

    def distributions(self) -> set[str]:
        code = (
            "import importlib.metadata as m, json; "
            "print(json.dumps(sorted({d.metadata['Name'] for d in m.distributions()})))"
        )
        return {canonical(n) for n in json.loads(self.py(code).stdout)}


def canonical(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def make_venv(path: Path, wheel: Path, wheelhouse: Path, extra: str, also: tuple[str, ...] = ()) -> Venv:
    run(BIN / "uv", "venv", "-q", "--python", sys.executable, path)
    cfg = (path / "pyvenv.cfg").read_text()
    assert "include-system-site-packages = false" in cfg, cfg  # clean: nothing from the dev venv leaks in
    run(
        BIN / "uv", "pip", "install", "-q", "--python", path / "bin" / "python",
        "--offline", "--no-index", "--find-links", wheelhouse, f"{wheel}{extra}", *also,
    )  # fmt: skip
    return Venv(path, path.name)
