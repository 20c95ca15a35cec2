"""The plugin's documented example (docs/plugin.md): only the plugin's fixtures, create -> wait -> list."""

from koodrive_tasks import JobStatus, JobType, KooDrive, TaskStatus, TaskType


def test_copy_job_then_list(koodrive_client: KooDrive) -> None:
    job_id = koodrive_client.jobs.create(
        JobType.COPY, src_container_id="IAADsrc", dst_container_id="IAADdst", file_ids=["Fa", "Fb"]
    )
    detail = koodrive_client.jobs.wait(job_id)
    assert detail.job.status is JobStatus.COMPLETED and len(detail.files) == 2
    assert job_id in [job.id for job in koodrive_client.jobs.iter(status=JobStatus.COMPLETED)]


def test_handover_task_then_list(koodrive_client: KooDrive) -> None:
    task_id = koodrive_client.tasks.create(
        TaskType.HANDOVER, src_user_id="1397687227244555008", dst_user_id="1507947856550550784"
    )
    assert koodrive_client.tasks.wait(task_id).status is TaskStatus.SUCCESS
    assert task_id in [task.id for task in koodrive_client.tasks.iter()]
