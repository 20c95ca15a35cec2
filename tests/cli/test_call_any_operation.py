"""`koodrive-tasks call OPERATION [ARG ...]` serves every operation of the registry through the
client, against a live emulator: path ids as bare words, other parameters as NAME=VALUE."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import stamina
from koodrive_cli import dispatch
from koodrive_cli.main import app
from koodrive_emulator import RunningEmulator, running
from koodrive_generated.operations import OPERATIONS
from koodrive_tasks import KooDrive, TokenAuth
from typer.testing import CliRunner

SRC = "IAADfsBFCO6WtAtuA315074383680425b8aa9a130cba2d4"
HANDOVER_SRC = "1397687227244555008"


@pytest.fixture
def emulator() -> Iterator[RunningEmulator]:
    with stamina.set_testing(True, attempts=1000, cap=True), running() as server:
        yield server


def call(emulator: RunningEmulator, *words: str) -> tuple[int, Any, str]:
    env = {"KOODRIVE_BASE_URL": emulator.base_url, "KOODRIVE_TOKEN": "emulator-token"}
    result = CliRunner().invoke(app, ["--json", "call", *words], env=env)
    out = json.loads(result.stdout) if result.exit_code == 0 and result.stdout.strip() else result.stdout
    return result.exit_code, out, result.stderr


def test_every_operation_is_called_from_the_command_line(emulator: RunningEmulator) -> None:
    seen: set[str] = set()

    def ok(*words: str) -> Any:
        code, out, err = call(emulator, *words)
        assert code == 0, (words, err)
        seen.add(words[0])
        return out

    job_id = ok("createJob", "1", f"src_container_id={SRC}", f"dst_container_id={SRC}", "file_ids=Fa,Fb")
    assert isinstance(job_id, str) and job_id.isdigit()
    assert ok("getJob", job_id)["job"]["id"] == job_id
    assert job_id in [j["id"] for j in ok("listJobs", "offset=0", "limit=10")]
    ok("cancelJob", job_id)
    task_id = ok("createTask", "0", f"src_user_id={HANDOVER_SRC}", "dst_user_id=1507947856550550784")
    assert ok("getTask", task_id)["id"] == task_id
    assert task_id in [t["id"] for t in ok("listTasks")["items"]]
    imported = ok("createTask", "1", "result_id=r-1", "org_id=o-1", "org_user_id=ou-1")
    for _ in range(20):  # the default transition mode moves a task one step a read
        if ok("getTask", imported)["status"] in ("success", "failed"):
            break
    assert "failures" in ok("getTaskResult", imported)
    assert "id" in ok("getHandoverDstUserInfo", HANDOVER_SRC)
    share = ok("createShareTask", "1", "share_id=1808628918203192832", "container_id=IAACk0", "file_ids=Fa")
    assert ok("getShareTask", share, "1808628918203192832")["id"] == share
    decompress = ("file_ids=Fzip", "action_type=502")
    ok("createJob", "5", f"src_container_id={SRC}", f"dst_container_id={SRC}", *decompress)
    assert isinstance(ok("listFile", SRC, "Fzip"), list)
    assert seen == set(OPERATIONS)


def test_an_unknown_operation_or_parameter_is_a_usage_error(emulator: RunningEmulator) -> None:
    code, _, _ = call(emulator, "getJobs", "1")
    assert code == 2
    code, _, _ = call(emulator, "listJobs", "limitt=5")
    assert code == 2
    code, _, _ = call(emulator, "getJob")  # job_id missing
    assert code == 2


def test_the_dispatcher_finds_each_operations_method_on_the_client() -> None:
    client = KooDrive("https://kd.test", TokenAuth("t"))
    for op in OPERATIONS.values():
        method = dispatch.method_of(client, op.operation_id)
        assert method.__name__ == op.method_name
    with pytest.raises(dispatch.DispatchError, match="no operation"):
        dispatch.method_of(client, "getJobs")


def test_call_operation_help_shows_that_operations_parameters() -> None:
    # `call getJob --help`: the command's help, then the operation's: method and path, the client
    # method, the usage line and the registry's path parameters; no credentials needed.
    result = CliRunner().invoke(app, ["call", "getJob", "--help"], env={"KOODRIVE_TOKEN": ""})
    assert result.exit_code == 0, result.output
    job = OPERATIONS["getJob"]
    assert f"getJob: GET {job.path} (client.jobs.get)" in result.output
    assert "usage: koodrive-tasks call getJob JOB_ID [trace_id=...]" in result.output
    assert "path parameters: job_id" in result.output
    plain = CliRunner().invoke(app, ["call", "--help"])
    assert plain.exit_code == 0 and "usage: koodrive-tasks call" not in plain.output


def test_call_help_for_an_operation_the_spec_lacks_is_a_usage_error() -> None:
    result = CliRunner().invoke(app, ["call", "getNothing", "--help"])
    assert result.exit_code == 2
    assert "no operation 'getNothing'" in result.stderr
