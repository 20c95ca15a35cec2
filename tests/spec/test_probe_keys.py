"""The catalogue's probe rule (every entry probed or says why not) and the observed-pairs rule of
spec/examples/observed/, both run by `make validate` (scripts/check_spec.py)."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from koodrive_cli.probe import shape_mask

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from check_examples import example_problems  # noqa: E402
from spec_checks import catalogue_problems, probe_problems  # noqa: E402

SPEC: dict[str, Any] = yaml.safe_load((ROOT / "spec" / "koodrive-tasks.yaml").read_text(encoding="utf-8"))
CATALOGUE: list[dict[str, Any]] = yaml.safe_load((ROOT / "spec" / "quirks.yaml").read_text(encoding="utf-8"))


def entry(quirk_id: str) -> dict[str, Any]:
    return dict(next(e for e in CATALOGUE if e["id"] == quirk_id))


def test_the_catalogue_passes() -> None:
    assert catalogue_problems(SPEC, CATALOGUE) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda e: e.pop("probe"), "needs exactly one of probe"),
        (lambda e: e.update(probe_unobservable="because"), "needs exactly one of probe"),
    ],
    ids=["neither", "both"],
)
def test_an_entry_needs_exactly_one_of_probe_and_a_reason(change: Any, message: str) -> None:
    broken = entry("Q2")
    change(broken)
    catalogue = [broken if e["id"] == "Q2" else e for e in CATALOGUE]
    assert any(p.startswith("Q2: ") and message in p for p in catalogue_problems(SPEC, catalogue))


def test_a_reason_must_be_text() -> None:
    broken = entry("Q4")
    broken["probe_unobservable"] = "  "
    catalogue = [broken if e["id"] == "Q4" else e for e in CATALOGUE]
    assert any("probe_unobservable must be non-empty text" in p for p in catalogue_problems(SPEC, catalogue))


def _probe(variant: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "operations": ["getJob"],
        "variants": {"a": variant, "b": {"pointer": "/x", "present": True}},
        **extra,
    }


@pytest.mark.parametrize(
    ("probe", "message"),
    [
        (_probe({"pointer": "/x", "pattern": "("}), "not a regular expression"),
        (_probe({"pointer": "/x", "length": -1}), "count of items"),
        (_probe({"pointer": "/**", "zone": "CET"}), "UTC or ±hh:mm"),
        (_probe({"pointer": "/x", "present": True, "not": True}), "not beside present"),
        (_probe({"pointer": "/x", "type": "string", "operations": ["listJobs"]}), "the probe's operations"),
        (_probe({"pointer": "/x", "type": "string", "when": {"pointer": "y", "equals": 3}}), "JSON pointer"),
        (_probe({"pointer": ["/x", 3], "type": "string"}), "JSON pointer"),
        (_probe({"pointer": "/x", "type": "string"}, responses="errors"), "probe.responses must be one of"),
    ],
)
def test_malformed_classifiers_are_refused(probe: dict[str, Any], message: str) -> None:
    assert any(message in p for p in probe_problems(probe, SPEC)), probe_problems(probe, SPEC)


def test_every_probe_key_of_the_catalogue_is_well_formed() -> None:
    for e in CATALOGUE:
        if "probe" in e:
            assert probe_problems(e["probe"], SPEC) == [], e["id"]


@pytest.fixture
def spec_copy(tmp_path: Path) -> Path:
    target = tmp_path / "spec"
    shutil.copytree(ROOT / "spec", target)
    return target


def observe(spec_dir: Path, name: str, change: Any) -> Path:
    """Copy an example pair into examples/observed/, changed by `change`."""
    pair = json.loads((spec_dir / "examples" / name).read_text(encoding="utf-8"))
    change(pair)
    target = spec_dir / "examples" / "observed" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(pair), encoding="utf-8")
    return target


def masked(pair: dict[str, Any]) -> None:
    pair["source"] = {"section": "observed on example.com by `koodrive-tasks probe`", "verbatim": False}
    pair["request"]["headers"] = {"Authorization": "Bearer ***"}
    body = pair["responses"]["200"]["value"]
    for key in ("taskName", "userId", "tenantId"):
        body[key] = shape_mask(body[key])


def test_an_observed_pair_needs_no_reference_but_every_other_check(spec_copy: Path) -> None:
    observe(spec_copy, "getTask/seed-002.json", masked)
    spec_path = spec_copy / "koodrive-tasks.yaml"
    assert [p for p in example_problems(spec_path) if "observed/" in p] == []

    def wrong_type(pair: dict[str, Any]) -> None:
        masked(pair)
        pair["responses"]["200"]["value"]["taskId"] = 1534087020903704704

    observe(spec_copy, "getTask/seed-002.json", wrong_type)
    assert any(
        "observed/getTask/seed-002.json: response 200 taskId" in p for p in example_problems(spec_path)
    )


def test_an_observed_pair_must_be_redacted_and_say_where_it_was_seen(spec_copy: Path) -> None:
    observe(spec_copy, "getTask/seed-002.json", lambda pair: None)  # the seed's token, its section
    problems = [p for p in example_problems(spec_copy / "koodrive-tasks.yaml") if "observed/" in p]
    assert any("source.section must start 'observed on '" in p for p in problems), problems
    assert any("header Authorization is not masked" in p for p in problems), problems
    assert any("/userId: an unmasked user or tenant id" in p for p in problems), problems
