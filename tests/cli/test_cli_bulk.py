"""`koodrive-tasks jobs run --manifest FILE` through a pipe (issue 24): the installed command with
stdout and stderr pipes, against an emulator on loopback. Piped, the progress is one plain line per
job event on stderr (no bar, no escape codes), the summary is a whole table or JSON on stdout, the
report names every file once, and a second run resumes from the journal instead of creating jobs."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from koodrive_emulator.pytest_plugin import EmulatorControl
from koodrive_generated import facts

SRC = "IAADfsBFCO6WtAtuA315074383680425b8aa9a130cba2d4"
DST = "IAADfsBFCO6WtAtuA9add2fea594e4e75b8feb8474ef236"
COMMAND = Path(sys.executable).parent / "koodrive-tasks"


def sh(
    server: EmulatorControl, *args: str, cwd: Path, token: str = "emulator-token"
) -> subprocess.CompletedProcess[str]:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("KOODRIVE_")},
        "KOODRIVE_BASE_URL": server.base_url,
        "KOODRIVE_TOKEN": token,
        "COLUMNS": "80",
    }
    return subprocess.run(
        [str(COMMAND), *args], capture_output=True, text=True, env=env, timeout=120, check=False, cwd=cwd
    )


@pytest.fixture
def manifest(tmp_path: Path) -> Path:
    path = tmp_path / "files.csv"
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["file_id", "path", "space"])
        for n in range(25):
            fid = f"Ffail{n:028d}" if n == 7 else f"F{n:032d}"
            writer.writerow([fid, f"/team/{fid}", SRC])
    return path


def test_jobs_run_through_a_pipe(koodrive_server: EmulatorControl, manifest: Path) -> None:
    folder = manifest.parent
    args = ("jobs", "run", "--manifest", manifest.name, "--dst-container", DST, "--files-per-job", "10",
            "--interval", "0.02")  # fmt: skip
    done = sh(koodrive_server, *args, cwd=folder)
    assert done.returncode == 1, done.stderr  # one file failed: exit 1, as `jobs wait` for a failed job
    assert "\x1b" not in done.stdout + done.stderr  # no colour, no cursor movement when piped
    lines = done.stderr.splitlines()
    assert lines[0] == "files 0/25 done; jobs 0/3 created, 0/3 done (start)"
    assert lines[-1] == "files 25/25 done; jobs 3/3 created, 3/3 done (finished)"
    assert "succeeded" in done.stdout and "…" not in done.stdout  # the summary table, whole
    with (folder / "files.csv.report.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert [r["file_id"] for r in rows] == [f"Ffail{7:028d}" if n == 7 else f"F{n:032d}" for n in range(25)]
    failed = [r for r in rows if r["outcome"] == "failed"]
    assert [r["file_id"] for r in failed] == [f"Ffail{7:028d}"] and failed[0]["result_code"] == "13000408"
    assert len({r["job_id"] for r in rows}) == 3

    listed = len(
        json.loads(sh(koodrive_server, "-o", "json", "jobs", "list", "--all", cwd=folder).stdout)["items"]
    )
    again = sh(koodrive_server, "-o", "json", *args, cwd=folder)
    summary = json.loads(again.stdout)  # the journal: nothing created again, same counts
    assert summary["counts"] == {"succeeded": 24, "failed": 1, "not_sent": 0, "pending": 0}
    assert summary["jobs"] == 3 and again.stderr == ""  # JSON out: no progress lines either
    assert (
        len(
            json.loads(sh(koodrive_server, "-o", "json", "jobs", "list", "--all", cwd=folder).stdout)["items"]
        )
        == listed
    )


def test_dry_run_prints_the_plan_and_sends_nothing(koodrive_server: EmulatorControl, manifest: Path) -> None:
    before = sh(koodrive_server, "-o", "json", "jobs", "list", "--all", cwd=manifest.parent)
    done = sh(koodrive_server, "-o", "json", "jobs", "run", "--manifest", manifest.name, "--op", "delete",
              "--dry-run", cwd=manifest.parent)  # fmt: skip
    assert done.returncode == 0, done.stderr
    plan = json.loads(done.stdout)
    assert plan["files"] == 25 and plan["jobs"] == 1 and plan["files_per_job_max"] == facts.MAX_FILES_PER_JOB
    assert plan["plan"][0]["dst_container_id"] == SRC  # delete: each file's own space
    assert not (manifest.parent / "files.csv.journal.sqlite").exists()
    after = sh(koodrive_server, "-o", "json", "jobs", "list", "--all", cwd=manifest.parent)
    assert json.loads(before.stdout) == json.loads(after.stdout)


def test_usage_errors_name_the_option(koodrive_server: EmulatorControl, manifest: Path) -> None:
    no_dst = sh(koodrive_server, "jobs", "run", "--manifest", manifest.name, cwd=manifest.parent)
    assert no_dst.returncode == 2 and "--dst-container" in no_dst.stderr
    too_big = sh(koodrive_server, "jobs", "run", "--manifest", manifest.name, "--op", "delete",
                 "--files-per-job", str(facts.MAX_FILES_PER_JOB + 1), cwd=manifest.parent)  # fmt: skip
    assert too_big.returncode == 2 and "per-job limit" in too_big.stderr
    (manifest.parent / "bad.jsonl").write_text('{"file_id": "F1"}\n')
    bad = sh(koodrive_server, "jobs", "run", "--manifest", "bad.jsonl", "--op", "delete", cwd=manifest.parent)
    assert bad.returncode == 2 and "bad.jsonl line 1: no source space" in bad.stderr


def _job_reply(job_id: str, done: bool) -> dict[str, object]:
    info = {"taskId": job_id, "taskType": 1, "status": 2, "progress": 100, "taskResultCode": 1}
    if not done:
        info = {"taskId": job_id, "taskType": 1, "status": 1, "progress": 10}
    return {"code": 0, "msg": "OK", "data": {"jobInfo": info, "taskInfos": []}}


def _task_reply(task_id: str, done: bool) -> dict[str, object]:
    task = {"taskId": task_id, "taskName": "import", "taskType": 0, "userId": "1395497048157130881"}
    return {**task, "status": 2 if done else 1, "code": 0, "msg": "Success."}


@pytest.mark.parametrize(
    ("command", "reply", "status_of", "done"),
    [
        ("jobs", _job_reply, lambda item: item["job"]["status"], "completed"),
        ("tasks", _task_reply, lambda item: item["status"], "success"),
    ],
    ids=["jobs", "tasks"],
)
def test_wait_polls_every_id_at_once_not_in_turn(
    monkeypatch: pytest.MonkeyPatch,
    command: str,
    reply: Callable[[str, bool], dict[str, object]],
    status_of: Callable[[dict[str, Any]], str],
    done: str,
) -> None:
    """`jobs wait A B` / `tasks wait A B`: A finishes only once B has been asked about too.
    Waiting in turn (as before) keeps asking about A alone until the deadline (exit 4); waiting on
    all at once asks about both together (exit 0)."""
    import threading

    import httpx
    from koodrive_cli import main as cli
    from koodrive_tasks import KooDrive, TokenAuth
    from typer.testing import CliRunner

    first, second = "1309243162258308352", "1309243162258308353"
    second_asked = threading.Event()

    def handler(request: httpx.Request) -> httpx.Response:
        some_id = request.url.path.rsplit("/", 1)[-1]
        if some_id == second:
            second_asked.set()
        return httpx.Response(200, json=reply(some_id, some_id == second or second_asked.wait(timeout=1.0)))

    def client(self: cli.Settings, **_: object) -> KooDrive:
        http = httpx.Client(transport=httpx.MockTransport(handler), base_url=self.base_url)
        return KooDrive(self.base_url, TokenAuth("t0ken"), http_client=http, max_retries=0)

    monkeypatch.setattr(cli.Settings, "client", client)
    env = {"KOODRIVE_BASE_URL": "http://kd.test", "KOODRIVE_TOKEN": "t0ken", "KOODRIVE_LOG": ""}
    result = CliRunner().invoke(
        cli.app,
        ["-o", "json", command, "wait", first, second, "--timeout", "3", "--interval", "0.01"],
        env=env,
    )
    assert result.exit_code == 0, result.stderr
    items = json.loads(result.stdout)["items"]
    assert [status_of(item) for item in items] == [done, done], items


def test_a_run_that_stops_on_refused_credentials_still_writes_its_report(
    koodrive_server: EmulatorControl, manifest: Path
) -> None:
    """Regression: an error `run()` re-raises (refused credentials, a create throttled past the
    retries) left no report at all; the report so far is written before the command fails."""
    folder = manifest.parent
    args = ("jobs", "run", "--manifest", manifest.name, "--dst-container", DST, "--files-per-job", "10")
    done = sh(koodrive_server, *args, cwd=folder, token="not-the-token")
    assert done.returncode != 0
    assert "report so far" in done.stderr
    with (folder / "files.csv.report.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 25 and {r["outcome"] for r in rows} == {"not_sent"}
