"""The HTTP layer: routing, authentication, validation, faults and the admin API.

A Starlette application whose single mount is a small ASGI dispatcher. Routing is by path first,
method second, with the literal paths (`/jobs`, `/cancel`, `/task/list`, `/task/create`,
`/share/...`) tried before the `/koodrive/ose/v1/{job_id}` template (Q22): `GET /cancel` is a 405,
never a job lookup. Each request is then authenticated (401), validated against the spec (400),
and only then handed to the models, so nothing a client sends can change state unless it is valid.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, unquote

from koodrive_generated.facts import THROTTLE_CODES
from starlette.applications import Starlette
from starlette.routing import Mount

from . import render
from .auth import AuthError, TokenSessions, authenticate
from .config import FAMILIES, ConfigError, EmulatorConfig
from .render import BAD_REQUEST, INTERNAL, NOT_FOUND, UNAUTHORIZED, Variants, dumps, language_of
from .service import Emulator
from .validation import (
    MAX_BODY_BYTES,
    BadRequest,
    Operation,
    SpecValidators,
    Validated,
    load_spec,
    parse_json,
)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
JSON = Any

PREFIX = "/koodrive/ose/v1"
LITERAL_ROUTES: dict[str, dict[str, str]] = {
    f"{PREFIX}/jobs": {"GET": "listJobs", "POST": "createJob"},
    f"{PREFIX}/cancel": {"POST": "cancelJob"},
    f"{PREFIX}/task/create": {"POST": "createTask"},
    f"{PREFIX}/task/list": {"GET": "listTasks"},
    f"{PREFIX}/task/result": {"GET": "getTaskResult"},
    f"{PREFIX}/archive/listFile": {"POST": "listFile"},
    f"{PREFIX}/share/tasks": {"POST": "createShareTask"},
    f"{PREFIX}/share/taskDetail": {"POST": "getShareTask"},
}
TEMPLATE_ROUTES: list[tuple[re.Pattern[str], str, dict[str, str]]] = [
    (re.compile(rf"{PREFIX}/task/dstUserInfo/([^/]+)"), "src_user_id", {"GET": "getHandoverDstUserInfo"}),
    (re.compile(rf"{PREFIX}/task/([^/]+)"), "task_id", {"GET": "getTask"}),
    (re.compile(rf"{PREFIX}/([^/]+)"), "job_id", {"GET": "getJob"}),
]
JSON_HEADERS = [(b"content-type", b"application/json")]
#: Records per family and `seed` call. Drawing them runs off the event loop (0.01-0.22 ms each).
MAX_SEED = 1_000_000
MAX_ADMIN_BODY = 64 * 1024
BODY_TIMEOUT_S = 30.0
#: Checked requests kept for reuse at most (`Dispatcher._validate`); past it the cache starts again.
VALIDATED_CACHE_SIZE = 4096
#: API Gateway messages for the codes the `apig` fault knows; other codes get a generic one. The
#: throttle codes are the spec's (`x-koodrive-throttle-codes` on ErrorBody, Q65).
APIG_MESSAGES = {
    "APIGW.0101": "The API does not exist or has not been published in the environment",
    "APIGW.0301": "Incorrect IAM authentication information: verify aksk signature fail",
    **{
        code: "The throttling threshold has been reached: policy user over ratelimit,limit:100,time:1 minute"
        for code in THROTTLE_CODES
    },
}


class Reply:
    """A response to send: status, body bytes and extra headers."""

    __slots__ = ("body", "headers", "media", "status")

    def __init__(self, status: int, body: bytes, headers: list[tuple[bytes, bytes]] | None = None) -> None:
        self.status, self.body, self.headers = status, body, headers or []
        self.media = b"application/json"


class NotFound(Exception):
    """An id that names no record: 400 {code: 13000309}."""


class Dispatcher:
    """The ASGI callable behind the Starlette app."""

    def __init__(self, emulator: Emulator, validators: SpecValidators) -> None:
        self.emulator = emulator
        self.validators = validators
        #: Seconds a request body may take to arrive in full; a slower upload is answered and dropped.
        self.body_timeout = BODY_TIMEOUT_S
        self.tokens = TokenSessions()  # sliding token expiry on the virtual clock
        self._validated: dict[tuple[Any, ...], Validated] = {}
        self.handlers: dict[str, Callable[[Validated, Variants, str], Reply]] = {
            "listJobs": self.list_jobs,
            "createJob": self.create_job,
            "getJob": self.get_job,
            "cancelJob": self.cancel_job,
            "createTask": self.create_task,
            "listTasks": self.list_tasks,
            "getTask": self.get_task,
            "createShareTask": self.create_share_task,
            "getShareTask": self.get_share_task,
            "getTaskResult": self.get_task_result,
            "getHandoverDstUserInfo": self.get_handover_dst_user_info,
            "listFile": self.list_file,
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        path: str = scope["path"]
        if path.startswith("/_emulator"):
            await _send(send, await self.admin(scope, receive))
            return
        await self.public(scope, receive, send, path)

    def _refusable(self, build: Callable[[], Reply]) -> Reply:
        """`build()`'s reply; when it refuses the request (4xx), the quirk and paging generators are
        put back as they were, so a refused request changes nothing. `build` runs without awaiting,
        so no other request can draw in between."""
        em = self.emulator
        mixed = em.config.quirk_mode == "mixed"
        kept = (em.quirk_rng.getstate(), em.paging_rng.getstate()) if mixed else None
        reply = build()
        if kept is not None and 400 <= reply.status < 500:
            em.quirk_rng.setstate(kept[0])
            em.paging_rng.setstate(kept[1])
        return reply

    async def public(self, scope: Scope, receive: Receive, send: Send, path: str) -> Reply | None:
        """Answer one public API request: the reply sent, or None when a fault answered instead."""
        headers: dict[str, list[str]] = {}
        for raw_name, raw_value in scope["headers"]:
            headers.setdefault(raw_name.decode("latin-1").lower(), []).append(raw_value.decode("latin-1"))
        lang_values = headers.get("language")
        lang = language_of(lang_values[0] if lang_values else None)
        v = Variants(self.emulator)

        route = LITERAL_ROUTES.get(path)
        path_params: dict[str, str] = {}
        if route is None:
            # Path ids come from the raw, still percent-encoded path and are decoded once, in
            # `handle`: `%2531…` is the id `%31…`, never `1…`.
            raw_path = scope.get("raw_path")
            target = raw_path.decode("latin-1").split("?", 1)[0] if raw_path else quote(path, safe="/")
            for pattern, name, methods in TEMPLATE_ROUTES:
                match = pattern.fullmatch(target)
                if match:
                    route, path_params = methods, {name: match.group(1)}
                    break
        if route is None:
            return await _answer(
                send, self._refusable(lambda: _error(v, 400, BAD_REQUEST, lang, "no such API path"))
            )
        method: str = scope["method"]
        operation_id = route.get(method)
        if operation_id is None:
            allow = ", ".join(route)
            detail = f"method {method} not allowed; use {allow}"
            reply = self._refusable(lambda: _error(v, 405, BAD_REQUEST, lang, detail))
            reply.headers.append((b"allow", allow.encode()))
            return await _answer(send, reply)

        faults = self.emulator.config.faults
        fault, drawn = self._draw_fault() if faults.active else (None, None)
        if faults.latency_ms:
            await asyncio.sleep(faults.latency_ms / 1000)
        if fault is not None and fault in ("error", "apig", "business", "drop"):
            await self._fault_before(send, fault, v, lang)
            return None

        try:
            # HTTP/1.1 without Content-Length or Transfer-Encoding carries no body (RFC 9112 6.3):
            # nothing to wait for, so no timer either.
            if "content-length" in headers or "transfer-encoding" in headers:
                body = await _read_body(receive, limit=MAX_BODY_BYTES, timeout=self.body_timeout)
            else:
                body = b""
        except BadRequest as exc:
            self._undraw_fault(drawn)
            detail = exc.detail
            return await _answer(send, self._refusable(lambda: _error(v, 400, BAD_REQUEST, lang, detail)))
        reply = self._refusable(lambda: self.handle(operation_id, scope, headers, path_params, body, v, lang))
        if 400 <= reply.status < 500:
            self._undraw_fault(drawn)
        if fault == "truncate":
            await _truncate(send, reply)
            return None
        if fault == "non-json":
            await _send(
                send, Reply(502, b"<html><body><h1>502 Bad Gateway</h1></body></html>"), media=b"text/html"
            )
            return None
        return await _answer(send, reply)

    async def _fault_before(self, send: Send, fault: str, v: Variants, lang: str) -> None:
        """A fault that answers before the request is even read: nothing changes."""
        faults = self.emulator.config.faults
        if fault == "error":
            await _send(send, _error(v, 500, INTERNAL, lang))
        elif fault == "apig":
            # API Gateway's own error body, not KooDrive's: `error_code` is a string like APIGW.0308
            # (the spec's throttle codes, Q65).
            message = APIG_MESSAGES.get(faults.apig_code, "The request was refused by the API gateway")
            body = {"error_code": faults.apig_code, "error_msg": message}
            await _send(send, Reply(faults.apig_status, dumps(body)))
        elif fault == "business":
            # HTTP 200 whose `code` says the call failed.
            message = render.MESSAGES.get(faults.business_code, render.MESSAGES[INTERNAL])[lang]
            await _send(send, Reply(200, dumps({"code": v.code(faults.business_code), "msg": message})))
        else:
            await _drop(send)

    def handle(
        self,
        operation_id: str,
        scope: Scope,
        headers: dict[str, list[str]],
        path_params: dict[str, str],
        body: bytes,
        v: Variants,
        lang: str,
    ) -> Reply:
        operation: Operation = self.validators.operations[operation_id]
        raw_query = scope.get("query_string", b"").decode("latin-1")
        try:
            authenticate(
                method=scope["method"],
                raw_path=scope.get("raw_path", scope["path"].encode()).decode("latin-1").split("?", 1)[0],
                raw_query=raw_query,
                headers=headers,
                body=body,
                credentials=self.emulator.config.credentials,
                now_ms=self.emulator.clock.now_ms(),
                sessions=self.tokens,
                mode=self.emulator.config.auth,
            )
        except AuthError as exc:
            return _error(v, 401, UNAUTHORIZED, lang, str(exc))
        try:
            validated = self._validate(operation, raw_query, path_params, headers, body)
            return self.handlers[operation_id](validated, v, lang)
        except (BadRequest, UnicodeDecodeError, ValueError) as exc:
            detail = exc.detail if isinstance(exc, BadRequest) else "the request is not valid text"
            return _error(v, 400, BAD_REQUEST, lang, detail)
        except NotFound:
            return _error(v, 400, NOT_FOUND, lang)

    def _validate(
        self,
        operation: Operation,
        raw_query: str,
        path_params: dict[str, str],
        headers: dict[str, list[str]],
        body: bytes,
    ) -> Validated:
        """The request checked against the spec. Without a body the outcome depends only on the
        query, the path ids and the operation's own headers, so a valid one is kept (handlers only
        read it): a page polled again is not parsed and checked again."""
        key: tuple[Any, ...] | None = None
        if operation.body_check is None:
            own = tuple(tuple(headers.get(name, ())) for name in operation.headers)
            key = (operation.operation_id, raw_query, *path_params.values(), own)
            kept = self._validated.get(key)
            if kept is not None:
                return kept
        query = parse_qsl(raw_query, keep_blank_values=True, encoding="utf-8", errors="strict")
        decoded = {name: unquote(value, errors="strict") for name, value in path_params.items()}
        validated = self.validators.validate(operation, decoded, query, headers, body)
        if key is not None:
            if len(self._validated) >= VALIDATED_CACHE_SIZE:
                self._validated.clear()
            self._validated[key] = validated
        return validated

    def _draw_fault(self) -> tuple[str | None, tuple[int, Any]]:
        """The fault for this request, and what `_undraw_fault` needs to take the draw back."""
        em = self.emulator
        f = em.config.faults
        with em.lock:
            before = em.fault_rng.getstate()
            roll = em.fault_rng.random()
            em.fault_draws += 1
            drawn = (em.fault_draws, before)
        for name, rate in (
            ("error", f.error_rate),
            ("drop", f.drop_rate),
            ("truncate", f.truncate_rate),
            ("non-json", f.non_json_rate),
            ("apig", f.apig_rate),
            ("business", f.business_error_rate),
        ):
            if roll < rate:
                return name, drawn
            roll -= rate
        return None, drawn

    def _undraw_fault(self, drawn: tuple[int, Any] | None) -> None:
        """A refused request takes its fault draw back, unless another request has drawn since
        (then the sequence has moved on for that one; taking it back would repeat its draw)."""
        em = self.emulator
        if drawn is None:
            return
        with em.lock:
            if em.fault_draws == drawn[0]:
                em.fault_rng.setstate(drawn[1])
                em.fault_draws -= 1

    # ---- operations ----------------------------------------------------------------------------
    def list_jobs(self, req: Validated, v: Variants, lang: str) -> Reply:
        q = req.query
        if q.get("type") is None and q.get("status") is None:
            return Reply(200, render.jobs_page(self.emulator, v, lang, q["offset"], q["limit"]))
        jobs, now = self.emulator.list_jobs(
            type_=q.get("type"), status=q.get("status"), offset=q["offset"], limit=q["limit"]
        )
        return Reply(200, render.list_jobs_body(self.emulator, v, lang, jobs, now))

    def create_job(self, req: Validated, v: Variants, lang: str) -> Reply:
        job = self.emulator.create_job(req.body)
        return Reply(200, dumps(render.envelope(v, lang, "createJob", data=job.id)))

    def get_job(self, req: Validated, v: Variants, lang: str) -> Reply:
        found = self.emulator.get_job(req.path["job_id"])
        if found is None:
            raise NotFound
        job, now = found
        return Reply(200, render.get_job_bytes(self.emulator, v, lang, job, now))

    def cancel_job(self, req: Validated, v: Variants, lang: str) -> Reply:
        outcome = self.emulator.cancel_job(req.body["jobId"])
        if outcome == "not-found":
            raise NotFound
        if outcome == "not-cancellable":
            # Q36: cancelling only takes effect while the job is pending or processing; no page says
            # a finished job's cancel is refused, so it is an assumption: answered 0, nothing changes.
            self.validators.note_assumption("cancelJob job already finished")
        return Reply(200, dumps(render.envelope(v, lang, "cancelJob")))

    def create_task(self, req: Validated, v: Variants, lang: str) -> Reply:
        task = self.emulator.create_task(req.body)
        return Reply(200, dumps(render.envelope(v, lang, "createTask", taskId=task.id)))

    def list_tasks(self, req: Validated, v: Variants, lang: str) -> Reply:
        q = req.query
        tasks, next_cursor, _ = self.emulator.list_tasks(
            task_type=q.get("taskType"),
            statuses=q.get("status"),
            page_size=q.get("pageSize", 100),
            cursor=q.get("pageCursor"),
        )
        return Reply(200, dumps(render.list_tasks_body(self.emulator, v, lang, tasks, next_cursor)))

    def get_task(self, req: Validated, v: Variants, lang: str) -> Reply:
        found = self.emulator.get_task(req.path["task_id"])
        if found is None:
            raise NotFound
        return Reply(200, dumps(render.get_task_body(self.emulator, v, lang, found[0])))

    def create_share_task(self, req: Validated, v: Variants, lang: str) -> Reply:
        task = self.emulator.create_share_task(req.body)
        return Reply(200, dumps(render.envelope(v, lang, "createShareTask", taskId=task.id)))

    def get_share_task(self, req: Validated, v: Variants, lang: str) -> Reply:
        found = self.emulator.get_share_task(req.body["taskId"], req.body["shareId"])
        if found is None:
            raise NotFound
        task, now = found
        return Reply(200, dumps(render.get_share_body(self.emulator, v, lang, task, now)))

    def get_task_result(self, req: Validated, v: Variants, lang: str) -> Reply:
        # Q59: the table's `taskId` or the example's `taskid`; one of them, or both naming one task
        names = {req.query[name] for name in ("taskId", "taskid") if name in req.query}
        if len(names) != 1:
            detail = "taskId is required" if not names else "taskId and taskid name different tasks"
            return _error(v, 400, BAD_REQUEST, lang, detail)
        result = self.emulator.get_task_result(names.pop())
        if result is None:
            raise NotFound
        return Reply(200, dumps(render.envelope(v, lang, "getTaskResult", data=result)))

    def get_handover_dst_user_info(self, req: Validated, v: Variants, lang: str) -> Reply:
        found = self.emulator.get_handover_recipient(req.path["src_user_id"])
        if found is None:
            raise NotFound
        user_id, name = found
        return Reply(200, dumps(render.envelope(v, lang, "getHandoverDstUserInfo", id=user_id, name=name)))

    def list_file(self, req: Validated, v: Variants, lang: str) -> Reply:
        body = req.body
        outcome, value = self.emulator.list_file(
            str(body["containerId"]), str(body["fileId"]), body.get("pwd")
        )
        if outcome == "not-found":
            raise NotFound
        if outcome == "password":
            detail = "the archive is encrypted: pwd is missing or wrong"
            return _error(v, 400, BAD_REQUEST, lang, detail)
        return Reply(200, dumps(render.list_file_body(self.emulator, v, lang, outcome, value)))

    # ---- admin API (not in the public spec; see emulator/README.md) ---------------------------
    async def admin(self, scope: Scope, receive: Receive) -> Reply:
        """One admin request. Anything bad answers 4xx `{code, msg}` and changes nothing."""
        method, path = scope["method"], scope["path"]
        try:
            raw = await _read_body(receive, limit=MAX_ADMIN_BODY, timeout=self.body_timeout)
            data = parse_json(raw) if raw.strip() else {}
            if not isinstance(data, dict):
                raise ConfigError("expected a JSON object")
            return await self._admin(method, path.rstrip("/"), data)
        except (BadRequest, ConfigError, ValueError, TypeError, OverflowError, RecursionError) as exc:
            detail = exc.detail if isinstance(exc, BadRequest) else str(exc)
            return _admin_error(400, BAD_REQUEST, detail)

    async def _admin(self, method: str, path: str, data: dict[str, Any]) -> Reply:
        em = self.emulator
        key = (method, path)
        if key == ("POST", "/_emulator/reset"):
            _only_keys(data, {"seed", "keepConfig"})
            keep = data.get("keepConfig", False)
            if not isinstance(keep, bool):
                raise ConfigError("keepConfig: expected true or false")
            em.reset(seed=_admin_int(data, "seed", 0), keep_config=keep)
            self.tokens.reset()
            return _admin({"reset": True, "clock": em.clock.as_json()})
        if key == ("POST", "/_emulator/seed"):
            _only_keys(data, {"jobs", "tasks", "shareTasks", "seed"})
            counts = {
                "jobs": _admin_int(data, "jobs", 0, MAX_SEED),
                "tasks": _admin_int(data, "tasks", 0, MAX_SEED),
                "share_tasks": _admin_int(data, "shareTasks", 0, MAX_SEED),
                "seed": _admin_int(data, "seed", 1),
            }
            # Drawn in a worker thread: the server keeps answering while a big seed is made.
            made = await asyncio.to_thread(lambda: em.seed(**counts))
            return _admin({name: len(ids) for name, ids in made.items()} | {"ids": made})
        if key == ("GET", "/_emulator/clock"):
            return _admin(em.clock.as_json())
        if key == ("POST", "/_emulator/clock/advance"):
            _only_keys(data, {"seconds"})
            seconds = data.get("seconds")
            if isinstance(seconds, bool) or not isinstance(seconds, int | float) or not 0 <= seconds <= 10**9:
                raise ConfigError("seconds: expected a number in [0, 1e9]")
            em.advance_clock(float(seconds))
            return _admin(em.clock.as_json())
        if key == ("GET", "/_emulator/config"):
            return _admin(em.config.as_json())
        if key == ("POST", "/_emulator/config"):
            return _admin(em.configure(data).as_json())
        if key == ("POST", "/_emulator/step"):
            family, record_id = data.get("family"), data.get("id")
            if family not in FAMILIES or not isinstance(record_id, str):
                raise ConfigError(f"expected {{family: {'|'.join(FAMILIES)}, id: string}}")
            record = em.step(family, record_id)
            if record is None:
                return _admin_error(404, NOT_FOUND, f"no {family} record {record_id}")
            return _admin({"family": family, "id": record_id, "status": record.status})
        if key == ("GET", "/_emulator/state"):
            return _admin(
                {
                    "jobs": len(em.jobs),
                    "tasks": len(em.tasks),
                    "shareTasks": len(em.share_tasks),
                    "version": em.version,
                    # requests accepted that break only an assumed constraint (spec/EXTENSIONS.md)
                    "assumptionsAccepted": dict(self.validators.assumption_hits),
                }
            )
        return _admin_error(404, NOT_FOUND, f"no admin route {method} {path}")


def _only_keys(data: dict[str, Any], keys: set[str]) -> None:
    unknown = set(data) - keys
    if unknown:
        raise ConfigError(f"unknown keys {sorted(unknown)}")


def _admin_int(data: dict[str, Any], name: str, default: int, hi: int = 2**63 - 1) -> int:
    value = data.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= hi:
        raise ConfigError(f"{name}: expected an integer in [0, {hi}]")
    return value


def _admin_error(status: int, code: int, detail: str) -> Reply:
    return Reply(status, dumps({"code": code, "msg": detail[:512]}))


def _admin(body: JSON, status: int = 200) -> Reply:
    return Reply(status, dumps(body))


def _error(v: Variants, status: int, code: int, lang: str, detail: str | None = None) -> Reply:
    return Reply(status, dumps(render.error_body(v, code, lang, detail)))


async def _read_body(receive: Receive, limit: int = MAX_BODY_BYTES, timeout: float | None = None) -> bytes:
    """The whole body, refused (BadRequest) past `limit` bytes or `timeout` seconds."""
    if timeout is None:
        return await _read_chunks(receive, limit)
    try:
        return await asyncio.wait_for(_read_chunks(receive, limit), timeout)
    except TimeoutError as exc:
        raise BadRequest("the body did not arrive in time") from exc


async def _read_chunks(receive: Receive, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise BadRequest("the body is too large")
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


async def _answer(send: Send, reply: Reply) -> Reply:
    await _send(send, reply)
    return reply


async def _send(send: Send, reply: Reply, media: bytes | None = None) -> None:
    headers = [
        (b"content-type", media or reply.media),
        (b"content-length", str(len(reply.body)).encode()),
        *reply.headers,
    ]
    await send({"type": "http.response.start", "status": reply.status, "headers": headers})
    await send({"type": "http.response.body", "body": reply.body})


async def _drop(send: Send) -> None:
    """A dropped connection: the status line goes out, then the connection closes with no body.

    ASGI has no way to close a connection before the status line; the server closes it because the
    response never completes, so the client sees a broken response (httpx: RemoteProtocolError).
    """
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"64")]})


async def _truncate(send: Send, reply: Reply) -> None:
    """Half the body under a Content-Length for all of it, then the connection closes."""
    full = len(reply.body)
    await send(
        {
            "type": "http.response.start",
            "status": reply.status,
            "headers": [*JSON_HEADERS, (b"content-length", str(full).encode())],
        }
    )
    await send({"type": "http.response.body", "body": reply.body[: full // 2], "more_body": True})


class EmulatorApp(Starlette):
    """Starlette (state, lifespan, middleware for non-HTTP scopes) with HTTP sent straight to the dispatcher.

    Starlette's error and exception middleware and its router cost about 25 µs a request here and
    add nothing: the dispatcher answers every path, method and error itself.
    """

    def __init__(self, dispatcher: Dispatcher) -> None:
        super().__init__(routes=[Mount("/", app=dispatcher)])
        self.dispatcher = dispatcher

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            scope["app"] = self
            await self.dispatcher(scope, receive, send)
        else:
            await super().__call__(scope, receive, send)


def create_app(
    config: EmulatorConfig | None = None,
    *,
    emulator: Emulator | None = None,
    spec_path: Path | str | None = None,
) -> Starlette:
    """The emulator as a Starlette app; its state is `app.state.emulator`.

    `spec_path` serves another spec file (and the `examples/` beside it): its schemas, time formats,
    id rule and examples are what the emulator then validates, stores and writes.
    """
    if emulator is None:
        emulator = Emulator(config, spec_path=spec_path)
    spec = load_spec(emulator.formats.spec_path)
    dispatcher = Dispatcher(emulator, SpecValidators(spec))
    app = EmulatorApp(dispatcher)
    app.state.emulator = emulator
    app.state.validators = dispatcher.validators
    return app
