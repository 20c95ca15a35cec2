"""Token and app authentication, including the test vectors of koodrive-api.md §1.6."""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import hmac
import json
import time
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from koodrive_emulator.auth import (
    AuthError,
    Facts,
    TokenSessions,
    canonical_query,
    canonical_request,
    canonical_uri,
    check_app_auth,
    check_token,
    facts_from_spec,
    signature,
    spec_facts,
)
from koodrive_emulator.config import Credentials
from koodrive_emulator.validation import load_spec

from .conftest import TOKEN, V1, signed

USER = "1505084218764547200"

VECTOR_A_CANONICAL = "\n".join(
    [
        "GET",
        "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/",
        "limit=2&marker=13551d6b-755d-4757-b956-536f674975c0",
        "content-type:application/json\nhost:service.region.example.com\nx-sdk-date:20191115T033655Z\n",
        "content-type;host;x-sdk-date",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    ]
)
VECTOR_B = {
    "secret": "test-app-secret-0123456789",
    "app_id": "a378331eca141163119eb602adb67b7802cc79cd33ba44c7d2fe61d1586c96a1",
    "user_id": "1505084218764547200",
    "x_date": "20240909T033325Z",
    "host": "intl.myhuaweicloud-koodrive.com",
}


def test_vector_a_canonical_request_and_signatures() -> None:
    built = canonical_request(
        "GET",
        "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs",
        "marker=13551d6b-755d-4757-b956-536f674975c0&limit=2",
        {
            "content-type": "application/json",
            "host": "service.region.example.com",
            "x-sdk-date": "20191115T033655Z",
        },
        ["content-type", "host", "x-sdk-date"],
        b"",
    )
    assert built == VECTOR_A_CANONICAL
    digest = hashlib.sha256(built.encode()).hexdigest()
    assert digest == "b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a"
    secret = "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc"
    apig = hmac.new(secret.encode(), f"SDK-HMAC-SHA256\n20191115T033655Z\n{digest}".encode(), hashlib.sha256)
    assert apig.hexdigest() == "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe"
    assert signature(secret, built) == "96600a8fd3e53a3a513f46ecd5717742864e258fd5ae28e7d6fd662ed56e9a78"


@pytest.mark.parametrize(
    ("method", "path", "query", "body", "canonical_sha", "sig"),
    [
        (
            "GET",
            "/koodrive/ose/v1/jobs",
            "offset=0&limit=10",
            b"",
            "3ad5d67d9f35855d746f02f8e8c8427567bfbecea810fee7c7411d1290d8a60f",
            "4b7dafde3824988cf5ea9e49fe7cb7be2c60cd40ded07f68051942b4aaa478da",
        ),
        (
            "POST",
            "/koodrive/ose/v1/cancel",
            "",
            b'{"jobId":"1289250105886769024"}',
            "1fe6e9bfcd3f6d175b7bbd48b37995b6f37a2fc16df7cabe20ac7894256570bd",
            "6d07845896245520617351caae099be0b9ccee4f23c3a5907ac10ed3904dbf2c",
        ),
    ],
)
def test_vector_b_koodrive_signatures(
    method: str, path: str, query: str, body: bytes, canonical_sha: str, sig: str
) -> None:
    headers = {"host": VECTOR_B["host"], "x-date": VECTOR_B["x_date"], "x-user-id": VECTOR_B["user_id"]}
    built = canonical_request(method, path, query, headers, sorted(headers), body)
    assert hashlib.sha256(built.encode()).hexdigest() == canonical_sha
    assert signature(VECTOR_B["secret"], built) == sig
    credentials = Credentials("t", VECTOR_B["user_id"], VECTOR_B["app_id"], VECTOR_B["secret"])
    header = f"HMAC-SHA256 AppId={VECTOR_B['app_id']},SignedHeaders=host;x-date;x-user-id,Signature={sig}"
    signed_at = 1725852805.0  # 2024-09-09T03:33:25Z
    check_app_auth(
        header,
        method=method,
        raw_path=path,
        raw_query=query,
        headers=headers,
        body=body,
        credentials=credentials,
        now=signed_at + 60,
    )
    with pytest.raises(AuthError, match="15 minutes"):
        check_app_auth(
            header,
            method=method,
            raw_path=path,
            raw_query=query,
            headers=headers,
            body=body,
            credentials=credentials,
            now=signed_at + 901,
        )
    with pytest.raises(AuthError, match="future"):
        check_app_auth(
            header,
            method=method,
            raw_path=path,
            raw_query=query,
            headers=headers,
            body=body,
            credentials=credentials,
            now=signed_at - 1,
        )


@pytest.mark.parametrize(
    "value", ["Bearer emulator-token", "Bearer+emulator-token", "emulator-token", "bearer emulator-token"]
)
def test_the_three_token_spellings_are_accepted(client: Any, value: str) -> None:
    assert client.get(f"{V1}/jobs?offset=0&limit=1", headers={"Authorization": value}).status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": "Bearer "},
        {"Authorization": "Basic ZW11bGF0b3I="},
        {"Authorization": "Bearer+emulator-token2"},
    ],
)
def test_bad_tokens_get_401(client: Any, headers: dict[str, str]) -> None:
    response = client.get(f"{V1}/jobs?offset=0&limit=1", headers=headers)
    assert response.status_code == 401 and response.json()["code"] == 13000101
    assert "emulator-token" not in response.text


def test_a_signed_request_succeeds_with_a_body(client: Any) -> None:
    body = json.dumps({"jobId": "1289250105886769024"}, separators=(",", ":")).encode()
    response = client.post(f"{V1}/cancel", content=body, headers=signed("POST", f"{V1}/cancel", "", body))
    assert response.status_code == 200, response.text
    query = "offset=0&limit=5&status=2"
    assert client.get(f"{V1}/jobs?{query}", headers=signed("GET", f"{V1}/jobs", query)).status_code == 200


def _tamper(headers: dict[str, str], **changes: str) -> dict[str, str]:
    return {**headers, **changes}


@pytest.mark.parametrize(
    "case",
    [
        "other-body",
        "other-query",
        "old-date",
        "future-date",
        "bad-date",
        "other-user",
        "other-app",
        "bad-sig",
        "missing-x-date-in-signed",
        "unsorted-signed",
        "missing-user-header",
        "malformed",
    ],
)
def test_bad_signatures_get_401(client: Any, case: str) -> None:
    body = b'{"jobId":"1289250105886769024"}'
    path = f"{V1}/cancel"
    headers = signed("POST", path, "", body)
    sent_body, url = body, path
    if case == "other-body":
        sent_body = b'{"jobId":"1289250105886769025"}'
    elif case == "other-query":
        url = f"{path}?x=1"
    elif case == "old-date":
        headers = signed("POST", path, "", body, when=time.time() - 1000)
    elif case == "future-date":
        headers = signed("POST", path, "", body, when=time.time() + 120)
    elif case == "bad-date":
        headers = _tamper(headers, **{"X-Date": "2024-09-09T03:33:25Z"})
    elif case == "other-user":
        headers = _tamper(headers, **{"X-User-Id": "1"})
    elif case == "other-app":
        headers["Authorization"] = headers["Authorization"].replace("AppId=emulator-app", "AppId=other")
    elif case == "bad-sig":
        headers["Authorization"] = headers["Authorization"][:-4] + "0000"
    elif case == "missing-x-date-in-signed":
        headers["Authorization"] = headers["Authorization"].replace("host;x-date;x-user-id", "host;x-user-id")
    elif case == "unsorted-signed":
        headers["Authorization"] = headers["Authorization"].replace(
            "host;x-date;x-user-id", "x-date;host;x-user-id"
        )
    elif case == "missing-user-header":
        headers.pop("X-User-Id")
    elif case == "malformed":
        headers["Authorization"] = "HMAC-SHA256 AppId=emulator-app"
    response = client.post(url, content=sent_body, headers=headers)
    assert response.status_code == 401, (case, response.text)
    assert response.json()["code"] == 13000101
    assert "emulator-secret" not in response.text


# ---- the canonical request: the emulator's own reading of the docs, checked on known answers ----


@pytest.mark.parametrize(
    ("raw_path", "expected"),
    [
        ("/koodrive/ose/v1/jobs", "/koodrive/ose/v1/jobs/"),
        ("", "/"),
        ("/a/!$&'()*+,;=:@", "/a/%21%24%26%27%28%29%2A%2B%2C%3B%3D%3A%40/"),  # sub-delims encoded
        ("/a/%7e%7E~", "/a/~~~/"),  # lowercase or uppercase, an encoded unreserved byte is plain
        ("/a%2Fb/c", "/a%2Fb/c/"),  # `%2F` stays inside its segment
        ("/a/./b/../c//d", "/a/c/d/"),
        ("/a/%FF%c3%bc", "/a/%FF%C3%BC/"),
    ],
)
def test_canonical_uri(raw_path: str, expected: str) -> None:
    assert canonical_uri(raw_path) == expected


@pytest.mark.parametrize(
    ("raw_query", "expected"),
    [
        # sorted before encoding, as the client and Huawei's SDK sort: `a0` < `a:` < `limit`
        ("offset=0&limit=1&a0=x&a%3A=y", "a0=x&a%3A=y&limit=1&offset=0"),
        ("k=b&k=a&K=&e", "K=&e=&k=a&k=b"),
        ("q=a+b%20c&t=%7e*", "q=a%20b%20c&t=~%2A"),
    ],
)
def test_canonical_query(raw_query: str, expected: str) -> None:
    assert canonical_query(raw_query) == expected


def _client_signed(method: str, url: str, body: bytes = b"", date: str | None = None) -> dict[str, str]:
    """Headers from the client's signer (koodrive_tasks.auth), a signer the emulator did not write."""
    from koodrive_tasks.auth import sign

    request = httpx.Request(method, f"http://testserver{url}", content=body)
    result = sign(request, app_id="emulator-app", app_secret="emulator-secret", user_id=USER, date=date)
    return {k: v for k, v in result.headers.items() if k != "Host"}


@pytest.mark.parametrize(
    ("url", "status", "code"),
    [
        # query pairs whose order changes once encoded (the emulator used to answer 401)
        (f"{V1}/jobs?offset=0&limit=1&a0=x&a%3A=y", 200, 0),
        (f"{V1}/jobs?offset=0&limit=1&x=%7e&y=%7E&z=~", 200, 0),
        # these reach validation (400 13000102), so the signature was accepted
        (f"{V1}/jobs%7e", 400, 13000102),
        (f"{V1}/!$&'()*+,;=:@", 400, 13000102),
    ],
)
def test_the_clients_signatures_are_accepted(client: Any, url: str, status: int, code: int) -> None:
    response = client.get(url, headers=_client_signed("GET", url))
    assert response.status_code == status, response.text
    assert int(response.json()["code"]) == code


def _x_date(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y%m%dT%H%M%SZ")


def test_x_date_is_checked_against_the_virtual_clock(client: Any, emulator: Any) -> None:
    url = f"{V1}/jobs?offset=0&limit=1"
    emulator.clock.advance(16 * 60)
    virtual = emulator.clock.now_ms() / 1000
    stale = client.get(url, headers=_client_signed("GET", url, date=_x_date(time.time())))
    assert stale.status_code == 401 and "minutes old" in stale.json()["msg"]  # fresh by the wall clock
    ahead = client.get(url, headers=_client_signed("GET", url, date=_x_date(time.time() + 10 * 60)))
    assert ahead.status_code == 200  # in the wall clock's future, in the virtual clock's past
    now = client.get(url, headers=_client_signed("GET", url, date=_x_date(virtual)))
    assert now.status_code == 200
    future = client.get(url, headers=_client_signed("GET", url, date=_x_date(virtual + 120)))
    assert future.status_code == 401 and "future" in future.json()["msg"]


def test_a_token_expires_after_20_idle_minutes_of_the_virtual_clock(client: Any, emulator: Any) -> None:
    url = f"{V1}/jobs?offset=0&limit=1"
    assert client.get(url, headers=TOKEN).status_code == 200
    for _ in range(3):  # each use within 20 minutes slides the window: an hour of use in all
        emulator.clock.advance(19 * 60 + 59)
        assert client.get(url, headers=TOKEN).status_code == 200
    emulator.clock.advance(20 * 60 + 1)
    expired = client.get(url, headers=TOKEN)
    assert expired.status_code == 401 and expired.json()["code"] == 13000101
    assert "expired" in expired.json()["msg"] and "emulator-token" not in expired.text
    assert client.get(url, headers={"Authorization": "Bearer+emulator-token"}).status_code == 401  # for good
    app_auth = client.get(
        url, headers=signed("GET", f"{V1}/jobs", "offset=0&limit=1", when=emulator.clock.now_ms() / 1000)
    )
    assert app_auth.status_code == 200  # app auth has no session
    assert client.post("/_emulator/reset").status_code == 200
    assert client.get(url, headers=TOKEN).status_code == 200  # a reset issues it anew


def _facts(**signing: Any) -> Facts:
    spec = copy.deepcopy(load_spec())
    schemes = spec["components"]["securitySchemes"]
    idle = signing.pop("idleSeconds", None)
    schemes["koodriveAppAuth"]["x-koodrive-signing"].update(signing)
    if idle is not None:
        schemes["koodriveToken"]["x-koodrive-session"]["idleSeconds"] = idle
    return facts_from_spec(spec)


def test_the_verifier_reads_its_facts_from_the_spec() -> None:
    """Each `x-koodrive-signing` / `x-koodrive-session` value, flipped in a copy of the spec."""
    credentials = Credentials()
    path, query = f"{V1}/jobs", "offset=0&limit=1"
    signed_at = 1725852805.0
    headers = {k.lower(): v for k, v in signed("GET", path, query, when=signed_at).items()}

    def check(facts: Facts, now: float, hdrs: dict[str, str] = headers) -> None:
        check_app_auth(
            hdrs["authorization"],
            method="GET",
            raw_path=path,
            raw_query=query,
            headers=hdrs,
            body=b"",
            credentials=credentials,
            now=now,
            facts=facts,
        )

    check(spec_facts(), signed_at + 120)
    with pytest.raises(AuthError, match="old"):
        check(_facts(maxAgeSeconds=60), signed_at + 120)
    with pytest.raises(AuthError, match="future"):
        check(spec_facts(), signed_at - 60)
    check(_facts(allowFuture=True), signed_at - 60)
    with pytest.raises(AuthError, match="must include host"):
        check(
            _facts(requiredSignedHeaders=["host", "x-date", "x-user-id"]),
            signed_at,
            {
                **headers,
                "authorization": headers["authorization"].replace(
                    "host;x-date;x-user-id", "x-date;x-user-id"
                ),
            },
        )
    with pytest.raises(AuthError, match="signing date format"):
        check(_facts(dateFormat="yyyy-MM-dd'T'HH:mm:ss'Z'"), signed_at)
    with pytest.raises(AuthError, match="malformed HMAC-SHA512"):
        check(dataclasses.replace(spec_facts(), algorithm="HMAC-SHA512"), signed_at)
    with pytest.raises(ValueError, match="unsupported algorithm"):
        _facts(algorithm="HMAC-SHA512")
    sessions = TokenSessions()
    check_token(
        "Bearer emulator-token", credentials, now_ms=0, sessions=sessions, facts=_facts(idleSeconds=60)
    )
    with pytest.raises(AuthError, match="expired"):
        check_token(
            "emulator-token", credentials, now_ms=61_000, sessions=sessions, facts=_facts(idleSeconds=60)
        )
    check_token("emulator-token", credentials, now_ms=61_000, sessions=TokenSessions(), facts=spec_facts())
