"""The generated client parses every example body, and each quirk variant of it, without losing a field.

Parsing goes through the generated operation modules' own response dispatch (`_parse_response`), so
the model chosen per status is the generator's, not a second hand-written mapping.
"""

from __future__ import annotations

import copy
import importlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from koodrive_generated.client import Client
from koodrive_generated.types import Unset

ROOT = Path(__file__).resolve().parents[2]
SPEC = yaml.safe_load((ROOT / "spec/koodrive-tasks.yaml").read_text())
OPERATIONS = {
    op["operationId"]: op["tags"][0].replace("-", "_")
    for item in SPEC["paths"].values()
    for op in item.values()
    if isinstance(op, dict) and "operationId" in op
}


def snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


def parse(operation_id: str, status: int, body: Any) -> Any:
    module = importlib.import_module(
        f"koodrive_generated.api.{OPERATIONS[operation_id]}.{snake(operation_id)}"
    )
    response = httpx.Response(status, json=body)
    return module._parse_response(client=Client(base_url="https://example.invalid"), response=response)


def example_bodies() -> Iterator[tuple[str, str, int, Any]]:
    for path in sorted((ROOT / "spec/examples").glob("*/*.json")):
        example = json.loads(path.read_text())
        for status, response in example["responses"].items():
            yield (
                path.relative_to(ROOT / "spec/examples").as_posix(),
                example["operationId"],
                int(status),
                response["value"],
            )


def without_unset(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: without_unset(v) for k, v in value.items() if not isinstance(v, Unset)}
    if isinstance(value, list):
        return [without_unset(v) for v in value]
    return value


@pytest.mark.parametrize(
    ("name", "operation_id", "status", "body"), list(example_bodies()), ids=lambda v: str(v)[:40]
)
def test_example_body_parses_into_typed_models_and_round_trips(
    name: str, operation_id: str, status: int, body: Any
) -> None:
    model = parse(operation_id, status, body)
    assert model is not None, f"{name}: the generated client has no model for status {status}"
    assert type(model).__module__.startswith("koodrive_generated.models.")
    assert without_unset(model.to_dict()) == body


def variant(change: Callable[[dict[str, Any]], None], source: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(source)
    change(out)
    return out


def seed(name: str) -> dict[str, Any]:
    return json.loads((ROOT / "spec/examples" / name).read_text())["responses"]["200"]["value"]


LIST_TASKS = seed("listTasks/seed-000.json")
SHARE_TASK = seed("getShareTask/seed-004.json")
JOB = seed("getJob/seed-003.json")

QUIRK_VARIANTS: list[tuple[str, str, dict[str, Any]]] = [
    ("Q1 code as a string", "listTasks", variant(lambda d: d.update(code="0"), LIST_TASKS)),
    (
        "Q2 taskList instead of taskListDtos",
        "listTasks",
        variant(lambda d: d.update(taskList=d.pop("taskListDtos")), LIST_TASKS),
    ),
    (
        "Q3 nextCursor as a string",
        "listTasks",
        variant(lambda d: d.update(nextCursor=str(d["nextCursor"])), LIST_TASKS),
    ),
    (
        "Q5 taskInfos as one object",
        "getShareTask",
        variant(lambda d: d.update(taskInfos=d["taskInfos"][0]), SHARE_TASK),
    ),
    (
        "Q20 legacy taskInfo",
        "getShareTask",
        variant(lambda d: d.update(taskInfo=d.pop("jobInfo")), SHARE_TASK),
    ),
    ("Q1 job code as a string", "getJob", variant(lambda d: d.update(code="0"), JOB)),
    (
        "unknown enum value and unknown field",
        "getJob",
        variant(lambda d: d["data"]["jobInfo"].update(status=9, taskType=42, brandNew={"x": 1}), JOB),
    ),
]


@pytest.mark.parametrize(
    ("quirk", "operation_id", "body"), QUIRK_VARIANTS, ids=[q for q, _, _ in QUIRK_VARIANTS]
)
def test_quirk_variants_parse_without_loss(quirk: str, operation_id: str, body: dict[str, Any]) -> None:
    model = parse(operation_id, 200, body)
    assert without_unset(model.to_dict()) == body


def test_unknown_enum_values_are_kept_as_plain_values() -> None:
    body = variant(lambda d: d["data"]["jobInfo"].update(status=9), JOB)
    job = parse("getJob", 200, body).data.job_info
    assert job.status == 9 and not hasattr(job.status, "name")
    assert parse("getJob", 200, JOB).data.job_info.status.name == "COMPLETED"


def test_ids_stay_strings() -> None:
    job = parse("getJob", 200, JOB).data.job_info
    assert job.task_id == "1309243162258308352" and isinstance(job.task_id, str)
