"""Bounded HTTP load on loopback with wrk (Debian's package), and the servers it is pointed at.

Every server here binds 127.0.0.1 on a free port, and every run has a fixed duration: nothing
leaves the machine and nothing runs unbounded.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=1.0)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"server at {url} did not come up in {timeout} s")


@contextlib.contextmanager
def serve(cmd: list[str], probe_path: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """Run a server command (which must take the port from `{port}`), yield its base URL, stop it."""
    port = free_port()
    argv = [part.replace("{port}", str(port)) for part in cmd]
    proc = subprocess.Popen(
        argv,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + probe_path)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


#: Server stacks the emulator is measured under: uvicorn's (loop, http) pairs, and granian.
UVICORN_STACKS = {"uvicorn": ("asyncio", "h11"), "uvicorn-standard": ("uvloop", "httptools")}
STACKS = (*UVICORN_STACKS, "granian")


def _granian_cmd(target: str, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "asgi",
        "--workers",
        "1",
        "--loop",
        "uvloop",
        "--no-ws",
        "--host",
        "127.0.0.1",
        "--port",
        "{port}",
        "--log-level",
        "warning",
        *extra,
        target,
    ]


def emulator_cmd(stack: str) -> list[str]:
    """The emulator as a process under `stack` (uvicorn's through its own `--server`)."""
    if stack == "granian":
        return _granian_cmd("koodrive_emulator:create_app", "--factory")
    return [
        sys.executable,
        "-m",
        "koodrive_emulator",
        "--host",
        "127.0.0.1",
        "--port",
        "{port}",
        "--server",
        stack,
    ]


def ceiling_cmd(stack: str) -> list[str]:
    """bench/ceiling.py under the same stack, with the same settings as the emulator."""
    if stack == "granian":
        return _granian_cmd("ceiling:app", "--working-dir", str(ROOT / "bench"))
    loop, http = UVICORN_STACKS[stack]
    return uvicorn_cmd("ceiling:app", "--app-dir", "bench", "--loop", loop, "--http", http)


def uvicorn_cmd(app: str, *extra: str) -> list[str]:
    # One worker, no access log: the same server settings for the emulator and the ceiling.
    return [
        sys.executable,
        "-m",
        "uvicorn",
        app,
        "--host",
        "127.0.0.1",
        "--port",
        "{port}",
        "--no-access-log",
        "--log-level",
        "warning",
        *extra,
    ]


@dataclass(frozen=True)
class LoadResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    errors: int


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, capture_output=True)
    if not shutil.which("wrk"):
        subprocess.run(["apt-get", "update", "-qq"], check=True, capture_output=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, capture_output=True)
    return shutil.which("wrk") or "wrk"


def _ms(text: str) -> float:
    """wrk's latency ("812.00us", "6.61ms", "1.02s") in milliseconds."""
    match = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    if match is None:
        raise ValueError(f"unexpected wrk latency {text!r}")
    return float(match.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[match.group(2)]


def wrk(url: str, headers: dict[str, str], seconds: float, connections: int = 16) -> LoadResult:
    """One bounded wrk run (1 thread: the server gets the other core)."""
    cmd = [
        ensure_wrk(),
        "-t1",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--latency",
        "--timeout",
        "5s",
    ]
    for name, value in headers.items():
        cmd += ["-H", f"{name}: {value}"]
    out = subprocess.run([*cmd, url], check=True, capture_output=True, text=True).stdout
    found = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if found is None:
        raise RuntimeError(f"wrk printed no rate:\n{out}")
    rps = float(found.group(1))
    lat = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", out, re.M))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return LoadResult(
        requests_per_second=rps,
        p50_ms=_ms(lat["50"]),
        p99_ms=_ms(lat["99"]),
        non_2xx=int(non2xx.group(1)) if non2xx else 0,
        errors=sum(int(g) for g in errors.groups()) if errors else 0,
    )
