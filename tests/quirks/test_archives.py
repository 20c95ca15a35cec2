"""Q60-Q62: listFile's archive listing, read into the `UncompressedFile` of getJob."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from koodrive_emulator import RunningEmulator
from koodrive_tasks import (
    ArchiveListing,
    JobStatus,
    KooDrive,
    TokenAuth,
    UncompressedFileType,
    WaitTimeoutError,
    _parsing,
)

from .conftest import example, generated

CONTAINER = "IAADfsBFCO6WtAtuA315074383680425b8aa9a130cba2d4"
ARCHIVE = "FuZmQ66CF0DdpKRG1Y29Iwajbq04Nhwu3"
ENCRYPTED = "FqA9c2ZkM1uYxR0bT7nLw3eJd5sHvP8Ko"


def test_q60_list_file_update_at_is_updated_at() -> None:
    body = example("listFile/listed.json")
    raw = generated("listFile", body).data.uncompressed_file_list[1]
    assert raw.update_at == 1723460991000  # the generated wire model keeps listFile's spelling
    entry = _parsing.archive_listing(body).files[1]
    assert entry.updated_at == datetime(2024, 8, 12, 11, 9, 51, tzinfo=UTC)
    assert "updateAt" not in entry.extra
    # getJob's spelling lands on the same attribute of the same class
    job_entry = _parsing.job_detail(example("getJob/decompress.json")).uncompressed_files[0].children[0]
    assert type(job_entry) is type(entry) and job_entry.updated_at == datetime(
        2024, 8, 12, 11, 9, 51, tzinfo=UTC
    )
    # an `updateAt` in a getJob entry, where no page shows it, is kept, not guessed (once Q51)
    body = example("getJob/decompress.json")
    body["data"]["uncompressedFileList"][0]["updateAt"] = body["data"]["uncompressedFileList"][0].pop(
        "updatedAt"
    )
    kept = _parsing.job_detail(body).uncompressed_files[0]
    assert kept.updated_at is None and kept.extra["updateAt"] == 1723460990000


def test_q61_list_file_type_string_is_the_enum() -> None:
    body = example("listFile/listed.json")
    raw = generated("listFile", body).data.uncompressed_file_list
    assert [e.type_ for e in raw] == ["2", "1", "1"]  # strings on the wire model
    listing = _parsing.archive_listing(body).files
    assert [e.type for e in listing] == [
        UncompressedFileType.DIRECTORY,
        UncompressedFileType.FILE,
        UncompressedFileType.FILE,
    ]
    body["data"]["uncompressedFileList"][0]["type"] = 2  # an integer is the same member
    body["data"]["uncompressedFileList"][1]["type"] = "9"  # an unknown value stays the plain int
    again = _parsing.archive_listing(body).files
    assert (
        again[0].type is UncompressedFileType.DIRECTORY and again[1].type == 9 and type(again[1].type) is int
    )
    # getJob's entries read a digit string the same way (its table says Integer)
    job = example("getJob/decompress.json")
    job["data"]["uncompressedFileList"][0]["type"] = "2"
    assert _parsing.job_detail(job).uncompressed_files[0].type is UncompressedFileType.DIRECTORY


def test_q62_list_file_sync_or_async_gives_one_listing(emulator: RunningEmulator) -> None:
    listed, pending = example("listFile/listed.json"), example("listFile/asynchronous.json")
    assert generated("listFile", pending).data.task_id == "1486368980720435712"
    task = _parsing.archive_listing(pending)
    assert isinstance(task, ArchiveListing) and not task.complete and task.status == JobStatus.PROCESSING
    assert task.files == [] and task.progress == 40 and task.task_key == "listFile"
    done = _parsing.archive_listing(listed)
    assert done.complete and done.status == JobStatus.COMPLETED and len(done.files) == 3
    with KooDrive(emulator.base_url, auth=TokenAuth("emulator-token")) as client:
        # synchronous on the wire: the listing at once
        assert [f.name for f in client.jobs.list_archive(CONTAINER, ARCHIVE)] == [
            "reports",
            "reports/q1.pdf",
            "reports/q2.pdf",
        ]
        # a pinned asynchronous fixture never finishes: the deadline ends the wait, with the last state
        with pytest.raises(WaitTimeoutError) as caught:
            client.jobs.list_archive(
                CONTAINER, ENCRYPTED, password="archive-pass", timeout=0.3, poll_interval=0.05
            )
        assert isinstance(caught.value.state, ArchiveListing) and caught.value.state.progress == 40
