"""DAGs run with `dag.test()` against the emulator: the deferrable operator to success and to failure,
the worker-side wait, the sensors, and the example DAG of docs/airflow.md."""

from __future__ import annotations

import importlib.util
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from airflow.sdk import DAG, DagRunState
from koodrive_airflow.exceptions import KooDriveJobError, KooDriveJobFailedError, KooDriveJobTimeoutError
from koodrive_airflow.operators import KooDriveCreateJobOperator
from koodrive_airflow.sensors import KooDriveJobSensor, KooDriveTaskSensor
from koodrive_tasks import JobStatus, KooDrive, TokenAuth

from .airflow_fixtures import register

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "airflow_bulk_copy_dag.py"
START = datetime(2026, 1, 1)


class Failures:
    """on_failure_callback: the exception each failed task ended with."""

    def __init__(self) -> None:
        self.seen: dict[str, BaseException] = {}

    def __call__(self, context: Any) -> None:
        self.seen[context["ti"].task_id] = context["exception"]


def run(dag: DAG) -> tuple[Any, dict[str, str]]:
    """dag.test() and the final state of each task instance."""
    dagrun = register(dag).test()
    return dagrun, {ti.task_id: ti.state for ti in dagrun.get_task_instances()}


def job_ids(dagrun: Any, task_id: str) -> list[str]:
    return [
        ti.xcom_pull(task_ids=task_id, key="job_id", map_indexes=ti.map_index)
        for ti in dagrun.get_task_instances()
        if ti.task_id == task_id
    ]


def status_of(base_url: str, job_id: str) -> tuple[Any, Any]:
    with KooDrive(base_url, TokenAuth("emulator-token")) as client:
        job = client.jobs.get(job_id).job
    return job.status, job.result


@pytest.mark.parametrize("deferrable", [True, False], ids=["deferred", "worker"])
def test_copy_job_to_success(airflow_db: None, server: Any, emulator: Any, deferrable: bool) -> None:
    with DAG(f"koodrive_copy_ok_{deferrable}", schedule=None, start_date=START) as dag:
        KooDriveCreateJobOperator(
            task_id="copy",
            job_type="COPY",
            src_container_id="src",
            dst_container_id="dst",
            file_ids=["f1", "f2"],
            deferrable=deferrable,
            poll_interval=0.05,
            timeout=60,
        )
    dagrun, states = run(dag)
    assert dagrun.state == DagRunState.SUCCESS, states
    (job_id,) = job_ids(dagrun, "copy")
    assert status_of(server.base_url, job_id) == (JobStatus.COMPLETED, 1)  # all succeeded, on the service


@pytest.mark.parametrize("deferrable", [True, False], ids=["deferred", "worker"])
def test_failed_job_fails_the_task_with_its_result_code(
    airflow_db: None, server: Any, emulator: Any, deferrable: bool
) -> None:
    failures = Failures()
    with DAG(f"koodrive_copy_fails_{deferrable}", schedule=None, start_date=START) as dag:
        KooDriveCreateJobOperator(
            task_id="copy",
            job_type="COPY",
            src_container_id="src",
            dst_container_id="dst",
            file_ids=["fail-1", "fail-2"],  # the emulator fails a file whose id holds "fail"
            deferrable=deferrable,
            poll_interval=0.05,
            timeout=60,
            on_failure_callback=failures,
        )
    dagrun, states = run(dag)
    assert dagrun.state == DagRunState.FAILED and states == {"copy": "failed"}
    error = failures.seen["copy"]
    assert isinstance(error, KooDriveJobFailedError)
    assert (error.result, error.file_result_codes) == (3, [13000408])
    assert "taskResultCode 3 (ALL_FAILED)" in str(error) and "13000408" in str(error)


def test_partial_failure_fails_unless_allowed(airflow_db: None, server: Any, emulator: Any) -> None:
    failures = Failures()
    with DAG("koodrive_copy_partial", schedule=None, start_date=START) as dag:
        for allow in (False, True):
            KooDriveCreateJobOperator(
                task_id=f"copy_allow_{allow}",
                job_type="COPY",
                src_container_id="src",
                dst_container_id="dst",
                file_ids=["f1", "fail-2"],
                deferrable=True,
                poll_interval=0.05,
                allow_partial_failure=allow,
                on_failure_callback=failures,
            )
    _, states = run(dag)
    assert states == {"copy_allow_False": "failed", "copy_allow_True": "success"}
    error = failures.seen["copy_allow_False"]
    assert (
        isinstance(error, KooDriveJobFailedError)
        and error.result == 2
        and "1 of 2 files failed" in str(error)
    )


@pytest.mark.parametrize("deferrable", [True, False], ids=["deferred", "poke"])
def test_sensors_wait_for_a_job_and_fail_on_a_failed_task(
    airflow_db: None, server: Any, emulator: Any, deferrable: bool
) -> None:
    failures = Failures()
    with DAG(f"koodrive_sensors_{deferrable}", schedule=None, start_date=START) as dag:
        create = KooDriveCreateJobOperator(
            task_id="create",
            job_type="MOVE",
            src_container_id="src",
            dst_container_id="dst",
            file_ids=["f1"],
            wait_for_completion=False,
        )
        wait = KooDriveJobSensor(
            task_id="wait",
            job_id="{{ ti.xcom_pull(task_ids='create', key='job_id') }}",
            deferrable=deferrable,
            poke_interval=0.05,
            timeout=60,
        )
        create >> wait
        KooDriveTaskSensor(
            task_id="handover",
            koodrive_task_id="1534087020903704704",  # the FAILED fixture task (seed 000)
            deferrable=deferrable,
            poke_interval=0.05,
            timeout=60,
            on_failure_callback=failures,
        )
    _, states = run(dag)
    assert states == {"create": "success", "wait": "success", "handover": "failed"}
    error = failures.seen["handover"]
    assert isinstance(error, KooDriveJobError) and error.result_code == 18000205 and "18000205" in str(error)


def load_example() -> Any:
    spec = importlib.util.spec_from_file_location("koodrive_example_dag", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_example_dag_parses_in_a_dag_bag(airflow_db: None) -> None:
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(EXAMPLE))
    assert bag.import_errors == {}
    assert list(bag.dags) == ["koodrive_bulk_copy"]


def test_example_dag_copies_in_batches(
    airflow_db: None, server: Any, emulator: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = load_example()
    monkeypatch.setattr(module, "BATCH", 2)  # 5 files: 3 jobs (2 + 2 + 1), mapped copy tasks
    emulator.configure(transitions={"jobs": {"mode": "immediate"}})  # its poll_interval is 2 s
    files = [f"file-{n}" for n in range(5)]
    dagrun = register(module.koodrive_bulk_copy()).test(
        run_conf={"src": "space-a", "dst": "space-b", "file_ids": files}
    )
    assert dagrun.state == DagRunState.SUCCESS
    ids = job_ids(dagrun, "copy")
    assert len(ids) == 3 and len(set(ids)) == 3
    with KooDrive(server.base_url, TokenAuth("emulator-token")) as client:
        sent = [sorted(f.file_id for f in client.jobs.get(job_id).files) for job_id in ids]
    assert sorted(sent) == [["file-0", "file-1"], ["file-2", "file-3"], ["file-4"]]


def test_example_batch_is_within_the_spec_per_job_limit() -> None:
    spec = yaml.safe_load((ROOT / "spec" / "koodrive-tasks.yaml").read_text())
    file_info = spec["components"]["schemas"]["CreateJobTaskInfo"]["properties"]["fileInfo"]
    limit = file_info.get("maxItems", 1000)  # 1000: the share tasks' stated limit, until createJob has one
    assert 0 < load_example().BATCH <= limit


@pytest.mark.parametrize(
    ("given", "sent"),
    [(["a", "b"], ["a", "b"]), ("['a', 'b']", ["a", "b"]), ("('a',)", ["a"]), ("a", ["a"]), ("[]", [])],
)
def test_file_ids_from_a_rendered_template(given: Any, sent: list[str]) -> None:
    op = KooDriveCreateJobOperator(
        task_id="t", job_type=1, src_container_id="s", dst_container_id="d", file_ids=given
    )
    assert op._file_ids() == sent


def test_job_type_by_member_number_or_name() -> None:
    from koodrive_airflow.operators import enum_value
    from koodrive_tasks import JobActionType, JobType

    assert enum_value(JobType, "move") == enum_value(JobType, 3) == enum_value(JobType, JobType.MOVE) == 3
    assert enum_value(JobType, "4") == 4 and enum_value(JobActionType, "COPY_AND_SAVE") == 101
    with pytest.raises(ValueError, match="JobType has no member 'CLONE'"):
        enum_value(JobType, "CLONE")


@pytest.mark.parametrize("deferrable", [True, False], ids=["deferred", "worker"])
def test_a_job_past_its_timeout_fails_the_task_without_retries(
    airflow_db: None, server: Any, emulator: Any, deferrable: bool
) -> None:
    emulator.configure(transitions={"jobs": {"mode": "manual"}})  # the job never finishes
    failures = Failures()
    with DAG(f"koodrive_copy_timeout_{deferrable}", schedule=None, start_date=START) as dag:
        KooDriveCreateJobOperator(
            task_id="copy",
            job_type="COPY",
            src_container_id="src",
            dst_container_id="dst",
            file_ids=["f1"],
            deferrable=deferrable,
            poll_interval=0.05,
            timeout=0.5,
            retries=3,  # an AirflowSensorTimeout is not retried: the task fails at once
            on_failure_callback=failures,
        )
    _, states = run(dag)
    assert states == {"copy": "failed"}
    assert isinstance(failures.seen["copy"], KooDriveJobTimeoutError)
