"""Helpers for the quirk tests: the raw generated parse of a body, next to the client's normalised one."""

from __future__ import annotations

import copy
import importlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import stamina
from koodrive_emulator import RunningEmulator, running
from koodrive_generated.client import Client

ROOT = Path(__file__).resolve().parents[2]
MODULES = {
    "listJobs": "jobs.list_jobs",
    "getJob": "jobs.get_job",
    "createJob": "jobs.create_job",
    "cancelJob": "jobs.cancel_job",
    "listTasks": "tasks.list_tasks",
    "getTask": "tasks.get_task",
    "createTask": "tasks.create_task",
    "getShareTask": "share_tasks.get_share_task",
    "createShareTask": "share_tasks.create_share_task",
    "getTaskResult": "tasks.get_task_result",
    "getHandoverDstUserInfo": "tasks.get_handover_dst_user_info",
    "listFile": "archives.list_file",
}


def generated(operation_id: str, body: Any, status: int = 200) -> Any:
    """What the untouched generated client makes of a body."""
    module = importlib.import_module(f"koodrive_generated.api.{MODULES[operation_id]}")
    return module._parse_response(
        client=Client(base_url="https://kd.test"), response=httpx.Response(status, json=body)
    )


def example(name: str, status: str = "200") -> dict[str, Any]:
    """A response body of spec/examples (a fresh copy: tests change them into quirk variants)."""
    data = json.loads((ROOT / "spec/examples" / name).read_text())
    return copy.deepcopy(data["responses"][status]["value"])


def example_request(name: str) -> dict[str, Any]:
    return json.loads((ROOT / "spec/examples" / name).read_text())["request"]


@pytest.fixture
def emulator() -> Iterator[RunningEmulator]:
    with stamina.set_testing(True, attempts=1000, cap=True), running() as server:
        yield server
