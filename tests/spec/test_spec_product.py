"""The spec as consumers outside Python get it (issue 21): the published bundle, the links from the
spec to Huawei's pages and to the quirk catalogue, what any client should do about each quirk, enum
names generators can use."""

from __future__ import annotations

import copy
import json
import shutil
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = ROOT / "spec" / "koodrive-tasks.yaml"
BUNDLED = ROOT / "spec" / "bundled"
sys.path.insert(0, str(ROOT / "scripts"))
import bundle_spec  # noqa: E402  (sibling scripts, not an installed package)
import spec_checks  # noqa: E402

HOMEPAGE = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]["Homepage"]
METHODS = ("get", "post", "put", "delete", "patch")


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="module")
def bundle() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((BUNDLED / "koodrive-tasks.json").read_text(encoding="utf-8"))
    return loaded


def operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return [op for item in spec["paths"].values() for m, op in item.items() if m in METHODS]


# ---- the bundle ------------------------------------------------------------------------------------
def test_the_committed_bundle_is_a_fresh_one() -> None:
    for name, text in bundle_spec.render(SPEC_PATH).items():
        assert (BUNDLED / name).read_text(encoding="utf-8") == text, f"spec/bundled/{name}: run make generate"


def test_every_example_is_inline_under_a_readable_name(bundle: dict[str, Any], spec: dict[str, Any]) -> None:
    names = set(bundle["components"]["examples"])
    assert {"listJobs.seed-001", "cancelJob.request.cancelled", "BadRequest.not-found"} <= names
    external = [r for r in bundle_spec._refs(spec) if not r.startswith("#")]
    assert len(names) == len(external)  # one per example the YAML pulls from spec/examples/
    assert [r for r in bundle_spec._refs(bundle) if not r.startswith("#")] == []
    seed = bundle["components"]["examples"]["listJobs.seed-001"]["value"]
    assert seed["data"][0]["taskId"] == "1320279189273965056"


def test_no_number_loses_digits_in_javascript(bundle: dict[str, Any]) -> None:
    def numbers(node: Any) -> list[int | float]:
        if isinstance(node, bool):
            return []
        if isinstance(node, int | float):
            return [node]
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else []
        return [n for child in children for n in numbers(child)]

    assert max(abs(n) for n in numbers(bundle)) <= 2**53 - 1
    cursor = bundle["components"]["schemas"]["ListTasksResponse"]["properties"]["nextCursor"]
    assert {"type": "integer", "format": "int64"}.items() <= cursor["anyOf"][0].items()


def test_a_number_above_2_53_fails_the_bundler(tmp_path: Path) -> None:
    shutil.copytree(SPEC_PATH.parent / "examples", tmp_path / "examples")
    spec = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    spec["components"]["schemas"]["EpochMillis"]["maximum"] = 2**63 - 1
    (tmp_path / "koodrive-tasks.yaml").write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    with pytest.raises(bundle_spec.BundleError, match="above 2\\^53"):
        bundle_spec.bundle(tmp_path / "koodrive-tasks.yaml")


def test_the_dereferenced_copy_keeps_only_the_recursive_reference() -> None:
    deref = json.loads((BUNDLED / "koodrive-tasks.deref.json").read_text(encoding="utf-8"))
    assert set(bundle_spec._refs(deref)) == {"#/components/schemas/UncompressedFile"}
    job = deref["paths"]["/koodrive/ose/v1/{job_id}"]["get"]["responses"]["200"]["content"][
        "application/json"
    ]
    assert job["schema"]["properties"]["data"]["properties"]["jobInfo"]["required"] == [
        "taskId",
        "taskType",
        "status",
    ]


# ---- findable without Python ---------------------------------------------------------------------
def test_every_operation_links_to_its_huawei_page(spec: dict[str, Any]) -> None:
    for op in operations(spec):
        url = op["externalDocs"]["url"]
        assert url.startswith("https://support.huaweicloud.com/"), op["operationId"]
    assert spec["info"]["contact"]["url"].startswith(HOMEPAGE)


def test_every_quirk_marker_links_to_its_catalogue_entry(spec: dict[str, Any]) -> None:
    assert spec_checks.quirk_link_problems(spec, HOMEPAGE) == []
    job = spec["components"]["schemas"]["Job"]
    assert job["externalDocs"]["url"] == f"{HOMEPAGE}/blob/main/spec/QUIRKS.md#q54"


def test_a_missing_catalogue_link_is_caught(spec: dict[str, Any]) -> None:
    broken = copy.deepcopy(spec)
    del broken["components"]["schemas"]["Job"]["externalDocs"]
    broken["components"]["responses"]["InternalError"]["description"] = "Internal error."
    problems = spec_checks.quirk_link_problems(broken, HOMEPAGE)
    assert problems == [
        "/components/responses/InternalError: description must link to the catalogue entry of Q33",
        f"/components/schemas/Job: externalDocs must link to {HOMEPAGE}/blob/main/spec/QUIRKS.md#q54",
    ]


def test_each_catalogue_entry_says_what_any_client_should_do(spec: dict[str, Any]) -> None:
    catalogue = yaml.safe_load((SPEC_PATH.parent / "quirks.yaml").read_text(encoding="utf-8"))
    assert all(isinstance(e["any_client"], str) and e["any_client"].strip() for e in catalogue)
    quirks_md = (SPEC_PATH.parent / "QUIRKS.md").read_text(encoding="utf-8")
    assert quirks_md.count("**Any client should:**") == len(catalogue)
    entry = copy.deepcopy(catalogue[0])
    del entry["any_client"]
    assert "missing field 'any_client'" in spec_checks._entry_problems(entry, spec, None)
    entry["any_client"] = "two\nlines"
    assert "any_client must be one line saying what any client should do" in spec_checks._entry_problems(
        entry, spec, None
    )


# ---- names generators can use --------------------------------------------------------------------
def test_enum_varnames_are_unique_and_python_keeps_its_names(spec: dict[str, Any]) -> None:
    assert spec_checks.enum_name_problems(spec) == []
    from koodrive_generated.models.file_result_status import FileResultStatus
    from koodrive_generated.models.job_action_type import JobActionType
    from koodrive_tasks import FileStatus

    assert FileResultStatus.PENDING.value == "0" and FileStatus.PENDING.value == 0
    assert JobActionType.MOVE.value == 301
    assert spec["components"]["schemas"]["JobActionType"]["x-enum-varnames"][3] == "ACTION_MOVE"


def test_no_link_request_body_is_an_object(spec: dict[str, Any]) -> None:
    links = [
        link
        for op in operations(spec)
        for response in op["responses"].values()
        for link in response.get("links", {}).values()
    ]
    assert links and all(not isinstance(link.get("requestBody"), dict) for link in links)
    assert sum("x-koodrive-link-request-body" in link for link in links) == 2


def test_the_yaml_and_json_bundles_are_one_document(bundle: dict[str, Any]) -> None:
    assert yaml.safe_load((BUNDLED / "koodrive-tasks.yaml").read_text(encoding="utf-8")) == bundle
