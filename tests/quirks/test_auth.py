from __future__ import annotations

import hashlib

import httpx
import pytest
from koodrive_tasks import AppAuth, KooDrive, TokenAuth
from koodrive_tasks._auth import canonical_request, sign_request

VECTOR = {
    "app_id": "a378331eca141163119eb602adb67b7802cc79cd33ba44c7d2fe61d1586c96a1",
    "app_secret": "test-app-secret-0123456789",
    "user_id": "1505084218764547200",
    "date": "20240909T033325Z",
}
HOST = "https://intl.myhuaweicloud-koodrive.com"


def sent(
    auth: TokenAuth | AppAuth, method: str = "GET", path: str = "/koodrive/ose/v1/jobs?offset=0&limit=10"
) -> httpx.Request:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"code": 0, "data": []})

    http = httpx.Client(base_url=HOST, transport=httpx.MockTransport(handler))
    with KooDrive(HOST, auth, http_client=http) as client:
        client.jobs.list(offset=0, limit=10)
    return seen[0]


@pytest.mark.parametrize(
    ("method", "url", "body", "canonical_hash", "signature"),
    [
        (
            "GET",
            f"{HOST}/koodrive/ose/v1/jobs?offset=0&limit=10",
            b"",
            "3ad5d67d9f35855d746f02f8e8c8427567bfbecea810fee7c7411d1290d8a60f",
            "4b7dafde3824988cf5ea9e49fe7cb7be2c60cd40ded07f68051942b4aaa478da",
        ),
        (
            "POST",
            f"{HOST}/koodrive/ose/v1/cancel",
            b'{"jobId":"1289250105886769024"}',
            "1fe6e9bfcd3f6d175b7bbd48b37995b6f37a2fc16df7cabe20ac7894256570bd",
            "6d07845896245520617351caae099be0b9ccee4f23c3a5907ac10ed3904dbf2c",
        ),
    ],
)
def test_q27_token_scheme_variants_and_app_auth(
    method: str, url: str, body: bytes, canonical_hash: str, signature: str
) -> None:
    signed = sign_request(method, url, body, **VECTOR)
    assert hashlib.sha256(signed.canonical_request.encode()).hexdigest() == canonical_hash
    assert signed.headers["Authorization"] == (
        f"HMAC-SHA256 AppId={VECTOR['app_id']},SignedHeaders=host;x-date;x-user-id,Signature={signature}"
    )
    assert sent(TokenAuth("t", scheme="Bearer+")).headers["Authorization"] == "Bearer+t"
    assert sent(TokenAuth("t")).headers["Authorization"] == "Bearer t"


def test_q28_authorization_always_sent() -> None:
    assert sent(TokenAuth("t")).headers["Authorization"]  # the table marks it optional on /task/list
    assert sent(AppAuth("a", "s", "1")).headers["Authorization"].startswith("HMAC-SHA256 AppId=a,")


def test_q29_host_signed_not_a_parameter() -> None:
    request = sent(AppAuth("a", "s", "1"))
    assert request.headers["Host"] == "intl.myhuaweicloud-koodrive.com"
    assert "SignedHeaders=host;x-date;x-user-id" in request.headers["Authorization"]
    canonical = canonical_request(
        "GET",
        "/x",
        "",
        {"host": "h:8443", "x-date": "d", "x-user-id": "u"},
        ("host", "x-date", "x-user-id"),
        b"",
    )
    assert "host:h:8443\n" in canonical


def test_q30_x_date_computed_per_request() -> None:
    first, second = sent(AppAuth("a", "s", "1")), sent(TokenAuth("t"))
    for request in (first, second):
        date = request.headers["X-Date"]
        assert len(date) == 16 and date[8] == "T" and date.endswith("Z") and date[:8].isdigit()


def test_q31_trace_id_58_characters() -> None:
    ids = {sent(TokenAuth("t")).headers["X-Traceid"] for _ in range(3)}
    assert len(ids) == 3 and all(len(i) == 58 and i.isalnum() for i in ids)


def test_q39_string_to_sign_has_no_date_line() -> None:
    """The documented signature (two-line StringToSign) differs from the APIG one (with a date line)."""
    signed = sign_request("GET", f"{HOST}/koodrive/ose/v1/jobs?offset=0&limit=10", b"", **VECTOR)
    assert signed.headers["Authorization"].endswith(
        "4b7dafde3824988cf5ea9e49fe7cb7be2c60cd40ded07f68051942b4aaa478da"
    )
    other_date = sign_request(
        "GET", f"{HOST}/koodrive/ose/v1/jobs?offset=0&limit=10", b"", **{**VECTOR, "date": "20240909T033326Z"}
    )
    assert (
        other_date.headers["Authorization"] != signed.headers["Authorization"]
    )  # the date is bound via x-date
