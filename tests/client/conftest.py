from __future__ import annotations

from collections.abc import Iterator

import pytest
import stamina
from koodrive_emulator import RunningEmulator, running

TOKEN = "emulator-token"
USER_ID = "1505084218764547200"
APP_ID = "emulator-app"
APP_SECRET = "emulator-secret"


@pytest.fixture(autouse=True)
def no_backoff_sleeps() -> Iterator[None]:
    """Retries still happen, as many as the client allows, but without waiting between them."""
    with stamina.set_testing(True, attempts=1000, cap=True):
        yield


@pytest.fixture
def emulator() -> Iterator[RunningEmulator]:
    with running() as server:
        yield server
