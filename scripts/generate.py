"""Run openapi-python-client on the spec: into generated/ (`--out`) or, to check, into a temporary
folder compared byte for byte with what is committed (`--check`).

Generation always happens in a fresh temporary folder and is then copied, so a file the generator
stops producing disappears from generated/ too, and the output never depends on where it is written.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec" / "koodrive-tasks.yaml"
CONFIG = ROOT / "generator-config.yaml"
sys.path.insert(0, str(ROOT / "scripts"))
import generate_async  # noqa: E402  (likewise)
import generate_models  # noqa: E402  (a sibling script, not an installed package)
import generate_operations  # noqa: E402  (likewise)


def python_spec(spec: Path, folder: Path) -> Path:
    """The spec as openapi-python-client reads it: `x-enum-varnames` replaced by the Python member
    names an enum keeps in `x-koodrive-enum-names` (the spec's varnames are unique across the
    document for other generators; Python users keep `FileStatus.PENDING`). Written beside a link to
    the spec's examples so its relative `$ref`s still resolve."""
    document = yaml.safe_load(spec.read_text(encoding="utf-8"))
    for schema in document.get("components", {}).get("schemas", {}).values():
        if isinstance(schema, dict) and "x-koodrive-enum-names" in schema:
            schema["x-enum-varnames"] = schema["x-koodrive-enum-names"]
    copy = folder / spec.name
    copy.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")
    (folder / "examples").symlink_to(spec.parent / "examples", target_is_directory=True)
    return copy


#: The package's `__init__.py`: openapi-python-client's imports its HTTP client (httpx, attrs) at
#: once; this one on first use, so `koodrive_generated.facts` (which `import koodrive_tasks` reads
#: for `DEFAULT_BASE_URL`) costs no more than the standard library.
PACKAGE_INIT = '''"""A client library for accessing KooDrive task APIs"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)


def __getattr__(name: str) -> Any:
    """`Client` and `AuthenticatedClient`, imported on first use (the facts need no HTTP client)."""
    if name in __all__:
        from . import client

        return getattr(client, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
'''


def generate_into(target: Path, spec: Path = SPEC) -> None:
    """openapi-python-client's package, plus the records and facts of generate_models.py, the
    operation registry of generate_operations.py and the async resource classes of
    generate_async.py."""
    with tempfile.TemporaryDirectory(prefix="koodrive-pyspec-") as folder:
        _generate_into(target, spec, python_spec(spec, Path(folder)))


def _generate_into(target: Path, spec: Path, python_copy: Path) -> None:
    cmd = [
        str(Path(sys.executable).parent / "openapi-python-client"),
        "generate",
        "--path",
        str(python_copy),
        "--config",
        str(CONFIG),
        "--meta",
        "none",
        "--output-path",
        str(target),
        "--overwrite",
        "--fail-on-warning",
    ]
    # The post hooks call the pinned ruff of this same environment, whatever PATH says.
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    subprocess.run(cmd, check=True, cwd=ROOT, env=env)
    (target / "__init__.py").write_text(PACKAGE_INIT, encoding="utf-8")
    written = [str(p) for p in generate_models.write(spec, target)]
    written += [str(p) for p in generate_operations.write(spec, target)]
    # The same formatting as openapi-python-client's post hooks (generator-config.yaml).
    ruff = str(Path(sys.executable).parent / "ruff")
    isolated = ["--isolated", "--no-cache", "--quiet", "--line-length", "110"]
    subprocess.run(
        [ruff, "check", *isolated, "--select", "I,F401,UP", "--fix-only", "--exit-zero", *written], check=True
    )
    subprocess.run([ruff, "format", *isolated, *written], check=True)
    # the async resource classes, from the hand-written sync ones (formatted by generate_async)
    generate_async.write(generate_async.RESOURCES, target / "aio_resources")
    for cache in target.rglob("__pycache__"):
        shutil.rmtree(cache)
    # PEP 561: the records, enums and errors users get live here, so a user's type checker reads
    # their annotations instead of treating the package as untyped (Any everywhere).
    (target / "py.typed").write_text("")


def differences(left: Path, right: Path) -> list[str]:
    """Relative paths that differ, exist on one side only, or differ in content."""
    out: list[str] = []

    def walk(cmp: filecmp.dircmp[str], prefix: str) -> None:
        out.extend(f"{prefix}{name} (only in fresh output)" for name in cmp.left_only)
        out.extend(f"{prefix}{name} (only in committed)" for name in cmp.right_only)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        out.extend(f"{prefix}{name} (content differs)" for name in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right, ignore=["__pycache__"]), "")
    return sorted(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--out", type=Path, help="write the generated package here")
    mode.add_argument("--check", type=Path, help="fail if this committed package differs from a fresh one")
    parser.add_argument(
        "--spec", type=Path, default=SPEC, help="the spec to generate from (tests use copies)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="koodrive-gen-") as tmp:
        fresh = Path(tmp) / "koodrive_generated"
        generate_into(fresh, args.spec.resolve())
        if args.out is not None:
            target: Path = args.out
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(fresh, target)
            print(f"generated {sum(1 for _ in target.rglob('*.py'))} modules into {target}")
            return 0
        committed: Path = args.check
        if not committed.exists():
            print(f"{committed} does not exist: run `make generate`", file=sys.stderr)
            return 1
        diff = differences(fresh, committed)
        if diff:
            print("generated/ is out of date with the spec; run `make generate`:", file=sys.stderr)
            for line in diff:
                print(f"  {line}", file=sys.stderr)
            return 1
        print(f"{committed} matches a fresh generation")
        return 0


if __name__ == "__main__":
    sys.exit(main())
