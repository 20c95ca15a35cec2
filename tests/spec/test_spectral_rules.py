"""The project's Spectral ruleset (spec/.spectral.yaml, run by `make validate`) refuses what it is
there to refuse: shown on a copy of the spec broken on purpose."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SPECTRAL = ROOT / "node_modules" / ".bin" / "spectral"


def spectral(spec: Path) -> subprocess.CompletedProcess[str]:
    ruleset = spec.parent / ".spectral.yaml"
    return subprocess.run(
        [str(SPECTRAL), "lint", "--ruleset", str(ruleset), "--fail-severity=warn", str(spec)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_an_operation_without_the_gateways_429_fails_koodrive_error_responses(tmp_path: Path) -> None:
    copy = tmp_path / "spec"
    shutil.copytree(ROOT / "spec", copy, ignore=shutil.ignore_patterns("bundled"))
    path = copy / "koodrive-tasks.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    operation = doc["paths"]["/koodrive/ose/v1/jobs"]["get"]
    assert operation["operationId"] == "listJobs"
    del operation["responses"]["429"]
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    result = spectral(path)
    assert result.returncode != 0, result.stdout
    flagged = [line for line in result.stdout.splitlines() if "koodrive-error-responses" in line]
    assert len(flagged) == 1 and "429" in flagged[0], result.stdout
