"""Batch jobs: create, cancel, list, iterate, get, wait; and the listing of an archive that a
decompression job starts from (listFile)."""

from __future__ import annotations

import builtins
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from koodrive_generated.api.archives import list_file
from koodrive_generated.api.jobs import cancel_job, create_job, get_job, list_jobs
from koodrive_generated.facts import MAX_JOBS_PER_PAGE
from koodrive_generated.models.cancel_job_request import CancelJobRequest
from koodrive_generated.models.create_job_request import CreateJobRequest
from koodrive_generated.models.create_job_task_info import CreateJobTaskInfo
from koodrive_generated.models.file_ref import FileRef
from koodrive_generated.models.list_file_request import ListFileRequest
from koodrive_generated.types import UNSET

from .. import _paging, _parsing, _raw, _waiting
from .._call import ApiCall
from .._secrets import secret
from .._senders import SyncSender
from ..models import ArchiveListing, Job, JobActionType, JobDetail, JobStatus, JobType, UncompressedFile
from ._shared import async_twins, by_path_id, operation_call, opt, shared_docstrings
from .waits import _ManyWaits

if TYPE_CHECKING:  # the async twin, generated from this module by `make generate`
    from koodrive_generated.aio_resources.jobs import AsyncJobs as AsyncJobs  # noqa: PLC0414 - an explicit re-export

__getattr__ = async_twins(__name__)  # `AsyncJobs` is importable from here too, read on first use


def create_call(
    type: JobType | int,
    *,
    src_container_id: str,
    dst_container_id: str,
    file_ids: Sequence[str],
    file_paths: Mapping[str, str] | None,
    action_type: JobActionType | int | None,
    new_file_path: str | None,
    uncompress_file_paths: Sequence[str] | None,
    password: str | None,
    share_folder_id: str | None,
    trace_id: str | None,
) -> ApiCall[str]:
    paths = file_paths or {}
    info = CreateJobTaskInfo(
        src_container_id=src_container_id,
        file_info=[FileRef(file_id=f, file_path=paths.get(f, UNSET)) for f in file_ids]
        if file_ids
        else UNSET,
        new_file_path=new_file_path if new_file_path is not None else UNSET,
        uncompress_file_paths=list(uncompress_file_paths) if uncompress_file_paths else UNSET,
    )
    body = CreateJobRequest(
        task_type=JobType(type),
        task_info=info,
        dst_container_id=dst_container_id,
        action_type=JobActionType(action_type) if action_type is not None else UNSET,
        password=password if password is not None else UNSET,
    )
    return operation_call(
        "createJob",
        lambda: create_job._get_kwargs(
            body=body, x_hw_share_folder_id=opt(share_folder_id), x_traceid=opt(trace_id)
        ),
        _parsing.created_id,
    )


def cancel_call(job_id: str, trace_id: str | None) -> ApiCall[None]:
    body = CancelJobRequest(job_id=str(job_id))
    return operation_call(
        "cancelJob", lambda: cancel_job._get_kwargs(body=body, x_traceid=opt(trace_id)), lambda _: None
    )


def list_call(
    offset: int, limit: int, type: JobType | int | None, status: JobStatus | int | None, trace_id: str | None
) -> ApiCall[list[Job]]:
    if offset < 0:
        raise ValueError("offset is zero-based and must be >= 0 (Q23)")
    if not 1 <= limit <= MAX_JOBS_PER_PAGE:
        raise ValueError(f"limit must be between 1 and {MAX_JOBS_PER_PAGE}")
    type_ = UNSET if type is None else JobType(type)
    status_ = UNSET if status is None else JobStatus(status)
    return operation_call(
        "listJobs",
        lambda: list_jobs._get_kwargs(
            offset=offset, limit=limit, type_=type_, status=status_, x_traceid=opt(trace_id)
        ),
        _parsing.job_list,
    )


def get_call(job_id: str, trace_id: str | None) -> ApiCall[JobDetail]:
    def request(path: str) -> dict[str, Any]:
        return get_job._get_kwargs(job_id=path, x_traceid=opt(trace_id))

    return by_path_id("getJob", job_id, "job_id", request, _parsing.job_detail)


def list_archive_call(
    container_id: str, file_id: str, password: str | None, trace_id: str | None
) -> ApiCall[ArchiveListing]:
    """One listFile request: the listing, or the task still reading the archive (Q62)."""
    body = ListFileRequest(
        container_id=container_id, file_id=file_id, pwd=password if password is not None else UNSET
    )
    return operation_call(
        "listFile",
        lambda: list_file._get_kwargs(body=body, x_traceid=opt(trace_id)),
        _parsing.archive_listing,
    )


@shared_docstrings
class Jobs(_ManyWaits[JobDetail]):
    """`client.jobs` of `KooDrive`.

    Batch jobs: create, cancel, list, iterate, get, wait.
    Made by the client; not constructed directly.

    Args:
        sender: The client's request sender.
    """

    def __init__(self, sender: SyncSender) -> None:
        self._sender = sender

    _noun = "job"  # as_completed and wait_many (`_ManyWaits`) poll each id with `get`

    def _poll(self, id: str) -> JobDetail:
        return self.get(id)

    def create(
        self,
        type: JobType | int,
        *,
        src_container_id: str,
        dst_container_id: str,
        file_ids: Sequence[str] = (),
        file_paths: Mapping[str, str] | None = None,
        action_type: JobActionType | int | None = None,
        new_file_path: str | None = None,
        uncompress_file_paths: Sequence[str] | None = None,
        password: str | None = None,
        share_folder_id: str | None = None,
        trace_id: str | None = None,
    ) -> str:
        """Start a batch job: copy, delete, move, restore, decompress, package download, or empty the bin.

        Args:
            type: What the job does: a `JobType`, or its number.
            src_container_id: Id of the space (container) the files are in.
            dst_container_id: Id of the space the job writes to.
            file_ids: Ids of the files the job works on (none only for `EMPTY_RECYCLE_BIN`).
            file_paths: Full path of a file, by file id; a logical delete needs them (restore uses them).
            action_type: How the job does it: a `JobActionType` (e.g. `LOGICAL_DELETE`, or
                `DECOMPRESS_PARTIAL`); None leaves the choice to the server.
            new_file_path: Decompress: the folder the archive is unpacked into.
            uncompress_file_paths: Partial decompression (`DECOMPRESS_PARTIAL`) only: entries to unpack.
            password: The archive's password (decompress); its repr is `'***'`, in tracebacks too.
            share_folder_id: `X-HW-Share-Folder-Id`: the job happens inside this shared folder.
            trace_id: `X-Traceid` sent on every attempt of this call (None: a fresh one per attempt).

        Returns:
            The new job's id (digits, as a `str`).

        Raises:
            ValueError: `type` or `action_type` is no value of its enum; nothing is sent.
            {api_errors}
                A create is retried only when the connection was never made: never created twice.
        """
        password = secret(password)  # from here on its repr is '***' (tracebacks show locals)
        return self._sender.execute(
            create_call(
                type,
                src_container_id=src_container_id,
                dst_container_id=dst_container_id,
                file_ids=file_ids,
                file_paths=file_paths,
                action_type=action_type,
                new_file_path=new_file_path,
                uncompress_file_paths=uncompress_file_paths,
                password=password,
                share_folder_id=share_folder_id,
                trace_id=trace_id,
            )
        )

    def cancel(self, job_id: str, *, trace_id: str | None = None) -> None:
        """Cancel a pending or processing job.

        Cancelling takes effect only while the job is pending or processing. No page says what
        cancelling a finished job answers (Q36): the emulator answers `code` 0 and changes nothing,
        so this returns None and the job keeps its final status; a service that refuses it raises
        `BadRequestError`.

        Args:
            job_id: The job's id.
            trace_id: `X-Traceid` sent on every attempt of this call (None: a fresh one per attempt).

        Raises:
            BadRequestError: KooDrive refused the request (a refused cancel of a finished job too).
            NotFoundError: No job has this id.
            AuthenticationError: The token or signature was refused.
            ServerError: KooDrive failed (5xx).
            ResponseFormatError: The body could not be read as the spec says.
            APIConnectionError: The request did not complete (`APITimeoutError`: it timed out).
        """
        self._sender.execute(cancel_call(job_id, trace_id))

    def list(
        self,
        offset: int = 0,
        limit: int = MAX_JOBS_PER_PAGE,
        type: JobType | int | None = None,
        status: JobStatus | int | None = None,
        *,
        trace_id: str | None = None,
    ) -> list[Job]:
        """One page of jobs, newest first, optionally filtered by type and status.

        Args:
            offset: Zero-based index of the first job of the page (Q23).
            limit: Jobs per page, 1 to 100 (a server may send fewer).
            type: Only jobs of this `JobType` (or its number); None: every type.
            status: Only jobs in this `JobStatus` (or its number); None: every status.
            trace_id: `X-Traceid` sent on every attempt of this call (None: a fresh one per attempt).

        Returns:
            The page's jobs; an empty list past the end.

        Raises:
            ValueError: `offset` < 0, `limit` outside 1-100, or a value no enum has; nothing is sent.
            {api_errors}
        """
        return self._sender.execute(list_call(offset, limit, type, status, trace_id))

    def iter(self, type: JobType | int | None = None, status: JobStatus | int | None = None) -> Iterator[Job]:
        """Every job, page after page, each handed out once.

        Pages are fetched as the iterator is consumed, until an empty page (a short page ends nothing: a
        server may cap `limit`). Jobs created meanwhile (another caller) push pages down: the walk skips
        what it handed out and jumps the shift; a filtered walk overlaps its pages by one job, so a job
        that stays in the filter is not lost when others leave it (bounds: `koodrive_tasks._paging`).

        Args:
            type: Only jobs of this `JobType` (or its number); None: every type.
            status: Only jobs in this `JobStatus` (or its number); None: every status.

        Returns:
            An iterator over the jobs (newest first).

        Raises:
            StuckCursorError: 20 pages in a row bring no job not seen before (the server ignores
                `offset`, or its pages cycle): raised instead of looping.
            ValueError: A value no enum has.
            {api_errors}
        """
        filtered = type is not None or status is not None
        return _paging.iter_jobs(
            lambda offset, limit: self.list(offset, limit, type, status), filtered=filtered
        )

    def get(self, job_id: str, *, trace_id: str | None = None) -> JobDetail:
        """One job, with its per-file results and, for an archive, its listing.

        Args:
            job_id: The job's id: 1 to 19 digits (Q22).
            trace_id: `X-Traceid` sent on every attempt of this call (None: a fresh one per attempt).

        Returns:
            The job (`.job`), its files (`.files`, `.failed_files`) and archive entries.

        Raises:
            InvalidIdError: `job_id` is not 1 to 19 digits; nothing is sent.
            NotFoundError: No job has this id.
            {api_errors}
        """
        return self._sender.execute(get_call(job_id, trace_id))

    def wait(
        self,
        job_id: str,
        timeout: float = 600.0,
        poll_interval: float = 1.0,
        on_progress: _waiting.ProgressCallback | None = None,
    ) -> JobDetail:
        """Poll the job until it completes, with capped, jittered backoff.

        A job whose files only partly failed (`JobResult.PARTIALLY_FAILED`) returns normally: check
        `failed_files` of the result. Statuses and result codes sent as numeric strings count as numbers.

        Args:
            job_id: The job's id.
            timeout: Seconds to wait in all (>= 0; 0 checks once); each poll's requests and retries are
                cut to the time left.
            poll_interval: Seconds before the second poll; later waits grow by 1.5x (jittered), up to 10 s.
            on_progress: Called with the first state, and with each state whose status or progress changed.

        Returns:
            The completed job's detail (`JobResult.ALL_SUCCEEDED` or `PARTIALLY_FAILED`).

        Raises:
            TaskFailedError: Every file failed (`JobResult.ALL_FAILED`); `.state` is the final detail,
                per-file results included.
            TaskCancelledError: The job was cancelled; `.state` is the final detail.
            WaitTimeoutError: Not completed after `timeout` seconds; `.state` is the last detail seen.
            ValueError: `timeout` is negative or NaN.
            InvalidIdError: `job_id` is not 1 to 19 digits.
            NotFoundError: No job has this id.
            {api_errors}
                A poll that fails to connect after the deadline is a `WaitTimeoutError` instead.
        """
        return _waiting.wait(lambda: self.get(job_id), f"job {job_id}", timeout, poll_interval, on_progress)

    def list_archive(
        self,
        container_id: str,
        file_id: str,
        *,
        password: str | None = None,
        timeout: float = 600.0,
        poll_interval: float = 1.0,
        on_progress: _waiting.ProgressCallback | None = None,
        trace_id: str | None = None,
    ) -> builtins.list[UncompressedFile]:  # `list` is the method here
        """The entries of an archive (flat, full paths in `name`), as getJob's `UncompressedFile`.

        When the server answers with a task instead of the listing (Q62), asks again with wait()'s
        rules until the listing comes. listFile's `updateAt` and string `type` read into the same
        `updated_at` and `UncompressedFileType` as getJob's entries (Q60, Q61).

        Args:
            container_id: The space holding the archive.
            file_id: The archive's file id.
            password: The password of an encrypted archive (never logged or shown in a repr).
            timeout: Seconds to wait in all (>= 0); each request and its retries are cut to the time left.
            poll_interval: Seconds before the second request; later waits grow by 1.5x (jittered), up to 10 s.
            on_progress: Called with the first `ArchiveListing`, then each whose status or progress changed.
            trace_id: `X-Traceid` sent on every attempt of each request (None: a fresh one per attempt).

        Returns:
            The archive's entries, files and directories, in the server's order.

        Raises:
            WaitTimeoutError: Still being read after `timeout` seconds; `.state` is the last
                `ArchiveListing` seen.
            ValueError: `timeout` is negative or NaN.
            NotFoundError: No archive the caller can reach has this id.
            BadRequestError: KooDrive refused the request (an encrypted archive without its right
                `password`, a bad parameter or a business rule).
            AuthenticationError: The token or signature was refused.
            ServerError: KooDrive failed (5xx), after the retries.
            ResponseFormatError: The body could not be read as the spec says.
            APIConnectionError: The request did not complete (`APITimeoutError`: it timed out).
                A request that fails to connect after the deadline is a `WaitTimeoutError` instead.
        """
        password = secret(password)  # from here on its repr is '***' (tracebacks show locals)
        call = list_archive_call(container_id, file_id, password, trace_id)
        label = f"listing of {file_id}"
        listing = _waiting.wait(
            lambda: self._sender.execute(call), label, timeout, poll_interval, on_progress
        )
        return listing.files


class RawJobs:
    """`with_raw_response.jobs` of `KooDrive`.

    Each one-request call of `client.jobs`, answering a `RawResponse` (`_raw`); made by
    `client.with_raw_response`.

    Args:
        jobs: The `client.jobs` on the raw client's capturing sender, whose calls it wraps.
    """

    def __init__(self, jobs: Jobs) -> None:
        self.create = _raw.raw(jobs.create)
        self.cancel = _raw.raw(jobs.cancel)
        self.list = _raw.raw(jobs.list)
        self.get = _raw.raw(jobs.get)
