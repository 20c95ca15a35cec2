"""The HTTP front: the route table, the middleware and the handlers put together as an ASGI app.

A request to `/_emulator/...` goes to the admin API (`admin.py`). Any other is routed by path
first, method second (`routes.py`: built from the operation registry, literal paths before
templates, Q22), then faults may answer instead (`middleware.Faults`), then it is authenticated
per its operation's security (401), throttled per credential (429), validated against the spec
(400) and only then handed to its handler (`responses.py`), which asks the state (`service.py`).
Nothing a client sends can change state unless it passes all of these; a refusal (4xx) puts the
quirk, paging and fault generators back as they were.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.routing import Mount

from .admin import Admin
from .asgi import Receive, Reply, Scope, Send, answer, read_body, send_reply, truncate
from .auth import AuthError
from .config import EmulatorConfig
from .middleware import Authentication, Faults, RateLimiter, RequestValidation, Throttled
from .render import BAD_REQUEST, NOT_FOUND, UNAUTHORIZED, Variants, language_of
from .responses import Handler, NotFound, Responses, error
from .routes import Route, RouteTable, registry_routes, spec_routes
from .service import Emulator
from .validation import MAX_BODY_BYTES, SPEC_PATH, BadRequest, SpecValidators, load_spec

__all__ = ["BODY_TIMEOUT_S", "Dispatcher", "EmulatorApp", "create_app", "served_routes"]

BODY_TIMEOUT_S = 30.0
LOG = logging.getLogger(__name__)


class Dispatcher:
    """The ASGI callable behind the Starlette app."""

    def __init__(
        self,
        emulator: Emulator,
        validators: SpecValidators,
        routes: tuple[Route, ...],
        responses: type[Responses] = Responses,
    ) -> None:
        self.emulator = emulator
        self.validators = validators
        #: Seconds a request body may take to arrive in full; a slower upload is answered and dropped.
        self.body_timeout = BODY_TIMEOUT_S
        self.routes = RouteTable(routes)
        self.responses = responses(emulator, validators)
        #: one handler per operation of the route table (MissingHandler names any without one)
        self.handlers: dict[str, Handler] = self.responses.handlers_for(self.routes.operation_ids())
        unknown = [op for op in self.handlers if op not in validators.operations]
        if unknown:
            raise LookupError(f"operation(s) {', '.join(unknown)} routed but not in the spec served")
        self.auth = Authentication(emulator)
        self.tokens = self.auth.tokens
        self.rate_limiter = RateLimiter(emulator)
        self.validation = RequestValidation(validators)
        self.faults = Faults(emulator)
        self.admin = Admin(emulator, self.tokens, validators)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        path: str = scope["path"]
        if path.startswith("/_emulator"):
            await send_reply(send, await self.admin(scope, receive, self.body_timeout))
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

        # Path ids come from the raw, still percent-encoded path and are decoded once, by the
        # validation: `%2531…` is the id `%31…`, never `1…`.
        raw_path = scope.get("raw_path")
        target = raw_path.decode("latin-1").split("?", 1)[0] if raw_path else quote(path, safe="/")
        matched = self.routes.match(path, target)
        if matched is None:
            return await answer(
                send, self._refusable(lambda: error(v, 400, BAD_REQUEST, lang, "no such API path"))
            )
        by_method, path_params = matched
        route = by_method.get(scope["method"])
        if route is None:
            allow = ", ".join(by_method)
            detail = f"method {scope['method']} not allowed; use {allow}"
            reply = self._refusable(lambda: error(v, 405, BAD_REQUEST, lang, detail))
            reply.headers.append((b"allow", allow.encode()))
            return await answer(send, reply)

        fault: str | None = None
        drawn = None
        if self.emulator.config.faults.active:
            fault, drawn = self.faults.draw()
            await self.faults.delay()
            if fault is not None and fault in ("error", "apig", "business", "drop"):
                await self.faults.answer_before(send, fault, v, lang)
                return None

        try:
            # HTTP/1.1 without Content-Length or Transfer-Encoding carries no body (RFC 9112 6.3):
            # nothing to wait for, so no timer either.
            if "content-length" in headers or "transfer-encoding" in headers:
                body = await read_body(receive, limit=MAX_BODY_BYTES, timeout=self.body_timeout)
            else:
                body = b""
        except BadRequest as exc:
            self.faults.undraw(drawn)
            detail = exc.detail
            return await answer(send, self._refusable(lambda: error(v, 400, BAD_REQUEST, lang, detail)))
        reply = self._refusable(lambda: self.handle(route, scope, headers, path_params, body, v, lang))
        if 400 <= reply.status < 500:
            self.faults.undraw(drawn)
        if fault == "truncate":
            await truncate(send, reply)
            return None
        if fault == "non-json":
            page = Reply(502, b"<html><body><h1>502 Bad Gateway</h1></body></html>")
            await send_reply(send, page, media=b"text/html")
            return None
        return await answer(send, reply)

    def handle(
        self,
        route: Route,
        scope: Scope,
        headers: dict[str, list[str]],
        path_params: dict[str, str],
        body: bytes,
        v: Variants,
        lang: str,
    ) -> Reply:
        """Authentication, rate limit, validation, then the operation's handler."""
        try:
            scheme = self.auth.check(route, scope, headers, body)
        except AuthError as exc:
            return error(v, 401, UNAUTHORIZED, lang, str(exc))
        try:
            self.rate_limiter.take(scheme)
        except Throttled as exc:
            return self.rate_limiter.reply(exc)
        operation = self.validators.operations[route.operation_id]
        raw_query = scope.get("query_string", b"").decode("latin-1")
        try:
            validated = self.validation.check(operation, raw_query, path_params, headers, body)
            return self.handlers[route.operation_id](validated, v, lang)
        except (BadRequest, UnicodeDecodeError, ValueError) as exc:
            detail = exc.detail if isinstance(exc, BadRequest) else "the request is not valid text"
            return error(v, 400, BAD_REQUEST, lang, detail)
        except NotFound:
            return error(v, 400, NOT_FOUND, lang)


def served_routes(spec_path: Path, spec: Any, validators: SpecValidators) -> tuple[Route, ...]:
    """The route table for the spec served: the registry's operations (it describes the spec
    shipped with the package), else, for another spec file, that file's operations (the same
    reading of the same keys: tests/emulator/test_routes.py). An operation of the registry that the
    served spec lacks cannot be validated, so it is not routed (logged): a registry regenerated from
    a changed copy of the spec, imported beside the shipped spec, is served up to what they share."""
    if spec_path.resolve() != SPEC_PATH.resolve():
        return spec_routes(spec)
    registry = registry_routes()
    lacking = [r.operation_id for r in registry if r.operation_id not in validators.operations]
    if lacking:
        LOG.warning("not routed, not in the spec served: %s", ", ".join(lacking))
    return tuple(r for r in registry if r.operation_id in validators.operations)


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
    routes: tuple[Route, ...] | None = None,
    responses: type[Responses] = Responses,
) -> Starlette:
    """The emulator as a Starlette app; its state is `app.state.emulator`.

    `spec_path` serves another spec file (and the `examples/` beside it): its schemas, time formats,
    id rule and examples are what the emulator then validates, stores and writes, and its operations
    are what it routes. `routes` replaces the route table and `responses` the handlers (a subclass
    of `Responses` that adds or replaces some), for tests.
    """
    if emulator is None:
        emulator = Emulator(config, spec_path=spec_path)
    spec: Any = load_spec(emulator.formats.spec_path)
    validators = SpecValidators(spec)
    if routes is None:
        routes = served_routes(emulator.formats.spec_path, spec, validators)
    dispatcher = Dispatcher(emulator, validators, routes, responses)
    app = EmulatorApp(dispatcher)
    app.state.emulator = emulator
    app.state.validators = dispatcher.validators
    return app
