"""Strict token auth (issue 23 item 6): exactly one spelling of `Bearer+{access_token}`, and the
headers every table marks Mandatory (`X-User-Id`, `X-Date`), so a test can tell which spelling a
client sends. Lenient by default (all three spellings, neither header), as the examples send it."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

import pytest
from koodrive_emulator import Credentials, running
from koodrive_emulator.config import AuthMode, ConfigError
from koodrive_tasks import AuthenticationError, KooDrive, TokenAuth

from .conftest import V1, signed

USER = Credentials().user_id
SPELLINGS = {
    "bearer-space": "Bearer emulator-token",
    "bearer-plus": "Bearer+emulator-token",
    "bare": "emulator-token",
}


def x_date(offset_s: float = 0.0) -> str:
    return datetime.fromtimestamp(time.time() + offset_s, UTC).strftime("%Y%m%dT%H%M%SZ")


def status(client: Any, authorization: str, **headers: str) -> int:
    answer = client.get(f"{V1}/jobs?offset=0&limit=1", headers={"Authorization": authorization, **headers})
    if answer.status_code == 401:
        assert answer.json()["code"] == 13000101
    return int(answer.status_code)


def test_lenient_by_default_every_spelling_without_the_mandatory_headers(client: Any) -> None:
    assert [status(client, value) for value in SPELLINGS.values()] == [200, 200, 200]


@pytest.mark.parametrize("spelling", list(SPELLINGS))
def test_strict_accepts_exactly_one_spelling_with_x_user_id_and_x_date(
    client: Any, emulator: Any, spelling: str
) -> None:
    emulator.configure({"auth": {"strict": True, "tokenSpelling": spelling}})
    full = {"X-User-Id": USER, "X-Date": x_date()}
    assert {name: status(client, value, **full) for name, value in SPELLINGS.items()} == {
        name: 200 if name == spelling else 401 for name in SPELLINGS
    }
    right = SPELLINGS[spelling]
    assert status(client, right) == 401  # neither header
    assert status(client, right, **{"X-Date": x_date()}) == 401  # no X-User-Id
    assert status(client, right, **{"X-User-Id": USER}) == 401  # no X-Date
    assert status(client, right, **{"X-User-Id": "1", "X-Date": x_date()}) == 401  # another user
    assert status(client, right, **{"X-User-Id": USER, "X-Date": x_date(-16 * 60)}) == 401  # stale
    assert status(client, right, **{"X-User-Id": USER, "X-Date": "yesterday"}) == 401
    # app auth is unchanged: it signs both headers already
    assert (
        client.get(
            f"{V1}/jobs?offset=0&limit=1", headers=signed("GET", f"{V1}/jobs", "offset=0&limit=1")
        ).status_code
        == 200
    )


def test_strict_mode_through_the_admin_api_and_per_run(client: Any) -> None:
    assert client.get("/_emulator/config").json()["auth"] == {
        "strict": False,
        "tokenSpelling": "bearer-space",
    }
    set_ = client.post("/_emulator/config", json={"auth": {"strict": True, "tokenSpelling": "bearer-plus"}})
    assert set_.status_code == 200 and set_.json()["auth"] == {"strict": True, "tokenSpelling": "bearer-plus"}
    bad = client.post("/_emulator/config", json={"auth": {"tokenSpelling": "Bearer-"}})
    assert bad.status_code == 400
    assert client.get("/_emulator/config").json()["auth"]["tokenSpelling"] == "bearer-plus"  # unchanged
    assert AuthMode.from_env({"KOODRIVE_EMULATOR_TOKEN_SPELLING": "bare"}) == AuthMode(True, "bare")
    assert AuthMode.from_env({}) == AuthMode()
    with pytest.raises(ConfigError):
        AuthMode.from_env({"KOODRIVE_EMULATOR_TOKEN_SPELLING": "Bearer"})


def test_the_clients_default_spelling_passes_strict_bearer_space_with_its_user_id() -> None:
    """Q27/Q52: `TokenAuth` sends `Bearer <t>` and `X-Date` on every request, `X-User-Id` when
    given one: it satisfies a gateway that reads the tables strictly as `Bearer <t>`; a gateway
    that wants the literal `+` needs `scheme="Bearer+"`, and strict mode shows which."""
    with running() as server:
        server.emulator.configure({"auth": {"strict": True, "tokenSpelling": "bearer-space"}})
        with KooDrive(server.base_url, TokenAuth("emulator-token", user_id=USER)) as client:
            assert isinstance(client.jobs.list(limit=1), list)
        server.emulator.configure({"auth": {"strict": True, "tokenSpelling": "bearer-plus"}})
        with KooDrive(server.base_url, TokenAuth("emulator-token", user_id=USER, scheme="Bearer+")) as client:
            assert isinstance(client.jobs.list(limit=1), list)
        with (
            KooDrive(server.base_url, TokenAuth("emulator-token", user_id=USER)) as client,
            pytest.raises(AuthenticationError),
        ):
            client.jobs.list(limit=1)
