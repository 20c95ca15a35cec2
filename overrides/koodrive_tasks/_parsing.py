"""Wire JSON -> the clean records: one function per operation, an envelope (normalize/envelopes.py)
around the parser generated from the spec (`koodrive_generated.records`).

No field list lives here: which wire fields a record maps, under which names and converters, is
the spec's (`make generate`); every other field goes to `extra`.
"""

from __future__ import annotations

from typing import Any

from koodrive_generated import records

from .models import ArchiveListing, HandoverRecipient, ImportResult, Job, JobDetail, ShareTask, Task, TaskPage
from .normalize import cursors, envelopes
from .normalize.ids import as_id


def job_detail(body: dict[str, Any]) -> JobDetail:
    detail = records.parse_job_detail(envelopes.job_detail(body))
    outside = envelopes.envelope_extra(body, ("data",))
    if outside:
        detail.extra = {**detail.extra, **outside}
    return detail


def job_list(body: dict[str, Any]) -> list[Job]:
    return records.parse_job_list(envelopes.job_list(body))


def task_detail(body: dict[str, Any]) -> Task:
    return records.parse_basic_task(envelopes.flat_task(body))


def task_page(body: dict[str, Any]) -> TaskPage:
    return TaskPage(
        items=records.parse_basic_task_list(envelopes.task_list(body)),
        next_cursor=cursors.next_cursor(body.get("nextCursor")),
    )


def share_task(body: dict[str, Any]) -> ShareTask:
    """The record is the body itself (`jobInfo`, or the older `taskInfo`, flattened: Q20)."""
    return records.parse_get_share_task_response(body)


def created_id(body: dict[str, Any]) -> str:
    return as_id(envelopes.created_id(body))


def task_result(body: dict[str, Any]) -> ImportResult:
    return records.parse_user_import_result(envelopes.task_result(body))


def handover_recipient(body: dict[str, Any]) -> HandoverRecipient:
    """The record is the body itself, flat beside `code` and `msg` (the envelope's, not fields)."""
    return records.parse_get_handover_dst_user_info_response(body)


def archive_listing(body: dict[str, Any]) -> ArchiveListing:
    """Q60, Q61: listFile entries (`updateAt`, string `type`) parse into the `UncompressedFile` of
    getJob (`updated_at`, `UncompressedFileType`), by the parser generated from `ListedArchiveEntry`."""
    listing = records.parse_archive_listing(envelopes.archive_listing(body))
    outside = envelopes.envelope_extra(body, ("data",))
    if outside:
        listing.extra = {**listing.extra, **outside}
    return listing
