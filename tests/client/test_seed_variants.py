"""Every seed example body, and each quirk variant of it, parses into the same normalised object."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from koodrive_tasks import _parsing

ROOT = Path(__file__).resolve().parents[2]
Body = dict[str, Any]


def seed(name: str) -> Body:
    return json.loads((ROOT / "spec/examples" / name).read_text())["responses"]["200"]["value"]


def code_as_string(body: Body) -> None:
    body["code"] = str(body["code"])


def cursor_as_string(body: Body) -> None:
    body["nextCursor"] = str(body["nextCursor"])


def task_list_as_documented(body: Body) -> None:
    body["taskList"] = body.pop("taskListDtos")


def legacy_task_info(body: Body) -> None:
    body["taskInfo"] = body.pop("jobInfo")


def result_code_as_number(body: Body) -> None:
    body["resultCode"] = int(body["resultCode"])


def one_file_as_object(body: Body) -> None:
    body["data"]["taskInfos"] = body["data"]["taskInfos"][0]


CASES: list[tuple[str, Callable[[Body], Any], Callable[[Body], None]]] = [
    ("listTasks/seed-000.json", _parsing.task_page, code_as_string),
    ("listTasks/seed-000.json", _parsing.task_page, cursor_as_string),
    ("listTasks/seed-000.json", _parsing.task_page, task_list_as_documented),
    ("listJobs/seed-001.json", _parsing.job_list, code_as_string),
    ("getTask/seed-002.json", _parsing.task_detail, code_as_string),
    ("getTask/seed-002.json", _parsing.task_detail, result_code_as_number),
    ("getJob/seed-003.json", _parsing.job_detail, code_as_string),
    ("getJob/seed-003.json", _parsing.job_detail, one_file_as_object),
    ("getShareTask/seed-004.json", _parsing.share_task, code_as_string),
    ("getShareTask/seed-004.json", _parsing.share_task, legacy_task_info),
]


@pytest.mark.parametrize(
    ("name", "parse", "vary"), CASES, ids=[f"{n.split('/')[0]}-{v.__name__}" for n, _, v in CASES]
)
def test_seed_and_its_variant_normalise_alike(
    name: str, parse: Callable[[Body], Any], vary: Callable[[Body], None]
) -> None:
    original = seed(name)
    variant = copy.deepcopy(original)
    vary(variant)
    assert variant != original
    assert parse(variant) == parse(original)
