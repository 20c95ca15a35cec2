"""Every command of `koodrive-tasks` against a live emulator on loopback: output and exit codes."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
import stamina
from koodrive_cli.main import app
from koodrive_emulator import RunningEmulator, running
from typer.testing import CliRunner

SRC = "IAADfsBFCO6WtAtuA315074383680425b8aa9a130cba2d4"
SECRET = "emulator-secret"


@pytest.fixture
def emulator() -> Iterator[RunningEmulator]:
    with stamina.set_testing(True, attempts=1000, cap=True), running() as server:
        yield server


def invoke(emulator: RunningEmulator, *args: str, token: str = "emulator-token") -> tuple[int, str, str]:
    env = {"KOODRIVE_BASE_URL": emulator.base_url, "KOODRIVE_TOKEN": token}
    result = CliRunner().invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def as_json(emulator: RunningEmulator, *args: str) -> object:
    code, out, err = invoke(emulator, "--json", *args)
    assert code == 0, err
    return json.loads(out)


def test_jobs_commands(emulator: RunningEmulator) -> None:
    created = as_json(
        emulator,
        "jobs",
        "create",
        "--type",
        "copy",
        "--src-container",
        SRC,
        "--dst-container",
        SRC,
        "--file",
        "Fa",
        "--file",
        "Fb",
    )
    job_id = created["id"]  # type: ignore[index]
    assert isinstance(job_id, str) and job_id.isdigit()
    waited = as_json(emulator, "jobs", "wait", job_id, "--interval", "0.01")
    assert waited["job"]["status"] == "completed" and len(waited["files"]) == 2  # type: ignore[index]
    got = as_json(emulator, "jobs", "get", job_id)
    assert got["job"]["id"] == job_id  # type: ignore[index]
    listed = as_json(emulator, "jobs", "list", "--limit", "5")
    assert job_id in [j["id"] for j in listed["items"]]  # type: ignore[index]
    every = as_json(emulator, "jobs", "list", "--all", "--status", "completed")
    assert all(j["status"] == "completed" for j in every["items"])  # type: ignore[index]
    code, out, _ = invoke(emulator, "jobs", "list")
    assert code == 0 and "batch job(s)" in out and job_id in out


def test_cancel_then_wait_exits_1(emulator: RunningEmulator) -> None:
    emulator.emulator.configure({"transitions": {"jobs": {"mode": "manual"}}})
    job_id = as_json(
        emulator,
        "jobs",
        "create",
        "--type",
        "move",
        "--src-container",
        SRC,
        "--dst-container",
        SRC,
        "--file",
        "Fa",
    )["id"]  # type: ignore[index]
    assert invoke(emulator, "jobs", "cancel", job_id)[0] == 0
    code, out, err = invoke(emulator, "jobs", "wait", job_id, "--interval", "0.01")
    assert code == 1 and "cancelled" in err and "Traceback" not in out + err


def test_tasks_commands_and_a_failed_task_exits_1(emulator: RunningEmulator) -> None:
    ok = as_json(
        emulator, "tasks", "create", "--src-user", "1397687227244555008", "--dst-user", "1505084218764547200"
    )
    task_id = ok["id"]  # type: ignore[index]
    assert as_json(emulator, "tasks", "wait", task_id, "--interval", "0.01")["status"] == "success"  # type: ignore[index]
    assert as_json(emulator, "tasks", "get", task_id)["id"] == task_id  # type: ignore[index]
    page = as_json(emulator, "tasks", "list", "--page-size", "2")
    assert len(page["items"]) <= 2 and page["next_cursor"] is not None  # type: ignore[index, arg-type]
    every = as_json(emulator, "tasks", "list", "--all")
    assert task_id in [t["id"] for t in every["items"]] and every["next_cursor"] is None  # type: ignore[index]
    failing = as_json(
        emulator, "tasks", "create", "--src-user", "1505084218764547200", "--dst-user", "1505084218764547200"
    )
    code, _, err = invoke(emulator, "tasks", "wait", failing["id"], "--interval", "0.01")  # type: ignore[index]
    assert code == 1 and "18000205" in err


def test_share_task_commands(emulator: RunningEmulator) -> None:
    created = as_json(
        emulator,
        "share-tasks",
        "create",
        "--share-id",
        "1808628918203192832",
        "--container",
        SRC,
        "--file",
        "Fa",
        "--zip-name",
        "bundle",
    )
    task_id = created["id"]  # type: ignore[index]
    done = as_json(
        emulator, "share-tasks", "wait", task_id, "--share-id", "1808628918203192832", "--interval", "0.01"
    )
    assert done["status"] == "completed" and done["download_url"]  # type: ignore[index]
    code, out, _ = invoke(emulator, "share-tasks", "get", task_id, "--share-id", "1808628918203192832")
    assert code == 0 and task_id in out


def test_wrong_token_exits_3_with_one_line_and_no_secret(emulator: RunningEmulator) -> None:
    code, out, err = invoke(emulator, "jobs", "list", token="wrong-token-XYZ")
    assert code == 3
    assert err.strip().count("\n") == 0 and "HTTP 401" in err and "13000101" in err and "trace id" in err
    assert "wrong-token-XYZ" not in out + err


def test_deadline_exits_4(emulator: RunningEmulator) -> None:
    emulator.emulator.configure({"transitions": {"jobs": {"mode": "manual"}}})
    job_id = as_json(
        emulator,
        "jobs",
        "create",
        "--type",
        "copy",
        "--src-container",
        SRC,
        "--dst-container",
        SRC,
        "--file",
        "Fa",
    )["id"]  # type: ignore[index]
    code, _, err = invoke(emulator, "jobs", "wait", job_id, "--timeout", "0.2", "--interval", "0.05")
    assert code == 4 and "not finished" in err and "pending" in err


def test_usage_errors_exit_2(emulator: RunningEmulator) -> None:
    assert invoke(emulator, "jobs", "list", "--type", "teleport")[0] == 2
    assert invoke(emulator, "jobs", "nonsense")[0] == 2
    result = CliRunner().invoke(app, ["jobs", "list"], env={"KOODRIVE_TOKEN": "", "KOODRIVE_APP_ID": ""})
    assert result.exit_code == 2 and "no credentials" in result.stderr


def test_other_api_errors_exit_5(emulator: RunningEmulator) -> None:
    code, _, err = invoke(emulator, "jobs", "get", "1000000000000000000")
    assert code == 5 and "13000309" in err
    result = CliRunner().invoke(
        app, ["jobs", "list"], env={"KOODRIVE_BASE_URL": "http://127.0.0.1:9", "KOODRIVE_TOKEN": "t"}
    )
    assert result.exit_code == 5 and "request failed" in result.stderr


def test_app_auth_and_sign(emulator: RunningEmulator) -> None:
    env = {
        "KOODRIVE_BASE_URL": emulator.base_url,
        "KOODRIVE_APP_ID": "emulator-app",
        "KOODRIVE_APP_SECRET": SECRET,
        "KOODRIVE_USER_ID": "1505084218764547200",
    }
    assert CliRunner().invoke(app, ["jobs", "list", "--limit", "1"], env=env).exit_code == 0
    url = f"{emulator.base_url}/koodrive/ose/v1/jobs?offset=0&limit=1"
    signed = CliRunner().invoke(app, ["--json", "sign", "GET", url], env=env)
    assert signed.exit_code == 0 and SECRET not in signed.stdout
    headers = json.loads(signed.stdout)["headers"]
    headers.pop("Host")
    assert httpx.get(url, headers=headers).status_code == 200  # the printed headers really authenticate
    vector = CliRunner().invoke(
        app,
        [
            "sign",
            "GET",
            "https://intl.myhuaweicloud-koodrive.com/koodrive/ose/v1/jobs?offset=0&limit=10",
            "--date",
            "20240909T033325Z",
            "--canonical",
        ],
        env={
            "KOODRIVE_APP_ID": "a",
            "KOODRIVE_APP_SECRET": "test-app-secret-0123456789",
            "KOODRIVE_USER_ID": "1505084218764547200",
        },
    )
    assert "Signature=4b7dafde3824988cf5ea9e49fe7cb7be2c60cd40ded07f68051942b4aaa478da" in vector.stdout
    assert "/koodrive/ose/v1/jobs/\nlimit=10&offset=0" in vector.stdout


def test_emulator_flag_uses_local_defaults(emulator: RunningEmulator) -> None:
    env = {"KOODRIVE_EMULATOR_URL": emulator.base_url, "KOODRIVE_TOKEN": "", "KOODRIVE_BASE_URL": ""}
    result = CliRunner().invoke(app, ["--emulator", "--json", "jobs", "list", "--limit", "1"], env=env)
    assert result.exit_code == 0, result.stderr


def test_demo_command_runs_and_stops_its_emulator() -> None:
    result = CliRunner().invoke(app, ["demo"])
    assert result.exit_code == 0, result.stdout + result.stderr
    assert (
        "koodrive-tasks demo" in result.stdout
        and "cancelled" in result.stdout
        and "the emulator is stopped" in result.stdout
    )
