"""Issue 12: `koodrive-tasks ... wait` exits 1 with one clear line when every file of a job or share
task failed, or a basic task failed; 0 when it succeeded or only some files failed. The wire values
come as numbers or as the numeric strings the family also sends."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from koodrive_cli import main as cli
from koodrive_tasks import KooDrive, TokenAuth
from typer.testing import CliRunner

JOB_ID = "1309243162258308352"
TASK_ID = "1534087020903704704"
SHARE_ID = "1808628918203192832"
TOKEN = "tok-5ecret-value"


def serve(monkeypatch: pytest.MonkeyPatch, body: dict[str, Any]) -> None:
    """Every client the CLI builds gets `body` for every request."""

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=json.dumps(body).encode())

    def client(self: cli.Settings) -> KooDrive:
        http = httpx.Client(transport=httpx.MockTransport(handler), base_url=self.base_url)
        return KooDrive(self.base_url, TokenAuth(TOKEN), http_client=http, max_retries=0)

    monkeypatch.setattr(cli.Settings, "client", client)


def invoke(*args: str) -> tuple[int, str, str]:
    env = {"KOODRIVE_BASE_URL": "http://kd.test", "KOODRIVE_TOKEN": TOKEN, "KOODRIVE_LOG": ""}
    result = CliRunner().invoke(cli.app, list(args), env=env)
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr


def files(result: int | str) -> list[dict[str, Any]]:
    all_failed = result in (3, "3")
    return [
        {"fileId": "Fbad", "status": "2", "resultCode": "13000408"},
        {"fileId": "Fgood", "status": "2" if all_failed else "1"},
    ]


def job(result: int | str, status: int | str = 2) -> dict[str, Any]:
    info = {"taskId": JOB_ID, "taskType": 1, "status": status, "progress": 100, "taskResultCode": result}
    return {"code": 0, "msg": "OK", "data": {"jobInfo": info, "taskInfos": files(result)}}


def share(result: int | str, status: int | str = 2) -> dict[str, Any]:
    info = {"taskId": JOB_ID, "taskType": 1, "taskStatus": status, "taskResultCode": result}
    return {"code": 0, "msg": "OK", "jobInfo": info, "taskInfos": files(result)}


def task(status: int | str) -> dict[str, Any]:
    body: dict[str, Any] = {"taskId": TASK_ID, "taskType": 0, "status": status, "code": 0, "msg": "OK"}
    if status in (3, "3"):
        body["resultCode"] = "18000205"
    return body


JOB_WAIT = ("jobs", "wait", JOB_ID, "--interval", "0.01", "--timeout", "5")
SHARE_WAIT = ("share-tasks", "wait", JOB_ID, "--share-id", SHARE_ID, "--interval", "0.01", "--timeout", "5")
TASK_WAIT = ("tasks", "wait", TASK_ID, "--interval", "0.01", "--timeout", "5")

Case = tuple[Callable[..., dict[str, Any]], tuple[Any, ...], tuple[str, ...]]
ALL_FAILED: list[Case] = [
    (job, (3,), JOB_WAIT),
    (job, ("3",), JOB_WAIT),
    (job, ("3", "2"), JOB_WAIT),
    (share, (3,), SHARE_WAIT),
    (share, ("3", "2"), SHARE_WAIT),
]
SUCCEEDED: list[Case] = [
    (job, (1,), JOB_WAIT),
    (job, ("2",), JOB_WAIT),  # partly failed: done, the failed files are in the output
    (share, ("1",), SHARE_WAIT),
    (share, (2,), SHARE_WAIT),
    (task, (2,), TASK_WAIT),
    (task, ("2",), TASK_WAIT),
]


def name(case: Case) -> str:
    body, args, command = case
    return f"{command[0]}-{body.__name__}{args!r}"


@pytest.mark.parametrize("json_flag", [(), ("--json",)], ids=["table", "json"])
@pytest.mark.parametrize("case", ALL_FAILED, ids=[name(c) for c in ALL_FAILED])
def test_every_file_failed_exits_1_with_a_clear_line(
    monkeypatch: pytest.MonkeyPatch, case: Case, json_flag: tuple[str, ...]
) -> None:
    body, args, command = case
    serve(monkeypatch, body(*args))
    code, _, err = invoke(*json_flag, *command)
    assert code == 1, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines and lines[-1].startswith("error: "), err
    assert JOB_ID in lines[-1] and "every file failed" in lines[-1], lines[-1]
    assert "2 of 2" in lines[-1], lines[-1]


@pytest.mark.parametrize("status", [3, "3"])
def test_a_failed_basic_task_exits_1(monkeypatch: pytest.MonkeyPatch, status: Any) -> None:
    serve(monkeypatch, task(status))
    code, _, err = invoke(*TASK_WAIT)
    assert code == 1 and "18000205" in err and TASK_ID in err, err


@pytest.mark.parametrize("case", SUCCEEDED, ids=[name(c) for c in SUCCEEDED])
def test_success_and_partial_failure_exit_0(monkeypatch: pytest.MonkeyPatch, case: Case) -> None:
    body, args, command = case
    serve(monkeypatch, body(*args))
    code, out, err = invoke("--json", *command)
    assert code == 0, err
    assert json.loads(out)  # the final state, for a script to read the failed files from
