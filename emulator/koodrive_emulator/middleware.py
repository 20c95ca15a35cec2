"""What stands between the route and the handler: authentication per the operation's security,
the API gateway's rate limit, request validation against the spec, and faults on demand.

Each piece answers a refusal by raising (`AuthError`, `Throttled`, `BadRequest`) or returns what
the next needs; `app.Dispatcher` runs them in that order, so nothing a client sends changes state
unless it is authentic, within its rate and valid.
"""

from __future__ import annotations

import asyncio
import math
import threading
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, unquote

from koodrive_generated.facts import THROTTLE_CODES

from . import render
from .asgi import Reply, Scope, Send, drop, send_reply
from .auth import AuthError, TokenSessions, authenticate
from .render import INTERNAL, Variants, dumps
from .responses import error
from .routes import Route
from .service import Emulator
from .validation import RequestRules, SpecValidators, Validated

#: Which security scheme each kind of authentication `auth.authenticate` recognises satisfies.
SCHEME_OF = {"token": "koodriveToken", "app": "koodriveAppAuth"}
#: Checked requests kept for reuse at most (`RequestValidation`); past it the cache starts again.
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


# ---- authentication -----------------------------------------------------------------------------
class Authentication:
    """Checks a request against the security its operation requires (any one of the schemes)."""

    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator
        self.tokens = TokenSessions()  # sliding token expiry on the virtual clock

    def check(self, route: Route, scope: Scope, headers: Mapping[str, list[str]], body: bytes) -> str | None:
        """The scheme that authenticated the request ("token" or "app"), None for an operation that
        requires no security; AuthError when it is not authentic or not a scheme allowed here."""
        if not route.security:
            return None
        em = self.emulator
        raw_path = scope.get("raw_path") or scope["path"].encode()
        kind = authenticate(
            method=scope["method"],
            raw_path=raw_path.decode("latin-1").split("?", 1)[0],
            raw_query=scope.get("query_string", b"").decode("latin-1"),
            headers=headers,
            body=body,
            credentials=em.config.credentials,
            now_ms=em.clock.now_ms(),
            sessions=self.tokens,
            mode=em.config.auth,
        )
        if SCHEME_OF[kind] not in route.security:
            raise AuthError(f"{route.operation_id} does not accept {SCHEME_OF[kind]}")
        return kind


# ---- rate limit ---------------------------------------------------------------------------------
#: Buckets kept at most (`RateLimiter`); past it they start again full.
MAX_BUCKETS = 64
#: The longest `Retry-After` the rate limit answers, in seconds (a day).
MAX_RETRY_AFTER = 86_400


def retry_after(tokens: float, rate: float) -> int:
    """Whole seconds until a bucket holding `tokens` (< 1) and filling at `rate` per second holds
    a request again: at least 1, at most `MAX_RETRY_AFTER`, whatever the rate."""
    wait = (1 - tokens) / rate
    if not math.isfinite(wait) or wait >= MAX_RETRY_AFTER:
        return MAX_RETRY_AFTER
    return max(1, math.ceil(wait))


class Throttled(Exception):
    """Over the rate limit: 429 with Retry-After (whole seconds until a request is let through)."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


class RateLimiter:
    """A token bucket per credential on the virtual clock (`rateLimit` in the configuration).

    Each credential's bucket holds up to `capacity` requests and fills at `requestsPerSecond`; a
    request that finds it empty is refused and takes nothing (a refused request changes nothing).
    The credential is what authenticated the request, never what else it says: the configured
    token's tenant (the configured user) for token auth, the app id for app auth. An `X-User-Id`
    the client picks names no bucket, so varying it neither evades the limit nor adds buckets."""

    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator
        self._buckets: dict[str, tuple[float, int]] = {}  # credential -> (tokens, at ms)
        self._lock = threading.Lock()
        self._version = -1

    def take(self, scheme: str | None) -> None:
        """Take one request from the bucket of the credential that authenticated it (the scheme
        `Authentication.check` returned); Throttled when empty."""
        em = self.emulator
        limit = em.config.rate_limit
        if not limit.requests_per_second or scheme is None:
            return
        credentials = em.config.credentials
        # Authentication passed, so the credential is the configured one of that scheme.
        credential = f"app:{credentials.app_id}" if scheme == "app" else f"token:{credentials.user_id}"
        rate, capacity, now = limit.requests_per_second, limit.capacity, em.clock.now_ms()
        with self._lock:
            if self._version != em.config_version:  # a new configuration or a reset: fresh buckets
                self._buckets.clear()
                self._version = em.config_version
            tokens, at = self._buckets.get(credential, (capacity, now))
            tokens = min(capacity, tokens + max(0, now - at) * rate / 1000)
            if tokens < 1:
                self._keep(credential, tokens, now)
                raise Throttled(retry_after(tokens, rate))
            self._keep(credential, tokens - 1, now)

    def _keep(self, credential: str, tokens: float, now: int) -> None:
        if credential not in self._buckets and len(self._buckets) >= MAX_BUCKETS:
            self._buckets.clear()  # never reached with one configured credential per scheme
        self._buckets[credential] = (tokens, now)

    def reply(self, throttled: Throttled) -> Reply:
        """The API gateway's throttle answer (Q65): 429, `Retry-After`, `{error_code, error_msg}`."""
        rate = self.emulator.config.rate_limit.requests_per_second
        message = (
            "The throttling threshold has been reached: policy user over ratelimit,"
            f"limit:{rate:g},time:1 second"
        )
        body = {"error_code": THROTTLE_CODES[0], "error_msg": message}
        return Reply(429, dumps(body), [(b"retry-after", str(throttled.retry_after).encode())])


# ---- validation ---------------------------------------------------------------------------------
class RequestValidation:
    """The request checked against the spec (`validation.SpecValidators`). Without a body the
    outcome depends only on the query, the path ids and the operation's own headers, so a valid
    one is kept (handlers only read it): a page polled again is not parsed and checked again."""

    def __init__(self, validators: SpecValidators) -> None:
        self.validators = validators
        self._validated: dict[tuple[Any, ...], Validated] = {}

    def check(
        self,
        operation: RequestRules,
        raw_query: str,
        path_params: dict[str, str],
        headers: dict[str, list[str]],
        body: bytes,
    ) -> Validated:
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


# ---- faults -------------------------------------------------------------------------------------
class Faults:
    """Faults drawn per request from `faults.seed` (`faults` in the configuration)."""

    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator

    def draw(self) -> tuple[str | None, tuple[int, Any] | None]:
        """The fault for this request, and what `undraw` needs to take the draw back."""
        em = self.emulator
        f = em.config.faults
        if not f.active:
            return None, None
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

    def undraw(self, drawn: tuple[int, Any] | None) -> None:
        """A refused request takes its fault draw back, unless another request has drawn since
        (then the sequence has moved on for that one; taking it back would repeat its draw)."""
        em = self.emulator
        if drawn is None:
            return
        with em.lock:
            if em.fault_draws == drawn[0]:
                em.fault_rng.setstate(drawn[1])
                em.fault_draws -= 1

    async def delay(self) -> None:
        latency = self.emulator.config.faults.latency_ms
        if latency:
            await asyncio.sleep(latency / 1000)

    async def answer_before(self, send: Send, fault: str, v: Variants, lang: str) -> None:
        """A fault that answers before the request is even read: nothing changes."""
        faults = self.emulator.config.faults
        if fault == "error":
            await send_reply(send, error(v, 500, INTERNAL, lang))
        elif fault == "apig":
            # API Gateway's own error body, not KooDrive's: `error_code` is a string like APIGW.0308
            # (the spec's throttle codes, Q65).
            message = APIG_MESSAGES.get(faults.apig_code, "The request was refused by the API gateway")
            body = {"error_code": faults.apig_code, "error_msg": message}
            await send_reply(send, Reply(faults.apig_status, dumps(body)))
        elif fault == "business":
            # HTTP 200 whose `code` says the call failed.
            message = render.MESSAGES.get(faults.business_code, render.MESSAGES[INTERNAL])[lang]
            await send_reply(send, Reply(200, dumps({"code": v.code(faults.business_code), "msg": message})))
        else:
            await drop(send)
