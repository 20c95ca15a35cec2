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
from typing import Any, Literal, cast

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
        }

    def updated(self, data: Any) -> EmulatorConfig:
        """A copy with a partial JSON update applied; raises ConfigError and changes nothing on bad input."""
        new = self.copy()
        obj = _obj(data, "config")
        _only(
            obj,
            "config",
            {
                "quirkMode",
                "quirkSeed",
                "quirks",
                "transitions",
                "paging",
                "faults",
                "outcomes",
                "clock",
                "auth",
            },
        )
        if "quirkMode" in obj:
            new.quirk_mode = cast(QuirkMode, _choice(obj["quirkMode"], "quirkMode", QUIRK_MODES))
        if "quirkSeed" in obj:
            new.quirk_seed = _int(obj["quirkSeed"], "quirkSeed")
        if "quirks" in obj:
            pins = _obj(obj["quirks"], "quirks")
            for name, variant in pins.items():
                if name not in QUIRK_VARIANTS:
                    raise ConfigError(f"quirks: unknown quirk {name!r} (known: {', '.join(QUIRK_VARIANTS)})")
                if variant is None:
                    new.quirks.pop(name, None)
                else:
                    new.quirks[name] = _choice(variant, f"quirks.{name}", QUIRK_VARIANTS[name])
        if "transitions" in obj:
            for family, value in _obj(obj["transitions"], "transitions").items():
                if family not in FAMILIES:
                    raise ConfigError(f"transitions: unknown family {family!r}")
                spec = _obj(value, f"transitions.{family}")
                _only(spec, f"transitions.{family}", {"mode", "seconds", "reads"})
                t = new.transitions[family]
                if "mode" in spec:
                    t.mode = cast(TransitionMode, _choice(spec["mode"], "mode", TRANSITION_MODES))
                if "seconds" in spec:
                    t.seconds = _num(spec["seconds"], "seconds", 0.0, 86400.0)
                if "reads" in spec:
                    t.reads = _int(spec["reads"], "reads", 1, 10_000)
        if "paging" in obj:
            p = _obj(obj["paging"], "paging")
            _only(p, "paging", {"partialPages", "emptyPages", "seed"})
            if "partialPages" in p:
                new.paging.partial_pages = _bool(p["partialPages"], "partialPages")
            if "emptyPages" in p:
                new.paging.empty_pages = _bool(p["emptyPages"], "emptyPages")
            if "seed" in p:
                new.paging.seed = _int(p["seed"], "paging.seed")
        if "faults" in obj:
            f = _obj(obj["faults"], "faults")
            _only(
                f,
                "faults",
                {
                    "errorRate",
                    "latencyMs",
                    "dropRate",
                    "truncateRate",
                    "nonJsonRate",
                    "apigRate",
                    "apigStatus",
                    "apigCode",
                    "businessErrorRate",
                    "businessCode",
                    "seed",
                },
            )
            for key, attr in (
                ("errorRate", "error_rate"),
                ("dropRate", "drop_rate"),
                ("truncateRate", "truncate_rate"),
                ("nonJsonRate", "non_json_rate"),
                ("apigRate", "apig_rate"),
                ("businessErrorRate", "business_error_rate"),
            ):
                if key in f:
                    setattr(new.faults, attr, _num(f[key], key, 0.0, 1.0))
            if "apigStatus" in f:
                new.faults.apig_status = _int(f["apigStatus"], "apigStatus", 400, 599)
            if "apigCode" in f:
                code = f["apigCode"]
                if not isinstance(code, str) or not APIG_CODE.fullmatch(code):
                    raise ConfigError(f"apigCode: expected a code such as {THROTTLE_CODES[0]}")
                new.faults.apig_code = code
            if "businessCode" in f:
                new.faults.business_code = _int(f["businessCode"], "businessCode", 1, 2**31 - 1)
            if "latencyMs" in f:
                new.faults.latency_ms = _num(f["latencyMs"], "latencyMs", 0.0, 60_000.0)
            if "seed" in f:
                new.faults.seed = _int(f["seed"], "faults.seed")
        if "outcomes" in obj:
            o = _obj(obj["outcomes"], "outcomes")
            _only(o, "outcomes", {"failRate", "seed"})
            if "failRate" in o:
                new.outcomes.fail_rate = _num(o["failRate"], "failRate", 0.0, 1.0)
            if "seed" in o:
                new.outcomes.seed = _int(o["seed"], "outcomes.seed")
        if "auth" in obj:
            a = _obj(obj["auth"], "auth")
            _only(a, "auth", {"strict", "tokenSpelling"})
            if "strict" in a:
                new.auth.strict = _bool(a["strict"], "auth.strict")
            if "tokenSpelling" in a:
                new.auth.token_spelling = _choice(
                    a["tokenSpelling"], "auth.tokenSpelling", tuple(TOKEN_SPELLINGS)
                )
        if "clock" in obj:
            c = _obj(obj["clock"], "clock")
            _only(c, "clock", {"frozen"})
            if "frozen" in c:
                new.frozen_clock = _bool(c["frozen"], "clock.frozen")
        return new


def _obj(value: Any, name: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{name}: expected an object")
    return value


def _only(obj: dict[str, Any], name: str, keys: set[str]) -> None:
    unknown = set(obj) - keys
    if unknown:
        raise ConfigError(f"{name}: unknown keys {sorted(unknown)}")


def _choice(value: Any, name: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise ConfigError(f"{name}: expected one of {', '.join(dict.fromkeys(choices))}")
    return str(value)


def _bool(value: Any, name: str) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{name}: expected true or false")
    return value


def _int(value: Any, name: str, lo: int = -(2**63), hi: int = 2**63 - 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise ConfigError(f"{name}: expected an integer in [{lo}, {hi}]")
    return value


def _num(value: Any, name: str, lo: float, hi: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not lo <= value <= hi:
        raise ConfigError(f"{name}: expected a number in [{lo}, {hi}]")
    return float(value)
