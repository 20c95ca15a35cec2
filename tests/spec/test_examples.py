"""The example pairs of spec/examples/ agree with the spec, and the checks really catch breakage."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from check_examples import example_problems  # noqa: E402


@pytest.fixture
def spec_copy(tmp_path: Path) -> Path:
    """A throw-away copy of spec/ (with the Spectral ruleset) to break on purpose."""
    target = tmp_path / "spec"
    shutil.copytree(ROOT / "spec", target)
    return target


def edit_example(spec_dir: Path, name: str, change: object) -> None:
    path = spec_dir / "examples" / name
    data = json.loads(path.read_text())
    change(data)  # type: ignore[operator]
    path.write_text(json.dumps(data))


def test_every_example_pair_is_valid() -> None:
    assert example_problems() == []


def test_a_wrong_type_in_a_response_example_is_reported(spec_copy: Path) -> None:
    def wrong(d: dict) -> None:
        d["responses"]["200"]["value"]["data"][0]["taskId"] = 1320279189273965056

    edit_example(spec_copy, "listJobs/seed-001.json", wrong)
    problems = example_problems(spec_copy / "koodrive-tasks.yaml")
    assert any("seed-001.json: response 200 data/0/taskId" in p for p in problems), problems


def test_an_undeclared_query_parameter_is_reported(spec_copy: Path) -> None:
    def extra(d: dict) -> None:
        d["request"]["line"] += "&sort=asc"

    edit_example(spec_copy, "listJobs/seed-001.json", extra)
    problems = example_problems(spec_copy / "koodrive-tasks.yaml")
    assert any("query parameter 'sort' is not declared" in p for p in problems), problems


def test_an_orphan_example_is_reported(spec_copy: Path) -> None:
    shutil.copy(spec_copy / "examples/getJob/seed-003.json", spec_copy / "examples/getJob/copy-of-seed.json")
    problems = example_problems(spec_copy / "koodrive-tasks.yaml")
    assert "getJob/copy-of-seed.json: response 200 is not referenced by the spec (orphan)" in {
        p.removeprefix("examples/") for p in problems
    }


def test_an_operation_without_an_example_is_reported(spec_copy: Path) -> None:
    (spec_copy / "examples/cancelJob/cancelled.json").unlink()
    problems = example_problems(spec_copy / "koodrive-tasks.yaml")
    assert "operation cancelJob has no example pair in spec/examples/" in problems
    assert any("references missing example file examples/cancelJob/cancelled.json" in p for p in problems)


def test_an_error_example_must_show_an_invalid_request(spec_copy: Path) -> None:
    def valid(d: dict) -> None:
        d["request"]["line"] = "GET /koodrive/ose/v1/jobs?offset=0&limit=5"

    edit_example(spec_copy, "errors/invalid-parameter.json", valid)
    problems = example_problems(spec_copy / "koodrive-tasks.yaml")
    assert any("answers 13000102 but its request is valid" in p for p in problems), problems


def run_validate(spec_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "-s", "validate", f"SPEC_DIR={spec_dir}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_make_validate_passes_on_the_committed_spec_and_fails_on_a_broken_example(spec_copy: Path) -> None:
    clean = run_validate(spec_copy)
    assert clean.returncode == 0, clean.stdout + clean.stderr

    def broken(d: dict) -> None:
        d["responses"]["200"]["value"]["jobInfo"]["taskStatus"] = "done"

    edit_example(spec_copy, "getShareTask/seed-004.json", broken)
    result = run_validate(spec_copy)
    assert result.returncode != 0
    assert "seed-004.json" in result.stdout + result.stderr


def test_make_validate_fails_on_an_undefined_extension(spec_copy: Path) -> None:
    spec = spec_copy / "koodrive-tasks.yaml"
    spec.write_text(
        spec.read_text().replace(
            "  title: KooDrive task APIs\n", "  title: KooDrive task APIs\n  x-bogus: 1\n"
        )
    )
    result = run_validate(spec_copy)
    assert result.returncode != 0
    assert "x-bogus" in result.stdout + result.stderr
