"""The clients' settings checked where they are given: `base_url`, `timeout`, `max_retries`, and
`from_env()`'s reading of the KOODRIVE_* environment variables."""

from __future__ import annotations

import math
import os
from collections.abc import Iterator, Mapping
from typing import Any

import httpx

from ._base import DEFAULT_BASE_URL
from ._credentials import AppAuth, Auth, TokenAuth
from ._errors import ConfigurationError


def checked_timeout(timeout: float | httpx.Timeout) -> httpx.Timeout:
    """`timeout=` as the clients and `with_options` take it: seconds (> 0, finite) or an
    `httpx.Timeout`; ValueError otherwise (a bool is no number of seconds)."""
    if isinstance(timeout, httpx.Timeout):
        return timeout
    if isinstance(timeout, bool) or not isinstance(timeout, int | float):
        raise ValueError(f"timeout must be seconds or an httpx.Timeout, not {type(timeout).__name__}")
    if not (timeout > 0 and math.isfinite(timeout)):
        raise ValueError("timeout must be a positive number of seconds")
    return httpx.Timeout(timeout)


def checked_retries(max_retries: int) -> int:
    if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
        raise ValueError(f"max_retries must be an int >= 0, not {max_retries!r}")
    return max_retries


def checked_base_url(url: str) -> str:
    """The base URL without its trailing slash; ConfigurationError unless it is an absolute
    http(s) URL with a host (`http://[::1`, `kd.example.com`, `/koodrive` are refused when the
    client is built, not at its first request). The message does not repeat the URL (it may
    carry user info)."""
    try:
        parsed = httpx.URL(url)
    except Exception as exc:  # httpx.InvalidURL, TypeError for a non-string
        raise ConfigurationError(f"base_url is not a valid URL ({exc.__class__.__name__})") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise ConfigurationError(
            "base_url must be an absolute http(s) URL with a host, such as " + DEFAULT_BASE_URL
        )
    return url.rstrip("/")


class _EnvView(Mapping[str, str]):
    """The environment, read-only, with a repr that lists no value (a traceback that shows locals
    would otherwise print KOODRIVE_TOKEN and KOODRIVE_APP_SECRET with the rest of os.environ)."""

    def __init__(self, env: Mapping[str, str]) -> None:
        self._env = env

    def __getitem__(self, key: str) -> str:
        return self._env[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._env)

    def __len__(self) -> int:
        return len(self._env)

    def __repr__(self) -> str:
        return "<environment (redacted)>"


def env_settings(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """KooDrive(...) arguments from KOODRIVE_BASE_URL, KOODRIVE_TOKEN, KOODRIVE_USER_ID,
    KOODRIVE_APP_ID, KOODRIVE_APP_SECRET (app auth when an app id and secret are set)."""
    env = _EnvView(os.environ if environ is None else environ)  # its repr shows no secret
    user_id = env.get("KOODRIVE_USER_ID") or None
    auth: Auth
    if env.get("KOODRIVE_APP_ID") and env.get("KOODRIVE_APP_SECRET"):
        if not user_id:
            raise ConfigurationError(
                "KOODRIVE_USER_ID is required with KOODRIVE_APP_ID and KOODRIVE_APP_SECRET"
            )
        auth = AppAuth(env["KOODRIVE_APP_ID"], env["KOODRIVE_APP_SECRET"], user_id)
    elif env.get("KOODRIVE_TOKEN"):
        auth = TokenAuth(env["KOODRIVE_TOKEN"], user_id=user_id)
    else:
        raise ConfigurationError(
            "set KOODRIVE_TOKEN, or KOODRIVE_APP_ID, KOODRIVE_APP_SECRET and KOODRIVE_USER_ID"
        )
    return {"base_url": env.get("KOODRIVE_BASE_URL") or DEFAULT_BASE_URL, "auth": auth}
