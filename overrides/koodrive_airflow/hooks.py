"""`KooDriveHook`: a `KooDrive` or `AsyncKooDrive` client built from an Airflow connection.

A connection of type `koodrive`:

- host: the base URL (`https://koodrive.example.com`), or a host name with `schema` (`https` by
  default) and `port`; empty: the client's `DEFAULT_BASE_URL`; userinfo in it (`https://u:tok@host`)
  is dropped, never sent or logged;
- login: the user id sent as `X-User-Id`: optional with a token, required with app auth;
- password: the access token; with `app_id` in the extra, the app secret;
- extra (JSON): `app_id` (app auth); `timeout`, `max_retries`, `language`, `rate_limit` (client
  options); `token` or `app_secret` instead of the password.

Secrets come only from the password or the extra, which Airflow masks in every log when it
fetches the connection; the hook logs the base URL and the kind of authentication, never a secret,
and the clients' own reprs show `'***'` for them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, ClassVar
from urllib.parse import urlsplit, urlunsplit

from airflow.sdk import BaseHook, Connection
from koodrive_tasks import DEFAULT_BASE_URL, AppAuth, AsyncKooDrive, KooDrive, TokenAuth

from .exceptions import KooDriveConnectionError

#: extra keys the hook reads; any other key is refused (a misspelt option would be ignored silently)
AUTH_KEYS = frozenset({"app_id", "user_id", "token", "app_secret"})
OPTION_KEYS = frozenset({"timeout", "max_retries", "language", "rate_limit"})


@dataclass(frozen=True)
class ClientSettings:
    """What a client is built from: base URL, authentication and constructor options."""

    base_url: str
    auth: TokenAuth | AppAuth
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def auth_kind(self) -> str:
        """`token` or `app`: what the hook logs instead of any credential."""
        return "app" if isinstance(self.auth, AppAuth) else "token"


def _extra(conn: Connection) -> dict[str, Any]:
    if not conn.extra:
        return {}
    try:
        value = json.loads(conn.extra)
    except json.JSONDecodeError as exc:  # the message names the position only, never the text
        raise KooDriveConnectionError(f"connection {conn.conn_id!r}: extra is not JSON ({exc.msg})") from None
    if not isinstance(value, dict):
        raise KooDriveConnectionError(f"connection {conn.conn_id!r}: extra must be a JSON object")
    return value


def base_url_of(conn: Connection) -> str:
    """The base URL a connection names (see the module docstring).

    Args:
        conn: The Airflow connection.

    Returns:
        Scheme, host and port, without a trailing slash, and without any userinfo: a host written
        `https://user:token@host` is `https://host` here (the credential is neither sent in the
        URL nor logged; credentials come from the login, password and extra only).
    """
    host = (conn.host or "").strip().rstrip("/")
    if not host:
        return DEFAULT_BASE_URL
    if "://" not in host:
        host = f"{conn.schema or 'https'}://{host}"
    parts = urlsplit(host)
    if "@" in parts.netloc:  # userinfo: dropped, never logged nor put into the client's URL
        host = urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
    if conn.port and urlsplit(host).port is None:
        host = f"{host}:{conn.port}"
    return host


def settings_from(conn: Connection) -> ClientSettings:
    """The client settings of a `koodrive` connection.

    Args:
        conn: The Airflow connection.

    Returns:
        Base URL, `TokenAuth` or `AppAuth`, and the client options of the extra.

    Raises:
        KooDriveConnectionError: No secret, app auth without a user id, an extra that is not a JSON
            object, or a key the hook does not know.
    """
    extra = _extra(conn)
    unknown = sorted(set(extra) - AUTH_KEYS - OPTION_KEYS)
    if unknown:
        known = ", ".join(sorted(AUTH_KEYS | OPTION_KEYS))
        raise KooDriveConnectionError(
            f"connection {conn.conn_id!r}: unknown extra key(s) {', '.join(unknown)} (known: {known})"
        )
    user_id = conn.login or extra.get("user_id") or None
    app_id = extra.get("app_id")
    auth: TokenAuth | AppAuth
    if app_id:
        secret = conn.password or extra.get("app_secret")
        if not secret:
            raise KooDriveConnectionError(
                f"connection {conn.conn_id!r}: app auth needs the app secret as password"
            )
        if not user_id:
            raise KooDriveConnectionError(
                f"connection {conn.conn_id!r}: app auth needs the user id as login (or extra user_id)"
            )
        auth = AppAuth(str(app_id), str(secret), str(user_id))
    else:
        token = conn.password or extra.get("token")
        if not token:
            raise KooDriveConnectionError(
                f"connection {conn.conn_id!r}: no access token (password) and no app_id in extra"
            )
        auth = TokenAuth(str(token), str(user_id) if user_id else None)
    options = {key: extra[key] for key in OPTION_KEYS if extra.get(key) is not None}
    return ClientSettings(base_url_of(conn), auth, options)


class KooDriveHook(BaseHook):
    """Builds KooDrive clients from the Airflow connection `koodrive_conn_id`.

    Use the clients as context managers: `with hook.get_client() as client: ...` in an operator,
    `async with await hook.get_async_client() as client: ...` in a trigger.

    Args:
        koodrive_conn_id: The connection's id (type `koodrive`).
        client_options: Constructor arguments of the clients (`timeout`, `max_retries`, ...);
            they override the connection's extra.
    """

    conn_name_attr: ClassVar[str] = "koodrive_conn_id"
    default_conn_name: ClassVar[str] = "koodrive_default"
    conn_type: ClassVar[str] = "koodrive"
    hook_name: ClassVar[str] = "KooDrive"

    def __init__(self, koodrive_conn_id: str = default_conn_name, **client_options: Any) -> None:
        super().__init__()
        self.koodrive_conn_id = koodrive_conn_id
        self.client_options = client_options

    @classmethod
    def get_ui_field_behaviour(cls) -> dict[str, Any]:
        """How the connection form labels its fields (Airflow UI)."""
        return {
            "hidden_fields": [],
            "relabeling": {
                "host": "Base URL",
                "login": "User ID (X-User-Id)",
                "password": "Access token, or app secret (with app_id in Extra)",
            },
            "placeholders": {
                "host": DEFAULT_BASE_URL,
                "extra": json.dumps({"app_id": "", "timeout": 30, "max_retries": 2}),
            },
        }

    def _settings(self, conn: Connection) -> ClientSettings:
        settings = settings_from(conn)
        self.log.info(
            "KooDrive connection %s: %s, %s auth",
            self.koodrive_conn_id,
            settings.base_url,
            settings.auth_kind,
        )
        return settings

    def get_conn(self) -> KooDrive:
        """The synchronous client (the same as `get_client`).

        Returns:
            A new `KooDrive`; close it (`with`) when done.
        """
        return self.get_client()

    def get_client(self) -> KooDrive:
        """A new synchronous client, for operators and sensors in a worker.

        Returns:
            A `KooDrive` from the connection; close it (`with`) when done.

        Raises:
            KooDriveConnectionError: The connection is incomplete (see `settings_from`).
        """
        settings = self._settings(self.get_connection(self.koodrive_conn_id))
        return KooDrive(settings.base_url, settings.auth, **{**settings.options, **self.client_options})

    async def get_async_client(self) -> AsyncKooDrive:
        """A new asynchronous client, for triggers: the connection is fetched without blocking the loop.

        Returns:
            An `AsyncKooDrive` from the connection; close it (`async with`) when done.

        Raises:
            KooDriveConnectionError: The connection is incomplete (see `settings_from`).
        """
        settings = self._settings(await self.aget_connection(self.koodrive_conn_id))
        return AsyncKooDrive(settings.base_url, settings.auth, **{**settings.options, **self.client_options})

    def test_connection(self) -> tuple[bool, str]:
        """The UI's "Test" button: one listJobs call with the connection's credentials.

        Returns:
            (True, a message) when KooDrive answered, else (False, the error's type and message).
        """
        try:
            with self.get_client() as client:
                client.jobs.list(limit=1)
        except Exception as exc:  # every failure is the test's answer; the client's messages hold no secret
            return False, f"{type(exc).__name__}: {exc}"
        return True, "KooDrive answered listJobs"
