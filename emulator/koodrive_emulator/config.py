"""Emulator settings: credentials, quirk mode, transitions, paging, faults, outcomes.

Every setting has a JSON form (camelCase, as `/_emulator/config` takes and returns it) and a
Python form (`EmulatorConfig`, snake_case). `EmulatorConfig.update()` applies a partial JSON
update after checking all of it, so a bad update changes nothing.
"""

from __future__ import annotations

import copy
import os
import re
from dataclasses import dataclass, field
from typing import Any, Literal

import jsonschema_rs
from koodrive_generated.facts import THROTTLE_CODES
from koodrive_generated.facts import TOKEN_SPELLINGS as _FACT_SPELLINGS

QuirkMode = Literal["documented", "observed", "mixed"]
TransitionMode = Literal["immediate", "duration", "reads", "manual"]
Family = Literal["jobs", "tasks", "shareTasks"]

QUIRK_MODES: tuple[QuirkMode, ...] = ("documented", "observed", "mixed")
TRANSITION_MODES: tuple[TransitionMode, ...] = ("immediate", "duration", "reads", "manual")
FAMILIES: tuple[Family, ...] = ("jobs", "tasks", "shareTasks")

#: Each response quirk and its variants. `documented` picks the first, `observed` the second,
#: `mixed` draws one per response; `quirks` in the config pins a quirk to one variant.
QUIRK_VARIANTS: dict[str, tuple[str, ...]] = {
    # `code`: as the tables type it (String; Integer on seed 004's), or a number (every example);
    # pinned to "string", a numeric string on every operation (the 2024-07 share page's example)
    "Q1": ("string", "number"),
    "Q2": ("taskList", "taskListDtos"),  # list key of /task/list
    "Q3": ("string", "number"),  # `nextCursor`
    "Q5": ("object", "array"),  # share `taskInfos`
    "Q6": ("object", "array"),  # `subFileList` with one child
    "Q20": ("jobInfo", "jobInfo", "taskInfo"),  # share envelope: 2025 page, or the 2024-07 `taskInfo`
    # English `msg`: observed answers each operation's as its examples show ("OK" on the job pages,
    # "Success." on the task and share pages); the others pin one text for every operation.
    "Q32": ("success", "per-operation", "Success.", "OK"),
}

DEFAULT_TOKEN = "emulator-token"  # noqa: S105 - a documented test credential
DEFAULT_USER_ID = "1505084218764547200"
DEFAULT_APP_ID = "emulator-app"
DEFAULT_APP_SECRET = "emulator-secret"  # noqa: S105 - a documented test credential


APIG_CODE = re.compile(r"APIG[WE]?\.[0-9]{4}")
#: The three readings of the tables' `Bearer+{access_token}` (Q27): name -> the header's prefix,
#: the spec's `x-koodrive-token-spellings` on koodriveToken (baked in by `make generate`).
TOKEN_SPELLINGS: dict[str, str] = dict(_FACT_SPELLINGS)


class ConfigError(ValueError):
    """A bad configuration value (the admin API answers 400 with this message)."""


@dataclass
class Credentials:
    token: str = DEFAULT_TOKEN
    user_id: str = DEFAULT_USER_ID
    app_id: str = DEFAULT_APP_ID
    app_secret: str = DEFAULT_APP_SECRET

    def __repr__(self) -> str:  # secrets never appear in reprs
        return f"Credentials(user_id={self.user_id!r}, app_id={self.app_id!r}, token=***, app_secret=***)"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Credentials:
        env = dict(os.environ) if env is None else env
        return cls(
            token=env.get("KOODRIVE_EMULATOR_TOKEN", DEFAULT_TOKEN),
            user_id=env.get("KOODRIVE_EMULATOR_USER_ID", DEFAULT_USER_ID),
            app_id=env.get("KOODRIVE_EMULATOR_APP_ID", DEFAULT_APP_ID),
            app_secret=env.get("KOODRIVE_EMULATOR_APP_SECRET", DEFAULT_APP_SECRET),
        )


@dataclass
class AuthMode:
    """How strictly token authentication is checked.

    Lenient (the default): `Bearer <t>`, `Bearer+<t>` and the bare token are all accepted, with or
    without `X-User-Id` and `X-Date` (as the examples send it). Strict: exactly one spelling
    (`token_spelling`, a key of TOKEN_SPELLINGS), and the headers every table marks Mandatory,
    `X-User-Id` (the configured user) and `X-Date` (fresh, as app auth requires it), so a test can
    tell which spelling a client sends. `KOODRIVE_EMULATOR_TOKEN_SPELLING` makes a run strict."""

    strict: bool = False
    token_spelling: str = "bearer-space"  # noqa: S105 - a spelling name, not a secret

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> AuthMode:
        env = dict(os.environ) if env is None else env
        spelling = env.get("KOODRIVE_EMULATOR_TOKEN_SPELLING")
        if not spelling:
            return cls()
        if spelling not in TOKEN_SPELLINGS:
            raise ConfigError(
                f"KOODRIVE_EMULATOR_TOKEN_SPELLING: expected one of {', '.join(TOKEN_SPELLINGS)}"
            )
        return cls(strict=True, token_spelling=spelling)


@dataclass
class Transition:
    """How one family's records move through their statuses.

    immediate: a record is terminal as soon as it is observed; duration: one step every `seconds`
    of virtual time; reads: one step after every `reads` detail reads; manual: only `step()`.
    """

    mode: TransitionMode = "reads"
    seconds: float = 1.0
    reads: int = 1


@dataclass
class Paging:
    partial_pages: bool = False
    empty_pages: bool = False
    seed: int = 0


@dataclass
class Faults:
    error_rate: float = 0.0
    latency_ms: float = 0.0
    drop_rate: float = 0.0
    truncate_rate: float = 0.0
    non_json_rate: float = 0.0
    #: API Gateway refusals: `apig_status` with `{"error_code": apig_code, "error_msg": ...}`.
    apig_rate: float = 0.0
    apig_status: int = 429
    #: the spec's first API gateway throttle code (`x-koodrive-throttle-codes` on ErrorBody, Q65)
    apig_code: str = THROTTLE_CODES[0]
    #: A 200 whose `code` is not 0 (`business_code`), with its `msg`.
    business_error_rate: float = 0.0
    business_code: int = 13000201
    seed: int = 0

    @property
    def active(self) -> bool:
        return bool(
            self.error_rate
            or self.latency_ms
            or self.drop_rate
            or self.truncate_rate
            or self.non_json_rate
            or self.apig_rate
            or self.business_error_rate
        )


#: The rates and the highest burst `rateLimit` takes: 0 (off), or MIN_RATE_LIMIT..MAX_RATE_LIMIT
#: requests per second (below the minimum a refused request would wait for more than ten days).
MIN_RATE_LIMIT = 0.001
MAX_RATE_LIMIT = 1_000_000.0
MAX_RATE_BURST = 1_000_000


@dataclass
class RateLimit:
    """The API gateway's throttle: at most `requests_per_second` requests of each credential, with
    bursts of up to `burst` (0: one second's worth, at least 1). 0 requests per second: off."""

    requests_per_second: float = 0.0
    burst: int = 0

    @property
    def capacity(self) -> float:
        return float(self.burst) if self.burst else max(1.0, self.requests_per_second)


@dataclass
class Outcomes:
    fail_rate: float = 0.0
    seed: int = 0


@dataclass
class EmulatorConfig:
    credentials: Credentials = field(default_factory=Credentials.from_env)
    quirk_mode: QuirkMode = "observed"
    quirk_seed: int = 0
    quirks: dict[str, str] = field(default_factory=dict)
    transitions: dict[str, Transition] = field(default_factory=lambda: {f: Transition() for f in FAMILIES})
    paging: Paging = field(default_factory=Paging)
    faults: Faults = field(default_factory=Faults)
    outcomes: Outcomes = field(default_factory=Outcomes)
    frozen_clock: bool = False
    tenant_id: str = "40086000004871666"
    auth: AuthMode = field(default_factory=AuthMode.from_env)
    rate_limit: RateLimit = field(default_factory=RateLimit)

    def copy(self) -> EmulatorConfig:
        return copy.deepcopy(self)

    def as_json(self) -> dict[str, Any]:
        """The whole configuration, without secrets."""
        return {
            "quirkMode": self.quirk_mode,
            "quirkSeed": self.quirk_seed,
            "quirks": dict(self.quirks),
            "transitions": {
                name: {"mode": t.mode, "seconds": t.seconds, "reads": t.reads}
                for name, t in self.transitions.items()
            },
            "paging": {
                "partialPages": self.paging.partial_pages,
                "emptyPages": self.paging.empty_pages,
                "seed": self.paging.seed,
            },
            "faults": {
                "errorRate": self.faults.error_rate,
                "latencyMs": self.faults.latency_ms,
                "dropRate": self.faults.drop_rate,
                "truncateRate": self.faults.truncate_rate,
                "nonJsonRate": self.faults.non_json_rate,
                "apigRate": self.faults.apig_rate,
                "apigStatus": self.faults.apig_status,
                "apigCode": self.faults.apig_code,
                "businessErrorRate": self.faults.business_error_rate,
                "businessCode": self.faults.business_code,
                "seed": self.faults.seed,
            },
            "outcomes": {"failRate": self.outcomes.fail_rate, "seed": self.outcomes.seed},
            "clock": {"frozen": self.frozen_clock},
            "auth": {"strict": self.auth.strict, "tokenSpelling": self.auth.token_spelling},
            "credentials": {"userId": self.credentials.user_id, "appId": self.credentials.app_id},
            "rateLimit": {
                "requestsPerSecond": self.rate_limit.requests_per_second,
                "burst": self.rate_limit.burst,
            },
        }

    def updated(self, data: Any) -> EmulatorConfig:
        """A copy with a partial JSON update applied; raises ConfigError and changes nothing on bad input.

        The update is checked whole against `CONFIG_SCHEMA` (JSON Schema) before anything is applied."""
        problem = config_problem(data)
        if problem is not None:
            raise ConfigError(problem)
        new = self.copy()
        obj: dict[str, Any] = data
        if "quirkMode" in obj:
            new.quirk_mode = obj["quirkMode"]
        if "quirkSeed" in obj:
            new.quirk_seed = int(obj["quirkSeed"])
        for name, variant in obj.get("quirks", {}).items():
            if variant is None:
                new.quirks.pop(name, None)
            else:
                new.quirks[name] = variant
        for family, spec in obj.get("transitions", {}).items():
            t = new.transitions[family]
            t.mode = spec.get("mode", t.mode)
            t.seconds = float(spec.get("seconds", t.seconds))
            t.reads = int(spec.get("reads", t.reads))
        p = obj.get("paging", {})
        new.paging.partial_pages = p.get("partialPages", new.paging.partial_pages)
        new.paging.empty_pages = p.get("emptyPages", new.paging.empty_pages)
        new.paging.seed = int(p.get("seed", new.paging.seed))
        f = obj.get("faults", {})
        for key, attr in _FAULT_RATES:
            if key in f:
                setattr(new.faults, attr, float(f[key]))
        new.faults.apig_status = int(f.get("apigStatus", new.faults.apig_status))
        new.faults.apig_code = f.get("apigCode", new.faults.apig_code)
        new.faults.business_code = int(f.get("businessCode", new.faults.business_code))
        new.faults.latency_ms = float(f.get("latencyMs", new.faults.latency_ms))
        new.faults.seed = int(f.get("seed", new.faults.seed))
        o = obj.get("outcomes", {})
        new.outcomes.fail_rate = float(o.get("failRate", new.outcomes.fail_rate))
        new.outcomes.seed = int(o.get("seed", new.outcomes.seed))
        a = obj.get("auth", {})
        new.auth.strict = a.get("strict", new.auth.strict)
        new.auth.token_spelling = a.get("tokenSpelling", new.auth.token_spelling)
        new.frozen_clock = obj.get("clock", {}).get("frozen", new.frozen_clock)
        r = obj.get("rateLimit", {})
        new.rate_limit.requests_per_second = float(
            r.get("requestsPerSecond", new.rate_limit.requests_per_second)
        )
        new.rate_limit.burst = int(r.get("burst", new.rate_limit.burst))
        return new


_FAULT_RATES = (
    ("errorRate", "error_rate"),
    ("dropRate", "drop_rate"),
    ("truncateRate", "truncate_rate"),
    ("nonJsonRate", "non_json_rate"),
    ("apigRate", "apig_rate"),
    ("businessErrorRate", "business_error_rate"),
)
_INT64 = {"type": "integer", "minimum": -(2**63), "maximum": 2**63 - 1}


def _number(lo: float, hi: float) -> dict[str, Any]:
    return {"type": "number", "minimum": lo, "maximum": hi}


def _object(properties: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "additionalProperties": False, **extra}


#: What `POST /_emulator/config` takes: a partial update, every key optional, nothing unknown.
CONFIG_SCHEMA: dict[str, Any] = _object(
    {
        "quirkMode": {"enum": list(QUIRK_MODES)},
        "quirkSeed": _INT64,
        "quirks": _object(
            {name: {"enum": [*dict.fromkeys(variants), None]} for name, variants in QUIRK_VARIANTS.items()}
        ),
        "transitions": _object(
            {
                family: _object(
                    {
                        "mode": {"enum": list(TRANSITION_MODES)},
                        "seconds": _number(0.0, 86400.0),
                        "reads": {"type": "integer", "minimum": 1, "maximum": 10_000},
                    }
                )
                for family in FAMILIES
            }
        ),
        "paging": _object(
            {"partialPages": {"type": "boolean"}, "emptyPages": {"type": "boolean"}, "seed": _INT64}
        ),
        "faults": _object(
            {
                **{key: _number(0.0, 1.0) for key, _ in _FAULT_RATES},
                "latencyMs": _number(0.0, 60_000.0),
                "apigStatus": {"type": "integer", "minimum": 400, "maximum": 599},
                "apigCode": {"type": "string", "pattern": f"^{APIG_CODE.pattern}$"},
                "businessCode": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
                "seed": _INT64,
            }
        ),
        "outcomes": _object({"failRate": _number(0.0, 1.0), "seed": _INT64}),
        "clock": _object({"frozen": {"type": "boolean"}}),
        "auth": _object({"strict": {"type": "boolean"}, "tokenSpelling": {"enum": list(TOKEN_SPELLINGS)}}),
        "rateLimit": _object(
            {
                "requestsPerSecond": {"anyOf": [{"const": 0}, _number(MIN_RATE_LIMIT, MAX_RATE_LIMIT)]},
                "burst": {"type": "integer", "minimum": 0, "maximum": MAX_RATE_BURST},
            }
        ),
    }
)
_CONFIG_VALIDATOR = jsonschema_rs.Draft202012Validator(CONFIG_SCHEMA)


def config_problem(data: Any) -> str | None:
    """The first way `data` is not a configuration update (`CONFIG_SCHEMA`), or None."""
    try:
        for error in _CONFIG_VALIDATOR.iter_errors(data):
            where = ".".join(str(part) for part in error.instance_path) or "config"
            return f"{where}: {error.message}"[:512]
    except (ValueError, TypeError, OverflowError) as exc:  # a value the validator cannot take at all
        return f"config: {exc}"[:512]
    return None
