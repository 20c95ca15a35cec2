from __future__ import annotations

import json

import httpx
import pytest
from koodrive_emulator import RunningEmulator
from koodrive_tasks import (
    APIError,
    AuthenticationError,
    BadRequestError,
    JobType,
    KooDrive,
    NotFoundError,
    RateLimitError,
    ResponseFormatError,
    TokenAuth,
)
from koodrive_tasks._errors import error_body, status_error

from .conftest import example, generated


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("errors/invalid-parameter.json", "400"),
        ("errors/not-found.json", "400"),
        ("errors/unauthorized.json", "401"),
        ("errors/internal.json", "500"),
    ],
)
def test_q33_error_body_on_every_operation(name: str, status: str) -> None:
    body = example(name, status)
    assert (
        generated("getTask", body, int(status)).code == body["code"]
    )  # every operation declares {code, msg}
    error = status_error(int(status), json.dumps(body).encode(), "t" * 58)
    assert isinstance(error, APIError) and error.code == body["code"] and error.msg == body["msg"]


def test_q36_cancel_of_a_finished_job_changes_nothing(emulator: RunningEmulator) -> None:
    """No page says what cancelling a finished job answers: the emulator assumes 0 and changes nothing."""
    with KooDrive(emulator.base_url, TokenAuth("emulator-token")) as client:
        job_id = client.jobs.create(
            JobType.DELETE, src_container_id="c", dst_container_id="c", file_ids=["f"]
        )
        done = client.jobs.wait(job_id, poll_interval=0.001)
        assert client.jobs.cancel(job_id) is None
        assert client.jobs.get(job_id).job.status == done.job.status
    state = httpx.get(f"{emulator.base_url}/_emulator/state").json()
    assert state["assumptionsAccepted"]["cancelJob job already finished"] == 1
    # should the real service refuse it, the 400 is a BadRequestError like any refusal
    refused = status_error(400, b'{"code": 13000102, "msg": "Verify parameters failed."}', None)
    assert isinstance(refused, BadRequestError) and not isinstance(refused, NotFoundError)
    assert refused.code == 13000102


def test_q37_unauthorized_by_status_not_code() -> None:
    for body in ({"code": 13000101, "msg": "x"}, {"code": 99999999, "msg": "x"}, {}):
        assert isinstance(status_error(401, json.dumps(body).encode(), None), AuthenticationError)


def test_q38_apig_error_body_parsed() -> None:
    content = b'{"error_code": "13000102", "error_msg": "Verify parameters failed."}'
    assert error_body(content)[:2] == (13000102, "Verify parameters failed.")
    error = status_error(400, content, None)
    assert isinstance(error, BadRequestError) and error.msg == "Verify parameters failed."
    assert error.code == 13000102 and error.raw_code == "13000102"
    gateway = b'{"error_code": "APIGW.0301", "error_msg": "Incorrect IAM authentication information"}'
    error = status_error(400, gateway, None)
    assert isinstance(error, BadRequestError) and error.code is None and error.raw_code == "APIGW.0301"
    assert "APIGW.0301" in str(error)
    # a 200 carrying the gateway body is the same typed error, not a ResponseFormatError
    http = httpx.Client(
        base_url="https://kd.test",
        transport=httpx.MockTransport(lambda r: httpx.Response(200, content=gateway)),
    )
    with (
        KooDrive("https://kd.test", TokenAuth("t"), http_client=http) as client,
        pytest.raises(APIError) as caught,
    ):
        client.jobs.list()
    assert not isinstance(caught.value, ResponseFormatError) and caught.value.raw_code == "APIGW.0301"


def test_q44_auth_failure_is_401_not_400(emulator: RunningEmulator) -> None:
    response = httpx.get(
        f"{emulator.base_url}/koodrive/ose/v1/jobs?offset=0&limit=1", headers={"Authorization": "Bearer no"}
    )
    assert response.status_code == 401
    with KooDrive(emulator.base_url, TokenAuth("no")) as client, pytest.raises(AuthenticationError):
        client.jobs.list()


def test_q65_a_throttled_create_is_sent_again_a_refused_one_is_not() -> None:
    throttled = {"error_code": "APIGW.0308", "error_msg": "The throttling threshold has been reached"}
    for first, retried in (
        (httpx.Response(429, json=throttled), True),
        (httpx.Response(400, json={"code": 13000102, "msg": "x"}), False),
    ):
        sent: list[httpx.Request] = []

        def answer(
            request: httpx.Request, first: httpx.Response = first, sent: list[httpx.Request] = sent
        ) -> httpx.Response:
            sent.append(request)
            return (
                first
                if len(sent) == 1
                else httpx.Response(200, json={"code": 0, "data": "1309243162258308352"})
            )

        http = httpx.Client(base_url="https://kd.test", transport=httpx.MockTransport(answer))
        with KooDrive("https://kd.test", TokenAuth("t"), http_client=http) as client:
            try:
                client.jobs.create(1, src_container_id="S", dst_container_id="D", file_ids=["F"])
            except APIError as error:
                assert not retried and not isinstance(error, RateLimitError)
        assert len(sent) == (2 if retried else 1)


def test_q65_the_emulators_throttle_processes_nothing(emulator: RunningEmulator) -> None:
    def count() -> int:
        with KooDrive(emulator.base_url, TokenAuth("emulator-token")) as client:
            return sum(1 for _ in client.jobs.iter())

    before = count()
    httpx.post(f"{emulator.base_url}/_emulator/config", json={"faults": {"apigRate": 1.0}}).raise_for_status()
    with (
        KooDrive(emulator.base_url, TokenAuth("emulator-token"), max_retries=0) as client,
        pytest.raises(RateLimitError) as e,
    ):
        client.jobs.create(1, src_container_id="S", dst_container_id="D", file_ids=["F"])
    assert e.value.status_code == 429 and e.value.raw_code == "APIGW.0308"
    httpx.post(f"{emulator.base_url}/_emulator/config", json={"faults": {"apigRate": 0.0}}).raise_for_status()
    assert count() == before
