"""Fuzz the emulator over HTTP: serve it with uvicorn on loopback, run `st run` against it.

All phases (examples, coverage, fuzzing, stateful) and all checks, a fixed seed, app-auth signing
through tests/emulator/st_hooks.py, a JUnit report in reports/. `--long` runs more examples.
The spec fuzzed is `st_hooks.stated_spec()`: without the constraints no page states, which the
emulator accepts (x-koodrive-assumption). Exits non-zero when schemathesis reports any failure or
error, or warns that an operation mostly rejected the data it generated.

    .venv/bin/python scripts/fuzz.py          # short, part of `make test`
    .venv/bin/python scripts/fuzz.py --long   # `make fuzz`
"""

from __future__ import annotations

import argparse
import importlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec" / "koodrive-tasks.yaml"
HOOKS_DIR = ROOT / "tests" / "emulator"
CONFIG = HOOKS_DIR / "schemathesis.toml"
REPORTS = ROOT / "reports"
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1):  # noqa: S310 - a loopback URL we built
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise SystemExit(f"the emulator at {url} did not come up within {timeout} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--long", action="store_true", help="a longer run (more examples and steps)")
    parser.add_argument("--seed", type=int, default=20240812)
    parser.add_argument("--max-time", type=int, default=None, help="time budget in seconds for st run")
    args = parser.parse_args(argv)

    max_examples = 150 if args.long else 12
    max_time = args.max_time or (900 if args.long else 90)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    REPORTS.mkdir(exist_ok=True)
    (REPORTS / "stated-spec").mkdir(exist_ok=True)
    junit = REPORTS / ("fuzz-long.xml" if args.long else "fuzz.xml")

    server = subprocess.Popen(
        [
            str(BIN / "python"),
            "-m",
            "koodrive_emulator",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "error",
        ],
        cwd=ROOT,
    )
    sys.path.insert(0, str(HOOKS_DIR))
    stated = importlib.import_module("st_hooks").stated_spec(REPORTS / "stated-spec")
    try:
        wait_until_up(f"{base}/_emulator/clock")
        env = {
            **os.environ,
            "SCHEMATHESIS_HOOKS": "st_hooks",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(HOOKS_DIR), os.environ.get("PYTHONPATH", "")])),
        }
        cmd = [
            str(BIN / "st"),
            "--config-file",
            str(CONFIG),
            "run",
            str(stated),
            "--url",
            base,
            "--checks",
            "all",
            "--phases",
            "examples,coverage,fuzzing,stateful",
            "--seed",
            str(args.seed),
            "--max-examples",
            str(max_examples),
            "--max-time",
            str(max_time),
            "--report",
            "junit",
            "--report-junit-path",
            str(junit),
        ]
        print("+", " ".join(cmd), flush=True)
        result = subprocess.run(cmd, cwd=ROOT, env=env, check=False, stdout=subprocess.PIPE, text=True)
        print(result.stdout, end="", flush=True)
        print(f"JUnit report: {junit.relative_to(ROOT)}")
        if result.returncode == 0 and any(
            w in result.stdout.lower() for w in ("mostly rejected", "valid-input rate")
        ):
            print("st run warns that an operation mostly rejected its generated data", file=sys.stderr)
            return 1
        return result.returncode
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    sys.exit(main())
