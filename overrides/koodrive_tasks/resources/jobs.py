"""Batch jobs: create, cancel, list, iterate, get, wait; and the listing of an archive that a
decompression job starts from (listFile)."""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence

from koodrive_generated import facts
from koodrive_generated.api.archives import list_file
from koodrive_generated.api.jobs import cancel_job, create_job, get_job, list_jobs
from koodrive_generated.models.cancel_job_request import CancelJobRequest
from koodrive_generated.models.create_job_request import CreateJobRequest
from koodrive_generated.models.create_job_task_info import CreateJobTaskInfo
from koodrive_generated.models.file_ref import FileRef
from koodrive_generated.models.list_file_request import ListFileRequest
from koodrive_generated.types import UNSET

from .. import _paging, _parsing, _waiting
from .._client import AsyncSender, Call, SyncSender
from .._secrets import secret
from ..models import ArchiveListing, Job, JobActionType, JobDetail, JobStatus, JobType, UncompressedFile
from ._shared import opt, path_id


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
) -> Call[str]:
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
    return Call(
        lambda: create_job._get_kwargs(
            body=body, x_hw_share_folder_id=opt(share_folder_id), x_traceid=opt(trace_id)
        ),
        _parsing.created_id,
        idempotent=facts.CREATE_JOB.idempotent,
    )


def cancel_call(job_id: str, trace_id: str | None) -> Call[None]:
    body = CancelJobRequest(job_id=str(job_id))
    return Call(
        lambda: cancel_job._get_kwargs(body=body, x_traceid=opt(trace_id)),
        lambda _: None,
        idempotent=facts.CANCEL_JOB.idempotent,
    )


def list_call(
    offset: int, limit: int, type: JobType | int | None, status: JobStatus | int | None, trace_id: str | None
) -> Call[list[Job]]:
    if offset < 0:
        raise ValueError("offset is zero-based and must be >= 0 (Q23)")
    if not 1 <= limit <= 100:
        raise ValueError("limit must be between 1 and 100")
    type_ = UNSET if type is None else JobType(type)
    status_ = UNSET if status is None else JobStatus(status)
    return Call(
        lambda: list_jobs._get_kwargs(
            offset=offset, limit=limit, type_=type_, status=status_, x_traceid=opt(trace_id)
        ),
        _parsing.job_list,
        idempotent=facts.LIST_JOBS.idempotent,
    )


def get_call(job_id: str, trace_id: str | None) -> Call[JobDetail]:
    path = path_id(job_id, "job_id")
    return Call(
        lambda: get_job._get_kwargs(job_id=path, x_traceid=opt(trace_id)),
        _parsing.job_detail,
        idempotent=facts.GET_JOB.idempotent,
    )


def list_archive_call(
    container_id: str, file_id: str, password: str | None, trace_id: str | None
) -> Call[ArchiveListing]:
    """One listFile request: the listing, or the task still reading the archive (Q62)."""
    body = ListFileRequest(
        container_id=container_id, file_id=file_id, pwd=password if password is not None else UNSET
    )
    return Call(
        lambda: list_file._get_kwargs(body=body, x_traceid=opt(trace_id)),
        _parsing.archive_listing,
        idempotent=facts.LIST_FILE.idempotent,
    )


class Jobs:
    def __init__(self, sender: SyncSender) -> None:
        self._sender = sender

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
        """Start a batch job; returns its id. `file_paths` maps file ids to full paths (logical delete)."""
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
        """Cancel a pending or processing job (BadRequestError once it has finished, Q36)."""
        self._sender.execute(cancel_call(job_id, trace_id))

    def list(
        self,
        offset: int = 0,
        limit: int = 100,
        type: JobType | int | None = None,
        status: JobStatus | int | None = None,
        *,
        trace_id: str | None = None,
    ) -> list[Job]:
        """One page of jobs, `limit` (1-100) from the zero-based `offset` (Q23), optionally filtered."""
        return self._sender.execute(list_call(offset, limit, type, status, trace_id))

    def iter(self, type: JobType | int | None = None, status: JobStatus | int | None = None) -> Iterator[Job]:
        """Every job, page after page, each once (a filtered walk is re-walked, see `_paging`)."""
        filtered = type is not None or status is not None
        return _paging.iter_jobs(
            lambda offset, limit: self.list(offset, limit, type, status), filtered=filtered
        )

    def get(self, job_id: str, *, trace_id: str | None = None) -> JobDetail:
        """The job with its per-file results and archive listing; a non-digit id: InvalidIdError (Q22)."""
        return self._sender.execute(get_call(job_id, trace_id))

    def wait(
        self,
        job_id: str,
        timeout: float = 600.0,
        poll_interval: float = 1.0,
        on_progress: _waiting.ProgressCallback | None = None,
    ) -> JobDetail:
        """Poll until the job completes; raises TaskCancelledError, TaskFailedError or WaitTimeoutError."""
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
        rules until the listing comes: `on_progress` gets each `ArchiveListing`, and past `timeout`
        WaitTimeoutError carries the last one. An encrypted archive needs its `password`.
        """
        password = secret(password)  # from here on its repr is '***' (tracebacks show locals)
        call = list_archive_call(container_id, file_id, password, trace_id)
        label = f"listing of {file_id}"
        listing = _waiting.wait(
            lambda: self._sender.execute(call), label, timeout, poll_interval, on_progress
        )
        return listing.files


class AsyncJobs:
    def __init__(self, sender: AsyncSender) -> None:
        self._sender = sender

    async def create(
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
        """Start a batch job; returns its id. `file_paths` maps file ids to full paths (logical delete)."""
        password = secret(password)
        return await self._sender.execute(
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

    async def cancel(self, job_id: str, *, trace_id: str | None = None) -> None:
        """Cancel a pending or processing job (BadRequestError once it has finished, Q36)."""
        await self._sender.execute(cancel_call(job_id, trace_id))

    async def list(
        self,
        offset: int = 0,
        limit: int = 100,
        type: JobType | int | None = None,
        status: JobStatus | int | None = None,
        *,
        trace_id: str | None = None,
    ) -> list[Job]:
        """One page of jobs, `limit` (1-100) from the zero-based `offset` (Q23), optionally filtered."""
        return await self._sender.execute(list_call(offset, limit, type, status, trace_id))

    def iter(
        self, type: JobType | int | None = None, status: JobStatus | int | None = None
    ) -> AsyncIterator[Job]:
        """Every job, page after page, each once (a filtered walk is re-walked, see `_paging`)."""
        filtered = type is not None or status is not None
        return _paging.aiter_jobs(
            lambda offset, limit: self.list(offset, limit, type, status), filtered=filtered
        )

    async def get(self, job_id: str, *, trace_id: str | None = None) -> JobDetail:
        """The job with its per-file results and archive listing; a non-digit id: InvalidIdError (Q22)."""
        return await self._sender.execute(get_call(job_id, trace_id))

    async def wait(
        self,
        job_id: str,
        timeout: float = 600.0,
        poll_interval: float = 1.0,
        on_progress: _waiting.ProgressCallback | None = None,
    ) -> JobDetail:
        """Poll until the job completes; raises TaskCancelledError, TaskFailedError or WaitTimeoutError."""
        return await _waiting.async_wait(
            lambda: self.get(job_id), f"job {job_id}", timeout, poll_interval, on_progress
        )

    async def list_archive(
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
        rules until the listing comes: `on_progress` gets each `ArchiveListing`, and past `timeout`
        WaitTimeoutError carries the last one. An encrypted archive needs its `password`.
        """
        password = secret(password)  # from here on its repr is '***' (tracebacks show locals)
        call = list_archive_call(container_id, file_id, password, trace_id)
        label = f"listing of {file_id}"
        listing = await _waiting.async_wait(
            lambda: self._sender.execute(call), label, timeout, poll_interval, on_progress
        )
        return listing.files
