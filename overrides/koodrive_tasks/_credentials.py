"""Authentication as `httpx.Auth`: it sees every request and every retry, so X-Date, X-User-Id and
X-Traceid are fresh on each attempt and never asked of the caller (Q29, Q30, Q31).

`TokenAuth` sends the access token. Its default scheme is `"Bearer "` (RFC 6750, what every HTTP
tool sends): the tables write `Bearer+{access_token}`, but the auth overview shows a bare token and
the `+` reads as a documentation-tool rendering of a space (Q27); `"Bearer+"` and `""` (bare) are
available for a server that proves otherwise.

`AppAuth` signs with `koodrive_tasks.auth.sign`, the one signing function (also behind
`koodrive-tasks sign`): the algorithm of reference §1.5, with the facts (algorithm name, signed
headers, `X-Date` format) read from the spec's `x-koodrive-signing` (Q29, Q39).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Generator, Mapping, MutableMapping
from datetime import UTC, datetime

import httpx

from .auth import SigningFacts, _sign_parts, sign, x_date

TRACE_ID_LENGTH = 58
TOKEN_SCHEMES = ("Bearer ", "Bearer+", "")


_last_date: tuple[int, str] = (-1, "")


def now_x_date() -> str:
    """`X-Date` for a request sent now: UTC, in the spec's `dateFormat` (the tables' `DD` is a typo, Q30).

    The format has whole seconds, so the text is made once a second (strftime cost more than the
    rest of the auth headers together)."""
    global _last_date  # noqa: PLW0603 - a one-slot cache; a tuple swap is atomic across threads
    second = int(time.time())
    known = _last_date
    if known[0] != second:
        known = _last_date = (second, x_date(datetime.fromtimestamp(second, UTC)))
    return known[1]


def new_trace_id() -> str:
    """A random 58-character `X-Traceid` (the tables' "58 bits" are 58 characters, Q31)."""
    return secrets.token_hex(TRACE_ID_LENGTH // 2)  # 58 hex characters, one call into the OS CSPRNG


class SecretHeaders(dict[str, str]):
    """Request headers that carry a credential: a dict whose repr shows the names only, so a frame
    holding one prints no token or signature in a traceback with locals."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<headers {sorted(self)} (values redacted)>"


class TokenAuth(httpx.Auth):
    """Token authentication: the access token in `Authorization`, and `X-Date` on every attempt.

    Args:
        token: The access token; its repr is `'***'`.
        user_id: Sent as `X-User-Id` when given.
        scheme: What precedes the token: `"Bearer "` (RFC 6750), `"Bearer+"` or `""` (bare), for
            the readings of the docs (Q27).

    Raises:
        ValueError: `token` is empty, or `scheme` is none of the three.
    """

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
        """httpx's `Auth` hook, called by httpx for every attempt; not meant to be called directly.

        Args:
            request: The request about to be sent; `Authorization`, `X-Date` and `X-User-Id` are set.

        Yields:
            The request, once.
        """
        self._add_headers(request.headers)
        yield request

    def _add_headers(self, headers: MutableMapping[str, str]) -> None:
        """The token's headers (Q27, Q28, Q52), for `auth_flow` and for a sender that builds its
        request's headers itself (no auth flow)."""
        headers["Authorization"] = f"{self.scheme}{self._token}"
        headers["X-Date"] = now_x_date()
        if self.user_id:
            headers["X-User-Id"] = self.user_id


class AppAuth(httpx.Auth):
    """App authentication: every request (and every retry) signed afresh with HMAC-SHA256.

    Args:
        app_id: The app's id.
        app_secret: The app's secret; it signs, and is never sent or shown (its repr is `'***'`).
        user_id: The user the app acts for, sent as `X-User-Id` (and signed).
        facts: Signing facts replacing the spec's `x-koodrive-signing` (for a spec other than the
            shipped one); None: the shipped spec's.

    Raises:
        ValueError: `app_id`, `app_secret` or `user_id` is empty.
    """

    requires_request_body = True

    def __init__(
        self, app_id: str, app_secret: str, user_id: str, *, facts: SigningFacts | None = None
    ) -> None:
        if not (app_id and app_secret and user_id):
            raise ValueError("app_id, app_secret and user_id are all required")
        self.app_id = app_id
        self._app_secret = app_secret
        self.user_id = user_id
        self._facts = facts

    def __repr__(self) -> str:
        return f"AppAuth(app_id={self.app_id!r}, app_secret='***', user_id={self.user_id!r})"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """httpx's `Auth` hook, called by httpx for every attempt; not meant to be called directly.

        Args:
            request: The request about to be sent, body included; it is signed with a fresh `X-Date`.

        Yields:
            The request, once.
        """
        self._sign_into(request)
        yield request

    def _date(self) -> str:
        return now_x_date() if self._facts is None else x_date(facts=self._facts)

    def _sign_into(self, request: httpx.Request) -> None:
        """Sign `request` as `auth_flow` does (a sender that sends without httpx's auth flow)."""
        signed = sign(
            request,
            app_id=self.app_id,
            app_secret=self._app_secret,
            user_id=self.user_id,
            date=self._date(),
            facts=self._facts,
        )
        headers = request.headers
        for name, value in signed.headers.items():  # one by one: Headers.update costs 4x more
            if headers.get(name) != value:
                headers[name] = value

    def _signed_headers(
        self, method: str, host: str, raw_path: str, raw_query: str, body: bytes, headers: Mapping[str, str]
    ) -> SecretHeaders:
        """The headers that sign a request given as its parts (the aiohttp sender's)."""
        return SecretHeaders(
            _sign_parts(
                method,
                host,
                raw_path,
                raw_query,
                body,
                headers,
                app_id=self.app_id,
                app_secret=self._app_secret,
                user_id=self.user_id,
                date=self._date(),
                facts=self._facts,
            ).headers
        )


Auth = TokenAuth | AppAuth
"""What the clients' `auth=` takes."""
