"""Basic tasks (handover, user import): create, list a page, iterate, get, wait, an import's
result and a handover's recipient."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Sequence
from typing import Any

from koodrive_generated import facts
from koodrive_generated.api.tasks import (
    create_task,
    get_handover_dst_user_info,
    get_task,
    get_task_result,
    list_tasks,
)
from koodrive_generated.models.create_task_request import CreateTaskRequest
from koodrive_generated.types import UNSET, Unset

from .. import _paging, _parsing, _waiting
from .._client import AsyncSender, Call, SyncSender
from ..models import HandoverRecipient, ImportResult, Task, TaskPage, TaskStatus, TaskType
from ..normalize import cursors
from ._shared import opt, path_id


def create_call(
    task_type: TaskType | int,
    src_user_id: str | None,
    dst_user_id: str | None,
    result_id: str | None,
    org_id: str | None,
    org_user_id: str | None,
    trace_id: str | None,
) -> Call[str]:
    body = CreateTaskRequest(
        task_type=TaskType(task_type),
        src_user_id=opt(src_user_id),
        dst_user_id=opt(dst_user_id),
        result_id=opt(result_id),
        org_id=opt(org_id),
        org_user_id=opt(org_user_id),
    )
    return Call(
        lambda: create_task._get_kwargs(body=body, x_traceid=opt(trace_id)),
        _parsing.created_id,
        idempotent=facts.CREATE_TASK.idempotent,
    )


def list_call(
    task_type: TaskType | int | None,
    status: Sequence[TaskStatus | int] | TaskStatus | int | None,
    page_size: int | None,
    cursor: int | str | None,
    trace_id: str | None,
) -> Call[TaskPage]:
    type_: TaskType | Unset = UNSET if task_type is None else TaskType(task_type)
    statuses: list[TaskStatus] | Unset = UNSET
    if status is not None:
        listed = [status] if isinstance(status, int) else list(status)
        statuses = [TaskStatus(s) for s in listed]  # Q24: sent as status=0&status=1
    if page_size is not None and not 1 <= page_size <= 100:
        raise ValueError("page_size must be between 1 and 100")
    page_cursor = cursors.next_cursor(cursor)  # Q4: "" (or None) is the first page
    # the first page omits pageCursor, never sends it empty
    after: int | Unset = UNSET if page_cursor is None else page_cursor

    def request() -> dict[str, Any]:
        if page_size is None:  # the spec's default page size (generated into _get_kwargs)
            return list_tasks._get_kwargs(
                task_type=type_, status=statuses, page_cursor=after, x_traceid=opt(trace_id)
            )
        return list_tasks._get_kwargs(
            task_type=type_, status=statuses, page_size=page_size, page_cursor=after, x_traceid=opt(trace_id)
        )

    return Call(
        request,
        _parsing.task_page,
        idempotent=facts.LIST_TASKS.idempotent,
    )


def get_call(task_id: str, trace_id: str | None) -> Call[Task]:
    path = path_id(task_id, "task_id")
    return Call(
        lambda: get_task._get_kwargs(task_id=path, x_traceid=opt(trace_id)),
        _parsing.task_detail,
        idempotent=facts.GET_TASK.idempotent,
    )


def result_call(task_id: str, trace_id: str | None) -> Call[ImportResult]:
    # Q59: the table's `taskId`, never the example's `taskid`
    task = path_id(task_id, "task_id")
    return Call(
        lambda: get_task_result._get_kwargs(task_id=task, x_traceid=opt(trace_id)),
        _parsing.task_result,
        idempotent=facts.GET_TASK_RESULT.idempotent,
    )


def recipient_call(src_user_id: str, trace_id: str | None) -> Call[HandoverRecipient]:
    path = path_id(src_user_id, "src_user_id")
    return Call(
        lambda: get_handover_dst_user_info._get_kwargs(src_user_id=path, x_traceid=opt(trace_id)),
        _parsing.handover_recipient,
        idempotent=facts.GET_HANDOVER_DST_USER_INFO.idempotent,
    )


StatusFilter = Sequence[TaskStatus | int] | TaskStatus | int | None


class Tasks:
    def __init__(self, sender: SyncSender) -> None:
        self._sender = sender

    def create(
        self,
        task_type: TaskType | int = TaskType.HANDOVER,
        *,
        src_user_id: str | None = None,
        dst_user_id: str | None = None,
        result_id: str | None = None,
        org_id: str | None = None,
        org_user_id: str | None = None,
        trace_id: str | None = None,
    ) -> str:
        """Start a task: a handover needs src/dst user ids, a user import result/org/org-user ids."""
        return self._sender.execute(
            create_call(task_type, src_user_id, dst_user_id, result_id, org_id, org_user_id, trace_id)
        )

    def list(
        self,
        task_type: TaskType | int | None = None,
        status: StatusFilter = None,
        page_size: int | None = None,
        cursor: int | str | None = None,
        *,
        trace_id: str | None = None,
    ) -> TaskPage:
        """One page; `next_cursor` None means the end (pages may be short or empty before it)."""
        return self._sender.execute(list_call(task_type, status, page_size, cursor, trace_id))

    def iter(
        self,
        task_type: TaskType | int | None = None,
        status: StatusFilter = None,
        page_size: int | None = None,
    ) -> Iterator[Task]:
        """Every task, following cursors until the list ends."""
        return _paging.iter_tasks(lambda cursor: self.list(task_type, status, page_size, cursor))

    def get(self, task_id: str, *, trace_id: str | None = None) -> Task:
        """The task (`code` 0 with status FAILED is a failed task, Q14); a non-digit id: InvalidIdError."""
        return self._sender.execute(get_call(task_id, trace_id))

    def wait(
        self,
        task_id: str,
        timeout: float = 600.0,
        poll_interval: float = 1.0,
        on_progress: _waiting.ProgressCallback | None = None,
    ) -> Task:
        """Poll until SUCCESS; raises TaskFailedError (with `result_code`) or WaitTimeoutError."""
        return _waiting.wait(
            lambda: self.get(task_id), f"task {task_id}", timeout, poll_interval, on_progress
        )

    def result(self, task_id: str, *, trace_id: str | None = None) -> ImportResult:
        """A finished user import's counts and the users it could not import; NotFoundError before it ends."""
        return self._sender.execute(result_call(task_id, trace_id))

    def handover_recipient(self, src_user_id: str, *, trace_id: str | None = None) -> HandoverRecipient:
        """Whom a handover task hands `src_user_id`'s files to; NotFoundError if no handover names them."""
        return self._sender.execute(recipient_call(src_user_id, trace_id))


class AsyncTasks:
    def __init__(self, sender: AsyncSender) -> None:
        self._sender = sender

    async def create(
        self,
        task_type: TaskType | int = TaskType.HANDOVER,
        *,
        src_user_id: str | None = None,
        dst_user_id: str | None = None,
        result_id: str | None = None,
        org_id: str | None = None,
        org_user_id: str | None = None,
        trace_id: str | None = None,
    ) -> str:
        """Start a task: a handover needs src/dst user ids, a user import result/org/org-user ids."""
        return await self._sender.execute(
            create_call(task_type, src_user_id, dst_user_id, result_id, org_id, org_user_id, trace_id)
        )

    async def list(
        self,
        task_type: TaskType | int | None = None,
        status: StatusFilter = None,
        page_size: int | None = None,
        cursor: int | str | None = None,
        *,
        trace_id: str | None = None,
    ) -> TaskPage:
        """One page; `next_cursor` None means the end (pages may be short or empty before it)."""
        return await self._sender.execute(list_call(task_type, status, page_size, cursor, trace_id))

    def iter(
        self,
        task_type: TaskType | int | None = None,
        status: StatusFilter = None,
        page_size: int | None = None,
    ) -> AsyncIterator[Task]:
        """Every task, following cursors until the list ends."""
        return _paging.aiter_tasks(lambda cursor: self.list(task_type, status, page_size, cursor))

    async def get(self, task_id: str, *, trace_id: str | None = None) -> Task:
        """The task (`code` 0 with status FAILED is a failed task, Q14); a non-digit id: InvalidIdError."""
        return await self._sender.execute(get_call(task_id, trace_id))

    async def wait(
        self,
        task_id: str,
        timeout: float = 600.0,
        poll_interval: float = 1.0,
        on_progress: _waiting.ProgressCallback | None = None,
    ) -> Task:
        """Poll until SUCCESS; raises TaskFailedError (with `result_code`) or WaitTimeoutError."""
        return await _waiting.async_wait(
            lambda: self.get(task_id), f"task {task_id}", timeout, poll_interval, on_progress
        )

    async def result(self, task_id: str, *, trace_id: str | None = None) -> ImportResult:
        """A finished user import's counts and the users it could not import; NotFoundError before it ends."""
        return await self._sender.execute(result_call(task_id, trace_id))

    async def handover_recipient(self, src_user_id: str, *, trace_id: str | None = None) -> HandoverRecipient:
        """Whom a handover task hands `src_user_id`'s files to; NotFoundError if no handover names them."""
        return await self._sender.execute(recipient_call(src_user_id, trace_id))
