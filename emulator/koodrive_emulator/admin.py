"""The admin API (`/_emulator/...`, not in the public spec; see emulator/README.md), like moto's
`/moto-api/`: JSON in and out, no auth, for tests on loopback.

Every body is checked against its route's JSON Schema (`/_emulator/config` against
`config.CONFIG_SCHEMA`) before anything happens; anything bad answers 4xx `{code, msg}` and
changes nothing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from typing import Any

import jsonschema_rs

from .asgi import Receive, Reply, Scope, read_body
from .auth import TokenSessions
from .config import FAMILIES, ConfigError
from .render import BAD_REQUEST, NOT_FOUND, dumps
from .service import Emulator
from .validation import BadRequest, SpecValidators, parse_json

JSON = Any
#: Records per family and `seed` call. Drawing them runs off the event loop (0.01-0.22 ms each).
MAX_SEED = 1_000_000
MAX_ADMIN_BODY = 64 * 1024
_UINT63 = {"type": "integer", "minimum": 0, "maximum": 2**63 - 1}
_COUNT = {"type": "integer", "minimum": 0, "maximum": MAX_SEED}

#: The body each admin route takes (an empty body is `{}`); `/_emulator/config` takes a
#: configuration update, checked by `config.CONFIG_SCHEMA`.
BODY_SCHEMAS: dict[str, dict[str, Any]] = {
    "reset": {"seed": _UINT63, "keepConfig": {"type": "boolean"}},
    "seed": {"jobs": _COUNT, "tasks": _COUNT, "shareTasks": _COUNT, "seed": _UINT63},
    "clock/advance": {"seconds": {"type": "number", "minimum": 0, "maximum": 10**9}},
    "step": {"family": {"enum": list(FAMILIES)}, "id": {"type": "string"}},
}
_REQUIRED = {"step": ["family", "id"]}
_VALIDATORS = {
    name: jsonschema_rs.Draft202012Validator(
        {
            "type": "object",
            "properties": properties,
            "additionalProperties": False,
            "required": _REQUIRED.get(name, []),
        }
    )
    for name, properties in BODY_SCHEMAS.items()
}


def body_problem(route: str, data: JSON) -> str | None:
    """The first way `data` is not a body `route` takes, or None."""
    validator = _VALIDATORS.get(route)
    if validator is None:
        return None
    try:
        for err in validator.iter_errors(data):
            where = ".".join(str(part) for part in err.instance_path) or route
            return f"{where}: {err.message}"[:512]
    except (ValueError, TypeError, OverflowError) as exc:
        return f"{route}: {exc}"[:512]
    return None


def admin_error(status: int, code: int, detail: str) -> Reply:
    return Reply(status, dumps({"code": code, "msg": detail[:512]}))


def admin_reply(body: JSON, status: int = 200) -> Reply:
    return Reply(status, dumps(body))


class Admin:
    """The admin routes over one emulator. `tokens` are the public API's token sessions (a reset
    ends them); `validators` count the requests accepted on an assumption (`/state`)."""

    def __init__(self, emulator: Emulator, tokens: TokenSessions, validators: SpecValidators) -> None:
        self.emulator = emulator
        self.tokens = tokens
        self.validators = validators
        self.routes: dict[tuple[str, str], Callable[[dict[str, JSON]], Any]] = {
            ("POST", "reset"): self.reset,
            ("POST", "seed"): self.seed,
            ("GET", "clock"): self.clock,
            ("POST", "clock/advance"): self.advance,
            ("GET", "config"): self.config,
            ("POST", "config"): self.configure,
            ("POST", "step"): self.step,
            ("GET", "state"): self.state,
        }

    async def __call__(self, scope: Scope, receive: Receive, body_timeout: float | None) -> Reply:
        """One admin request. Anything bad answers 4xx `{code, msg}` and changes nothing."""
        method, path = scope["method"], scope["path"].rstrip("/")
        try:
            raw = await read_body(receive, limit=MAX_ADMIN_BODY, timeout=body_timeout)
            data = parse_json(raw) if raw.strip() else {}
            if not isinstance(data, dict):
                raise ConfigError("expected a JSON object")
            name = path.removeprefix("/_emulator/")
            route = self.routes.get((method, name)) if path.startswith("/_emulator/") else None
            if route is None:
                return admin_error(404, NOT_FOUND, f"no admin route {method} {path}")
            problem = body_problem(name, data)
            if problem is not None:
                raise ConfigError(problem)
            result = route(data)
            if asyncio.iscoroutine(result):
                result = await result
            return result if isinstance(result, Reply) else admin_reply(result)
        except (BadRequest, ConfigError, ValueError, TypeError, OverflowError, RecursionError) as exc:
            detail = exc.detail if isinstance(exc, BadRequest) else str(exc)
            return admin_error(400, BAD_REQUEST, detail)

    def reset(self, data: dict[str, JSON]) -> JSON:
        em = self.emulator
        em.reset(seed=int(data.get("seed", 0)), keep_config=data.get("keepConfig", False))
        self.tokens.reset()
        return {"reset": True, "clock": em.clock.as_json()}

    async def seed(self, data: dict[str, JSON]) -> JSON:
        em = self.emulator
        # JSON Schema's integers include 2.0: each count is made an int here
        counts = {
            "jobs": int(data.get("jobs", 0)),
            "tasks": int(data.get("tasks", 0)),
            "share_tasks": int(data.get("shareTasks", 0)),
            "seed": int(data.get("seed", 1)),
        }
        # Drawn in a worker thread: the server keeps answering while a big seed is made.
        made = await asyncio.to_thread(lambda: em.seed(**counts))
        return {name: len(ids) for name, ids in made.items()} | {"ids": made}

    def clock(self, data: dict[str, JSON]) -> JSON:
        return self.emulator.clock.as_json()

    def advance(self, data: dict[str, JSON]) -> JSON:
        if "seconds" not in data:
            raise ConfigError("seconds: expected a number in [0, 1e9]")
        self.emulator.advance_clock(float(data["seconds"]))
        return self.emulator.clock.as_json()

    def config(self, data: dict[str, JSON]) -> JSON:
        return self.emulator.config.as_json()

    def configure(self, data: dict[str, JSON]) -> JSON:
        return self.emulator.configure(data).as_json()

    def step(self, data: dict[str, JSON]) -> JSON:
        family, record_id = data["family"], data["id"]
        record = self.emulator.step(family, record_id)
        if record is None:
            return admin_error(404, NOT_FOUND, f"no {family} record {record_id}")
        return {"family": family, "id": record_id, "status": record.status}

    def state(self, data: dict[str, JSON]) -> Mapping[str, JSON]:
        em = self.emulator
        return {
            "jobs": len(em.jobs),
            "tasks": len(em.tasks),
            "shareTasks": len(em.share_tasks),
            "version": em.version,
            # requests accepted that break only an assumed constraint (spec/EXTENSIONS.md)
            "assumptionsAccepted": dict(self.validators.assumption_hits),
        }
