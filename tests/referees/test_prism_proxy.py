"""Referee: Prism (Stoplight's validating proxy, `@stoplight/prism-cli` pinned in package.json) sits
between the scripted run and the emulator, in each quirk mode, and checks every request and response
against the spec (`prism proxy … --errors`: a violation becomes a 422 or 500 problem body).

Prism rewrites `Host`, so the run uses token auth. Prism reads JSON numbers as JavaScript doubles:
an integer above 2^53 (a 19-digit cursor) would be rounded and refused, and such differences are
what this referee exists to find (anchors.md). A difference may only be excused in `KNOWN`, with
its catalogued reason; there are none now.

Between Prism and the emulator sits a one-line relay that can break a response on request
(`X-Referee-Break`), so the test also proves that Prism reports what it is meant to.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from koodrive_emulator import RunningEmulator, running

from .scripted import MODES, OPERATIONS, TOKEN, Exchange, counts_of, exchanges, operations_of

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "spec" / "koodrive-tasks.yaml"
PRISM = ROOT / "node_modules" / ".bin" / "prism"
BREAK = "X-Referee-Break"
#: Differences with a catalogued reason: (operation, what Prism says) -> the reason. Only these may
#: appear; any other violation fails the test.
KNOWN: dict[tuple[str, str], str] = {}
# (Until the emulator minted millisecond cursors, Prism refused its 19-digit `pageCursor`s, over
# 2^53, with "pagecursor must be <= 9007199254740991": listed here with Q3 as its reason. Gone.)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Relay:
    """Forwards to the emulator; answers a broken body when the request carries `X-Referee-Break`."""

    def __init__(self, upstream: str) -> None:
        relay = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = {
                    k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")
                }
                answer = relay.http.request(self.command, self.path, headers=headers, content=body or None)
                content = answer.content
                if self.headers.get(BREAK):
                    content = b'{"code": 0, "msg": "ok", "taskId": 15, "status": "done"}'
                self.send_response(answer.status_code)
                self.send_header("Content-Type", answer.headers.get("content-type", "application/json"))
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            do_GET = do_POST = do_PUT = do_DELETE = _forward

        self.http = httpx.Client(base_url=upstream, timeout=10)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.http.close()


@pytest.fixture(scope="module")
def emulator() -> Iterator[RunningEmulator]:
    with running() as server:
        yield server


@pytest.fixture(scope="module")
def prism(emulator: RunningEmulator) -> Iterator[str]:
    if not PRISM.exists() or shutil.which("node") is None:
        pytest.fail(
            "Prism is not installed: run `make node_modules/.installed` (it is pinned in package.json)"
        )
    relay = Relay(emulator.base_url)
    port = _free_port()
    process = subprocess.Popen(
        [str(PRISM), "proxy", str(SPEC), relay.url, "--errors", "-h", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        cwd=ROOT,
        env={**os.environ, "NO_COLOR": "1"},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120  # node starts slowly on a busy 2-core machine
        while True:
            if process.poll() is not None:
                output = process.stdout.read().decode() if process.stdout else ""
                pytest.fail(f"prism exited: {output[-2000:]}")
            try:
                httpx.get(f"{url}/koodrive/ose/v1/jobs?offset=0&limit=1", headers=TOKEN, timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    pytest.fail("prism did not start within 120 s")
                time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        relay.close()


def violations_of(response: httpx.Response) -> list[str]:
    """Prism's verdict on one exchange: its problem body (422 request, 500 response) or header."""
    found = [response.headers[name] for name in ("sl-violations",) if name in response.headers]
    if response.status_code in (422, 500) and "prism" in response.text.lower():
        found.append(response.text[:2000])
    return found


def referee_run(emulator: RunningEmulator, prism: str, mode: str) -> tuple[int, list[str]]:
    httpx.post(
        f"{emulator.base_url}/_emulator/config", json={"quirkMode": mode, "quirkSeed": 7}
    ).raise_for_status()
    found: list[str] = []
    count = 0
    with httpx.Client(base_url=prism, timeout=30) as http:

        def send(exchange: Exchange) -> Exchange:
            nonlocal count
            url = exchange.path + (f"?{urlencode(exchange.query)}" if exchange.query else "")
            response = http.request(
                exchange.method,
                url,
                headers={**TOKEN, "Content-Type": "application/json"},
                content=exchange.raw_body or None,
            )
            count += 1
            exchange.status = response.status_code
            try:
                exchange.response = response.json()
            except json.JSONDecodeError:
                exchange.response = None
            found.extend(
                f"{mode} {exchange.operation_id} {exchange.method} {url} -> {response.status_code}: {v}"
                for v in violations_of(response)
            )
            return exchange

        run = exchanges(send)
    assert operations_of(run) == OPERATIONS
    print(f"prism proxy, {mode}, per operation: {counts_of(run)}")
    return count, found


def reason_for(violation: str) -> str | None:
    operation = violation.split(" ", 2)[1]
    return next((why for (op, text), why in KNOWN.items() if op == operation and text in violation), None)


@pytest.mark.parametrize("mode", MODES)
def test_prism_finds_no_violation(emulator: RunningEmulator, prism: str, mode: str) -> None:
    count, found = referee_run(emulator, prism, mode)
    explained = [(v, reason_for(v)) for v in found]
    print(f"prism proxy, {mode}: {count} requests validated, {len(found)} violations")
    for violation, reason in explained:
        print(f"  {violation[:300]}\n    reason: {reason}")
    assert count >= 30
    assert [v for v, reason in explained if reason is None] == []


def test_prism_reports_a_broken_response(prism: str) -> None:
    """The referee can fail: a body the spec does not allow comes back flagged."""
    response = httpx.get(
        f"{prism}/koodrive/ose/v1/task/1534087020903704704", headers={**TOKEN, BREAK: "1"}, timeout=30
    )
    assert violations_of(response), (response.status_code, response.headers, response.text)
