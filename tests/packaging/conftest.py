"""The package as users get it: sdist and wheel built once per session, clean venvs per extra set.

`python -m build` (no isolation: the pinned setuptools of the dev venv, no download) builds the
sdist and the wheel from that sdist, so a file missing from the sdist fails here too. Every
dependency is downloaded once into a session wheelhouse (the machine's package index and pip's
cache); each venv is then created and filled offline from it. uv makes the venvs (1 s each
instead of about 20 s with pip on a shared 2-core machine); they are plain venvs without system
site-packages, and `pip check` is pip's own.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from pkgtools import Venv, build, copy_sources, make_venv, run

VENVS = {
    "core": ("", ()),
    "cli": ("[cli]", ()),
    "emulator": ("[emulator]", ()),
    "all": ("[all]", ("pytest",)),
    "core+pytest": ("", ("pytest",)),
}


@dataclass
class Built:
    sdist: Path
    wheel: Path
    wheelhouse: Path
    venvs: dict[str, Venv]


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    base = tmp_path_factory.mktemp("packaging")
    sdist, wheel = build(copy_sources(base / "src"), base / "dist")
    assert sdist is not None
    wheelhouse = base / "wheelhouse"
    run(
        sys.executable, "-m", "pip", "download", "-q", "--disable-pip-version-check", "-d", wheelhouse,
        f"{wheel}[all]", "pytest",
    )  # fmt: skip
    venvs = {
        name: make_venv(base / name, wheel, wheelhouse, extra, also) for name, (extra, also) in VENVS.items()
    }
    return Built(sdist, wheel, wheelhouse, venvs)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def served(built: Built) -> Iterator[str]:
    """`python -m koodrive_emulator` from the [emulator] venv; its base URL."""
    venv = built.venvs["emulator"]
    port = free_port()
    proc = subprocess.Popen(
        [str(venv.python), "-m", "koodrive_emulator", "--port", str(port), "--log-level", "error"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=venv.path,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base}/_emulator/clock", timeout=1)
                break
            except httpx.TransportError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"the emulator did not start: {proc.communicate()}") from None
                time.sleep(0.1)
        # records finish on first read, so the README's wait() needs no real seconds
        fast = {f: {"mode": "immediate"} for f in ("jobs", "tasks", "shareTasks")}
        httpx.post(f"{base}/_emulator/config", json={"transitions": fast}, timeout=5).raise_for_status()
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)
