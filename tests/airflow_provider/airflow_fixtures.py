"""Fixtures of tests/airflow_provider (imported by its conftest where Airflow is installed)."""

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


def register(dag: Any) -> Any:
    """Write `dag` to the metadata database as the DAG processor would have from a DAG file:
    dag.test() runs only DAGs the database knows (it then runs this object's tasks in process)."""
    from airflow.dag_processing.dagbag import DagBag, sync_bag_to_db

    bag = DagBag(dag_folder=os.environ["AIRFLOW__CORE__DAGS_FOLDER"], collect_dags=False)
    bag.bag_dag(dag)
    sync_bag_to_db(bag, "dags-folder", None)
    return dag


@pytest.fixture(scope="session")
def airflow_db() -> None:
    """A fresh sqlite metadata database in the session's AIRFLOW_HOME."""
    from airflow.dag_processing.bundles.manager import DagBundlesManager
    from airflow.utils import db

    db.resetdb()
    DagBundlesManager().sync_bundles_to_db()  # the default bundle (the DAGs folder) that register() uses


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
