"""The provider as Airflow finds it: the `apache_airflow_provider` entry point, the providers manager,
`airflow providers list`; and `import koodrive_tasks` stays free of Airflow."""

from __future__ import annotations

import importlib.metadata
import json
import os
import subprocess
import sys
from pathlib import Path

import airflow
import jsonschema
from koodrive_airflow.provider_info import get_provider_info


def test_entry_point_names_the_provider_info_of_this_distribution() -> None:
    (entry,) = [
        ep
        for ep in importlib.metadata.entry_points(group="apache_airflow_provider")
        if ep.dist is not None and ep.dist.name == "koodrive-tasks"
    ]
    assert entry.value == "koodrive_airflow.provider_info:get_provider_info"
    info = entry.load()()
    schema = json.loads((Path(airflow.__file__).parent / "provider_info.schema.json").read_text())
    jsonschema.validate(info, schema)
    assert info["package-name"] == "koodrive-tasks"  # Airflow refuses a name that is not the distribution's


def test_providers_managers_list_hook_connection_type_and_modules() -> None:
    from airflow.providers_manager import ProvidersManager
    from airflow.sdk.providers_manager_runtime import ProvidersManagerTaskRuntime

    manager = ProvidersManager()  # the scheduler's and the UI's: providers, triggers
    assert "koodrive-tasks" in manager.providers
    assert manager.providers["koodrive-tasks"].version == importlib.metadata.version("koodrive-tasks")
    assert "koodrive_airflow.triggers" in {t.trigger_class_name for t in manager.trigger}  # modules, by name
    hook = ProvidersManagerTaskRuntime().hooks["koodrive"]  # the tasks' own: a connection's hook
    assert hook is not None
    assert (hook.hook_class_name, hook.connection_type, hook.package_name) == (
        "koodrive_airflow.hooks.KooDriveHook",
        "koodrive",
        "koodrive-tasks",
    )


def test_airflow_providers_list_shows_it(tmp_path: Path) -> None:
    env = {**os.environ, "AIRFLOW_HOME": str(tmp_path)}
    env.pop("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", None)
    out = subprocess.run(
        [Path(sys.executable).with_name("airflow"), "providers", "list", "--output", "json"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    ).stdout
    (table,) = [line for line in out.splitlines() if line.startswith("[{")]  # log lines may come first
    listed = {p["package_name"]: p for p in json.loads(table)}
    assert listed["koodrive-tasks"]["version"] == importlib.metadata.version("koodrive-tasks")


def test_the_client_and_the_provider_info_import_no_airflow() -> None:
    code = (
        "import sys, koodrive_tasks, koodrive_airflow.provider_info as p; p.get_provider_info(); "
        "print(sorted(m for m in sys.modules if m == 'airflow' or m.startswith('airflow.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    assert get_provider_info()["connection-types"] == [
        {"hook-class-name": "koodrive_airflow.hooks.KooDriveHook", "connection-type": "koodrive"}
    ]
