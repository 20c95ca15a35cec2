from __future__ import annotations

from koodrive_tasks import FileStatus, JobStatus, TaskStatus, _parsing

from .conftest import example, generated


def test_q09_file_status_string() -> None:
    body = example("getJob/seed-003.json")
    assert generated("getJob", body).data.task_infos[0].status == "1"
    assert _parsing.job_detail(body).files[0].status is FileStatus.SUCCEEDED
    body["data"]["taskInfos"][0]["status"] = "7"  # a value this version does not know
    assert _parsing.job_detail(body).files[0].status == 7


def test_q10_share_task_status_and_start_time_names() -> None:
    body = example("getShareTask/seed-004.json")
    raw = generated("getShareTask", body).job_info
    assert raw.task_status == 2 and raw.start_time == "20240930091932"
    share = _parsing.share_task(body)
    assert share.status is JobStatus.COMPLETED and share.begin_time is not None
    assert share.begin_time.isoformat() == "2024-09-30T09:19:32+00:00"


def test_q11_status_3_per_family() -> None:
    task = example("getTask/seed-002.json")
    job = example("getJob/seed-003.json")
    job["data"]["jobInfo"]["status"] = 3
    assert generated("getTask", task).status == 3 and generated("getJob", job).data.job_info.status == 3
    assert _parsing.task_detail(task).status is TaskStatus.FAILED
    assert _parsing.job_detail(job).job.status is JobStatus.CANCELLED


def test_q14_successful_query_of_failed_task() -> None:
    body = example("getTask/seed-002.json")
    raw = generated("getTask", body)
    assert raw.code == 0 and raw.status == 3  # the query succeeded; the task failed
    task = _parsing.task_detail(body)
    assert task.status is TaskStatus.FAILED and task.result_code == 18000205 and task.is_terminal
