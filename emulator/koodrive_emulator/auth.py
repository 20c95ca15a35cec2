"""Token and app authentication (koodrive-api.md §1.5; Q27-Q30, Q39).

Token: `Authorization: Bearer <t>`, `Bearer+<t>` or the bare token; a token not used for
`idleSeconds` (20 minutes) of the virtual clock has expired, and every use within that time slides
the window (koodrive-api.md §1.1). App auth:
`Authorization: HMAC-SHA256 AppId=<id>,SignedHeaders=<h1;h2>,Signature=<hex>` with the spec's
required headers among the signed ones. The signature is
`hex(HMAC-SHA256(AppSecret, "HMAC-SHA256\\n" + hex(SHA256(CanonicalRequest))))`, CanonicalRequest
being method, canonical URI, canonical query, canonical headers, signed headers and the SHA-256 of
the exact body bytes, joined by newlines. `X-Date` must lie within `maxAgeSeconds` before the
virtual clock and, unless `allowFuture`, never after it: a client talking to an emulator whose
clock was advanced or frozen signs with the emulator's time, as it would with a server's.

This verifier is written independently of the client's signer (`koodrive_tasks.auth`): the two
meet only in the spec's facts (`x-koodrive-signing`, `x-koodrive-session`) and in the test
vectors of koodrive-api.md §1.6. Every secret comparison is constant-time.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any
from urllib.parse import quote_from_bytes, unquote_to_bytes

from .config import TOKEN_SPELLINGS, AuthMode, Credentials
from .validation import load_spec

_HASHES = {"HMAC-SHA256": hashlib.sha256}
_SAFE = b"-_.~"  # RFC 3986 unreserved, besides letters and digits


class AuthError(Exception):
    """Authentication failed; answered with 401 {code: 13000101}. The message never holds a secret."""


@dataclass(frozen=True)
class Facts:
    """The spec's `x-koodrive-signing` (app auth) and `x-koodrive-session` (token) values."""

    algorithm: str
    signed_headers: tuple[str, ...]
    required_signed_headers: frozenset[str]
    date_pattern: str  # strptime form of `dateFormat`
    max_age_seconds: float
    allow_future: bool
    token_idle_seconds: float


def _strptime_pattern(java: str) -> str:
    """Java `DateTimeFormatter` letters (the few a signing time uses) as strptime directives."""
    out = ""
    for quoted, letters, other in re.findall(
        r"'([^']*)'|(yyyy|MM|dd|HH|mm|ss|[A-Za-z]+)|([^A-Za-z']+)", java
    ):
        if letters:
            directive = {"yyyy": "%Y", "MM": "%m", "dd": "%d", "HH": "%H", "mm": "%M", "ss": "%S"}.get(
                letters
            )
            if directive is None:
                raise ValueError(f"dateFormat {java!r}: unsupported letters {letters!r}")
            out += directive
        else:
            out += (quoted or other).replace("%", "%%")
    return out


def facts_from_spec(spec: Mapping[str, Any]) -> Facts:
    schemes = spec["components"]["securitySchemes"]
    signing = schemes["koodriveAppAuth"]["x-koodrive-signing"]
    if signing["algorithm"] not in _HASHES:
        raise ValueError(f"unsupported algorithm {signing['algorithm']!r}")
    return Facts(
        algorithm=signing["algorithm"],
        signed_headers=tuple(signing["signedHeaders"]),
        required_signed_headers=frozenset(signing["requiredSignedHeaders"]),
        date_pattern=_strptime_pattern(signing["dateFormat"]),
        max_age_seconds=float(signing["maxAgeSeconds"]),
        allow_future=bool(signing["allowFuture"]),
        token_idle_seconds=float(schemes["koodriveToken"]["x-koodrive-session"]["idleSeconds"]),
    )


@cache
def spec_facts() -> Facts:
    """The facts of the emulator's own spec, read once."""
    return facts_from_spec(load_spec())


def _pct(raw: bytes) -> str:
    """RFC 3986 percent-encoding: unreserved bytes stay, the rest is `%XY` (uppercase) per byte."""
    return quote_from_bytes(raw, safe=_SAFE)


def canonical_uri(raw_path: str) -> str:
    """The docs' CanonicalURI: per segment (split at the literal `/` only, so `%2F` stays inside
    its segment) decoded and re-encoded; `.`, `..` and empty segments resolved; a trailing `/`."""
    stack: list[str] = []
    for segment in (unquote_to_bytes(s) for s in raw_path.split("/")):
        if segment == b"..":
            stack = stack[:-1]
        elif segment not in (b"", b"."):
            stack.append(_pct(segment))
    return "/" + "/".join(stack) + ("/" if stack else "")


def canonical_query(raw_query: str) -> str:
    """Pairs decoded (`+` is a space), sorted by decoded name then value, re-encoded, joined by `&`.
    Sorting happens before encoding: `a0` < `a:` decoded, but `a%3A` < `a0` encoded."""
    decoded = sorted(
        (unquote_to_bytes(name.replace("+", " ")), unquote_to_bytes(value.replace("+", " ")))
        for name, _, value in (part.partition("=") for part in raw_query.split("&") if part)
    )
    return "&".join(_pct(name) + "=" + _pct(value) for name, value in decoded)


def canonical_request(
    method: str, raw_path: str, raw_query: str, headers: Mapping[str, str], signed: list[str], body: bytes
) -> str:
    canonical_headers = "".join(f"{name}:{headers[name].strip()}\n" for name in signed)
    return "\n".join(
        [
            method.upper(),
            canonical_uri(raw_path),
            canonical_query(raw_query),
            canonical_headers,
            ";".join(signed),
            hashlib.sha256(body).hexdigest(),
        ]
    )


def string_to_sign(canonical: str, facts: Facts | None = None) -> str:
    facts = facts or spec_facts()
    return f"{facts.algorithm}\n{_HASHES[facts.algorithm](canonical.encode()).hexdigest()}"


def signature(secret: str, canonical: str, facts: Facts | None = None) -> str:
    facts = facts or spec_facts()
    message = string_to_sign(canonical, facts).encode()
    return hmac.new(secret.encode(), message, _HASHES[facts.algorithm]).hexdigest()


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8", "surrogateescape"), b.encode("utf-8", "surrogateescape"))


class TokenSessions:
    """When the token was last used, on the virtual clock. A use more than `idleSeconds` after the
    last one finds it expired, and an expired token stays expired until the emulator is reset
    (`reset()` here, called by `/_emulator/reset`; a clock that went back, as after
    `Emulator.reset()`, also starts a new session)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last_ms: dict[str, int] = {}
        self._expired: set[str] = set()

    def reset(self) -> None:
        with self._lock:
            self._last_ms.clear()
            self._expired.clear()

    def use(self, token: str, now_ms: int, idle_seconds: float) -> None:
        with self._lock:
            last = self._last_ms.get(token)
            if last is not None and now_ms < last:  # the clock was reset: a new session
                last = None
                self._expired.discard(token)
            if token in self._expired or (last is not None and now_ms - last > idle_seconds * 1000):
                self._expired.add(token)
                raise AuthError(f"the token has expired ({idle_seconds / 60:g} minutes without use)")
            self._last_ms[token] = now_ms


def check_token(
    value: str,
    credentials: Credentials,
    *,
    now_ms: int | None = None,
    sessions: TokenSessions | None = None,
    facts: Facts | None = None,
) -> None:
    token = value
    if value[:7].lower() in ("bearer ", "bearer+"):
        token = value[7:].strip()
    if not _same(token, credentials.token):
        raise AuthError("the token is not valid")
    if sessions is not None and now_ms is not None:
        sessions.use(credentials.token, now_ms, (facts or spec_facts()).token_idle_seconds)


def parse_x_date(value: str, facts: Facts | None = None) -> float:
    try:
        moment = datetime.strptime(value, (facts or spec_facts()).date_pattern)
    except ValueError as exc:
        raise AuthError("X-Date is not in the signing date format (yyyyMMdd'T'HHmmss'Z')") from exc
    return moment.replace(tzinfo=UTC).timestamp()


def check_app_auth(
    value: str,
    *,
    method: str,
    raw_path: str,
    raw_query: str,
    headers: Mapping[str, str],
    body: bytes,
    credentials: Credentials,
    now: float,
    facts: Facts | None = None,
) -> None:
    """Verify one signed request; `now` is the virtual clock's time in seconds."""
    facts = facts or spec_facts()
    match = re.fullmatch(
        re.escape(facts.algorithm) + r" +AppId=(?P<app>[^,\s]+), *SignedHeaders=(?P<headers>[A-Za-z0-9;_-]+),"
        r" *Signature=(?P<sig>[0-9a-fA-F]+)",
        value.strip(),
    )
    if match is None:
        raise AuthError(f"malformed {facts.algorithm} Authorization header")
    if not _same(match["app"], credentials.app_id):
        raise AuthError("unknown AppId")
    signed = match["headers"].split(";")
    if (
        any(name != name.lower() for name in signed)
        or signed != sorted(signed)
        or len(set(signed)) != len(signed)
    ):
        raise AuthError("SignedHeaders must be lowercase, sorted and unique")
    if not facts.required_signed_headers <= set(signed) or "authorization" in signed:
        required = ", ".join(sorted(facts.required_signed_headers))
        raise AuthError(f"SignedHeaders must include {required}, never authorization")
    missing = [name for name in signed if name not in headers]
    if missing:
        raise AuthError(f"signed headers missing from the request: {', '.join(missing)}")
    if "x-user-id" not in headers or not _same(headers["x-user-id"].strip(), credentials.user_id):
        raise AuthError("unknown X-User-Id")
    if "x-date" not in headers:
        raise AuthError("missing X-Date")
    signed_at = parse_x_date(headers["x-date"].strip(), facts)
    if signed_at > now and not facts.allow_future:
        raise AuthError("X-Date is in the future")
    if now - signed_at > facts.max_age_seconds:
        raise AuthError(f"X-Date is more than {facts.max_age_seconds / 60:g} minutes old")
    expected = signature(
        credentials.app_secret, canonical_request(method, raw_path, raw_query, headers, signed, body), facts
    )
    if not _same(match["sig"].lower(), expected):
        raise AuthError("signature mismatch")


def authenticate(
    *,
    method: str,
    raw_path: str,
    raw_query: str,
    headers: Mapping[str, list[str]],
    body: bytes,
    credentials: Credentials,
    now_ms: int,
    sessions: TokenSessions | None = None,
    mode: AuthMode | None = None,
) -> str:
    """ "token" or "app" when the request is authentic at virtual time `now_ms`; AuthError otherwise.

    `mode` strict: a token only in its one spelling, with `X-User-Id` and a fresh `X-Date`."""
    values = headers.get("authorization")
    if not values:
        raise AuthError("missing Authorization header")
    if len(values) > 1:
        raise AuthError("repeated Authorization header")
    value = values[0]
    facts = spec_facts()
    if value.startswith(facts.algorithm + " "):
        single = {name: ",".join(vals) for name, vals in headers.items()}
        check_app_auth(
            value,
            method=method,
            raw_path=raw_path,
            raw_query=raw_query,
            headers=single,
            body=body,
            credentials=credentials,
            now=now_ms / 1000,
            facts=facts,
        )
        return "app"
    if mode is not None and mode.strict:
        check_strict_token(value, headers, credentials, mode, now=now_ms / 1000, facts=facts)
    check_token(value, credentials, now_ms=now_ms, sessions=sessions, facts=facts)
    return "token"


def check_strict_token(
    value: str,
    headers: Mapping[str, list[str]],
    credentials: Credentials,
    mode: AuthMode,
    *,
    now: float,
    facts: Facts,
) -> None:
    """Strict token auth: the one spelling `mode` names, and the headers every table marks
    Mandatory (`X-User-Id`, the configured user; `X-Date`, within the signing window)."""
    prefix = TOKEN_SPELLINGS[mode.token_spelling]
    spelling = next(
        (
            name
            for name, p in sorted(TOKEN_SPELLINGS.items(), key=lambda kv: -len(kv[1]))
            if value.startswith(p)
        ),
        "bare",
    )
    if spelling != mode.token_spelling or not value.startswith(prefix):
        shown = f"{prefix}<token>" if prefix else "<token>"
        raise AuthError(f"strict token auth: the Authorization header must be {shown!r}")
    user = headers.get("x-user-id")
    if not user or len(user) > 1 or not _same(user[0].strip(), credentials.user_id):
        raise AuthError("strict token auth: X-User-Id is mandatory and must name the caller")
    dates = headers.get("x-date")
    if not dates or len(dates) > 1:
        raise AuthError("strict token auth: X-Date is mandatory")
    signed_at = parse_x_date(dates[0].strip(), facts)
    if signed_at > now and not facts.allow_future:
        raise AuthError("X-Date is in the future")
    if now - signed_at > facts.max_age_seconds:
        raise AuthError(f"X-Date is more than {facts.max_age_seconds / 60:g} minutes old")


def sign_headers(
    *,
    method: str,
    path: str,
    query: str,
    host: str,
    body: bytes,
    credentials: Credentials,
    when: float | None = None,
) -> dict[str, str]:
    """App-auth headers for one request (used by tests, the fuzzer and examples), signed at `when`
    (seconds; default the wall clock, which an emulator's virtual clock follows unless advanced)."""
    facts = spec_facts()
    moment = datetime.fromtimestamp(time.time() if when is None else when, UTC)
    x_date = moment.strftime(facts.date_pattern)
    headers = {"host": host, "x-date": x_date, "x-user-id": credentials.user_id}
    signed = sorted(headers)
    sig = signature(credentials.app_secret, canonical_request(method, path, query, headers, signed, body))
    names = ";".join(signed)
    authorization = f"{facts.algorithm} AppId={credentials.app_id},SignedHeaders={names},Signature={sig}"
    return {
        "Authorization": authorization,
        "Host": host,
        "X-Date": x_date,
        "X-User-Id": credentials.user_id,
    }
