"""KooDriveHook: clients from `koodrive` connections (token auth, app auth), never a secret in a log."""

from __future__ import annotations

import asyncio
import json
import logging
import re
from typing import Any

import pytest
from airflow.sdk import Connection
from koodrive_airflow.exceptions import KooDriveConnectionError
from koodrive_airflow.hooks import KooDriveHook, base_url_of, settings_from
from koodrive_tasks import DEFAULT_BASE_URL, AppAuth, AuthenticationError, TokenAuth

from .airflow_fixtures import APP_ID, APP_SECRET, TOKEN, USER_ID, set_connection


def conn(**fields: Any) -> Connection:
    extra = fields.pop("extra", None)
    return Connection(
        conn_id="c", conn_type="koodrive", extra=None if extra is None else json.dumps(extra), **fields
    )


def test_token_connection_builds_a_client_that_the_emulator_accepts(emulator: Any) -> None:
    hook = KooDriveHook()  # koodrive_default: host = the emulator's URL, password = the token
    with hook.get_client() as client:
        assert isinstance(client._sender.auth, TokenAuth)
        assert client.jobs.list(limit=1) is not None
    set_connection("koodrive_bad", host=emulator_url(hook), password="not-the-token")
    with KooDriveHook("koodrive_bad").get_client() as client, pytest.raises(AuthenticationError):
        client.jobs.list(limit=1)  # the token really is what authenticates


def test_app_connection_signs_with_the_app_secret(emulator: Any) -> None:
    hook = KooDriveHook("koodrive_app")
    with hook.get_client() as client:
        auth = client._sender.auth
        assert isinstance(auth, AppAuth)
        assert (auth.app_id, auth.user_id) == (APP_ID, USER_ID)
        assert client.jobs.list(limit=1) is not None
    set_connection(
        "koodrive_bad_app", host=emulator_url(hook), login=USER_ID, password="wrong", extra={"app_id": APP_ID}
    )
    with KooDriveHook("koodrive_bad_app").get_client() as client, pytest.raises(AuthenticationError):
        client.jobs.list(limit=1)  # the signature is checked: a wrong secret is refused


def emulator_url(hook: KooDriveHook) -> str:
    return base_url_of(hook.get_connection(hook.koodrive_conn_id))


def test_async_client_from_the_same_connections(emulator: Any) -> None:
    async def list_with(conn_id: str) -> type:
        async with await KooDriveHook(conn_id).get_async_client() as client:
            await client.jobs.list(limit=1)
            return type(client._sender.auth)

    assert asyncio.run(list_with("koodrive_default")) is TokenAuth
    assert asyncio.run(list_with("koodrive_app")) is AppAuth


def test_no_secret_in_logs_or_reprs(
    emulator: Any, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    for conn_id in ("koodrive_default", "koodrive_app"):
        with KooDriveHook(conn_id).get_client() as client:
            client.jobs.list(limit=1)
            shown = repr(client)
        assert TOKEN not in shown and APP_SECRET not in shown
    out, err = capfd.readouterr()
    logged = caplog.text + out + err  # the client logs through logging, Airflow's hook through structlog
    assert "token auth" in logged and "app auth" in logged  # the hook says which, never what
    assert "authorization: HMAC-SHA256" in logged  # the client's debug log ran: its headers were there
    assert TOKEN not in logged and APP_SECRET not in logged


@pytest.mark.parametrize(
    ("fields", "url"),
    [
        ({"host": "https://koodrive.example.com/"}, "https://koodrive.example.com"),
        ({"host": "http://127.0.0.1", "port": 8787}, "http://127.0.0.1:8787"),
        ({"host": "http://127.0.0.1:9000", "port": 8787}, "http://127.0.0.1:9000"),
        ({"host": "koodrive.example.com"}, "https://koodrive.example.com"),
        ({"host": "localhost", "schema": "http", "port": 8787}, "http://localhost:8787"),
        ({}, DEFAULT_BASE_URL),
    ],
)
def test_base_url_forms(fields: dict[str, Any], url: str) -> None:
    assert base_url_of(conn(**fields)) == url


def test_options_and_secrets_from_the_extra() -> None:
    settings = settings_from(conn(host="http://h", extra={"token": "t0k", "timeout": 7, "max_retries": 0}))
    assert isinstance(settings.auth, TokenAuth) and settings.options == {"timeout": 7, "max_retries": 0}
    app = settings_from(conn(extra={"app_id": "a", "app_secret": "s", "user_id": "u"}))
    assert isinstance(app.auth, AppAuth) and app.auth.user_id == "u"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "no access token"),
        ({"extra": {"app_id": "a"}, "login": "u"}, "app secret"),
        ({"extra": {"app_id": "a"}, "password": "s"}, "user id"),
        ({"password": "t", "extra": {"timeuot": 5}}, "unknown extra key(s) timeuot"),
        ({"password": "t", "extra": ["x"]}, "JSON object"),
    ],
)
def test_incomplete_connections_are_refused_by_name(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(KooDriveConnectionError, match=re.escape(message)) as info:
        settings_from(conn(**fields))
    assert str(info.value).startswith("connection 'c':")  # names the connection, whatever is wrong


def test_the_ui_test_button(server: Any, emulator: Any) -> None:
    assert KooDriveHook().test_connection() == (True, "KooDrive answered listJobs")
    set_connection("koodrive_wrong", host=server.base_url, password="wrong-token-value")
    ok, message = KooDriveHook("koodrive_wrong").test_connection()
    assert not ok and message.startswith("AuthenticationError") and "wrong-token-value" not in message
