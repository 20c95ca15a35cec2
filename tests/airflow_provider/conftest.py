"""tests/airflow_provider runs in the Airflow venv (`make airflow-test`, .venv-airflow); the main suite
skips it.

Before Airflow is imported: a temporary AIRFLOW_HOME with a sqlite metadata database (created once
per session), no example DAGs. The emulator serves on loopback for the session; the connections the
tests use come from `AIRFLOW_CONN_*` variables, as a deployment's secrets backend would give them.
"""

from __future__ import annotations

import importlib.util

if importlib.util.find_spec("airflow") is None:  # the main venv: these tests belong to .venv-airflow
    collect_ignore_glob = ["*.py"]
else:
    import atexit
    import os
    import shutil
    import tempfile

    _home = tempfile.mkdtemp(prefix="koodrive-airflow-home-")
    atexit.register(shutil.rmtree, _home, ignore_errors=True)
    os.environ["AIRFLOW_HOME"] = _home
    os.environ["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"] = f"sqlite:///{_home}/airflow.db"
    os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
    os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = os.path.join(_home, "dags")
    os.makedirs(os.environ["AIRFLOW__CORE__DAGS_FOLDER"])
    os.environ["AIRFLOW__CORE__UNIT_TEST_MODE"] = "True"
    os.environ["AIRFLOW__LOGGING__LOGGING_LEVEL"] = "INFO"

    from .airflow_fixtures import *  # noqa: F403 - the fixtures, importable only where Airflow is
