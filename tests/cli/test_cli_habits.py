"""What `gh`/`aws`/`kubectl` users expect of a CLI: options anywhere, --version, completion, one
envelope for lists, one-line errors naming the host, quiet retries unless --debug, clean lines on
timeout and Ctrl-C, an emulator banner. Uses the project's own pytest plugin (koodrive_server)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from koodrive_cli import main as cli
from koodrive_emulator.pytest_plugin import EmulatorControl
from koodrive_tasks import __version__
from typer.testing import CliRunner

SRC = "IAADfsBFCO6WtAtuA315074383680425b8aa9a130cba2d4"


def invoke(server: EmulatorControl | None, *args: str, **env: str) -> tuple[int, str, str]:
    base = {"KOODRIVE_BASE_URL": server.base_url if server else "", "KOODRIVE_TOKEN": "emulator-token"}
    result = CliRunner().invoke(cli.app, list(args), env={"KOODRIVE_LOG": "", **base, **env})
    return result.exit_code, result.stdout, result.stderr


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    assert "Traceback" not in text
    return lines[0]


def create_job(server: EmulatorControl) -> str:
    code, out, err = invoke(
        server,
        "jobs",
        "create",
        "--type",
        "copy",
        "--src-container",
        SRC,
        "--dst-container",
        SRC,
        "--file",
        "F",
    )
    assert code == 0, err
    return out.split()[-1]


def test_global_options_before_or_after_the_subcommand_print_the_same_document(
    koodrive_server: EmulatorControl,
) -> None:
    create_job(koodrive_server)
    after = invoke(koodrive_server, "jobs", "list", "--json")
    before = invoke(koodrive_server, "--json", "jobs", "list")
    mixed = invoke(koodrive_server, "jobs", "--json", "list", "--limit", "100")
    assert after[0] == before[0] == mixed[0] == 0, after[2] + before[2]
    assert json.loads(after[1]) == json.loads(before[1]) == json.loads(mixed[1])
    # an option the subcommand defines itself stays the subcommand's (`jobs wait --timeout` is its deadline)
    code, _, err = invoke(
        koodrive_server, "--timeout", "5", "tasks", "wait", "1534087020903704704", "--timeout", "-1"
    )
    assert code == 2 and "--timeout" in one_line(err)


def test_every_list_has_one_envelope(koodrive_server: EmulatorControl) -> None:
    jobs = json.loads(invoke(koodrive_server, "--json", "jobs", "list", "--limit", "1")[1])
    tasks = json.loads(invoke(koodrive_server, "--json", "tasks", "list", "--page-size", "1")[1])
    every_job = json.loads(invoke(koodrive_server, "--json", "jobs", "list", "--all")[1])
    assert set(jobs) == set(tasks) == set(every_job) == {"items", "next_cursor"}
    assert jobs["next_cursor"] == 1 and len(jobs["items"]) == 1  # the next page's --offset
    assert every_job["next_cursor"] is None and isinstance(tasks["items"][0]["id"], str)


def test_version_and_shell_completion() -> None:
    code, out, _ = invoke(None, "--version")
    assert code == 0 and out.strip() == f"koodrive-tasks {__version__}"
    code, out, _ = invoke(None, "jobs", "list", "--version")
    assert code == 0 and out.strip() == f"koodrive-tasks {__version__}"
    assert "--install-completion" in invoke(None, "--help")[1]
    result = CliRunner().invoke(
        cli.app,
        [],
        prog_name="koodrive-tasks",
        env={
            "_KOODRIVE_TASKS_COMPLETE": "complete_bash",
            "COMP_WORDS": "koodrive-tasks jobs li",
            "COMP_CWORD": "2",
        },
    )
    assert result.stdout.split() == ["list"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--timeout", "-1", "jobs", "list"], "--timeout must be a number of seconds > 0"),
        (["--timeout", "nan", "jobs", "list"], "--timeout must be a number of seconds > 0"),
        (["--base-url", "http://[::1", "jobs", "list"], "is not a URL"),
        (["--base-url", "ftp://example.com", "jobs", "list"], "is not an http(s) URL"),
        (["jobs", "list", "--nope"], "No such option: --nope"),
        (["jobs", "get"], "Missing argument"),
        (["jobs", "wait", "1", "--timeout", "-1"], "--timeout"),
        (["jobs", "list", "--status", "bogus"], "unknown job status"),
        (["nosuch"], "No such command"),
    ],
)
def test_usage_errors_are_one_line_with_exit_2(args: list[str], expected: str) -> None:
    code, _, err = invoke(None, *args, KOODRIVE_BASE_URL="http://127.0.0.1:9")
    assert code == 2
    line = one_line(err)
    assert line.startswith("usage error: ") and expected in line


def test_no_credentials_is_a_usage_error() -> None:
    code, _, err = invoke(None, "jobs", "list", KOODRIVE_TOKEN="")
    assert code == 2 and "no credentials" in one_line(err)


def test_unreachable_host_is_one_line_naming_it_without_retry_noise() -> None:
    start = time.monotonic()
    code, _, err = invoke(None, "jobs", "list", KOODRIVE_BASE_URL="http://127.0.0.1:9")
    assert code == 5
    line = one_line(err)  # no stamina "retry scheduled" lines around it
    assert "127.0.0.1:9" in line and "--base-url" in line
    assert time.monotonic() - start < 30


def test_api_path_in_the_base_url_gets_a_hint(koodrive_server: EmulatorControl) -> None:
    code, _, err = invoke(
        None, "jobs", "list", KOODRIVE_BASE_URL=koodrive_server.base_url + "/koodrive/ose/v1"
    )
    assert code == 5
    assert "without the API path" in one_line(err) and koodrive_server.base_url.split("//")[1] in err


def test_retries_are_quiet_unless_debug(koodrive_server: EmulatorControl) -> None:
    koodrive_server.faults(error_rate=1.0)
    code, _, err = invoke(koodrive_server, "jobs", "get", "1309243162258308352")
    assert code == 5 and "HTTP 500" in one_line(err)
    code, _, err = invoke(koodrive_server, "jobs", "get", "1309243162258308352", "--debug")
    assert code == 5 and err.count("-> 500") == 3  # every attempt logged
    assert "[stamina] retry 1 in " in err and "[stamina] retry 2 in " in err


@pytest.mark.parametrize("switch", [["--debug"], []])
def test_debug_shows_the_wire_with_secrets_redacted(
    koodrive_server: EmulatorControl, switch: list[str]
) -> None:
    env = {} if switch else {"KOODRIVE_LOG": "debug"}
    code, _, err = invoke(koodrive_server, "--json", "tasks", "list", "--page-size", "1", *switch, **env)
    assert code == 0
    assert "GET " in err and "/koodrive/ose/v1/task/list" in err and "taskListDtos" in err
    assert "authorization: Bearer ***" in err and "emulator-token" not in err
    code, _, err = invoke(
        koodrive_server,
        "--app-id", "emulator-app", "--app-secret", "emulator-secret", "--user-id", "1505084218764547200",
        "jobs", "list", "--limit", "1", *switch, **env,
    )  # fmt: skip
    assert code == 0 and "Signature=***" in err and "emulator-secret" not in err
    assert not re.search(r"Signature=[0-9a-f]{16}", err)


def test_wait_timeout_is_a_clean_last_line(koodrive_server: EmulatorControl) -> None:
    koodrive_server.transitions("manual", family="jobs")
    job_id = create_job(koodrive_server)
    code, _, err = invoke(koodrive_server, "jobs", "wait", job_id, "--timeout", "0.3", "--interval", "0.05")
    assert code == 4
    assert err.strip().splitlines()[-1].startswith(f"error: job {job_id}")


def test_wait_timeout_after_a_live_progress_bar(koodrive_server: EmulatorControl) -> None:
    """On a terminal the error comes after the bar is stopped, on its own line."""
    koodrive_server.transitions("manual", family="jobs")
    job_id = create_job(koodrive_server)
    env = {
        "KOODRIVE_BASE_URL": koodrive_server.base_url,
        "KOODRIVE_TOKEN": "emulator-token",
        "TTY_COMPATIBLE": "1",
    }
    result = CliRunner().invoke(
        cli.app, ["jobs", "wait", job_id, "--timeout", "0.3", "--interval", "0.05"], env=env, color=True
    )
    assert result.exit_code == 4
    assert "━" in result.stderr  # the bar was drawn
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", result.stderr)  # cursor and colour codes
    last = plain.rstrip().split("\n")[-1]
    assert last.startswith(f"error: job {job_id}"), repr(result.stderr[-300:])


def test_ctrl_c_during_wait_says_the_job_still_runs(
    koodrive_server: EmulatorControl, monkeypatch: pytest.MonkeyPatch
) -> None:
    koodrive_server.transitions("manual", family="jobs")
    job_id = create_job(koodrive_server)

    def interrupt(self: object, label: str, state: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli.Watcher, "show", interrupt)
    code, _, err = invoke(koodrive_server, "jobs", "wait", job_id)
    assert code == 130
    line = one_line(err)
    assert "still running" in line and f"koodrive-tasks jobs cancel {job_id}" in line


def test_emulator_command_prints_a_banner_with_address_and_credentials(tmp_path: Path) -> None:
    port = _free_port()
    script = "from koodrive_cli import entrypoint; entrypoint()"
    proc = subprocess.Popen(
        [sys.executable, "-c", script, "emulator", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={k: v for k, v in os.environ.items() if not k.startswith("KOODRIVE_EMULATOR_")},  # the defaults
    )
    try:
        assert proc.stdout is not None
        banner = [proc.stdout.readline() for _ in range(5)]
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    text = "".join(banner)
    assert f"http://127.0.0.1:{port}" in banner[0]
    assert "Bearer emulator-token" in text and "emulator-secret" in text and "/_emulator/" in text


def test_emulator_command_forwards_the_rate_limit_mode() -> None:
    """`koodrive-tasks emulator --rate-limit N` runs the emulator's rate-limit mode (it once ran
    only from `python -m koodrive_emulator`): the banner says so and the burst's next request is a 429."""
    port = _free_port()
    script = "from koodrive_cli import entrypoint; entrypoint()"
    argv = [
        sys.executable,
        "-c",
        script,
        "emulator",
        "--port",
        str(port),
        "--rate-limit",
        "0.5",
        "--rate-burst",
        "2",
    ]
    proc = subprocess.Popen(
        argv,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={k: v for k, v in os.environ.items() if not k.startswith("KOODRIVE_EMULATOR_")},
    )
    try:
        assert proc.stdout is not None
        banner = [proc.stdout.readline() for _ in range(6)]
        assert "0.5 requests/s per credential, bursts of 2" in banner[5]
        headers = {"Authorization": "Bearer emulator-token"}
        url = f"http://127.0.0.1:{port}/koodrive/ose/v1/jobs"
        with httpx.Client(timeout=10) as http:
            for _ in range(50):  # the banner comes before the server listens
                try:
                    http.get(url, headers=headers)
                    break
                except httpx.ConnectError:
                    time.sleep(0.1)
            statuses = [http.get(url, headers=headers).status_code for _ in range(3)]
            assert statuses.count(429) >= 2  # a burst of 2, and the first probe took one
            throttled = http.get(url, headers=headers)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert throttled.status_code == 429 and float(throttled.headers["Retry-After"]) > 0


def test_emulator_command_refuses_a_negative_rate() -> None:
    code, _, err = invoke(None, "emulator", "--rate-limit", "-1")
    assert code == 2 and "--rate-limit" in err


@pytest.mark.parametrize("rate", ["5e-324", "1e-300", "0.0009"])
def test_emulator_command_refuses_a_rate_too_small_to_wait_for(rate: str) -> None:
    # A denormal rate once overflowed the emulator's Retry-After into a 500; 1e-300 asked clients
    # to wait 10^300 seconds. A rate is 0 (off) or at least 0.001 per second.
    code, _, err = invoke(None, "emulator", "--rate-limit", rate)
    assert code == 2 and "--rate-limit" in err and "0.001" in err


def test_emulator_banner_hides_custom_secrets() -> None:
    from koodrive_emulator.__main__ import banner
    from koodrive_emulator.server import parse_args

    text = banner(
        parse_args(["--token", "my-real-token", "--app-secret", "my-real-secret", "--port", "9000"])
    )
    assert "my-real-token" not in text and "my-real-secret" not in text and "http://127.0.0.1:9000" in text


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("value", ["1309243162258308352", "0", "12ab", "1" * 20, "١٢٣", "4008-6000", " 12"])
def test_an_id_argument_is_refused_exactly_when_the_library_refuses_it(
    koodrive_server: EmulatorControl, value: str
) -> None:
    """The CLI has no id rule of its own: `path_id` (the library's check, `InvalidIdError`) decides,
    and its refusal is a usage error (exit 2) with the library's message, sent nowhere."""
    from koodrive_tasks import InvalidIdError
    from koodrive_tasks.resources._shared import path_id

    try:
        path_id(value, "src_user_id")
    except InvalidIdError:
        refused = True
    else:
        refused = False
    if not refused:  # accepted: the emulator answers (an unknown user is its 400, exit 1)
        code, _, err = invoke(koodrive_server, "tasks", "recipient", value)
        assert code not in (0, 2) and "usage error" not in err, err
        return
    for args in (["tasks", "recipient", value], ["probe", "--src-user", value]):
        code, _, err = invoke(koodrive_server, *args)
        assert code == 2 and "usage error: " in err and "src_user_id must be 1 to 19 digits" in err, err
