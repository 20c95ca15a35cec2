"""Fixtures of tests/airflow (imported by its conftest where Airflow is installed)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

import pytest
from koodrive_emulator import running

TOKEN = "emulator-token"
APP_ID, APP_SECRET, USER_ID = "emulator-app", "emulator-secret", "1505084218764547200"


def set_connection(conn_id: str, **fields: Any) -> None:
    """An Airflow connection in the environment (`AIRFLOW_CONN_<ID>`, JSON), as a secrets backend gives it."""
    os.environ[f"AIRFLOW_CONN_{conn_id.upper()}"] = json.dumps({"conn_type": "koodrive", **fields})


@pytest.fixture(scope="session")
def airflow_db() -> None:
    """A fresh sqlite metadata database in the session's AIRFLOW_HOME."""
    from airflow.utils import db

    db.resetdb()


@pytest.fixture(scope="session")
def server() -> Iterator[Any]:
    with running() as served:
        yield served


@pytest.fixture
def emulator(server: Any) -> Iterator[Any]:
    """The session's emulator, reset, with the default connection pointing at it (token auth)."""
    server.emulator.reset()
    set_connection("koodrive_default", host=server.base_url, password=TOKEN)
    set_connection(
        "koodrive_app", host=server.base_url, login=USER_ID, password=APP_SECRET, extra={"app_id": APP_ID}
    )
    yield server.emulator
