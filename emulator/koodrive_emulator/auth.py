"""Token and app authentication (koodrive-api.md §1.5; Q27-Q30).

Token: `Authorization: Bearer <t>`, `Bearer+<t>` or the bare token. App auth:
`Authorization: HMAC-SHA256 AppId=<id>,SignedHeaders=<h1;h2>,Signature=<hex>` with `X-User-Id` and
`X-Date` among the signed headers. The signature is
`hex(HMAC-SHA256(AppSecret, "HMAC-SHA256\\n" + hex(SHA256(CanonicalRequest))))` where
CanonicalRequest is method, canonical URI (trailing `/`), canonical query, canonical headers,
signed headers and the SHA-256 of the exact body bytes, joined by newlines. `X-Date` must lie within
the last 15 minutes of the wall clock (not the virtual clock: clients sign with real time) and never
after it. Every secret comparison is constant-time.
"""

from __future__ import annotations

import hashlib
import hmac
import posixpath
import re
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from urllib.parse import quote, unquote, unquote_plus

from .config import Credentials

ALGORITHM = "HMAC-SHA256"
MAX_AGE_SECONDS = 900
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
_APP_AUTH = re.compile(
    r"HMAC-SHA256 +AppId=(?P<app>[^,\s]+), *SignedHeaders=(?P<headers>[A-Za-z0-9;_-]+),"
    r" *Signature=(?P<sig>[0-9a-fA-F]+)"
)
_UNRESERVED = "-_.~"


class AuthError(Exception):
    """Authentication failed; answered with 401 {code: 13000101}. The message never holds a secret."""


def _encode(value: str) -> str:
    """RFC 3986 percent-encoding: unreserved characters stay, the rest is `%XY` (uppercase) per UTF-8 byte."""
    return quote(value, safe=_UNRESERVED)


def canonical_uri(raw_path: str) -> str:
    """Normalised, segment-encoded path that always ends with `/`."""
    path = unquote(raw_path) or "/"
    normal = posixpath.normpath(path)
    if normal.startswith("//"):
        normal = "/" + normal.lstrip("/")
    if path.endswith("/") and not normal.endswith("/"):
        normal += "/"
    encoded = "/".join(_encode(segment) for segment in normal.split("/"))
    return encoded if encoded.endswith("/") else encoded + "/"


def canonical_query(raw_query: str) -> str:
    """Pairs decoded, re-encoded per RFC 3986, sorted by name (then value), joined with `&`."""
    pairs = []
    for part in raw_query.split("&"):
        if not part:
            continue
        name, _, value = part.partition("=")
        pairs.append((_encode(unquote_plus(name)), _encode(unquote_plus(value))))
    pairs.sort()
    return "&".join(f"{n}={v}" for n, v in pairs)


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


def string_to_sign(canonical: str) -> str:
    return f"{ALGORITHM}\n{hashlib.sha256(canonical.encode()).hexdigest()}"


def signature(secret: str, canonical: str) -> str:
    return hmac.new(secret.encode(), string_to_sign(canonical).encode(), hashlib.sha256).hexdigest()


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8", "surrogateescape"), b.encode("utf-8", "surrogateescape"))


def check_token(value: str, credentials: Credentials) -> None:
    token = value
    if value[:7].lower() in ("bearer ", "bearer+"):
        token = value[7:].strip()
    if not _same(token, credentials.token):
        raise AuthError("the token is not valid")


def parse_x_date(value: str) -> float:
    try:
        return datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC).timestamp()
    except ValueError as exc:
        raise AuthError("X-Date must be yyyyMMdd'T'HHmmss'Z'") from exc


def check_app_auth(
    value: str,
    *,
    method: str,
    raw_path: str,
    raw_query: str,
    headers: Mapping[str, str],
    body: bytes,
    credentials: Credentials,
    now: float | None = None,
) -> None:
    match = _APP_AUTH.fullmatch(value.strip())
    if match is None:
        raise AuthError("malformed HMAC-SHA256 Authorization header")
    if not _same(match["app"], credentials.app_id):
        raise AuthError("unknown AppId")
    signed = match["headers"].split(";")
    if (
        any(name != name.lower() for name in signed)
        or signed != sorted(signed)
        or len(set(signed)) != len(signed)
    ):
        raise AuthError("SignedHeaders must be lowercase, sorted and unique")
    if "x-date" not in signed or "x-user-id" not in signed or "authorization" in signed:
        raise AuthError("SignedHeaders must include x-date and x-user-id, never authorization")
    missing = [name for name in signed if name not in headers]
    if missing:
        raise AuthError(f"signed headers missing from the request: {', '.join(missing)}")
    if not _same(headers["x-user-id"].strip(), credentials.user_id):
        raise AuthError("unknown X-User-Id")
    signed_at = parse_x_date(headers["x-date"].strip())
    current = time.time() if now is None else now
    if signed_at > current:
        raise AuthError("X-Date is in the future")
    if current - signed_at > MAX_AGE_SECONDS:
        raise AuthError("X-Date is more than 15 minutes old")
    expected = signature(
        credentials.app_secret, canonical_request(method, raw_path, raw_query, headers, signed, body)
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
) -> str:
    """ "token" or "app" when the request is authentic; AuthError otherwise."""
    values = headers.get("authorization")
    if not values:
        raise AuthError("missing Authorization header")
    if len(values) > 1:
        raise AuthError("repeated Authorization header")
    value = values[0]
    if value.startswith("HMAC-SHA256"):
        single = {name: vals[0] for name, vals in headers.items() if len(vals) == 1}
        for name, vals in headers.items():
            if len(vals) > 1:
                single[name] = ",".join(vals)
        check_app_auth(
            value,
            method=method,
            raw_path=raw_path,
            raw_query=raw_query,
            headers=single,
            body=body,
            credentials=credentials,
        )
        return "app"
    check_token(value, credentials)
    return "token"


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
    """App-auth headers for one request (used by tests, the fuzzer and examples)."""
    moment = datetime.fromtimestamp(time.time() if when is None else when, UTC)
    x_date = moment.strftime("%Y%m%dT%H%M%SZ")
    headers = {"host": host, "x-date": x_date, "x-user-id": credentials.user_id}
    signed = sorted(headers)
    sig = signature(credentials.app_secret, canonical_request(method, path, query, headers, signed, body))
    names = ";".join(signed)
    return {
        "Authorization": f"{ALGORITHM} AppId={credentials.app_id},SignedHeaders={names},Signature={sig}",
        "Host": host,
        "X-Date": x_date,
        "X-User-Id": credentials.user_id,
    }
