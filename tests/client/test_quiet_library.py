"""A quiet library: a script that configured no logging sees no log line from the retry library
(stamina's `stamina.retry_scheduled`) when the client retries; a program that configured logging,
or KOODRIVE_LOG, still gets them."""

from __future__ import annotations

import os
import subprocess
import sys

from koodrive_emulator.pytest_plugin import EmulatorControl

SCRIPT = """
import logging, sys
if sys.argv[2] == "configured":
    logging.basicConfig(level=logging.WARNING, format="LOG %(name)s %(message)s")
from koodrive_tasks import KooDrive, ServerError, TokenAuth
with KooDrive(sys.argv[1], TokenAuth("emulator-token"), max_retries=1) as client:
    try:
        client.jobs.get("1309243162258308352")
    except ServerError:
        print("retried and failed")
"""


def run(base_url: str, mode: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("KOODRIVE_")}
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, base_url, mode], capture_output=True, text=True, env={**clean, **env},
        timeout=60, check=True,
    )  # fmt: skip


def test_retries_are_silent_unless_logging_is_configured(koodrive_server: EmulatorControl) -> None:
    koodrive_server.faults(error_rate=1.0)
    quiet = run(koodrive_server.base_url, "plain")
    assert quiet.stdout.strip() == "retried and failed" and quiet.stderr == ""
    configured = run(koodrive_server.base_url, "configured")
    assert "LOG stamina stamina.retry_scheduled" in configured.stderr
    debug = run(koodrive_server.base_url, "plain", KOODRIVE_LOG="info")
    assert "stamina.retry_scheduled" in debug.stderr and "-> 500" in debug.stderr
