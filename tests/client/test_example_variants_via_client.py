"""Every example body of spec/examples, and each quirk variant of it, gives one normalised object,
read through the public client (test_seed_variants.py checks the seed bodies on `_parsing`).

Offline: each body is rewritten into every shape the spec allows for it (numeric or string `code`,
`resultCode` and `nextCursor`; `taskList` or `taskListDtos`; one object or an array for
`taskInfos` and one-child `subFileList`s; the 2024-07 `taskInfo` envelope; ids as JSON numbers)
and read through the public client: the result must equal the one of the body as published.

Against the emulator: the records behind the seed examples are read in `observed`, `documented`
and every pinned variant mode; the normalised objects must not change with the mode.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from koodrive_emulator import RunningEmulator
from koodrive_tasks import KooDrive, ShareTask, TokenAuth

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "spec" / "examples"
Body = dict[str, Any]
Read = Callable[[KooDrive], Any]

READS: dict[str, Read] = {
    "listJobs": lambda client: client.jobs.list(),
    "getJob": lambda client: client.jobs.get("1309243162258308352"),
    "getTask": lambda client: client.tasks.get("1534087020903704704"),
    "listTasks": lambda client: client.tasks.list(),
    "getShareTask": lambda client: client.share_tasks.get("1521827471237047552", "1808628918203192832"),
}


def read(operation_id: str, body: Body) -> Any:
    http = httpx.Client(
        base_url="https://kd.test", transport=httpx.MockTransport(lambda _: httpx.Response(200, json=body))
    )
    with KooDrive("https://kd.test", TokenAuth("secret-token"), http_client=http) as client:
        return READS[operation_id](client)


def example_bodies() -> Iterator[tuple[str, str, Body]]:
    for path in sorted(EXAMPLES.glob("*/*.json")):
        if path.parent.name in READS:
            value = json.loads(path.read_text())["responses"]["200"]["value"]
            yield path.parent.name, f"{path.parent.name}/{path.name}", value


def _walk(node: Any, visit: Callable[[dict[str, Any]], None]) -> None:
    if isinstance(node, dict):
        visit(node)
        for value in node.values():
            _walk(value, visit)
    elif isinstance(node, list):
        for value in node:
            _walk(value, visit)


def _flip_numeric_strings(keys: tuple[str, ...]) -> Callable[[Body], Body]:
    """Each of `keys` that holds a number becomes its string, and a numeric string its number."""

    def variant(body: Body) -> Body:
        def visit(node: dict[str, Any]) -> None:
            for key in keys:
                value = node.get(key)
                if isinstance(value, int) and not isinstance(value, bool):
                    node[key] = str(value)
                elif isinstance(value, str) and value.isdigit():
                    node[key] = int(value)

        _walk(body, visit)
        return body

    return variant


def _ids_as_numbers(body: Body) -> Body:
    def visit(node: dict[str, Any]) -> None:
        value = node.get("taskId")
        if isinstance(value, str) and value.isdigit():
            node["taskId"] = int(value)

    _walk(body, visit)
    return body


def _swap_task_list_key(body: Body) -> Body:
    for old, new in (("taskListDtos", "taskList"), ("taskList", "taskListDtos")):
        if old in body:
            body[new] = body.pop(old)
            break
    return body


def _one_child_lists_as_objects(body: Body) -> Body:
    def visit(node: dict[str, Any]) -> None:
        children = node.get("subFileList")
        if isinstance(children, list) and len(children) == 1:
            node["subFileList"] = children[0]

    _walk(body, visit)
    return body


def _legacy_task_info(body: Body) -> Body:
    if "jobInfo" in body:
        body["taskInfo"] = body.pop("jobInfo")
    return body


def _first_task_info_as_object(body: Body) -> Body:
    if isinstance(body.get("taskInfos"), list) and body["taskInfos"]:
        body["taskInfos"] = body["taskInfos"][0]
    return body


Variant = Callable[[Body], Body]
COMMON: dict[str, Variant] = {
    "code as the other type (Q1)": _flip_numeric_strings(("code",)),
    "resultCode as the other type (Q8)": _flip_numeric_strings(("resultCode",)),
    "ids as JSON numbers (Q15)": _ids_as_numbers,
}
PER_OPERATION: dict[str, dict[str, Variant]] = {
    "listTasks": {
        "the other list key (Q2)": _swap_task_list_key,
        "nextCursor as the other type (Q3)": _flip_numeric_strings(("nextCursor",)),
    },
    "getJob": {"one-child subFileList as an object (Q6)": _one_child_lists_as_objects},
    "getShareTask": {"2024-07 taskInfo envelope (Q20)": _legacy_task_info},
}
CASES = [
    pytest.param(operation_id, body, variant, id=f"{name} / {label}")
    for operation_id, name, body in example_bodies()
    for label, variant in {**COMMON, **PER_OPERATION.get(operation_id, {})}.items()
    if variant(copy.deepcopy(body)) != body  # only the variants that change something on the wire
]


@pytest.mark.parametrize(("operation_id", "body", "variant"), CASES)
def test_every_quirk_variant_of_an_example_parses_to_the_same_object(
    operation_id: str, body: Body, variant: Variant
) -> None:
    assert read(operation_id, variant(copy.deepcopy(body))) == read(operation_id, body)


def test_share_task_infos_as_one_object_give_a_one_file_list() -> None:
    """Q5: the object form can only carry one file; it is that file, as a list."""
    body = json.loads((EXAMPLES / "getShareTask/seed-004.json").read_text())["responses"]["200"]["value"]
    published: ShareTask = read("getShareTask", body)
    single: ShareTask = read("getShareTask", _first_task_info_as_object(copy.deepcopy(body)))
    assert len(published.files) == 2
    assert single == replace(published, files=published.files[:1])


def test_the_seed_examples_cover_every_operation_that_returns_records() -> None:
    assert {operation_id for operation_id, _, _ in example_bodies()} == set(READS)


EMULATOR_MODES: list[dict[str, Any]] = [
    {"quirkMode": "observed"},
    {"quirkMode": "documented"},
    {"quirkMode": "observed", "quirks": {"Q20": "taskInfo"}},
    {"quirkMode": "documented", "quirks": {"Q5": "array", "Q20": "jobInfo"}},
]


def test_the_seed_records_read_the_same_in_every_emulator_quirk_mode(emulator: RunningEmulator) -> None:
    emulator.emulator.configure(
        {"transitions": {f: {"mode": "manual"} for f in ("jobs", "tasks", "shareTasks")}}
    )
    seen: list[dict[str, Any]] = []
    with KooDrive(emulator.base_url, TokenAuth("emulator-token")) as client:
        for mode in EMULATOR_MODES:
            emulator.emulator.configure({"quirks": {"Q5": None, "Q20": None}, **mode})
            results = {name: READS[name](client) for name in ("getJob", "getTask", "getShareTask")}
            share: ShareTask = results["getShareTask"]
            if mode.get("quirks", {}).get("Q20") == "taskInfo":
                # The 2024-07 envelope has no per-file results, and lists `resultCode` and
                # `downloadUrl`, which the seed's 2025 `jobInfo` leaves out: only those differ.
                assert share.files == [] and share.result_code == 0 and share.download_url
                share = replace(share, result_code=None, download_url=None)
            results["getShareTask"] = replace(share, files=[])
            seen.append(results)
    assert all(result == seen[0] for result in seen[1:])
    assert seen[0]["getJob"].job.id == "1309243162258308352"
