"""AsyncKooDrive mirrors the sync client: await, async for, async with."""

from __future__ import annotations

import asyncio

from koodrive_emulator import RunningEmulator
from koodrive_tasks import AppAuth, AsyncKooDrive, JobStatus, JobType, TaskStatus, TaskType, TokenAuth

from .conftest import APP_ID, APP_SECRET, TOKEN, USER_ID

SRC = "IAADfsBFCO6WtAtuA315074383680425b8aa9a130cba2d4"


def test_async_client_lifecycle(emulator: RunningEmulator) -> None:
    async def main() -> None:
        async with AsyncKooDrive(emulator.base_url, AppAuth(APP_ID, APP_SECRET, USER_ID)) as client:
            job_ids = await asyncio.gather(
                *(
                    client.jobs.create(
                        JobType.COPY, src_container_id=SRC, dst_container_id=SRC, file_ids=[f"F{i}"]
                    )
                    for i in range(5)
                )
            )
            details = await asyncio.gather(*(client.jobs.wait(j, poll_interval=0.001) for j in job_ids))
            assert [d.job.status for d in details] == [JobStatus.COMPLETED] * 5
            listed = [job.id async for job in client.jobs.iter()]
            assert set(job_ids) <= set(listed) and len(listed) == len(set(listed))
            task_id = await client.tasks.create(
                TaskType.HANDOVER, src_user_id="1397687227244555008", dst_user_id=USER_ID
            )
            assert (await client.tasks.wait(task_id, poll_interval=0.001)).status == TaskStatus.SUCCESS
            tasks = [t.id async for t in client.tasks.iter(page_size=3)]
            assert task_id in tasks and len(tasks) == len(set(tasks))
        async with AsyncKooDrive(emulator.base_url, TokenAuth(TOKEN)) as client:
            share = await client.share_tasks.get("1521827471237047552", "1808628918203192832")
            assert share.status == JobStatus.COMPLETED and len(share.files) == 2

    asyncio.run(main())
