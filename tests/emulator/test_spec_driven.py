"""The emulator writes what the spec it was built on says (issue 10 items 3-4).

Each test changes one fact in a copy of spec/ and shows the emulator's output change with it:
the zone of `CompactTimeChina`, a new optional property of `Job` with a value in a getJob example,
the `x-koodrive-detail-only` marks of `Job`,
and the snowflake rule (`x-koodrive-snowflake`).
"""

from __future__ import annotations

import json
import shutil
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from koodrive_emulator import create_app

from .conftest import COPY_JOB, TOKEN, V1, post_json

SPEC_DIR = Path(__file__).resolve().parents[2] / "spec"


def spec_copy(tmp_path: Path, edit: Callable[[dict[str, Any]], None]) -> Path:
    target = tmp_path / "spec"
    shutil.copytree(SPEC_DIR, target)
    path = target / "koodrive-tasks.yaml"
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(spec)
    path.write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def created_job(spec_path: Path | None) -> tuple[str, dict[str, Any]]:
    app = create_app(spec_path=spec_path)
    emulator = app.state.emulator
    emulator.configure({"clock": {"frozen": True}, "transitions": {"jobs": {"mode": "immediate"}}})
    with TestClient(app) as client:
        job_id = post_json(client, f"{V1}/jobs", COPY_JOB).json()["data"]
        info = client.get(f"{V1}/{job_id}", headers=TOKEN).json()["data"]["jobInfo"]
    return job_id, info


def test_flipping_the_job_time_zone_changes_what_the_emulator_writes(tmp_path: Path) -> None:
    def to_utc(spec: dict[str, Any]) -> None:
        spec["components"]["schemas"]["CompactTimeChina"]["x-koodrive-time"]["zone"] = "UTC"

    _, china = created_job(None)
    _, utc = created_job(spec_copy(tmp_path, to_utc))
    for name in ("createTime", "beginTime", "endTime"):
        shift = int(china[name][8:10]) - int(utc[name][8:10])
        assert shift % 24 == 8, (name, china[name], utc[name])


def test_a_new_job_property_in_the_spec_and_an_example_is_served(tmp_path: Path) -> None:
    def add_priority(spec: dict[str, Any]) -> None:
        spec["components"]["schemas"]["Job"]["properties"]["priority"] = {
            "type": "integer",
            "format": "int32",
        }

    path = spec_copy(tmp_path, add_priority)
    example = path.parent / "examples" / "getJob" / "seed-003.json"
    pair = json.loads(example.read_text(encoding="utf-8"))
    pair["responses"]["200"]["value"]["data"]["jobInfo"]["priority"] = 5
    example.write_text(json.dumps(pair, indent=2), encoding="utf-8")

    with TestClient(create_app(spec_path=path)) as client:
        info = client.get(f"{V1}/1309243162258308352", headers=TOKEN).json()["data"]["jobInfo"]
    assert info["priority"] == 5
    # The bundled spec and examples know no such field.
    with TestClient(create_app()) as client:
        assert (
            "priority" not in client.get(f"{V1}/1309243162258308352", headers=TOKEN).json()["data"]["jobInfo"]
        )


def test_a_stepped_fixture_keeps_every_field_its_example_carries(client: Any, emulator: Any) -> None:
    fixture = emulator.jobs.by_id["1309243162258308352"]
    fixture.fields["priority"] = 5  # a field this code has never heard of
    fixture.verbatim = None  # as after a move: rendered from fields + lifecycle
    info = client.get(f"{V1}/1309243162258308352", headers=TOKEN).json()["data"]["jobInfo"]
    assert info["priority"] == 5 and info["tenantId"] == "40086000004871666"
    assert list(info)[-1] == "priority"  # fields the spec does not define follow the spec's


def test_the_snowflake_rule_comes_from_the_spec(tmp_path: Path) -> None:
    def later_epoch(spec: dict[str, Any]) -> None:
        spec["components"]["schemas"]["SnowflakeId"]["x-koodrive-snowflake"] = {
            "epoch": "2020-01-01T00:00:00+00:00",
            "shift": 22,
        }

    bundled_id, _ = created_job(None)
    other_id, _ = created_job(spec_copy(tmp_path, later_epoch))
    # About the same creation time, encoded under each rule.
    epoch_2020 = 1_577_836_800_000
    assert abs(((int(other_id) >> 22) + epoch_2020) - ((int(bundled_id) >> 23) + 1_546_272_000_000)) < 5_000
    assert other_id != bundled_id


def listed_and_detail(spec_path: Path | None) -> tuple[dict[str, Any], dict[str, Any]]:
    app = create_app(spec_path=spec_path)
    app.state.emulator.configure({"clock": {"frozen": True}})  # the job stays running: progress applies
    with TestClient(app) as client:
        job_id = post_json(client, f"{V1}/jobs", COPY_JOB).json()["data"]
        listed = client.get(f"{V1}/jobs", params={"offset": 0, "limit": 100}, headers=TOKEN).json()["data"]
        detail = client.get(f"{V1}/{job_id}", headers=TOKEN).json()["data"]["jobInfo"]
    (item,) = [job for job in listed if job["taskId"] == job_id]
    return item, detail


def test_listed_jobs_leave_out_the_detail_only_fields(tmp_path: Path) -> None:
    """Q54: seed 001's `JobInfo` has no `taskName`, `userId`, `progress` or `downloadUrl`; the
    spec marks them `x-koodrive-detail-only`, and dropping the mark from `progress` in a copy of
    the spec puts it back in the list."""
    item, detail = listed_and_detail(None)
    assert "progress" in detail and "userId" in detail
    assert not {"taskName", "userId", "progress", "downloadUrl"} & set(item)
    assert item["taskId"] == detail["taskId"] and item["status"] == detail["status"]

    def unmark_progress(spec: dict[str, Any]) -> None:
        del spec["components"]["schemas"]["Job"]["properties"]["progress"]["x-koodrive-detail-only"]

    item, detail = listed_and_detail(spec_copy(tmp_path, unmark_progress))
    assert item["progress"] == detail["progress"]
    assert "userId" not in item
