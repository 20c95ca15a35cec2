"""Share async tasks (package download, save to my drive): create, get, wait.

The query is a POST (`/share/taskDetail`) that changes nothing (`x-koodrive-idempotent`), so it is
retried like a read.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from koodrive_generated import facts
from koodrive_generated.api.share_tasks import create_share_task, get_share_task
from koodrive_generated.models.create_share_task_request import CreateShareTaskRequest
from koodrive_generated.models.file_location import FileLocation
from koodrive_generated.models.get_share_task_request import GetShareTaskRequest
from koodrive_generated.types import UNSET

from .. import _parsing, _waiting
from .._client import AsyncSender, Call, SyncSender
from .._secrets import secret
from ..models import ShareTask, ShareTaskType
from ._shared import opt


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
) -> Call[str]:
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
    return Call(
        lambda: create_share_task._get_kwargs(body=body, x_traceid=opt(trace_id)),
        _parsing.created_id,
        idempotent=facts.CREATE_SHARE_TASK.idempotent,
    )


def get_call(task_id: str, share_id: str, kdstoken: str | None, trace_id: str | None) -> Call[ShareTask]:
    body = GetShareTaskRequest(
        task_id=str(task_id), share_id=share_id, kdstoken=UNSET if kdstoken is None else kdstoken
    )
    return Call(
        lambda: get_share_task._get_kwargs(body=body, x_traceid=opt(trace_id)),
        _parsing.share_task,
        idempotent=facts.GET_SHARE_TASK.idempotent,
    )


class ShareTasks:
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
        """Start a task on shared files; saving to my drive needs `target_file_id` ("root" for the root)."""
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
        """The share task with its per-file results (a POST query, retried like a read)."""
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
        """Poll until the task completes; raises TaskCancelledError, TaskFailedError or WaitTimeoutError."""
        kdstoken = secret(kdstoken)
        return _waiting.wait(
            lambda: self.get(task_id, share_id, kdstoken),
            f"share task {task_id}",
            timeout,
            poll_interval,
            on_progress,
        )


class AsyncShareTasks:
    def __init__(self, sender: AsyncSender) -> None:
        self._sender = sender

    async def create(
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
        """Start a task on shared files; saving to my drive needs `target_file_id` ("root" for the root)."""
        kdstoken = secret(kdstoken)
        return await self._sender.execute(
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

    async def get(
        self, task_id: str, share_id: str, kdstoken: str | None = None, *, trace_id: str | None = None
    ) -> ShareTask:
        """The share task with its per-file results (a POST query, retried like a read)."""
        kdstoken = secret(kdstoken)
        return await self._sender.execute(get_call(task_id, share_id, kdstoken, trace_id))

    async def wait(
        self,
        task_id: str,
        share_id: str,
        kdstoken: str | None = None,
        timeout: float = 600.0,
        poll_interval: float = 1.0,
        on_progress: _waiting.ProgressCallback | None = None,
    ) -> ShareTask:
        """Poll until the task completes; raises TaskCancelledError, TaskFailedError or WaitTimeoutError."""
        kdstoken = secret(kdstoken)
        return await _waiting.async_wait(
            lambda: self.get(task_id, share_id, kdstoken),
            f"share task {task_id}",
            timeout,
            poll_interval,
            on_progress,
        )
