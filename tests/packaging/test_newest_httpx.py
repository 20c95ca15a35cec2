"""The client against the newest httpx and httpcore that pyproject's pins allow, not only the
versions requirements/dev.txt freezes: the checks of its reach into their private attributes
(`_httpx_internals`), its whole-response deadlines and its fork safety run there.

The newest versions are installed from the package index into a directory put first on
PYTHONPATH (with their own dependencies; everything else is the dev venv's), kept in
.cache/newest-httpx/ for the day, so a local rerun downloads nothing and CI, on a clean machine,
always gets the newest. An httpx release that renames one of the attributes fails here (with the
attribute and the version named) before users meet it.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import shutil
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from pkgtools import ROOT, run

LIBRARIES = ("httpx", "httpcore")
TESTS = (
    "tests/client/test_httpx_internals.py",
    "tests/client/test_copies_forks_and_limits.py",
    "tests/client/test_process_safety.py",
    "tests/hostile/test_deadlines.py",
)
#: what does not depend on httpx's pool (Retry-After storms, parsing a large body, the property
#: run over every trickle pattern) stays with the pinned httpx: the run fits a minute
SKIPPED = "not 503_storm and not covers_parsing and not any_trickle"


def pins() -> list[str]:
    """pyproject's requirements on httpx and httpcore, as written (`httpx>=0.27,<1`)."""
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    found = [d for d in dependencies if Requirement(d).name in LIBRARIES]
    assert sorted(Requirement(d).name for d in found) == sorted(LIBRARIES), found
    return found


def newest(requirements: list[str]) -> Path:
    """A directory holding the newest release of each requirement (and their dependencies)."""
    day = datetime.datetime.now(datetime.UTC).date().isoformat()
    key = hashlib.sha256("\n".join([*requirements, day, sys.version]).encode()).hexdigest()[:16]
    target = ROOT / ".cache" / "newest-httpx" / key
    if not (target / ".complete").exists():
        partial = target.with_name(f"{key}.partial")
        shutil.rmtree(partial, ignore_errors=True)
        run(
            sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
            "--no-compile", "--upgrade", "--target", partial, *requirements,
        )  # fmt: skip
        shutil.rmtree(target, ignore_errors=True)
        partial.rename(target)
        (target / ".complete").touch()
    return target


def test_the_newest_allowed_httpx_passes_the_internals_deadline_and_fork_tests() -> None:
    requirements = pins()
    target = newest(requirements)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("KOODRIVE_", "PYTEST_"))},
        "PYTHONPATH": os.pathsep.join([str(target), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
    }
    probe = "import httpcore, httpx; print(httpx.__version__, httpcore.__version__, httpx.__file__)"
    httpx_version, httpcore_version, where = run(sys.executable, "-c", probe, env=env).stdout.split()
    assert Path(where).is_relative_to(target), where  # the newest copy is the one imported
    for requirement, version in zip(requirements, (httpx_version, httpcore_version), strict=True):
        assert Requirement(requirement).specifier.contains(version), (requirement, version)
    result = run(
        sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-k", SKIPPED, *TESTS,
        check=False, cwd=ROOT, env=env,
    )  # fmt: skip
    versions = f"httpx {httpx_version} / httpcore {httpcore_version}"
    assert result.returncode == 0, f"{versions}:\n{result.stdout[-4000:]}\n{result.stderr[-2000:]}"
