"""`tasks result`, `tasks recipient` and `jobs archive` against a live emulator on loopback."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import stamina
from koodrive_cli.main import app
from koodrive_emulator import RunningEmulator, running
from typer.testing import CliRunner

CONTAINER = "IAADfsBFCO6WtAtuA315074383680425b8aa9a130cba2d4"
ARCHIVE = "FuZmQ66CF0DdpKRG1Y29Iwajbq04Nhwu3"
ENCRYPTED = "FqA9c2ZkM1uYxR0bT7nLw3eJd5sHvP8Ko"


@pytest.fixture
def emulator() -> Iterator[RunningEmulator]:
    with stamina.set_testing(True, attempts=1000, cap=True), running() as server:
        yield server


def invoke(emulator: RunningEmulator, *args: str, **env: str) -> tuple[int, str, str]:
    environment = {"KOODRIVE_BASE_URL": emulator.base_url, "KOODRIVE_TOKEN": "emulator-token", **env}
    result = CliRunner().invoke(app, list(args), env=environment)
    return result.exit_code, result.stdout, result.stderr


def as_json(emulator: RunningEmulator, *args: str, **env: str) -> object:
    code, out, err = invoke(emulator, "--json", *args, **env)
    assert code == 0, err
    return json.loads(out)


def test_tasks_result_and_recipient(emulator: RunningEmulator) -> None:
    result = as_json(emulator, "tasks", "result", "1534087020903704705")
    assert result == {
        "success_count": 8,
        "failed_count": 2,
        "failures": [
            {"user_name": "zhangsan", "reason": "The user already exists.", "extra": {}},
            {"user_name": "lisi", "reason": "The mobile number is invalid.", "extra": {}},
        ],
        "extra": {},
    }
    code, out, _ = invoke(emulator, "tasks", "result", "1534087020903704705")
    assert code == 0 and "8 imported, 2 failed" in out and "zhangsan" in out
    recipient = as_json(emulator, "tasks", "recipient", "1397687227244555008")
    assert recipient == {"id": "1507947856550550784", "name": "zujian2", "extra": {}}
    code, out, _ = invoke(emulator, "tasks", "recipient", "1397687227244555008")
    assert code == 0 and "1507947856550550784 (zujian2)" in out
    # no handover names this user: the API's 400 13000309, exit 5
    code, _, err = invoke(emulator, "tasks", "recipient", "1397687227244555999")
    assert code == 5 and "13000309" in err


def test_jobs_archive_lists_and_waits(emulator: RunningEmulator) -> None:
    listed = as_json(emulator, "jobs", "archive", "--container", CONTAINER, "--file", ARCHIVE)
    items = listed["items"]  # type: ignore[index]
    assert [(e["name"], e["type"]) for e in items] == [
        ("reports", "directory"),
        ("reports/q1.pdf", "file"),
        ("reports/q2.pdf", "file"),
    ]
    assert items[1]["updated_at"] == "2024-08-12T11:09:51+00:00" and listed["next_cursor"] is None  # type: ignore[index]
    code, out, _ = invoke(emulator, "jobs", "archive", "--container", CONTAINER, "--file", ARCHIVE)
    assert code == 0 and "3 archive entries" in out
    # an encrypted archive: no password is a 400; the pinned asynchronous fixture never ends (exit 4)
    code, _, err = invoke(emulator, "jobs", "archive", "--container", CONTAINER, "--file", ENCRYPTED)
    assert code == 5 and "13000102" in err
    code, _, err = invoke(
        emulator,
        "jobs",
        "archive",
        "--container",
        CONTAINER,
        "--file",
        ENCRYPTED,
        "--timeout",
        "0.2",
        "--interval",
        "0.05",
        KOODRIVE_ARCHIVE_PASSWORD="archive-pass",
    )
    assert code == 4 and "archive-pass" not in err
