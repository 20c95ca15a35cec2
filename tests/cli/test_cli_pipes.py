"""The CLI in a shell pipeline, as scripts run it: the INSTALLED `koodrive-tasks` command (the venv's
console script) with stdout a pipe, against an emulator served on loopback. One test per habit of
issue 20 (gh / aws / kubectl habits)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from koodrive_emulator.pytest_plugin import EmulatorControl

SRC = "IAADfsBFCO6WtAtuA315074383680425b8aa9a130cba2d4"
COMMAND = Path(sys.executable).parent / "koodrive-tasks"


@pytest.fixture
def server(koodrive_server: EmulatorControl) -> Iterator[EmulatorControl]:
    assert COMMAND.exists(), "the console script is installed with the package (make .venv/.installed)"
    yield koodrive_server


def sh(
    server: EmulatorControl, *args: str, stdin: str | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    """`koodrive-tasks ARGS | cat`: stdout is a pipe, never a terminal."""
    full = {
        **{k: v for k, v in os.environ.items() if not k.startswith("KOODRIVE_")},
        "KOODRIVE_BASE_URL": server.base_url,
        "KOODRIVE_TOKEN": "emulator-token",
        "COLUMNS": "80",
        **env,
    }
    return subprocess.run(
        [str(COMMAND), *args], input=stdin, capture_output=True, text=True, env=full, timeout=120,
        check=False,
    )  # fmt: skip


def create(server: EmulatorControl, *extra: str) -> str:
    done = sh(server, "jobs", "create", "--type", "copy", "--src-container", SRC, "--dst-container", SRC,
              "--file", "F", *extra)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_create_prints_the_id_alone_when_piped_so_a_script_can_capture_it(server: EmulatorControl) -> None:
    out = create(server)
    assert out.strip().isdigit() and out.count("\n") == 1  # JID=$(koodrive-tasks jobs create ...)
    assert sh(server, "jobs", "wait", out.strip()).returncode == 0
    by_id = sh(server, "-o", "id", "jobs", "create", "--type", "copy", "--src-container", SRC,
               "--dst-container", SRC, "--file", "F")  # fmt: skip
    assert by_id.stdout.strip().isdigit()


def test_one_key_style_in_json(server: EmulatorControl) -> None:
    created = json.loads(sh(server, "--json", "jobs", "create", "--type", "copy", "--src-container", SRC,
                            "--dst-container", SRC, "--file", "F").stdout)  # fmt: skip
    assert created == {"id": created["id"]}
    listed = json.loads(sh(server, "-o", "json", "jobs", "list").stdout)
    keys = {k for item in listed["items"] for k in item}
    assert "id" in keys and not any(k != k.lower() for k in keys), keys  # snake_case, `id`


def test_piped_tables_are_never_cut(server: EmulatorControl) -> None:
    for _ in range(3):
        create(server)
    table = sh(server, "jobs", "list", "--all").stdout
    as_json = json.loads(sh(server, "--json", "jobs", "list", "--all").stdout)
    completed = [j for j in as_json["items"] if j["status"] == "completed"]
    assert completed
    # `jobs list --all | grep -c completed`: every row whole, one per line
    assert sum("completed" in line for line in table.splitlines()) == len(completed)
    assert "…" not in table and all(j["id"] in table for j in as_json["items"])


@pytest.mark.parametrize("fmt", ["json", "jsonl", "tsv", "id", "table"])
def test_every_output_format_on_list_and_get(server: EmulatorControl, fmt: str) -> None:
    job_id = create(server).strip()
    listed = sh(server, "jobs", "list", "-o", fmt)
    got = sh(server, "-o", fmt, "jobs", "get", job_id)
    assert listed.returncode == got.returncode == 0, listed.stderr + got.stderr
    if fmt == "jsonl":
        lines = [json.loads(line) for line in listed.stdout.splitlines()]
        assert job_id in {line["id"] for line in lines}
        assert json.loads(got.stdout)["job"]["id"] == job_id
    elif fmt == "id":
        assert job_id in listed.stdout.split() and got.stdout.split() == [job_id]
        assert all(line.isdigit() for line in listed.stdout.split())
    elif fmt == "tsv":
        rows = [line.split("\t") for line in listed.stdout.splitlines()]
        assert [job_id, "copy"] == rows[[r[0] for r in rows].index(job_id)][:2]
    else:
        assert job_id in listed.stdout
    bad = sh(server, "-o", "yaml", "jobs", "list")
    assert bad.returncode == 2 and "--output" in bad.stderr


def test_cancel_reports_the_real_status_and_exits_1_on_a_finished_job(server: EmulatorControl) -> None:
    job_id = create(server).strip()
    assert sh(server, "jobs", "wait", job_id).returncode == 0  # completed
    done = sh(server, "--json", "jobs", "cancel", job_id)
    assert done.returncode == 1 and json.loads(done.stdout)["status"] == "completed"
    assert "already finished" in done.stderr
    server.transitions("manual", family="jobs")
    running = create(server).strip()
    cancelled = sh(server, "--json", "jobs", "cancel", running)
    assert cancelled.returncode == 0 and json.loads(cancelled.stdout)["status"] == "cancelled", (
        cancelled.stderr
    )


def test_wait_takes_many_ids_and_exits_with_the_worst_outcome(server: EmulatorControl) -> None:
    ids = [create(server).strip() for _ in range(3)]
    done = sh(server, "--json", "jobs", "wait", *ids)
    assert done.returncode == 0, done.stderr
    assert [item["job"]["id"] for item in json.loads(done.stdout)["items"]] == ids
    assert sorted(line.split(":")[0] for line in done.stderr.splitlines() if line) == []  # no display in json
    progress = sh(server, "jobs", "wait", *ids)
    assert all(f"job {i}: completed" in progress.stderr for i in ids)  # one display for all of them
    server.transitions("manual", family="jobs")
    stuck = create(server).strip()
    mixed = sh(server, "jobs", "wait", ids[0], stuck, "--timeout", "0.3", "--interval", "0.05")
    assert mixed.returncode == 4 and f"job {stuck}" in mixed.stderr
    cancelled = create(server).strip()
    assert sh(server, "jobs", "cancel", cancelled).returncode == 0
    worst = sh(server, "jobs", "wait", cancelled, ids[1], "--timeout", "0")
    assert worst.returncode == 1, worst.stderr


def test_tasks_wait_takes_many_ids(server: EmulatorControl) -> None:
    ids = [
        sh(server, "tasks", "create", "--src-user", str(100 + i), "--dst-user", "200").stdout.strip()
        for i in range(2)
    ]
    assert all(i.isdigit() for i in ids)
    done = sh(server, "-o", "id", "tasks", "wait", *ids)
    assert done.returncode == 0 and done.stdout.split() == ids, done.stderr


def test_timeout_0_checks_once(server: EmulatorControl) -> None:
    job_id = create(server).strip()
    assert sh(server, "jobs", "get", job_id).returncode == 0  # finished on its first read
    done = sh(server, "jobs", "wait", job_id, "--timeout", "0")
    assert done.returncode == 0, done.stderr
    server.transitions("manual", family="jobs")
    pending = create(server).strip()
    once = sh(server, "jobs", "wait", pending, "--timeout", "0")
    assert once.returncode == 4 and "last status: pending" in once.stderr


def test_malformed_ids_are_usage_errors(server: EmulatorControl) -> None:
    for args in (
        ["jobs", "get", "12ab"],
        ["jobs", "wait", "nope"],
        ["tasks", "get", "x"],
        ["jobs", "cancel", "1-2"],
    ):
        done = sh(server, *args)
        assert done.returncode == 2 and done.stderr.startswith("usage error:"), (args, done.stderr)


def test_completion_of_option_values(server: EmulatorControl) -> None:
    def complete(words: str) -> list[str]:
        env = {"_KOODRIVE_TASKS_COMPLETE": "complete_bash", "COMP_WORDS": words,
               "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1))}  # fmt: skip
        return sh(server, **env).stdout.split()

    assert "package-download" in complete("koodrive-tasks jobs create --type ")
    assert complete("koodrive-tasks jobs list --status comp") == ["completed"]
    assert "logical-delete" in " ".join(complete("koodrive-tasks jobs create --action "))
    assert "handover" in complete("koodrive-tasks tasks list --type ")
    assert "jsonl" in complete("koodrive-tasks -o ")


def test_flags_are_flags_as_their_help_says(server: EmulatorControl) -> None:
    help_text = sh(server, "--help", COLUMNS="150").stdout
    line = next(line for line in help_text.splitlines() if "--json" in line)
    assert "<bool>" not in line and "BOOLEAN" not in line
    assert sh(server, "--json=false", "jobs", "list").returncode == 2  # a flag takes no value, as shown


def test_create_takes_every_library_parameter_and_the_password_never_in_argv(server: EmulatorControl) -> None:
    done = sh(
        server, "--debug", "jobs", "create", "--type", "decompress", "--src-container", SRC,
        "--dst-container", SRC,
        "--file", "F1", "--file-path", "F1=/a/b.zip", "--new-path", "/out", "--uncompress-path", "x.txt",
        "--action", "decompress-partial", "--share-folder", "123",
        KOODRIVE_ARCHIVE_PASSWORD="pw-from-env",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "pw-from-env" not in done.stderr and "x-hw-share-folder-id: 123" in done.stderr.lower()
    assert '"filePath": "/a/b.zip"' in done.stderr and '"password": "***"' in done.stderr
    asked = sh(server, "jobs", "create", "--type", "decompress", "--src-container", SRC,
               "--dst-container", SRC, "--file", "F1", "--ask-password", stdin="typed-pw\n")  # fmt: skip
    assert asked.returncode == 0 and "typed-pw" not in asked.stdout + asked.stderr
    refused = sh(server, "jobs", "create", "--type", "copy", "--src-container", SRC, "--dst-container", SRC,
                 "--password", "x")  # fmt: skip
    assert refused.returncode == 2
