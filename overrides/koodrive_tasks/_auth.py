"""Authentication as `httpx.Auth`: it sees every request and every retry, so X-Date, X-User-Id and
X-Traceid are fresh on each attempt and never asked of the caller (Q29, Q30, Q31).

`TokenAuth` sends the access token. Its default scheme is `"Bearer "` (RFC 6750, what every HTTP
tool sends): the tables write `Bearer+{access_token}`, but the auth overview shows a bare token and
the `+` reads as a documentation-tool rendering of a space (Q27); `"Bearer+"` and `""` (bare) are
available for a server that proves otherwise.

`AppAuth` signs per KooDrive's app-auth algorithm (reference §1.5; the spec's
`x-koodrive-signing`): CanonicalRequest = method, URI with a trailing `/`, sorted RFC 3986 query,
the signed headers `host;x-date;x-user-id`, and the hex SHA-256 of the exact body bytes;
StringToSign = "HMAC-SHA256\\n" + hex(SHA-256(CanonicalRequest)), with no date line (Q39);
Signature = hex(HMAC-SHA256(AppSecret, StringToSign)).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Generator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import parse_qsl, quote, urlsplit

import httpx

ALGORITHM = "HMAC-SHA256"
SIGNED_HEADERS = ("host", "x-date", "x-user-id")
DATE_FORMAT = "%Y%m%dT%H%M%SZ"
TRACE_ID_LENGTH = 58
TOKEN_SCHEMES = ("Bearer ", "Bearer+", "")


def now_x_date() -> str:
    """`X-Date` for a request sent now: UTC, `yyyyMMdd'T'HHmmss'Z'` (the tables' `DD` is a typo, Q30)."""
    return datetime.now(UTC).strftime(DATE_FORMAT)


def new_trace_id() -> str:
    """A random 58-character `X-Traceid` (the tables' "58 bits" are 58 characters, Q31)."""
    return secrets.token_hex(TRACE_ID_LENGTH // 2)  # 58 hex characters, one call into the OS CSPRNG


def _encode(value: str) -> str:
    return quote(value, safe="-_.~")


def canonical_query(query: str) -> str:
    """Pairs decoded (`+` is a space), re-encoded per RFC 3986 with `%20`, sorted by name then value."""
    pairs = parse_qsl(query, keep_blank_values=True)
    return "&".join(f"{_encode(k)}={_encode(v)}" for k, v in sorted(pairs))


def canonical_uri(path: str) -> str:
    """The request path with a trailing `/` (for signing only; the request itself is unchanged)."""
    path = path or "/"
    return path if path.endswith("/") else path + "/"


def canonical_request(
    method: str, path: str, query: str, headers: Mapping[str, str], signed: tuple[str, ...], body: bytes
) -> str:
    header_lines = "".join(f"{name}:{headers[name].strip()}\n" for name in signed)
    return "\n".join(
        [
            method.upper(),
            canonical_uri(path),
            canonical_query(query),
            header_lines,
            ";".join(signed),
            hashlib.sha256(body).hexdigest(),
        ]
    )


def signature(app_secret: str, canonical: str) -> str:
    string_to_sign = f"{ALGORITHM}\n{hashlib.sha256(canonical.encode()).hexdigest()}"
    return hmac.new(app_secret.encode(), string_to_sign.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class SignedRequest:
    """The headers to send and the canonical request they sign (for debugging against the docs)."""

    headers: dict[str, str]
    canonical_request: str

    def __repr__(self) -> str:
        return f"SignedRequest(signed_headers={';'.join(SIGNED_HEADERS)!r})"


def sign_request(
    method: str,
    url: str,
    body: bytes,
    *,
    app_id: str,
    app_secret: str,
    user_id: str,
    date: str | None = None,
) -> SignedRequest:
    """App-auth headers (Authorization, X-User-Id, X-Date, Host) for one request."""
    parts = urlsplit(url)
    host = parts.netloc
    values = {"host": host, "x-date": date or now_x_date(), "x-user-id": user_id}
    canonical = canonical_request(method, parts.path, parts.query, values, SIGNED_HEADERS, body)
    authorization = (
        f"{ALGORITHM} AppId={app_id},SignedHeaders={';'.join(SIGNED_HEADERS)},"
        f"Signature={signature(app_secret, canonical)}"
    )
    headers = {"Authorization": authorization, "X-User-Id": user_id, "X-Date": values["x-date"], "Host": host}
    return SignedRequest(headers, canonical)


class TokenAuth(httpx.Auth):
    """Token authentication. `user_id`, when given, is sent as `X-User-Id`."""

    def __init__(self, token: str, user_id: str | None = None, *, scheme: str = "Bearer ") -> None:
        if scheme not in TOKEN_SCHEMES:
            raise ValueError(f"scheme must be one of {TOKEN_SCHEMES!r}")
        if not token:
            raise ValueError("token must not be empty")
        self._token = token
        self.user_id = user_id
        self.scheme = scheme

    def __repr__(self) -> str:
        return f"TokenAuth(token='***', user_id={self.user_id!r}, scheme={self.scheme!r})"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"{self.scheme}{self._token}"
        request.headers["X-Date"] = now_x_date()
        if self.user_id:
            request.headers["X-User-Id"] = self.user_id
        yield request


class AppAuth(httpx.Auth):
    """App authentication: every request (and every retry) signed afresh with HMAC-SHA256."""

    requires_request_body = True

    def __init__(self, app_id: str, app_secret: str, user_id: str) -> None:
        if not (app_id and app_secret and user_id):
            raise ValueError("app_id, app_secret and user_id are all required")
        self.app_id = app_id
        self._app_secret = app_secret
        self.user_id = user_id

    def __repr__(self) -> str:
        return f"AppAuth(app_id={self.app_id!r}, app_secret='***', user_id={self.user_id!r})"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        values = {"host": request.headers["host"], "x-date": now_x_date(), "x-user-id": self.user_id}
        canonical = canonical_request(
            request.method,
            request.url.raw_path.split(b"?", 1)[0].decode("ascii"),
            request.url.query.decode("ascii"),
            values,
            SIGNED_HEADERS,
            request.content,
        )
        request.headers["X-Date"] = values["x-date"]
        request.headers["X-User-Id"] = self.user_id
        request.headers["Authorization"] = (
            f"{ALGORITHM} AppId={self.app_id},SignedHeaders={';'.join(SIGNED_HEADERS)},"
            f"Signature={signature(self._app_secret, canonical)}"
        )
        yield request
