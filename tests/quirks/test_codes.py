from __future__ import annotations

from koodrive_tasks import _parsing
from koodrive_tasks.normalize.codes import to_code

from .conftest import example, generated


def test_q01_code_string_or_number() -> None:
    seed, documented = example("listTasks/seed-000.json"), example("listTasks/documented.json")
    assert generated("listTasks", seed).code == 0 and generated("listTasks", documented).code == "0"
    assert to_code(0) == to_code("0") == 0
    assert to_code("13000201") == 13000201


def test_q08_result_code_string_or_number() -> None:
    task = example("getTask/seed-002.json")
    assert generated("getTask", task).result_code == "18000205"
    assert _parsing.task_detail(task).result_code == 18000205
    job = example("getJob/decompress.json")
    assert generated("getJob", job).data.job_info.result_code == 0
    assert _parsing.job_detail(job).job.result_code == 0
    assert _parsing.job_detail(job).files[0].result_code == 13000408  # "13000408" on the wire
