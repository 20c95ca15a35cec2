"""Issue 12 item 3: whatever the server sends, the CLI prints one line and an exit code, no traceback;
and the HTTP log (--debug, KOODRIVE_LOG=debug) never shows a secret."""

from __future__ import annotations

import gzip
import json
import logging
import os
import subprocess
import sys
from collections.abc import Callable

import httpx
import pytest
from koodrive_cli import main as cli
from koodrive_tasks import KooDrive, TokenAuth, http_log
from typer.testing import CliRunner

TOKEN = "tok-5ecret-value"


def hostile(monkeypatch: pytest.MonkeyPatch, handler: Callable[[httpx.Request], httpx.Response]) -> None:
    """Every client the CLI builds talks to `handler` instead of the network."""

    def client(self: cli.Settings) -> KooDrive:
        http = httpx.Client(transport=httpx.MockTransport(handler), base_url=self.base_url)
        return KooDrive(self.base_url, TokenAuth(TOKEN), http_client=http, max_retries=0)

    monkeypatch.setattr(cli.Settings, "client", client)


def invoke(*args: str) -> tuple[int, str]:
    env = {"KOODRIVE_BASE_URL": "http://hostile.test", "KOODRIVE_TOKEN": TOKEN, "KOODRIVE_LOG": ""}
    result = CliRunner().invoke(cli.app, list(args), env=env)
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stderr


JOB_BODY = {
    "code": 0,
    "msg": "ok",
    "data": {"jobInfo": {"taskId": "1", "status": 2, "createTime": "99999999999999999999"}, "fileList": []},
}


GZIP = {"Content-Encoding": "gzip"}


@pytest.mark.parametrize(
    ("status", "body", "headers"),
    [
        (200, b"[" * 100_000, {}),
        (200, b"not gzip at all", GZIP),
        (200, json.dumps(JOB_BODY).encode(), {}),
        (200, b"\xff\xfe\x00garbage", {}),
        (503, b"", {"Retry-After": "nan"}),
        (200, gzip.compress(b'{"code": 0, "data": '), GZIP),
        (599, b"<html>proxy</html>", {}),
    ],
    ids=[
        "deep-nesting",
        "bad-gzip",
        "huge-time",
        "not-utf8",
        "retry-after-nan",
        "truncated-gzip",
        "599-html",
    ],
)
def test_any_response_is_one_line_and_an_exit_code(
    monkeypatch: pytest.MonkeyPatch, status: int, body: bytes, headers: dict[str, str]
) -> None:
    # a raw stream, so the client (not this test) decodes the body
    hostile(
        monkeypatch, lambda request: httpx.Response(status, headers=headers, stream=httpx.ByteStream(body))
    )
    code, err = invoke("jobs", "get", "1309243162258308352")
    assert code in {0, 5}, err
    if code:
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), err


def test_a_server_echoing_the_token_does_not_put_it_on_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    def echo(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json={"code": 13000101, "msg": f"bad {request.headers['Authorization']}"})

    hostile(monkeypatch, echo)
    code, err = invoke("jobs", "list", "--debug")
    assert code == 3 and TOKEN not in err and "Bearer ***" in err


def test_an_unexpected_exception_is_one_line_unless_debug(monkeypatch: pytest.MonkeyPatch) -> None:
    # A transport that raises anything is the client's to type (an APIConnectionError, exit 5)...
    def boom(request: httpx.Request) -> httpx.Response:
        raise RuntimeError(f"kdstoken={TOKEN} went wrong")

    hostile(monkeypatch, boom)
    code, err = invoke("jobs", "list")
    assert code == 5 and err.count("\n") == 1 and "request failed (RuntimeError)" in err and TOKEN not in err

    # ...and a bug in the CLI itself is one line too, with the traceback only under --debug.
    hostile(monkeypatch, lambda request: httpx.Response(200, json={"code": 0, "msg": "OK", "data": []}))

    def broken_table(*args: object) -> None:
        raise RuntimeError(f"kdstoken={TOKEN} went wrong")

    monkeypatch.setattr(cli.render, "jobs_table", broken_table)
    code, err = invoke("jobs", "list")
    assert code == 5 and err.count("\n") == 1 and "unexpected RuntimeError" in err and TOKEN not in err
    result = CliRunner().invoke(
        cli.app, ["jobs", "list", "--debug"], env={"KOODRIVE_TOKEN": TOKEN, "KOODRIVE_LOG": ""}
    )
    assert isinstance(result.exception, RuntimeError)  # --debug: the traceback, for a bug report


def test_redaction_of_headers_queries_and_bodies() -> None:
    assert http_log.redact_header("Authorization", f"Bearer {TOKEN}") == "Bearer ***"
    signed = "HMAC-SHA256 AppId=app,SignedHeaders=host;x-date,Signature=abcdef0123"
    assert (
        http_log.redact_header("Authorization", signed)
        == "HMAC-SHA256 AppId=app,SignedHeaders=host;x-date,Signature=***"
    )
    url = httpx.URL("https://h/koodrive/ose/v1/share/task/1?shareId=9&kdstoken=" + TOKEN)
    assert TOKEN not in http_log.redact_url(url) and "shareId=9" in http_log.redact_url(url)
    body = json.dumps({"taskInfo": {"password": "pw-123", "kdstoken": TOKEN, "fileId": "F1"}}).encode()
    shown = http_log.redact_body(body)
    assert "pw-123" not in shown and TOKEN not in shown and "F1" in shown
    archive = json.dumps({"containerId": "IAADc", "fileId": "F1", "pwd": "archive-pw-9"}).encode()
    shown = http_log.redact_body(archive)  # listFile's body: the archive password is `pwd`
    assert "archive-pw-9" not in shown and '"pwd": "***"' in shown and "IAADc" in shown
    assert "archive-pw-9" not in http_log.redact_body(b"pwd=archive-pw-9&fileId=F1")
    assert TOKEN not in http_log.redact_body(f"appSecret={TOKEN}&x=1".encode())


def test_koodrive_log_debug_switches_on_the_library_log(caplog: pytest.LogCaptureFixture) -> None:
    """KOODRIVE_LOG=debug in the environment of a program that only uses the library."""
    code = (
        "import httpx, koodrive_tasks as k\n"
        "ok = lambda r: httpx.Response(200, json={'code': 0, 'data': []})\n"
        "h = httpx.Client(transport=httpx.MockTransport(ok), base_url='http://x')\n"
        f"k.KooDrive('http://x', k.TokenAuth('{TOKEN}'), http_client=h).jobs.list()\n"
    )
    env = {**os.environ, "KOODRIVE_LOG": "debug"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert "GET http://x/koodrive/ose/v1/jobs" in result.stderr and '"data": []' in result.stderr
    assert "authorization: Bearer ***" in result.stderr and TOKEN not in result.stderr
    quiet = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**env, "KOODRIVE_LOG": ""},
        check=True,
    )
    assert quiet.stderr == ""
    assert logging.getLogger("koodrive_tasks") is http_log.logger
