"""The five seed pages replay verbatim (issue 11 item 3).

Each verbatim seed example pair's request, as spec/examples/ stores it (sent with the emulator's
own token), answers with the seed's example body: equal as JSON and in key order, at start-up and
after `reset` (whatever the previous test configured or moved).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from .conftest import HANDOVER, TOKEN, V1, post_json

EXAMPLES = Path(__file__).resolve().parents[2] / "spec" / "examples"
SEED_PAIRS = sorted(
    p
    for p in EXAMPLES.glob("*/*.json")
    if json.loads(p.read_text(encoding="utf-8"))["source"].get("seed")
    and json.loads(p.read_text(encoding="utf-8"))["source"].get("verbatim")
)


def send(client: Any, pair: dict[str, Any]) -> Any:
    method, target = pair["request"]["line"].split(" ", 1)
    headers = dict(pair["request"].get("headers", {}))
    auth = headers.get("Authorization", "")
    headers["Authorization"] = ("Bearer+" if auth.startswith("Bearer+") else "Bearer ") + "emulator-token"
    body = pair["request"].get("body")
    content = json.dumps(body["value"]).encode() if body else None
    if content:
        headers["Content-Type"] = "application/json"
    return client.request(method, target, headers=headers, content=content)


def assert_verbatim(client: Any, path: Path) -> None:
    pair = json.loads(path.read_text(encoding="utf-8"))
    expected = pair["responses"]["200"]["value"]
    response = send(client, pair)
    assert response.status_code == 200, response.text
    actual = response.json()
    assert actual == expected
    # Key order too, at every level: the serialised forms are identical.
    assert json.dumps(actual) == json.dumps(expected)


def test_there_are_five_seed_pairs() -> None:
    seeds = {json.loads(p.read_text(encoding="utf-8"))["source"]["seed"][:3] for p in SEED_PAIRS}
    assert seeds == {"000", "001", "002", "003", "004"} and len(SEED_PAIRS) == 5


@pytest.mark.parametrize("path", SEED_PAIRS, ids=[p.parent.name for p in SEED_PAIRS])
def test_seed_pair_replays_verbatim_at_start_up(client: Any, path: Path) -> None:
    assert_verbatim(client, path)


def test_seed_pairs_replay_verbatim_after_reset(client: Any, emulator: Any) -> None:
    emulator.configure({"quirkMode": "mixed", "quirkSeed": 5, "paging": {"partialPages": True}})
    emulator.seed(jobs=20, tasks=30, share_tasks=3, seed=2)
    post_json(client, f"{V1}/task/create", HANDOVER)
    emulator.step("jobs", "1289250105886769024")
    client.post("/_emulator/reset", json={})
    for path in SEED_PAIRS:
        assert_verbatim(client, path)


def test_cursors_are_millisecond_times_that_fit_in_a_double(client: Any, emulator: Any) -> None:
    emulator.seed(tasks=50, seed=1)
    cursor: Any = None
    seen: list[str] = []
    while True:
        query = "pageSize=7" + (f"&pageCursor={cursor}" if cursor is not None else "")
        page = client.get(f"{V1}/task/list?{query}", headers=TOKEN).json()
        seen += [t["taskId"] for t in page["taskListDtos"]]
        if "nextCursor" not in page:
            break
        cursor = page["nextCursor"]
        assert isinstance(cursor, int) and cursor < 2**53 and len(str(cursor)) == 13
    assert len(seen) == len(set(seen)) == len(emulator.tasks)


def test_iso_times_carry_000_milliseconds(client: Any, emulator: Any) -> None:
    emulator.configure({"transitions": {"tasks": {"mode": "immediate"}}})
    emulator.clock.advance(0.123)
    task_id = post_json(client, f"{V1}/task/create", HANDOVER).json()["taskId"]
    client.get(f"{V1}/task/{task_id}", headers=TOKEN)
    # the times are the list's (`x-koodrive-list-only`: seed 002's getTask table has none)
    page = client.get(f"{V1}/task/list", headers=TOKEN).json()["taskListDtos"]
    task = next(t for t in page if t["taskId"] == task_id)
    for name in ("createTime", "startTime", "endTime"):
        assert task[name].endswith(".000Z"), task


def test_msg_per_operation_as_the_seeds_show(client: Any) -> None:
    assert client.get(f"{V1}/jobs?offset=0&limit=1", headers=TOKEN).json()["msg"] == "OK"
    assert client.get(f"{V1}/1309243162258308352", headers=TOKEN).json()["msg"] == "OK"
    assert client.get(f"{V1}/task/list?pageSize=1", headers=TOKEN).json()["msg"] == "Success."
    assert client.get(f"{V1}/task/1534087020903704704", headers=TOKEN).json()["msg"] == "Success."
    zh = client.get(f"{V1}/task/1534087020903704704", headers={**TOKEN, "language": "zh-CN"}).json()
    assert zh["msg"] == "成功"
