from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from koodrive_cli.main import app
from koodrive_emulator import RunningEmulator
from koodrive_tasks import AppAuth, AuthenticationError, KooDrive, TokenAuth
from koodrive_tasks.auth import (
    SPEC_PATH,
    SigningFacts,
    canonical_query,
    canonical_request,
    canonical_uri,
    sign,
)
from typer.testing import CliRunner

VECTOR = {
    "app_id": "a378331eca141163119eb602adb67b7802cc79cd33ba44c7d2fe61d1586c96a1",
    "app_secret": "test-app-secret-0123456789",
    "user_id": "1505084218764547200",
    "date": "20240909T033325Z",
}
HOST = "https://intl.myhuaweicloud-koodrive.com"
JOBS = f"{HOST}/koodrive/ose/v1/jobs?offset=0&limit=10"


def sent(auth: TokenAuth | AppAuth) -> httpx.Request:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"code": 0, "data": []})

    http = httpx.Client(base_url=HOST, transport=httpx.MockTransport(handler))
    with KooDrive(HOST, auth, http_client=http) as client:
        client.jobs.list(offset=0, limit=10)
    return seen[0]


def signed(method: str, url: str, body: bytes = b"", **changes: str) -> Any:
    return sign(httpx.Request(method, url, content=body), **{**VECTOR, **changes})


@pytest.mark.parametrize(
    ("method", "url", "body", "canonical_hash", "signature"),
    [
        (
            "GET",
            JOBS,
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
    result = signed(method, url, body)
    assert hashlib.sha256(result.canonical_request.encode()).hexdigest() == canonical_hash
    assert result.headers["Authorization"] == (
        f"HMAC-SHA256 AppId={VECTOR['app_id']},SignedHeaders=host;x-date;x-user-id,Signature={signature}"
    )
    assert sent(TokenAuth("t", scheme="Bearer+")).headers["Authorization"] == "Bearer+t"
    assert sent(TokenAuth("t", scheme="")).headers["Authorization"] == "t"
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
    # A default port is not part of the Host httpx sends, so it is not signed either.
    assert signed("GET", "https://h:443/x").headers["Host"] == "h"
    assert "\nhost:h:8443\n" in signed("GET", "https://h:8443/x").canonical_request


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
    result = signed("GET", JOBS)
    assert result.headers["Authorization"].endswith(
        "4b7dafde3824988cf5ea9e49fe7cb7be2c60cd40ded07f68051942b4aaa478da"
    )
    other_date = signed("GET", JOBS, date="20240909T033326Z")
    assert other_date.headers["Authorization"] != result.headers["Authorization"]  # bound via x-date


@pytest.mark.parametrize(
    ("raw_path", "expected"),
    [
        ("/koodrive/ose/v1/jobs", "/koodrive/ose/v1/jobs/"),
        ("", "/"),
        ("/", "/"),
        # RFC 3986 sub-delims and `:` `@` are percent-encoded in a segment, as Huawei's SDK does.
        ("/a/!$&'()*+,;=:@", "/a/%21%24%26%27%28%29%2A%2B%2C%3B%3D%3A%40/"),
        ("/a/%21%24", "/a/%21%24/"),  # already encoded: decoded, then encoded the same way
        ("/a/%7e~%7E", "/a/~~~/"),  # unreserved stays (or becomes) plain, whatever its case
        ("/a/%c3%bc%20b", "/a/%C3%BC%20b/"),  # uppercase hex
        ("/a%2Fb/c", "/a%2Fb/c/"),  # an encoded slash stays inside its segment (the docs)
        ("/a/./b/../c", "/a/c/"),  # dot segments resolved (the docs: normalise per RFC 3986)
        ("/a/%2E%2E/c", "/c/"),  # encoded dots are dots
        ("/a//b/", "/a/b/"),  # redundant empty segments dropped
        ("/../a", "/a/"),
        ("/a/%FF", "/a/%FF/"),  # not UTF-8: the bytes are kept, not replaced
    ],
)
def test_canonical_uri_encodes_each_segment(raw_path: str, expected: str) -> None:
    assert canonical_uri(raw_path) == expected


@pytest.mark.parametrize(
    ("raw_query", "expected"),
    [
        ("offset=0&limit=10", "limit=10&offset=0"),
        # sorted by decoded name: `a0` before `a:` (0x30 < 0x3A), though `%3A` < `0` once encoded
        ("offset=0&limit=1&a0=x&a%3A=y", "a0=x&a%3A=y&limit=1&offset=0"),
        ("b=2&B=1&a=", "B=1&a=&b=2"),  # character-code order; an empty value keeps its `=`
        ("k=2&k=10&k=", "k=&k=10&k=2"),  # repeated names by value
        ("q=a+b&r=%2B&s=%7e&t=*", "q=a%20b&r=%2B&s=~&t=%2A"),  # `+` is a space; `%20`, never `+`
        ("flag&&=", "=&flag="),
        ("", ""),
    ],
)
def test_canonical_query_sorts_decoded_pairs(raw_query: str, expected: str) -> None:
    assert canonical_query(raw_query) == expected


def test_app_auth_and_cli_sign_are_one_signer() -> None:
    """What `koodrive-tasks sign` prints is what `AppAuth` sends, for a path that needs encoding."""
    url = "https://h:443/koodrive/ose/v1/a b/!$'()*+,;=:@/./x?offset=0&limit=1&a0=x&a%3A=y"
    auth = AppAuth(VECTOR["app_id"], VECTOR["app_secret"], VECTOR["user_id"])
    request = httpx.Request("GET", url)
    flow = auth.auth_flow(request)
    via_auth = next(flow)
    printed = CliRunner().invoke(
        app,
        ["--json", "sign", "GET", url, "--date", via_auth.headers["X-Date"]],
        env={
            "KOODRIVE_APP_ID": VECTOR["app_id"],
            "KOODRIVE_APP_SECRET": VECTOR["app_secret"],
            "KOODRIVE_USER_ID": VECTOR["user_id"],
        },
    )
    assert printed.exit_code == 0, printed.output
    out = yaml.safe_load(printed.stdout)  # JSON is YAML
    assert out["headers"]["Host"] == "h"  # no default `:443`
    assert out["headers"]["Authorization"] == via_auth.headers["Authorization"]
    uri = out["canonical_request"].split("\n")[1]
    assert uri == "/koodrive/ose/v1/a%20b/%21%24%27%28%29%2A%2B%2C%3B%3D%3A%40/x/"
    env = {"KOODRIVE_APP_ID": "a", "KOODRIVE_APP_SECRET": "s", "KOODRIVE_USER_ID": "1"}
    for bad in ("not a url", "ftp://h/x", "https://"):
        refused = CliRunner().invoke(app, ["sign", "GET", bad], env=env)
        assert refused.exit_code == 2 and "usage error" in refused.stderr, bad


def _spec_copy(tmp_path: Path, **changes: Any) -> Path:
    spec = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    spec["components"]["securitySchemes"]["koodriveAppAuth"]["x-koodrive-signing"].update(changes)
    path = tmp_path / f"spec-{len(list(tmp_path.iterdir()))}.yaml"  # SigningFacts.load caches per path
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    return path


def test_signing_facts_are_read_from_the_spec(tmp_path: Path) -> None:
    """Flipping `x-koodrive-signing` in a copy of the spec changes what AppAuth sends."""
    shipped = SigningFacts.load()
    assert (shipped.algorithm, shipped.signed_headers, shipped.strftime) == (
        "HMAC-SHA256",
        ("host", "x-date", "x-user-id"),
        "%Y%m%dT%H%M%SZ",
    )
    facts = SigningFacts.load(
        _spec_copy(tmp_path, signedHeaders=["x-date", "x-user-id"], dateFormat="yyyy-MM-dd'T'HH:mm:ss'Z'")
    )
    request = sent(AppAuth("a", "s", "1", facts=facts))
    assert "SignedHeaders=x-date;x-user-id," in request.headers["Authorization"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", request.headers["X-Date"])
    result = sign(httpx.Request("GET", JOBS), **VECTOR, facts=facts)
    assert "\nhost:" not in result.canonical_request
    assert result.headers["Authorization"] != signed("GET", JOBS).headers["Authorization"]
    with pytest.raises(ValueError, match="unsupported signing algorithm"):
        SigningFacts.load(_spec_copy(tmp_path, algorithm="HMAC-MD5"))
    with pytest.raises(ValueError, match="unsupported date pattern"):
        SigningFacts.load(_spec_copy(tmp_path, dateFormat="yyyyMMdd'T'HHmmssX"))


def test_an_expired_token_is_an_authentication_error(emulator: RunningEmulator) -> None:
    """The emulator expires a token after 20 idle minutes of its virtual clock (sliding)."""
    with KooDrive(emulator.base_url, TokenAuth("emulator-token")) as client:
        client.jobs.list(offset=0, limit=1)
        emulator.emulator.clock.advance(19 * 60)
        client.jobs.list(offset=0, limit=1)  # a use within the window slides it
        emulator.emulator.clock.advance(19 * 60)
        client.jobs.list(offset=0, limit=1)
        emulator.emulator.clock.advance(20 * 60 + 1)
        with pytest.raises(AuthenticationError) as caught:
            client.jobs.list(offset=0, limit=1)
    assert caught.value.status_code == 401 and caught.value.code == 13000101
    assert "emulator-token" not in str(caught.value)


def test_the_shipped_signing_facts_are_the_specs() -> None:
    """The core package signs with facts baked in by `make generate` (no YAML parser at run time):
    they must be exactly what the spec's `x-koodrive-signing` says."""
    assert SigningFacts.load() == SigningFacts.load(SPEC_PATH)
