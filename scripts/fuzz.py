"""Fuzz the emulator over HTTP: serve it with uvicorn on loopback, run `st run` against it.

All phases (examples, coverage, fuzzing, stateful) and all checks, a fixed seed, app-auth signing
through tests/emulator/st_hooks.py, a JUnit report in reports/. `--long` runs more examples.
Two runs: the spec as written, with every check but `negative_data_rejection` (responses must
conform to it, assumed constraints included); then `st_hooks.stated_spec()`, the copy without the
constraints no page states (which the emulator accepts, x-koodrive-assumption), in negative mode with
`negative_data_rejection` alone. Exits non-zero when schemathesis reports any failure or error in
either, or warns that an operation mostly rejected the data it generated.

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
        half = max(1, max_time // 2)

        def st_run(spec: Path, checks: list[str], report: Path, extra: list[str]) -> int:
            cmd = [
                str(BIN / "st"),
                "--config-file",
                str(CONFIG),
                "run",
                str(spec),
                "--url",
                base,
                *checks,
                "--seed",
                str(args.seed),
                "--max-examples",
                str(max_examples),
                "--max-time",
                str(half),
                "--report",
                "junit",
                "--report-junit-path",
                str(report),
                *extra,
            ]
            print("+", " ".join(cmd), flush=True)
            result = subprocess.run(cmd, cwd=ROOT, env=env, check=False, stdout=subprocess.PIPE, text=True)
            print(result.stdout, end="", flush=True)
            print(f"JUnit report: {report.relative_to(ROOT)}")
            if result.returncode == 0 and any(
                w in result.stdout.lower() for w in ("mostly rejected", "valid-input rate")
            ):
                print("st run warns that an operation mostly rejected its generated data", file=sys.stderr)
                return 1
            return result.returncode

        # 1. the spec as written, every check but the negative-data one: responses must conform to
        #    it, assumed constraints included (negative data of it may break only an assumption,
        #    which the emulator accepts).
        written = st_run(
            SPEC,
            ["--checks", "all", "--exclude-checks", "negative_data_rejection"],
            junit,
            ["--phases", "examples,coverage,fuzzing,stateful"],
        )
        # 2. the stated-only copy, for the negative-data check alone: what breaks a stated rule is refused.
        negative = st_run(
            stated,
            ["--checks", "negative_data_rejection"],
            junit.with_name(junit.stem + "-negative.xml"),
            # getHandoverDstUserInfo has no stated constraint left to break (its `src_user_id`
            # pattern is assumed, its headers free text): no negative case exists for it, and
            # schemathesis would report it as a schema it cannot generate for
            [
                "--phases",
                "coverage,fuzzing",
                "--mode",
                "negative",
                "--exclude-operation-id",
                "getHandoverDstUserInfo",
            ],
        )
        return written or negative
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    sys.exit(main())
