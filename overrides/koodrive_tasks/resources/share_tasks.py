"""Share async tasks (package download, save to my drive): create, get, wait.

The query is a POST (`/share/taskDetail`) that changes nothing (`x-koodrive-idempotent`), so it is
retried like a read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from koodrive_generated.api.share_tasks import create_share_task, get_share_task
from koodrive_generated.models.create_share_task_request import CreateShareTaskRequest
from koodrive_generated.models.file_location import FileLocation
from koodrive_generated.models.get_share_task_request import GetShareTaskRequest
from koodrive_generated.types import UNSET

from .. import _parsing, _raw, _waiting, _waiting_many
from .._call import ApiCall
from .._secrets import secret
from .._senders import SyncSender
from .._waiting_many import WaitMany
from ..models import ShareTask, ShareTaskType
from ._shared import async_twins, operation_call, opt, shared_docstrings

if TYPE_CHECKING:  # the async twin, generated from this module by `make generate`
    from koodrive_generated.aio_resources.share_tasks import AsyncShareTasks as AsyncShareTasks  # noqa: PLC0414 - an explicit re-export

__getattr__ = async_twins(__name__)  # `AsyncShareTasks` is importable from here too, read on first use


def create_call(
    task_type: ShareTaskType | int,
    share_id: str,
    container_id: str,
    file_ids: Sequence[str],
    zip_name: str | None,
    target_file_id: str | None,
    target_container_id: str | None,
    kdstoken: str | None,
    trace_id: str | None,
) -> ApiCall[str]:
    target: Any = UNSET
    if target_file_id is not None:
        target = FileLocation(file_id=target_file_id, container_id=target_container_id or container_id)
    body = CreateShareTaskRequest(
        task_type=ShareTaskType(task_type),
        container_id=container_id,
        file_ids=list(file_ids),
        share_id=share_id,
        target_file_id=target,
        zip_name=UNSET if zip_name is None else zip_name,
        kdstoken=UNSET if kdstoken is None else kdstoken,
    )
    return operation_call(
        "createShareTask",
        lambda: create_share_task._get_kwargs(body=body, x_traceid=opt(trace_id)),
        _parsing.created_id,
    )


def get_call(task_id: str, share_id: str, kdstoken: str | None, trace_id: str | None) -> ApiCall[ShareTask]:
    body = GetShareTaskRequest(
        task_id=str(task_id), share_id=share_id, kdstoken=UNSET if kdstoken is None else kdstoken
    )
    return operation_call(
        "getShareTask",
        lambda: get_share_task._get_kwargs(body=body, x_traceid=opt(trace_id)),
        _parsing.share_task,
    )


@shared_docstrings
class ShareTasks:
    """`client.share_tasks` of `KooDrive`.

    Share async tasks (package download, save to drive): create, get, wait.
    Made by the client; not constructed directly.

    Args:
        sender: The client's request sender.
    """

    def __init__(self, sender: SyncSender) -> None:
        self._sender = sender

    def create(
        self,
        task_type: ShareTaskType | int = ShareTaskType.PACKAGE_DOWNLOAD,
        *,
        share_id: str,
        container_id: str,
        file_ids: Sequence[str],
        zip_name: str | None = None,
        target_file_id: str | None = None,
        target_container_id: str | None = None,
        kdstoken: str | None = None,
        trace_id: str | None = None,
    ) -> str:
        """Start a task on shared files: a package download (a zip) or a save to my drive.

        Args:
            task_type: `ShareTaskType.PACKAGE_DOWNLOAD` or `SAVE_TO_DRIVE` (or its number).
            share_id: The share's id.
            container_id: Id of the space the shared files are in.
            file_ids: Ids of the shared files.
            zip_name: Package download: the zip's name.
            target_file_id: Save to drive (required there): the target folder's id, `"root"` for the root.
            target_container_id: Save to drive: the target space's id (None: `container_id`).
            kdstoken: Temporary share token from the extraction-code check; its repr is `'***'`.
            trace_id: `X-Traceid` sent on every attempt of this call (None: a fresh one per attempt).

        Returns:
            The new share task's id (digits, as a `str`).

        Raises:
            ValueError: `task_type` is no `ShareTaskType` value; nothing is sent.
            {api_errors}
                A create is retried only when the connection was never made: never created twice.
        """
        kdstoken = secret(kdstoken)  # from here on its repr is '***' (tracebacks show locals)
        return self._sender.execute(
            create_call(
                task_type,
                share_id,
                container_id,
                file_ids,
                zip_name,
                target_file_id,
                target_container_id,
                kdstoken,
                trace_id,
            )
        )

    def get(
        self, task_id: str, share_id: str, kdstoken: str | None = None, *, trace_id: str | None = None
    ) -> ShareTask:
        """One share task, with its per-file results.

        The query is a POST that changes nothing, so it is retried like a read.

        Args:
            task_id: The share task's id.
            share_id: The share the task was created on.
            kdstoken: Temporary share token from the extraction-code check; its repr is `'***'`.
            trace_id: `X-Traceid` sent on every attempt of this call (None: a fresh one per attempt).

        Returns:
            The share task, its files (`.files`, `.failed_files`) and, for a package, `.download_url`.

        Raises:
            NotFoundError: No share task has this id on this share.
            {api_errors}
        """
        kdstoken = secret(kdstoken)
        return self._sender.execute(get_call(task_id, share_id, kdstoken, trace_id))

    def wait(
        self,
        task_id: str,
        share_id: str,
        kdstoken: str | None = None,
        timeout: float = 600.0,
        poll_interval: float = 1.0,
        on_progress: _waiting.ProgressCallback | None = None,
    ) -> ShareTask:
        """Poll the share task until it completes, with capped, jittered backoff.

        A share task whose files only partly failed (`JobResult.PARTIALLY_FAILED`) returns normally: check
        `failed_files` of the result. Statuses and result codes sent as numeric strings count as numbers.

        Args:
            task_id: The share task's id.
            share_id: The share the task was created on.
            kdstoken: Temporary share token from the extraction-code check; its repr is `'***'`.
            timeout: Seconds to wait in all (>= 0; 0 checks once); each poll's requests and retries are
                cut to the time left.
            poll_interval: Seconds before the second poll; later waits grow by 1.5x (jittered), up to 10 s.
            on_progress: Called with the first state, and with each state whose status or progress changed.

        Returns:
            The completed share task (`JobResult.ALL_SUCCEEDED` or `PARTIALLY_FAILED`).

        Raises:
            TaskFailedError: Every file failed (`JobResult.ALL_FAILED`); `.state` is the final share task,
                per-file results included.
            TaskCancelledError: The share task was cancelled; `.state` is the final share task.
            WaitTimeoutError: Not completed after `timeout` seconds; `.state` is the last one seen.
            ValueError: `timeout` is negative or NaN.
            NotFoundError: No share task has this id on this share.
            {api_errors}
                A poll that fails to connect after the deadline is a `WaitTimeoutError` instead.
        """
        kdstoken = secret(kdstoken)
        return _waiting.wait(
            lambda: self.get(task_id, share_id, kdstoken),
            f"share task {task_id}",
            timeout,
            poll_interval,
            on_progress,
        )

    def as_completed(
        self,
        task_ids: Iterable[str],
        share_id: str,
        kdstoken: str | None = None,
        timeout: float = 600.0,
        poll_interval: float = 1.0,
        concurrency: int = _waiting_many.DEFAULT_CONCURRENCY,
        on_progress: _waiting_many.ManyProgressCallback | None = None,
    ) -> Iterator[_waiting_many.WaitResult[ShareTask]]:
        """Wait for many share tasks at once; each `WaitResult` is handed out as its share task finishes.

        {many_intro}

        Args:
            task_ids: The ids of the share tasks.
            share_id: The share the tasks were created on.
            kdstoken: Temporary share token from the extraction-code check; its repr is `'***'`.
            {many_args}

        Returns:
            An iterator of `WaitResult`s, one per id, in the order the share tasks finish.

        Raises:
            {many_raises}
        """
        kdstoken = secret(kdstoken)
        core: WaitMany[ShareTask] = WaitMany(
            task_ids, "share task", timeout, poll_interval, concurrency, on_progress
        )
        return _waiting_many.iter_wait(core, lambda one: self.get(one, share_id, kdstoken))

    def wait_many(
        self,
        task_ids: Iterable[str],
        share_id: str,
        kdstoken: str | None = None,
        timeout: float = 600.0,
        poll_interval: float = 1.0,
        concurrency: int = _waiting_many.DEFAULT_CONCURRENCY,
        on_progress: _waiting_many.ManyProgressCallback | None = None,
    ) -> dict[str, _waiting_many.WaitResult[ShareTask]]:
        """Wait for many share tasks at once under one deadline; an outcome per id, none raised.

        {wait_many_intro}

        Args:
            task_ids: The ids of the share tasks.
            share_id: The share the tasks were created on.
            kdstoken: Temporary share token from the extraction-code check; its repr is `'***'`.
            {many_args}

        Returns:
            Every id's `WaitResult`, keyed by id, in the order the ids came (each id once).

        Raises:
            {many_raises}
        """
        kdstoken = secret(kdstoken)
        core: WaitMany[ShareTask] = WaitMany(
            task_ids, "share task", timeout, poll_interval, concurrency, on_progress
        )
        return _waiting_many.wait_many(core, lambda one: self.get(one, share_id, kdstoken))


class RawShareTasks:
    """`with_raw_response.share_tasks` of `KooDrive`.

    Each one-request call of `client.share_tasks`, answering a `RawResponse` (`_raw`); made by
    `client.with_raw_response`.

    Args:
        share_tasks: The `client.share_tasks` on the raw client's capturing sender, whose calls it wraps.
    """

    def __init__(self, share_tasks: ShareTasks) -> None:
        self.create = _raw.raw(share_tasks.create)
        self.get = _raw.raw(share_tasks.get)
