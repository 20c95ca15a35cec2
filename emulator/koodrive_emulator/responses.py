"""The wire layer: one handler per operationId, from a checked request to a reply (moto's responses).

A handler gets the request as the validation left it (`Validated`: typed path, query, headers and
body), the quirk variants of this response and its language; it asks the state (`service.Emulator`)
and writes the answer through `render`, which keeps the wire forms of finished records in the
app's `WireCache`. Handlers are marked `@handles("<operationId>")` (a subclass of `Responses`
may add or replace some: `create_app(responses=...)`); the app refuses to start when an operation
of the route table has none (`handlers_for`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from . import render
from .asgi import Reply
from .render import BAD_REQUEST, Variants, WireCache, dumps
from .service import Emulator
from .validation import SpecValidators, Validated

JSON = Any
Handler = Callable[[Validated, Variants, str], Reply]

#: the attribute `@handles` marks a handler with (the operationId it answers)
OPERATION_ATTRIBUTE = "__koodrive_operation__"


class NotFound(Exception):
    """An id that names no record: 400 {code: 13000309}."""


class MissingHandler(LookupError):
    """Operations of the route table that no handler answers (raised at start-up); `operation_ids`
    names every one of them."""

    def __init__(self, message: str, operation_ids: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.operation_ids = tuple(operation_ids)


def handles(operation_id: str) -> Callable[[Callable[..., Reply]], Callable[..., Reply]]:
    """Mark a method of `Responses` (or of a subclass) as the handler of `operation_id`."""

    def register(method: Callable[..., Reply]) -> Callable[..., Reply]:
        setattr(method, OPERATION_ATTRIBUTE, operation_id)
        return method

    return register


def handler_names(cls: type[Responses]) -> dict[str, str]:
    """operationId -> the name of the method of `cls` that answers it (a subclass's own win);
    ValueError for two methods of one class marked for the same operation."""
    found: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        own: dict[str, str] = {}
        for name, member in vars(klass).items():
            operation_id = getattr(member, OPERATION_ATTRIBUTE, None)
            if isinstance(operation_id, str):
                if operation_id in own:
                    raise ValueError(f"two handlers for {operation_id} in {klass.__name__}")
                own[operation_id] = name
        found.update(own)
    return found


def error(v: Variants, status: int, code: int, lang: str, detail: str | None = None) -> Reply:
    return Reply(status, dumps(render.error_body(v, code, lang, detail)))


class Responses:
    """The handlers, over one emulator; `cache` holds the wire forms they keep."""

    def __init__(self, emulator: Emulator, validators: SpecValidators) -> None:
        self.emulator = emulator
        self.validators = validators
        self.cache = WireCache()

    def handlers_for(self, operation_ids: Iterable[str]) -> dict[str, Handler]:
        """The handler of each operation; MissingHandler naming every operation that has none."""
        names = handler_names(type(self))
        wanted = list(dict.fromkeys(operation_ids))
        missing = [op for op in wanted if op not in names]
        if missing:
            raise MissingHandler(
                f"no handler for operation(s) {', '.join(missing)}: add a method decorated "
                f"@handles({missing[0]!r}) to {type(self).__module__}.{type(self).__qualname__}",
                missing,
            )
        handlers: dict[str, Handler] = {op: getattr(self, names[op]) for op in wanted}
        return handlers

    # ---- batch jobs ----------------------------------------------------------------------------
    @handles("listJobs")
    def list_jobs(self, req: Validated, v: Variants, lang: str) -> Reply:
        q, em = req.query, self.emulator
        if q.get("type") is None and q.get("status") is None:
            return Reply(200, render.jobs_page(em, self.cache, v, lang, q["offset"], q["limit"]))
        jobs, now = em.list_jobs(
            type_=q.get("type"), status=q.get("status"), offset=q["offset"], limit=q["limit"]
        )
        return Reply(200, render.list_jobs_body(em, self.cache, v, lang, jobs, now))

    @handles("createJob")
    def create_job(self, req: Validated, v: Variants, lang: str) -> Reply:
        job = self.emulator.create_job(req.body)
        return Reply(200, dumps(render.envelope(v, lang, "createJob", data=job.id)))

    @handles("getJob")
    def get_job(self, req: Validated, v: Variants, lang: str) -> Reply:
        found = self.emulator.get_job(req.path["job_id"])
        if found is None:
            raise NotFound
        job, now = found
        return Reply(200, render.get_job_bytes(self.emulator, self.cache, v, lang, job, now))

    @handles("cancelJob")
    def cancel_job(self, req: Validated, v: Variants, lang: str) -> Reply:
        outcome = self.emulator.cancel_job(req.body["jobId"])
        if outcome == "not-found":
            raise NotFound
        if outcome == "not-cancellable":
            # Q36: cancelling only takes effect while the job is pending or processing; no page says
            # a finished job's cancel is refused, so it is an assumption: answered 0, nothing changes.
            self.validators.note_assumption("cancelJob job already finished")
        return Reply(200, dumps(render.envelope(v, lang, "cancelJob")))

    # ---- basic tasks ---------------------------------------------------------------------------
    @handles("createTask")
    def create_task(self, req: Validated, v: Variants, lang: str) -> Reply:
        task = self.emulator.create_task(req.body)
        return Reply(200, dumps(render.envelope(v, lang, "createTask", taskId=task.id)))

    @handles("listTasks")
    def list_tasks(self, req: Validated, v: Variants, lang: str) -> Reply:
        q = req.query
        tasks, next_cursor, _ = self.emulator.list_tasks(
            task_type=q.get("taskType"),
            statuses=q.get("status"),
            page_size=q.get("pageSize", 100),
            cursor=q.get("pageCursor"),
        )
        body = render.list_tasks_body(self.emulator, self.cache, v, lang, tasks, next_cursor)
        return Reply(200, dumps(body))

    @handles("getTask")
    def get_task(self, req: Validated, v: Variants, lang: str) -> Reply:
        found = self.emulator.get_task(req.path["task_id"])
        if found is None:
            raise NotFound
        return Reply(200, dumps(render.get_task_body(self.emulator, self.cache, v, lang, found[0])))

    @handles("getTaskResult")
    def get_task_result(self, req: Validated, v: Variants, lang: str) -> Reply:
        # Q59: the table's `taskId` or the example's `taskid`; one of them, or both naming one task
        names = {req.query[name] for name in ("taskId", "taskid") if name in req.query}
        if len(names) != 1:
            detail = "taskId is required" if not names else "taskId and taskid name different tasks"
            return error(v, 400, BAD_REQUEST, lang, detail)
        result = self.emulator.get_task_result(names.pop())
        if result is None:
            raise NotFound
        return Reply(200, dumps(render.envelope(v, lang, "getTaskResult", data=result)))

    @handles("getHandoverDstUserInfo")
    def get_handover_dst_user_info(self, req: Validated, v: Variants, lang: str) -> Reply:
        found = self.emulator.get_handover_recipient(req.path["src_user_id"])
        if found is None:
            raise NotFound
        user_id, name = found
        return Reply(200, dumps(render.envelope(v, lang, "getHandoverDstUserInfo", id=user_id, name=name)))

    # ---- share tasks ---------------------------------------------------------------------------
    @handles("createShareTask")
    def create_share_task(self, req: Validated, v: Variants, lang: str) -> Reply:
        task = self.emulator.create_share_task(req.body)
        return Reply(200, dumps(render.envelope(v, lang, "createShareTask", taskId=task.id)))

    @handles("getShareTask")
    def get_share_task(self, req: Validated, v: Variants, lang: str) -> Reply:
        found = self.emulator.get_share_task(req.body["taskId"], req.body["shareId"])
        if found is None:
            raise NotFound
        task, now = found
        return Reply(200, dumps(render.get_share_body(self.emulator, v, lang, task, now)))

    # ---- archives ------------------------------------------------------------------------------
    @handles("listFile")
    def list_file(self, req: Validated, v: Variants, lang: str) -> Reply:
        body = req.body
        outcome, value = self.emulator.list_file(
            str(body["containerId"]), str(body["fileId"]), body.get("pwd")
        )
        if outcome == "not-found":
            raise NotFound
        if outcome == "password":
            return error(v, 400, BAD_REQUEST, lang, "the archive is encrypted: pwd is missing or wrong")
        return Reply(200, dumps(render.list_file_body(self.emulator, v, lang, outcome, value)))
