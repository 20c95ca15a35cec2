"""`koodrive-tasks probe` against a live emulator in each quirk mode, and its redacted recordings.

The expected variants come from the emulator's own mode semantics (`QUIRK_VARIANTS`: `documented`
serves the first variant, `observed` the second, `mixed` draws among them), never from the probe.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import stamina
import yaml
from koodrive_cli import probe
from koodrive_cli.main import app
from koodrive_emulator import RunningEmulator, running
from koodrive_emulator.config import (
    DEFAULT_APP_ID,
    DEFAULT_APP_SECRET,
    DEFAULT_TOKEN,
    DEFAULT_USER_ID,
    QUIRK_VARIANTS,
)
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import check_examples  # noqa: E402
import spec_checks  # noqa: E402

# The share task of the seed-004 fixture (getShareTask has no list operation to find one).
SHARE = "1808628918203192832:1521827471237047552"
CATALOGUE: list[dict[str, Any]] = yaml.safe_load((ROOT / "spec" / "quirks.yaml").read_text(encoding="utf-8"))
PROBED = [entry["id"] for entry in CATALOGUE if "probe" in entry]


@pytest.fixture
def emulator() -> Iterator[RunningEmulator]:
    with stamina.set_testing(True, attempts=1000, cap=True), running() as server:
        server.emulator.seed(jobs=6, tasks=30, seed=3)
        yield server


def invoke(server: RunningEmulator, *args: str, app_auth: bool = False) -> tuple[int, str, str]:
    env = {"KOODRIVE_BASE_URL": server.base_url}
    if app_auth:
        env |= {
            "KOODRIVE_APP_ID": DEFAULT_APP_ID,
            "KOODRIVE_APP_SECRET": DEFAULT_APP_SECRET,
            "KOODRIVE_USER_ID": DEFAULT_USER_ID,
        }
    else:
        env |= {"KOODRIVE_TOKEN": DEFAULT_TOKEN, "KOODRIVE_USER_ID": DEFAULT_USER_ID}
    result = CliRunner().invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def probe_json(server: RunningEmulator, *extra: str) -> dict[str, Any]:
    code, stdout, stderr = invoke(server, "--json", "probe", "--share-task", SHARE, *extra)
    assert code == 0, stderr
    result: dict[str, Any] = json.loads(stdout)
    assert all(call["error"] is None for call in result["calls"]), result["calls"]
    return result


def seen(result: dict[str, Any]) -> dict[str, set[str]]:
    return {q["id"]: set(q["variants"]) for q in result["quirks"]}


def test_the_probe_reads_its_quirks_from_the_catalogue() -> None:
    # what the probe checks is exactly the catalogue's `probe` entries, and they cover the
    # emulator's response quirks that a read shows on the wire
    assert [q["id"] for q in probe.probed_quirks(CATALOGUE)] == PROBED
    assert {"Q1", "Q2", "Q3", "Q5", "Q20"} <= set(PROBED)
    for quirk in PROBED:
        assert set(CATALOGUE[[e["id"] for e in CATALOGUE].index(quirk)]["probe"]["variants"]) == set(
            QUIRK_VARIANTS[quirk]
        ), quirk


@pytest.mark.parametrize(("mode", "index"), [("documented", 0), ("observed", 1)])
def test_each_fixed_mode_reports_exactly_the_variants_it_serves(
    emulator: RunningEmulator, mode: str, index: int
) -> None:
    emulator.emulator.configure(quirk_mode=mode)
    result = probe_json(emulator)
    assert seen(result) == {q: {QUIRK_VARIANTS[q][index]} for q in PROBED}
    calls = [c["operation"] for c in result["calls"]]
    assert calls.count("getJob") == 3 and calls.count("getTask") == 3  # the default bound


def test_mixed_mode_reports_only_its_variants_and_both_codes(emulator: RunningEmulator) -> None:
    emulator.emulator.configure(quirk_mode="mixed", quirk_seed=7)
    result = probe_json(emulator, "--max-ids", "8")
    found = seen(result)
    for quirk, variants in found.items():
        assert variants <= set(QUIRK_VARIANTS[quirk]), (quirk, variants)
        # only the 2024-07 share form (Q20 `taskInfo`) carries no `taskInfos` to show Q5
        assert variants or (quirk == "Q5" and found["Q20"] == {"taskInfo"}), (quirk, found)
    # `code` is drawn per response: across 20 responses mixed mode serves both forms
    assert seen(result)["Q1"] == {"number", "string"}


def test_a_pinned_quirk_is_reported_as_pinned(emulator: RunningEmulator) -> None:
    emulator.emulator.configure(quirk_mode="observed", quirks={"Q2": "taskList", "Q20": "taskInfo"})
    found = seen(probe_json(emulator))
    assert found["Q2"] == {"taskList"} and found["Q20"] == {"taskInfo"}
    assert found["Q5"] == set()  # the 2024-07 form carries no `taskInfos` at all


def test_the_table_names_each_quirk_and_variant(emulator: RunningEmulator) -> None:
    emulator.emulator.configure(quirk_mode="documented")
    code, stdout, _ = invoke(emulator, "probe", "--share-task", SHARE)
    assert code == 0
    assert "taskList (1)" in stdout and "Q20" in stdout and "getShareTask" in stdout


def test_unknown_fields_are_every_member_the_spec_lacks() -> None:
    spec = probe.Spec(yaml.safe_load((ROOT / "spec" / "koodrive-tasks.yaml").read_text(encoding="utf-8")))
    schema = spec.response_schema("listTasks", 200)
    body = {
        "code": 0,
        "msg": "ok",
        "surprise": 1,
        "taskListDtos": [{"taskId": "1", "taskType": 0, "newField": "x"}, {"taskId": "2"}],
    }
    assert set(spec.unknown_fields(schema, body)) == {"/surprise", "/taskListDtos/*/newField"}


def raw_identifiers(server: RunningEmulator) -> set[str]:
    """User and tenant ids the emulator's bodies carry, read straight off the wire."""
    found: set[str] = set()
    headers = {"Authorization": f"Bearer {DEFAULT_TOKEN}"}
    with httpx.Client(base_url=server.base_url, headers=headers) as http:
        bodies = [http.get("/koodrive/ose/v1/jobs", params={"offset": 0, "limit": 10}).json()]
        for job in bodies[0]["data"]:  # listJobs: `data` is the list itself
            bodies.append(http.get(f"/koodrive/ose/v1/{job['taskId']}").json())
        bodies.append(http.get("/koodrive/ose/v1/task/list", params={"pageSize": 10}).json())

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in {"userId", "tenantId"} and isinstance(value, str):
                    found.update(part for part in value.split("|") if part)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(bodies)
    return found


@pytest.mark.parametrize("app_auth", [False, True], ids=["token", "app-auth"])
def test_recorded_pairs_hold_no_secret_and_validate(
    emulator: RunningEmulator, tmp_path: Path, app_auth: bool
) -> None:
    code, _, stderr = invoke(
        emulator, "probe", "--share-task", SHARE, "--record", str(tmp_path), app_auth=app_auth
    )
    assert code == 0, stderr
    files = sorted(tmp_path.glob("*/*.json"))
    assert {f.parent.name for f in files} >= {"listJobs", "getJob", "listTasks", "getTask", "getShareTask"}
    secrets = {DEFAULT_TOKEN, DEFAULT_USER_ID, DEFAULT_APP_SECRET, DEFAULT_APP_ID} | raw_identifiers(emulator)
    assert len(secrets) > 4  # the wire did carry user and tenant ids to mask
    index = check_examples.SpecIndex(check_examples.SPEC_PATH)
    for file in files:
        text = file.read_text(encoding="utf-8")
        leaked = [s for s in secrets if s in text]
        assert not leaked, (file, leaked)
        pair = json.loads(text)
        op = pair["operationId"]
        problems = (
            check_examples.check_request(index, file.name, pair, op)
            + check_examples.check_responses(index, file.name, pair, op)
            + check_examples.snowflake_problems(file.name, pair)
        )
        assert problems == [], problems
        assert pair["source"]["section"]


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (
            {
                "operations": ["nope"],
                "variants": {
                    "a": {"pointer": "/x", "present": True},
                    "b": {"pointer": "/y", "present": True},
                },
            },
            "not an operationId",
        ),
        (
            {
                "operations": ["listTasks"],
                "variants": {"a": {"pointer": "/x", "type": "int"}, "b": {"pointer": "/y", "present": True}},
            },
            "type must be",
        ),
        (
            {
                "operations": ["listTasks"],
                "variants": {"a": {"pointer": "x", "present": True}, "b": {"pointer": "/y", "present": True}},
            },
            "JSON pointer",
        ),
        (
            {
                "operations": ["listTasks"],
                "variants": {"a": {"pointer": "/x"}, "b": {"pointer": "/y", "present": True}},
            },
            "exactly one",
        ),
        (
            {"operations": ["listTasks"], "variants": {"a": {"pointer": "/x", "present": True}}},
            "at least two",
        ),
        ({"operations": ["listTasks"]}, "nothing else"),
    ],
)
def test_the_catalogue_check_refuses_a_malformed_probe(bad: dict[str, Any], message: str) -> None:
    spec = yaml.safe_load((ROOT / "spec" / "koodrive-tasks.yaml").read_text(encoding="utf-8"))
    assert any(message in p for p in spec_checks.probe_problems(bad, spec))
    good = next(e for e in CATALOGUE if e["id"] == "Q2")["probe"]
    assert spec_checks.probe_problems(good, spec) == []


def test_read_only_by_default_and_allow_writes_creates_then_cancels_one_job(
    emulator: RunningEmulator,
) -> None:
    before = len(emulator.emulator.jobs)
    probe_json(emulator)
    assert len(emulator.emulator.jobs) == before  # nothing created
    src = "IAADfsBFCO6WtAtuA315074383680425b8aa9a130cba2d4"
    result = probe_json(emulator, "--allow-writes", f"{src}:{src}:FileProbe1")
    assert len(emulator.emulator.jobs) == before + 1
    calls = [(c["operation"], c["argument"]) for c in result["calls"]][-3:]
    assert [op for op, _ in calls] == ["createJob", "getJob", "cancelJob"]
    assert emulator.emulator.jobs.by_id[calls[1][1]].status == 3  # cancelled


def test_allow_writes_refuses_a_malformed_target(emulator: RunningEmulator) -> None:
    code, _, stderr = invoke(emulator, "probe", "--allow-writes", "only-one-part")
    assert code == 2 and "SRC_CONTAINER:DST_CONTAINER:FILE_ID" in stderr


def test_results_are_read_for_exactly_the_finished_imports_the_page_returned(
    emulator: RunningEmulator,
) -> None:
    result = probe_json(emulator, "--max-ids", "10")
    details = [c["argument"] for c in result["calls"] if c["operation"] == "getTask"]
    tasks = emulator.emulator.tasks.by_id
    imports = [t for t in details if tasks[t].task_type == 1 and tasks[t].status in (2, 3)]
    assert imports  # the seeded page holds finished imports, so the branch is exercised
    assert [c["argument"] for c in result["calls"] if c["operation"] == "getTaskResult"] == imports
