"""koodrive_airflow: the Apache Airflow 3 provider of koodrive-tasks (`koodrive-tasks[airflow]`).

    from koodrive_airflow.operators import KooDriveCreateJobOperator
    from koodrive_airflow.sensors import KooDriveJobSensor

- `hooks.KooDriveHook`: a `KooDrive` / `AsyncKooDrive` built from an Airflow connection of type
  `koodrive` (token auth or app auth, base URL);
- `operators.KooDriveCreateJobOperator`: creates a batch job and waits for it, in the worker or,
  with `deferrable=True`, in the triggerer (`triggers.KooDriveJobTrigger`);
- `sensors.KooDriveJobSensor`, `KooDriveTaskSensor`, `KooDriveShareTaskSensor`: wait for a job,
  basic task or share task that exists already (deferrable too);
- `exceptions.KooDriveJobError` and its subclasses: a job that failed, was cancelled or ran out of
  time fails the Airflow task with the job's result codes in the message.

Airflow finds the provider through the `apache_airflow_provider` entry point
(`provider_info.get_provider_info`). This package is separate from `koodrive_tasks`, and
`import koodrive_tasks` never imports Airflow; this module imports nothing either, so the
provider's metadata loads without Airflow's import cost.
"""
