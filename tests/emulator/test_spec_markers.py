"""Two emulator facts that were constants in its code are the spec's markers, read through its
schema reader (`koodrive_emulator/schema.py`): the type each operation's table gives `code`
(`x-koodrive-table-type`, Q1: String, Integer on seed 004's Table 3) and the `actionType`s whose
decompression job extracts nothing (`x-koodrive-extracts-nothing`, 501). Flipping one in a copy of
the spec changes what the emulator reads and sends."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import yaml
from koodrive_emulator import create_app
from koodrive_emulator.schema import formats_of, load_formats

from .conftest import TOKEN, V1, post_json
from .test_spec_driven import spec_copy

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

SHARE = {"taskId": "1521827471237047552", "shareId": "1808628918203192832"}


def documented_codes(spec_path: Path | None) -> dict[str, Any]:
    app = create_app(spec_path=spec_path)
    app.state.emulator.configure({"quirkMode": "documented"})
    with TestClient(app) as client:
        share = post_json(client, f"{V1}/share/taskDetail", SHARE).json()
        tasks = client.get(f"{V1}/task/list", headers=TOKEN, params={"limit": 1}).json()
    return {"getShareTask": share["code"], "listTasks": tasks["code"]}


def test_the_shipped_markers_are_what_the_emulator_reads() -> None:
    formats = load_formats()
    assert formats.table_integer_code == {"getShareTask"}
    assert formats.extracts_nothing == {501}
    assert documented_codes(None) == {"getShareTask": 0, "listTasks": "0"}


def test_flipping_the_table_type_changes_the_documented_code(tmp_path: Path) -> None:
    def flip(spec: dict[str, Any]) -> None:
        schemas = spec["components"]["schemas"]
        del schemas["GetShareTaskResponse"]["properties"]["code"]["x-koodrive-table-type"]
        schemas["ListTasksResponse"]["properties"]["code"]["x-koodrive-table-type"] = "integer"

    path = spec_copy(tmp_path, flip)
    assert load_formats(path).table_integer_code == {"listTasks"}
    assert documented_codes(path) == {"getShareTask": "0", "listTasks": 0}


def test_the_actions_that_extract_nothing_are_read_from_the_spec() -> None:
    spec = yaml.safe_load(
        (Path(__file__).resolve().parents[2] / "spec/koodrive-tasks.yaml").read_text("utf-8")
    )
    spec["components"]["schemas"]["JobActionType"]["x-koodrive-extracts-nothing"] = [502, 503]
    assert formats_of(spec).extracts_nothing == {502, 503}


def test_a_preview_job_extracts_nothing_and_a_decompression_does(client: Any) -> None:
    def listing(action: int) -> list[dict[str, Any]]:
        job = {
            "taskType": 5,
            "actionType": action,
            "taskInfo": {"fileInfo": [{"fileId": "Fzip"}], "srcContainerId": "s"},
            "dstContainerId": "d",
        }
        job_id = post_json(client, f"{V1}/jobs", job).json()["data"]
        for _ in range(20):
            data = client.get(f"{V1}/{job_id}", headers=TOKEN).json()["data"]
            if data.get("uncompressedFileList"):
                return list(data["uncompressedFileList"])
        raise AssertionError("the job never finished")

    assert all("fileId" not in e for e in listing(501))
    assert all("fileId" in e for e in listing(502))
