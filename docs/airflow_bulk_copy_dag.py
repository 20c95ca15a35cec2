"""Example DAG: a bulk copy between two KooDrive spaces, waited on in the triggerer (docs/airflow.md).

Copy this file into your DAGs folder and create a `koodrive` connection named `koodrive_default`.
Trigger it with the spaces and file ids as run configuration:

    airflow dags trigger koodrive_bulk_copy --conf '{"src": "...", "dst": "...", "file_ids": ["...", "..."]}'

The copy job is created by `KooDriveCreateJobOperator` and waited on by `KooDriveJobTrigger` in the
triggerer (`deferrable=True`), so no worker slot is held while KooDrive copies. Each batch of at
most `BATCH` files is one job; the batches run side by side (dynamic task mapping). A job whose
files failed fails its task with the result codes in the log; `report` runs once all batches ended.
tests/airflow_provider/test_airflow_dags.py runs this file with `dag.test()` against the emulator.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from airflow.sdk import Param, dag, task
from koodrive_airflow.operators import KooDriveCreateJobOperator

#: files per job (a choice: the spec states no per-job limit for createJob yet; once it does,
#: tests/airflow_provider checks this stays within it)
BATCH = 100


@dag(
    dag_id="koodrive_bulk_copy",
    schedule=None,
    start_date=datetime(2026, 1, 1),
    catchup=False,
    params={
        "src": Param("", type="string", description="the space the files are in"),
        "dst": Param("", type="string", description="the space to copy them to"),
        "file_ids": Param([], type="array", description="ids of the files to copy"),
    },
    tags=["koodrive"],
)
def koodrive_bulk_copy() -> None:
    @task
    def batches(**context: Any) -> list[dict[str, Any]]:
        """One operator argument set per batch of at most BATCH files."""
        params = context["params"]
        ids = list(params["file_ids"])
        src, dst = params["src"], params["dst"]
        return [
            {"src_container_id": src, "dst_container_id": dst, "file_ids": ids[i : i + BATCH]}
            for i in range(0, len(ids), BATCH)
        ]

    copies = KooDriveCreateJobOperator.partial(
        task_id="copy",
        job_type="COPY",
        deferrable=True,
        poll_interval=2.0,
        timeout=3600,
    ).expand_kwargs(batches())

    @task
    def report(job_ids: list[str]) -> list[str]:
        """The ids of the copy jobs, one per batch, in batch order."""
        print(f"copied in {len(job_ids)} job(s): {', '.join(job_ids)}")
        return list(job_ids)

    report(copies.output)  # type: ignore[arg-type]  # an XComArg: a list of job ids once run


koodrive_bulk_copy()
