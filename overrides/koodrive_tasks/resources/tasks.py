"""Basic tasks (handover, user import): create, list a page, iterate, get, wait, an import's
result and a handover's recipient."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from koodrive_generated.api.tasks import (
    create_task,
    get_handover_dst_user_info,
    get_task,
    get_task_result,
    list_tasks,
)
from koodrive_generated.facts import MAX_TASKS_PER_PAGE
from koodrive_generated.models.create_task_request import CreateTaskRequest
from koodrive_generated.types import UNSET, Unset

from .. import _paging, _parsing, _raw, _waiting
from .._call import ApiCall
from .._senders import SyncSender
from ..models import HandoverRecipient, ImportResult, Task, TaskPage, TaskStatus, TaskType
from ..normalize import cursors
from ._shared import async_twins, by_path_id, operation_call, opt, shared_docstrings
from .waits import _ManyWaits

if TYPE_CHECKING:  # the async twin, generated from this module by `make generate`
    from koodrive_generated.aio_resources.tasks import AsyncTasks as AsyncTasks  # noqa: PLC0414 - an explicit re-export

__getattr__ = async_twins(__name__)  # `AsyncTasks` is importable from here too, read on first use


def create_call(
    task_type: TaskType | int,
    src_user_id: str | None,
    dst_user_id: str | None,
    result_id: str | None,
    org_id: str | None,
    org_user_id: str | None,
    trace_id: str | None,
) -> ApiCall[str]:
    body = CreateTaskRequest(
        task_type=TaskType(task_type),
        src_user_id=opt(src_user_id),
        dst_user_id=opt(dst_user_id),
        result_id=opt(result_id),
        org_id=opt(org_id),
        org_user_id=opt(org_user_id),
    )
    return operation_call(
        "createTask", lambda: create_task._get_kwargs(body=body, x_traceid=opt(trace_id)), _parsing.created_id
    )


def list_call(
    task_type: TaskType | int | None,
    status: Sequence[TaskStatus | int] | TaskStatus | int | None,
    page_size: int | None,
    cursor: int | str | None,
    trace_id: str | None,
) -> ApiCall[TaskPage]:
    type_: TaskType | Unset = UNSET if task_type is None else TaskType(task_type)
    statuses: list[TaskStatus] | Unset = UNSET
    if status is not None:
        listed = [status] if isinstance(status, int) else list(status)
        statuses = [TaskStatus(s) for s in listed]  # Q24: sent as status=0&status=1
    if page_size is not None and not 1 <= page_size <= MAX_TASKS_PER_PAGE:
        raise ValueError(f"page_size must be between 1 and {MAX_TASKS_PER_PAGE}")
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

    return operation_call("listTasks", request, _parsing.task_page)


def get_call(task_id: str, trace_id: str | None) -> ApiCall[Task]:
    def request(path: str) -> dict[str, Any]:
        return get_task._get_kwargs(task_id=path, x_traceid=opt(trace_id))

    return by_path_id("getTask", task_id, "task_id", request, _parsing.task_detail)


def result_call(task_id: str, trace_id: str | None) -> ApiCall[ImportResult]:
    def request(path: str) -> dict[str, Any]:  # Q59: the table's `taskId`, never the example's `taskid`
        return get_task_result._get_kwargs(task_id=path, x_traceid=opt(trace_id))

    return by_path_id("getTaskResult", task_id, "task_id", request, _parsing.task_result)


def recipient_call(src_user_id: str, trace_id: str | None) -> ApiCall[HandoverRecipient]:
    def request(path: str) -> dict[str, Any]:
        return get_handover_dst_user_info._get_kwargs(src_user_id=path, x_traceid=opt(trace_id))

    return by_path_id(
        "getHandoverDstUserInfo", src_user_id, "src_user_id", request, _parsing.handover_recipient
    )


StatusFilter = Sequence[TaskStatus | int] | TaskStatus | int | None


@shared_docstrings
class Tasks(_ManyWaits[Task]):
    """`client.tasks` of `KooDrive`.

    Basic tasks (handover, user import): create, list, iterate, get, wait.
    Made by the client; not constructed directly.

    Args:
        sender: The client's request sender.
    """

    def __init__(self, sender: SyncSender) -> None:
        self._sender = sender

    _noun = "task"  # as_completed and wait_many (`_ManyWaits`) poll each id with `get`

    def _poll(self, id: str) -> Task:
        return self.get(id)

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
        """Start a basic task: a handover (one user's files to another) or a user import.

        Args:
            task_type: `TaskType.HANDOVER` or `TaskType.USER_IMPORT` (or its number).
            src_user_id: Handover: the user whose files are handed over.
            dst_user_id: Handover: the user who receives them.
            result_id: User import: the import result's id.
            org_id: User import: the organisation's id.
            org_user_id: User import: the user's id in the organisation.
            trace_id: `X-Traceid` sent on every attempt of this call (None: a fresh one per attempt).

        Returns:
            The new task's id (digits, as a `str`).

        Raises:
            ValueError: `task_type` is no `TaskType` value; nothing is sent.
            {api_errors}
                A create is retried only when the connection was never made: never created twice.
        """
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
        """One page of tasks, from a cursor.

        `next_cursor` None means the list has ended; pages may be short, or empty, before that.

        Args:
            task_type: Only tasks of this `TaskType` (or its number); None: every type.
            status: Only tasks in this `TaskStatus`, or in any of several (sent as `status=0&status=1`).
            page_size: Tasks per page, 1 to 100; None: the spec's default.
            cursor: `next_cursor` of the previous page; None or `""` for the first page (Q4).
            trace_id: `X-Traceid` sent on every attempt of this call (None: a fresh one per attempt).

        Returns:
            The page: its tasks (`.items`) and where the next one starts (`.next_cursor`).

        Raises:
            ValueError: `page_size` outside 1-100, a cursor that is no number, or a value no enum has.
            {api_errors}
        """
        return self._sender.execute(list_call(task_type, status, page_size, cursor, trace_id))

    def iter(
        self,
        task_type: TaskType | int | None = None,
        status: StatusFilter = None,
        page_size: int | None = None,
    ) -> Iterator[Task]:
        """Every task, following the cursors until the list ends, each handed out once.

        Pages are fetched as the iterator is consumed; short and empty pages before the end are followed
        through, and tasks a page sends again are skipped.

        Args:
            task_type: Only tasks of this `TaskType` (or its number); None: every type.
            status: Only tasks in this `TaskStatus`, or in any of several.
            page_size: Tasks per page, 1 to 100; None: the spec's default.

        Returns:
            An iterator over the tasks.

        Raises:
            StuckCursorError: The cursors cycle, or pages stop bringing anything new: raised instead of
                looping.
            ValueError: `page_size` outside 1-100, or a value no enum has.
            {api_errors}
        """
        return _paging.iter_tasks(lambda cursor: self.list(task_type, status, page_size, cursor))

    def get(self, task_id: str, *, trace_id: str | None = None) -> Task:
        """One basic task.

        A task that failed comes back with `code` 0 and `status` `TaskStatus.FAILED` (Q14): the call
        succeeded; the task did not (its `result_code` says why).

        Args:
            task_id: The task's id: 1 to 19 digits (Q22).
            trace_id: `X-Traceid` sent on every attempt of this call (None: a fresh one per attempt).

        Returns:
            The task.

        Raises:
            InvalidIdError: `task_id` is not 1 to 19 digits; nothing is sent.
            NotFoundError: No task has this id.
            {api_errors}
        """
        return self._sender.execute(get_call(task_id, trace_id))

    def wait(
        self,
        task_id: str,
        timeout: float = 600.0,
        poll_interval: float = 1.0,
        on_progress: _waiting.ProgressCallback | None = None,
    ) -> Task:
        """Poll the task until it succeeds or fails, with capped, jittered backoff.

        Statuses sent as numeric strings count as numbers.

        Args:
            task_id: The task's id.
            timeout: Seconds to wait in all (>= 0; 0 checks once); each poll's requests and retries are
                cut to the time left.
            poll_interval: Seconds before the second poll; later waits grow by 1.5x (jittered), up to 10 s.
            on_progress: Called with the first state, and with each state whose status or progress changed.

        Returns:
            The task, `TaskStatus.SUCCESS`.

        Raises:
            TaskFailedError: The task ended `TaskStatus.FAILED`; `.result_code` is KooDrive's (e.g.
                18000205), `.state` the task.
            WaitTimeoutError: Not finished after `timeout` seconds; `.state` is the last task seen.
            ValueError: `timeout` is negative or NaN.
            InvalidIdError: `task_id` is not 1 to 19 digits.
            NotFoundError: No task has this id.
            {api_errors}
                A poll that fails to connect after the deadline is a `WaitTimeoutError` instead.
        """
        return _waiting.wait(
            lambda: self.get(task_id), f"task {task_id}", timeout, poll_interval, on_progress
        )

    def result(self, task_id: str, *, trace_id: str | None = None) -> ImportResult:
        """A finished user import's counts and the users it could not import.

        No page says when a result exists (Q63): it is assumed to exist once the import task has
        finished, so wait for the task (`tasks.wait()`) first. Sent as `taskId`, the table's
        spelling (Q59).

        Args:
            task_id: The user import task's id: 1 to 19 digits.
            trace_id: `X-Traceid` sent on every attempt of this call (None: a fresh one per attempt).

        Returns:
            The import's result: `success_count`, `failed_count` and one `failures` entry per user
            that was not imported.

        Raises:
            InvalidIdError: `task_id` is not 1 to 19 digits; nothing is sent.
            NotFoundError: No finished user import has this id (unknown, still running, or a handover).
            {api_errors}
        """
        return self._sender.execute(result_call(task_id, trace_id))

    def handover_recipient(self, src_user_id: str, *, trace_id: str | None = None) -> HandoverRecipient:
        """Whom a handover task hands `src_user_id`'s files to.

        Known as soon as a handover task names the user, whatever its status; when several have, the
        latest one's recipient (Q64, assumptions of the spec). The body is flat: no `data` envelope.

        Args:
            src_user_id: The handed-over (leaving) user's id, the handover task's `src_user_id`.
            trace_id: `X-Traceid` sent on every attempt of this call (None: a fresh one per attempt).

        Returns:
            The recipient: its user `id` and `name`.

        Raises:
            InvalidIdError: `src_user_id` is not 1 to 19 digits; nothing is sent.
            NotFoundError: No handover task names this user.
            {api_errors}
        """
        return self._sender.execute(recipient_call(src_user_id, trace_id))


class RawTasks:
    """`with_raw_response.tasks` of `KooDrive`.

    Each one-request call of `client.tasks`, answering a `RawResponse` (`_raw`); made by
    `client.with_raw_response`.

    Args:
        tasks: The `client.tasks` on the raw client's capturing sender, whose calls it wraps.
    """

    def __init__(self, tasks: Tasks) -> None:
        self.create = _raw.raw(tasks.create)
        self.list = _raw.raw(tasks.list)
        self.get = _raw.raw(tasks.get)
        self.result = _raw.raw(tasks.result)
        self.handover_recipient = _raw.raw(tasks.handover_recipient)
