"""tasks.result, tasks.handover_recipient and jobs.list_archive, sync and async, against the emulator."""

from __future__ import annotations

import asyncio
import traceback

import pytest
from koodrive_emulator import RunningEmulator
from koodrive_tasks import (
    ArchiveListing,
    AsyncKooDrive,
    BadRequestError,
    HandoverRecipient,
    ImportResult,
    InvalidIdError,
    JobType,
    KooDrive,
    NotFoundError,
    TaskType,
    TokenAuth,
    UncompressedFile,
    UncompressedFileType,
)

from .conftest import TOKEN

PASSWORD = "s3cret-archive-pw"


def decompress(client: KooDrive, file_id: str, password: str | None = None) -> str:
    return client.jobs.create(
        JobType.DECOMPRESS,
        src_container_id="IAADsrc",
        dst_container_id="IAADdst",
        file_ids=[file_id],
        password=password,
    )


def test_import_result_and_handover_recipient(emulator: RunningEmulator) -> None:
    with KooDrive(emulator.base_url, TokenAuth(TOKEN)) as client:
        task_id = client.tasks.create(TaskType.USER_IMPORT, result_id="r", org_id="o", org_user_id="u")
        with pytest.raises(NotFoundError):  # not finished yet: no result
            client.tasks.result(task_id)
        client.tasks.wait(task_id, poll_interval=0.001)
        result = client.tasks.result(task_id)
        assert isinstance(result, ImportResult) and result.failed_count == len(result.failures)
        assert (result.success_count or 0) + (result.failed_count or 0) >= 1
        client.tasks.create(
            TaskType.HANDOVER, src_user_id="1397687227244555123", dst_user_id="1397687227244555456"
        )
        recipient = client.tasks.handover_recipient("1397687227244555123")
        assert recipient == HandoverRecipient(id="1397687227244555456", name="user555456")
        with pytest.raises(InvalidIdError):
            client.tasks.handover_recipient("../jobs")
        with pytest.raises(InvalidIdError):
            client.tasks.result("1; drop")


def test_list_archive_waits_on_the_asynchronous_form(emulator: RunningEmulator) -> None:
    seen: list[object] = []
    with KooDrive(emulator.base_url, TokenAuth(TOKEN)) as client:
        job_id = decompress(client, "Fzip1")
        entries = client.jobs.list_archive("IAADsrc", "Fzip1", poll_interval=0.001, on_progress=seen.append)
        assert entries and all(isinstance(e, UncompressedFile) for e in entries)
        assert {e.type for e in entries} <= {UncompressedFileType.FILE, UncompressedFileType.DIRECTORY}
        assert all(e.updated_at is not None and e.updated_at.tzinfo is not None for e in entries)
        # the states the wait went through: the task (with its progress), then the listing
        assert all(isinstance(s, ArchiveListing) for s in seen) and len(seen) == 3
        assert [s.complete for s in seen] == [False, False, True]  # type: ignore[attr-defined]
        # the same names as the decompression job extracts, in the same order
        detail = client.jobs.wait(job_id, poll_interval=0.001)
        assert [e.name for e in entries] == [u.name for top in detail.uncompressed_files for u in top.walk()]


def test_encrypted_archive_password_never_shows(emulator: RunningEmulator) -> None:
    with KooDrive(emulator.base_url, TokenAuth(TOKEN)) as client:
        decompress(client, "Fzip2", password=PASSWORD)
        wrong = "not-the-one"
        with pytest.raises(BadRequestError) as caught:
            client.jobs.list_archive("IAADsrc", "Fzip2", password=wrong)
        assert caught.value.code == 13000102 and wrong not in str(caught.value)
        # the client's own frames (their locals included) show the password as '***'
        stack = traceback.TracebackException.from_exception(caught.value, capture_locals=True).stack
        library = [f for f in stack if "koodrive_tasks" in f.filename]
        assert library and all(wrong not in repr(f.locals) for f in library)
        assert client.jobs.list_archive("IAADsrc", "Fzip2", password=PASSWORD, poll_interval=0.001)


def test_async_methods_match(emulator: RunningEmulator) -> None:
    async def main() -> None:
        async with AsyncKooDrive(emulator.base_url, TokenAuth(TOKEN)) as client:
            result = await client.tasks.result("1534087020903704705")
            assert result.success_count == 8 and [f.user_name for f in result.failures] == [
                "zhangsan",
                "lisi",
            ]
            recipient = await client.tasks.handover_recipient("1397687227244555008")
            assert recipient.id == "1507947856550550784" and recipient.name == "zujian2"
            await client.jobs.create(
                JobType.DECOMPRESS, src_container_id="IAADsrc", dst_container_id="IAADdst", file_ids=["Fzip3"]
            )
            entries = await client.jobs.list_archive("IAADsrc", "Fzip3", poll_interval=0.001)
            assert entries and entries[0].type == UncompressedFileType.DIRECTORY

    asyncio.run(main())


def test_list_archive_is_retried_like_a_read(emulator: RunningEmulator) -> None:
    # listFile is declared idempotent (x-koodrive-idempotent): a 500 is retried, not raised
    emulator.emulator.configure({"faults": {"errorRate": 0.7, "seed": 1}})
    with KooDrive(emulator.base_url, TokenAuth(TOKEN)) as client:
        entries = client.jobs.list_archive(
            "IAADfsBFCO6WtAtuA315074383680425b8aa9a130cba2d4", "FuZmQ66CF0DdpKRG1Y29Iwajbq04Nhwu3"
        )
    assert entries[0].name == "reports" and emulator.emulator.fault_draws >= 2
