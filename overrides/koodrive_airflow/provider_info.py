"""The provider's metadata, read by Airflow's providers manager through the `apache_airflow_provider`
entry point (`airflow providers list`, the connection-type list of the UI). Imports nothing of Airflow."""

from __future__ import annotations

from typing import Any

#: the distribution that carries the provider: Airflow refuses metadata whose `package-name` is not it
PACKAGE_NAME = "koodrive-tasks"


def get_provider_info() -> dict[str, Any]:
    """The provider's description in the shape of Airflow's `provider_info.schema.json`.

    Returns:
        Package name, name, description, and the hooks, operators, sensors, triggers and connection
        type the provider brings, by module (Airflow reads the version from the distribution).
    """
    return {
        "package-name": PACKAGE_NAME,
        "name": "KooDrive",
        "description": "Huawei Cloud KooDrive batch jobs, basic tasks and share tasks "
        "(koodrive-tasks client, `[airflow]` extra).",
        "integrations": [
            {
                "integration-name": "KooDrive",
                "external-doc-url": "https://support.huaweicloud.com/intl/en-us/api-koodrive/",
                "tags": ["service"],
            }
        ],
        "hooks": [{"integration-name": "KooDrive", "python-modules": ["koodrive_airflow.hooks"]}],
        "operators": [{"integration-name": "KooDrive", "python-modules": ["koodrive_airflow.operators"]}],
        "sensors": [{"integration-name": "KooDrive", "python-modules": ["koodrive_airflow.sensors"]}],
        "triggers": [{"integration-name": "KooDrive", "python-modules": ["koodrive_airflow.triggers"]}],
        "connection-types": [
            {"hook-class-name": "koodrive_airflow.hooks.KooDriveHook", "connection-type": "koodrive"}
        ],
    }
