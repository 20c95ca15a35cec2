"""The wheel is typed for the user's own checker: `mypy --strict` and `pyright --strict` on a user
file, against the wheel installed in a clean venv, see the records, enums and errors as their real
types and catch an attribute typo and a wrong argument type. The same check fails on a copy of the
wheel without its `py.typed` markers (PEP 561): without them both checkers treat the packages as
untyped and the typo passes.

mypy is the dev venv's (pinned in requirements/dev.txt) pointed at the clean venv with
`--python-executable`, so it reads the packages from there only; pyright is the npm package pinned in
package.json, pointed at the clean venv with `--pythonpath`.
"""

from __future__ import annotations

import json
import re
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import Built
from pkgtools import ROOT, Venv, make_venv, run

USER_FILE = """\
from koodrive_tasks import AsyncKooDrive, JobStatus, KooDrive, TaskFailedError

c = KooDrive.from_env()
d = c.jobs.wait("1")
reveal_type(d)
reveal_type(d.job.status)
reveal_type(d.files[0])
reveal_type(c.tasks.get("1").status)
reveal_type(AsyncKooDrive.from_env().jobs)
reveal_type(c.jobs.wait_many(["1"])["1"].state)
try:
    c.jobs.get("1")
except TaskFailedError as exc:
    reveal_type(exc.result_code)
if d.job.status is JobStatus.COMPLETED:
    print(d.job.statuss)
c.jobs.get(1)
"""
TYPO_LINE = USER_FILE.splitlines().index("    print(d.job.statuss)") + 1
WRONG_ARG_LINE = USER_FILE.splitlines().index("c.jobs.get(1)") + 1
# What each reveal_type must show, in order: the records' and enums' own classes, never Any. A
# status is `JobStatus | int | None` (an unknown value stays a plain int); JobStatus is an IntEnum,
# which mypy folds into `int` when it prints the union.
REVEALED = {
    "mypy": (
        "records.JobDetail",
        "int | None",
        "records.FileResult",
        "int | None",
        "AsyncJobs",
        "records.JobDetail",
        "int | None",
    ),
    "pyright": (
        "JobDetail",
        "JobStatus | int | None",
        "FileResult",
        "TaskStatus | int | None",
        "AsyncJobs",
        "JobDetail | None",
        "int",
    ),
}


def mypy(venv: Venv, user_file: Path) -> tuple[list[str], list[tuple[int, str]]]:
    """The revealed types, and the errors as (line, message)."""
    result = run(
        Path(sys.executable).parent / "mypy", "--strict", "--no-incremental", "--hide-error-context",
        "--python-executable", venv.python, user_file.name, check=False, cwd=user_file.parent,
    )  # fmt: skip
    revealed, errors = [], []
    for line in result.stdout.splitlines():
        match = re.match(r"[^:]+:(\d+): (note|error): (.*)", line)
        if not match:
            continue
        number, kind, text = int(match.group(1)), match.group(2), match.group(3)
        if kind == "note" and text.startswith("Revealed type is "):
            revealed.append(text.removeprefix("Revealed type is "))
        elif kind == "error":
            errors.append((number, text))
    return revealed, errors


def pyright(venv: Venv, user_file: Path) -> tuple[list[str], list[tuple[int, str]]]:
    config = user_file.parent / "pyrightconfig.json"
    config.write_text(json.dumps({"typeCheckingMode": "strict", "reportUnknownMemberType": "error"}))
    result = run(
        ROOT / "node_modules" / ".bin" / "pyright", "--outputjson", "--pythonpath", venv.python,
        "--project", config, user_file, check=False, cwd=user_file.parent,
    )  # fmt: skip
    revealed, errors = [], []
    for diagnostic in json.loads(result.stdout)["generalDiagnostics"]:
        number = diagnostic["range"]["start"]["line"] + 1
        if diagnostic["severity"] == "information" and diagnostic["message"].startswith("Type of "):
            revealed.append(diagnostic["message"])
        elif diagnostic["severity"] == "error":
            errors.append((number, diagnostic["message"]))
    return revealed, errors


def problems(venv: Venv, tmp: Path) -> list[str]:
    """Everything wrong with how the two checkers see the user file (empty: typed as promised)."""
    tmp.mkdir(parents=True, exist_ok=True)
    user_file = tmp / "user_code.py"
    user_file.write_text(USER_FILE)
    found: list[str] = []
    for checker in (mypy, pyright):
        revealed, errors = checker(venv, user_file)
        wanted = REVEALED[checker.__name__]
        if len(revealed) != len(wanted):
            found.append(f"{checker.__name__}: {len(revealed)} reveal_type results, not {len(wanted)}")
        for shown, expected in zip(revealed, wanted, strict=False):
            if expected not in shown or re.search(r"\bAny\b|Unknown", shown):
                found.append(f"{checker.__name__}: revealed {shown!r}, expected {expected!r}")
        lines = sorted({number for number, _ in errors})
        if lines != [TYPO_LINE, WRONG_ARG_LINE]:
            found.append(f"{checker.__name__}: errors on lines {lines}: {errors}")
        elif not any("statuss" in text for number, text in errors if number == TYPO_LINE):
            found.append(f"{checker.__name__}: the typo's error does not name it: {errors}")
    return found


@pytest.fixture(scope="module")
def pyright_ready() -> None:
    if not (ROOT / "node_modules" / ".bin" / "pyright").exists():
        pytest.fail("pyright is missing: `make node_modules/.installed` installs it from package-lock.json")


def test_a_users_checkers_see_real_types(built: Built, tmp_path: Path, pyright_ready: None) -> None:
    assert problems(built.venvs["core"], tmp_path) == []


def test_the_check_fails_without_the_typing_markers(
    built: Built, tmp_path: Path, pyright_ready: None
) -> None:
    untyped = tmp_path / "dist" / built.wheel.name
    untyped.parent.mkdir()
    with zipfile.ZipFile(built.wheel) as src, zipfile.ZipFile(untyped, "w", zipfile.ZIP_DEFLATED) as dst:
        markers = [n for n in src.namelist() if n.endswith("/py.typed")]
        assert {m.split("/")[0] for m in markers} >= {"koodrive_tasks", "koodrive_generated"}
        for info in src.infolist():
            if info.filename in markers:
                continue
            data = src.read(info)
            if info.filename.endswith(".dist-info/RECORD"):
                data = b"".join(line for line in data.splitlines(keepends=True) if b"/py.typed," not in line)
            dst.writestr(info, data)
    venv = make_venv(tmp_path / "venv", untyped, built.wheelhouse, "")
    found = problems(venv, tmp_path / "check")
    # mypy: "missing library stubs or py.typed marker", then Any everywhere and the typo unseen
    assert any(f.startswith("mypy: revealed") for f in found), found
    assert any(f.startswith("mypy: errors on lines") for f in found), found
