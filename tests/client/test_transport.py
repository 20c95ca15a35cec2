"""Retries, headers and error mapping, against httpx.MockTransport (no server, no sleeping)."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest
from koodrive_tasks import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AppAuth,
    AuthenticationError,
    BadRequestError,
    KooDrive,
    NotFoundError,
    ResponseFormatError,
    ServerError,
    TokenAuth,
)
from koodrive_tasks._retries import retry_after, should_retry

JOB = {"taskId": "1309243162258308352", "taskType": 1, "status": 2, "taskResultCode": 1}
DETAIL = {"code": 0, "msg": "OK", "data": {"jobInfo": JOB, "taskInfos": []}}
Handler = Callable[[httpx.Request], httpx.Response]


def client_with(handler: Handler, *, auth: TokenAuth | AppAuth | None = None, retries: int = 2) -> KooDrive:
    http = httpx.Client(base_url="https://kd.test", transport=httpx.MockTransport(handler))
    return KooDrive(
        "https://kd.test", auth or TokenAuth("secret-token"), max_retries=retries, http_client=http
    )


def scripted(*responses: httpx.Response | Exception) -> tuple[Handler, list[httpx.Request]]:
    seen: list[httpx.Request] = []
    queue = list(responses)

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        item = queue.pop(0)
        if isinstance(item, Exception):
            raise item
        return item

    return handler, seen


def ok(body: object = DETAIL) -> httpx.Response:
    return httpx.Response(200, json=body)


def test_reads_retry_on_5xx_with_fresh_date_and_trace_id_each_attempt(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dates = iter(["20250101T000000Z", "20250101T000001Z", "20250101T000002Z"])
    monkeypatch.setattr("koodrive_tasks._credentials.now_x_date", lambda: next(dates))
    handler, seen = scripted(
        httpx.Response(500, json={"code": 13000201, "msg": "x"}), httpx.Response(503), ok()
    )
    with client_with(handler, auth=AppAuth("app", "app-secret", "1505084218764547200")) as client:
        assert client.jobs.get("1309243162258308352").job.id == "1309243162258308352"
    assert len(seen) == 3
    assert len({r.headers["X-Date"] for r in seen}) == 3
    assert len({r.headers["Authorization"] for r in seen}) == 3
    assert len({r.headers["X-Traceid"] for r in seen}) == 3
    assert all(
        len(r.headers["X-Traceid"]) == 58 and r.headers["X-User-Id"] == "1505084218764547200" for r in seen
    )


def test_a_trace_id_the_caller_sets_is_kept_on_every_attempt() -> None:
    handler, seen = scripted(httpx.Response(502), ok())
    with client_with(handler) as client:
        client.jobs.get("1309243162258308352", trace_id="T" * 58)
    assert [r.headers["X-Traceid"] for r in seen] == ["T" * 58] * 2


def test_reads_give_up_after_max_retries_with_a_server_error() -> None:
    handler, seen = scripted(*[httpx.Response(500, json={"code": 13000201, "msg": "inner"})] * 3)
    with client_with(handler, retries=2) as client, pytest.raises(ServerError) as caught:
        client.jobs.list()
    assert len(seen) == 3
    assert caught.value.code == 13000201 and caught.value.msg == "inner" and caught.value.status_code == 500


def test_creates_are_not_retried_once_the_request_may_have_arrived() -> None:
    handler, seen = scripted(httpx.Response(500), ok({"code": 0, "data": "1"}))
    with client_with(handler) as client, pytest.raises(ServerError):
        client.jobs.create(1, src_container_id="a", dst_container_id="b", file_ids=["f"])
    assert len(seen) == 1
    handler, seen = scripted(httpx.ReadTimeout("slow"), ok({"code": 0, "data": "1"}))
    with client_with(handler) as client, pytest.raises(APITimeoutError):
        client.jobs.cancel("1309243162258308352")
    assert len(seen) == 1


def test_creates_are_retried_when_the_connection_was_never_made() -> None:
    handler, seen = scripted(
        httpx.ConnectError("refused"), ok({"code": 0, "msg": "success", "data": "1309243162258308352"})
    )
    with client_with(handler) as client:
        assert (
            client.jobs.create(1, src_container_id="a", dst_container_id="b", file_ids=["f"])
            == "1309243162258308352"
        )
    assert len(seen) == 2


def test_share_task_query_is_retried_like_a_read() -> None:
    body = {"code": 0, "jobInfo": {"taskId": "1521827471237047552", "taskStatus": 1}, "taskInfos": []}
    handler, seen = scripted(
        httpx.Response(429, headers={"Retry-After": "1"}), httpx.RemoteProtocolError("cut"), ok(body)
    )
    with client_with(handler) as client:
        assert client.share_tasks.get("1521827471237047552", "s").status == 1
    assert len(seen) == 3 and all(r.method == "POST" for r in seen)


def test_retry_after_is_honoured_as_the_wait() -> None:
    error = APIError("busy", status_code=429)
    error.retry_after = 3.0
    assert should_retry(True, None)(error) == 3.0
    assert should_retry(False, None)(error) is False
    assert retry_after("7") == 7.0 and retry_after("100000") == 60.0 and retry_after("soon") is None


def test_connection_failure_after_retries_is_an_api_connection_error() -> None:
    handler, seen = scripted(*[httpx.ConnectError("refused")] * 3)
    with client_with(handler) as client, pytest.raises(APIConnectionError) as caught:
        client.tasks.get("1534087020903704704")
    assert len(seen) == 3 and not isinstance(caught.value, APITimeoutError)


@pytest.mark.parametrize(
    ("status", "body", "error", "code"),
    [
        (400, {"code": 13000102, "msg": "Verify parameters failed."}, BadRequestError, 13000102),
        (400, {"code": "13000309", "msg": "Resource does not exist"}, NotFoundError, 13000309),
        (401, {"code": 13000101, "msg": "Authentication failed."}, AuthenticationError, 13000101),
        (499, {"code": 1, "msg": "client closed"}, BadRequestError, 1),
        (520, b"<html>origin error</html>", ServerError, None),
        (
            400,
            {"error_code": "APIGW.0301", "error_msg": "Incorrect IAM authentication information"},
            BadRequestError,
            None,
        ),
    ],
)
def test_error_statuses_map_to_typed_errors(
    status: int, body: object, error: type[APIError], code: int | None
) -> None:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    handler, _ = scripted(*[httpx.Response(status, content=content)] * 3)
    with client_with(handler, retries=0) as client, pytest.raises(error) as caught:
        client.jobs.get("1309243162258308352")
    assert caught.value.status_code == status and caught.value.code == code
    assert caught.value.trace_id and len(caught.value.trace_id) == 58
    assert f"HTTP {status}" in str(caught.value)


def test_a_200_with_a_non_zero_code_is_an_error() -> None:
    handler, _ = scripted(ok({"code": "13000311", "msg": "Insufficient space"}))
    with client_with(handler) as client, pytest.raises(APIError) as caught:
        client.jobs.create(1, src_container_id="a", dst_container_id="b", file_ids=["f"])
    assert (
        caught.value.status_code == 200
        and caught.value.code == 13000311
        and caught.value.msg == "Insufficient space"
    )


@pytest.mark.parametrize(
    "content",
    [
        b"not json",
        b'{"code": 0, "data": {"jobInfo"',
        b"[1, 2]",
        b'{"code": 0, "data": {"jobInfo": {}}}',
    ],
)
def test_unparsable_bodies_are_response_format_errors_never_wrong_data(content: bytes) -> None:
    handler, _ = scripted(*[httpx.Response(200, content=content)] * 3)
    with client_with(handler, retries=0) as client, pytest.raises(ResponseFormatError):
        client.jobs.get("1309243162258308352")


def test_a_200_with_a_code_that_is_no_number_is_an_api_error_that_keeps_the_code() -> None:
    """Q38: `{"code": "zero"}` or the gateway's `APIGW.0301` say the call failed; the code stays
    readable as `raw_code` (`code` is int | None and stays None)."""
    for body, raw in (
        ({"code": "zero"}, "zero"),
        ({"error_code": "APIGW.0301", "error_msg": "IAM"}, "APIGW.0301"),
    ):
        handler, _ = scripted(ok(body))
        with client_with(handler, retries=0) as client, pytest.raises(APIError) as caught:
            client.jobs.get("1309243162258308352")
        assert not isinstance(caught.value, ResponseFormatError)
        assert caught.value.code is None and caught.value.raw_code == raw and raw in str(caught.value)


def test_secrets_never_appear_in_reprs_or_errors() -> None:
    handler, _ = scripted(httpx.Response(401, json={"code": 13000101, "msg": "Authentication failed."}))
    token_client = client_with(handler, auth=TokenAuth("tok-SECRET-123"), retries=0)
    app_auth = AppAuth("app", "app-SECRET-456", "1")
    with pytest.raises(AuthenticationError) as caught:
        token_client.jobs.list()
    texts = [
        repr(token_client),
        repr(app_auth),
        str(caught.value),
        repr(caught.value),
        repr(token_client.jobs),
    ]
    assert not any("SECRET" in text for text in texts)


@pytest.mark.parametrize(
    ("scheme", "header"), [("Bearer ", "Bearer t0k"), ("Bearer+", "Bearer+t0k"), ("", "t0k")]
)
def test_token_schemes(scheme: str, header: str) -> None:
    handler, seen = scripted(ok())
    with client_with(handler, auth=TokenAuth("t0k", user_id="42", scheme=scheme)) as client:
        client.jobs.get("1309243162258308352")
    assert seen[0].headers["Authorization"] == header and seen[0].headers["X-User-Id"] == "42"
    assert len(seen[0].headers["X-Date"]) == 16


def test_timeouts_are_on_by_default() -> None:
    client = KooDrive("https://kd.test", TokenAuth("t"))
    assert client._sender.http.timeout.read == 30.0 and client._sender.http.timeout.connect == 5.0
    client.close()


def test_from_env_picks_the_auth_scheme() -> None:
    env = {
        "KOODRIVE_BASE_URL": "https://kd.test",
        "KOODRIVE_APP_ID": "a",
        "KOODRIVE_APP_SECRET": "s",
        "KOODRIVE_USER_ID": "1",
    }
    with KooDrive.from_env(env) as client:
        assert isinstance(client._sender.auth, AppAuth) and client._sender.base_url == "https://kd.test"
    with KooDrive.from_env({"KOODRIVE_TOKEN": "t"}) as client:
        assert isinstance(client._sender.auth, TokenAuth)
        assert client._sender.base_url == "https://intl.myhuaweicloud-koodrive.com"
    with pytest.raises(ValueError, match="KOODRIVE_TOKEN"):
        KooDrive.from_env({})


def test_a_given_http_client_is_closed_by_the_client_as_its_own_ones_are() -> None:
    """`with` closes the http client it was given (openai-python's rule; issue 19)."""
    http = httpx.Client(base_url="https://kd.test", transport=httpx.MockTransport(lambda r: ok()))
    with KooDrive("https://kd.test", TokenAuth("t"), http_client=http):
        assert not http.is_closed
    assert http.is_closed
    client = KooDrive("https://kd.test", TokenAuth("t"))
    client.close()
    assert client._sender.http.is_closed


def test_a_cursor_that_never_ends_is_a_koodrive_error() -> None:
    from koodrive_tasks import KooDriveError
    from koodrive_tasks._paging import StuckCursorError

    assert issubclass(StuckCursorError, KooDriveError)
