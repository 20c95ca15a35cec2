"""Every example pair in spec/examples/ replayed against a fresh emulator: same status, same shape and types.

Observed mode, except where the example says otherwise: `documented.json` shows the table's shape
(documented mode), `legacy-task-info.json` the 2024-07 page's (Q20 pinned to `taskInfo`, string
`code`), `errors/internal.json` a 500 (error rate 1) and `errors/throttled.json` the gateway's 429
(apig rate 1).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from .conftest import V1

EXAMPLES = Path(__file__).resolve().parents[2] / "spec" / "examples"
FILES = sorted(EXAMPLES.glob("*/*.json"))
SETUP: dict[str, dict[str, Any]] = {
    "documented.json": {"quirkMode": "documented"},
    "legacy-task-info.json": {"quirks": {"Q20": "taskInfo", "Q1": "string"}},
    "internal.json": {"faults": {"errorRate": 1.0}},
    "throttled.json": {"faults": {"apigRate": 1.0}},  # the gateway's 429 (the rate limit: test_rate_limit)
}


def kind(value: Any) -> str:
    return type(value).__name__


def same_shape(example: Any, actual: Any, where: str = "$") -> list[str]:
    """Every key of the example is in the response, with the same JSON type, recursively."""
    if kind(example) != kind(actual):
        return [f"{where}: example {kind(example)}, emulator {kind(actual)}"]
    problems: list[str] = []
    if isinstance(example, dict):
        for key, value in example.items():
            if key not in actual:
                problems.append(f"{where}.{key}: missing")
            else:
                problems += same_shape(value, actual[key], f"{where}.{key}")
    elif isinstance(example, list):
        if example and not actual:
            return [f"{where}: example has items, emulator none"]
        by_id = {a["taskId"]: a for a in actual if isinstance(a, dict) and "taskId" in a}
        for i, item in enumerate(example):
            # A listed record is compared with the same record when the emulator lists it too.
            match = by_id.get(item.get("taskId")) if isinstance(item, dict) else None
            problems += same_shape(item, match or actual[min(i, len(actual) - 1)], f"{where}[{i}]")
    return problems


def replay(client: Any, data: dict[str, Any]) -> Any:
    method, target = data["request"]["line"].split(" ", 1)
    headers = dict(data["request"].get("headers", {}))
    auth = headers.get("Authorization", "")
    if "wrong" not in auth:  # the examples mask their tokens; replay with the emulator's, same spelling
        headers["Authorization"] = ("Bearer+" if auth.startswith("Bearer+") else "Bearer ") + "emulator-token"
    body = data["request"].get("body")
    content = json.dumps(body["value"]).encode() if body else None
    if content:
        headers["Content-Type"] = "application/json"
    return client.request(method, target, headers=headers, content=content)


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.name}" for p in FILES])
def test_example_pair_replays_with_its_status_and_shape(client: Any, emulator: Any, path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    if path.name in SETUP:
        emulator.configure(SETUP[path.name])
    response = replay(client, data)
    [(status, expected)] = data["responses"].items()
    assert response.status_code == int(status), response.text
    assert same_shape(expected["value"], response.json()) == []


def test_the_seed_records_come_back_verbatim(client: Any) -> None:
    """The fixtures are the seed pages' records: their detail answers equal the examples, `msg` included
    (every seed pair, key order too: test_seed_replay.py)."""
    for name in ("getJob/seed-003.json", "getTask/seed-002.json", "getShareTask/seed-004.json"):
        data = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
        assert replay(client, data).json() == data["responses"]["200"]["value"], name
    assert (
        client.get(f"{V1}/jobs?offset=0&limit=2", headers={"Authorization": "emulator-token"}).status_code
        == 200
    )
