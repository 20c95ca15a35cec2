"""Rate-limit mode (issue 24 item 4): the API gateway's throttle per credential, 429 with
Retry-After and the gateway's `{error_code, error_msg}` (Q65), on the virtual clock."""

from __future__ import annotations

from typing import Any

import pytest
from koodrive_emulator import EmulatorConfig, RateLimit, create_app
from koodrive_emulator.__main__ import banner
from koodrive_emulator.server import parse_args
from koodrive_generated.facts import THROTTLE_CODES
from starlette.testclient import TestClient

from .conftest import COPY_JOB, TOKEN, V1, post_json, signed

PAGE = f"{V1}/jobs?offset=0&limit=1"


def limit(emulator: Any, rate: float, burst: int = 0) -> None:
    emulator.configure({"clock": {"frozen": True}, "rateLimit": {"requestsPerSecond": rate, "burst": burst}})


def test_off_by_default(client: Any, emulator: Any) -> None:
    assert emulator.config.as_json()["rateLimit"] == {"requestsPerSecond": 0.0, "burst": 0}
    emulator.configure({"clock": {"frozen": True}})
    assert {client.get(PAGE, headers=TOKEN).status_code for _ in range(50)} == {200}


def test_past_the_rate_a_429_with_retry_after_and_the_gateways_body(client: Any, emulator: Any) -> None:
    limit(emulator, 5)
    assert [client.get(PAGE, headers=TOKEN).status_code for _ in range(5)] == [200] * 5
    refused = client.get(PAGE, headers=TOKEN)
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "1"
    body = refused.json()
    assert body["error_code"] == THROTTLE_CODES[0] and "throttling threshold" in body["error_msg"]
    assert "limit:5," in body["error_msg"]
    emulator.advance_clock(0.2)  # one fifth of a second: one request's worth
    assert client.get(PAGE, headers=TOKEN).status_code == 200
    assert client.get(PAGE, headers=TOKEN).status_code == 429
    emulator.advance_clock(10)  # a full bucket holds one second's worth, not more
    assert [client.get(PAGE, headers=TOKEN).status_code for _ in range(6)] == [200] * 5 + [429]


def test_retry_after_is_the_wait_for_the_next_request_in_whole_seconds(client: Any, emulator: Any) -> None:
    limit(emulator, 0.25, burst=2)  # one request every 4 s, two at once
    assert [client.get(PAGE, headers=TOKEN).status_code for _ in range(2)] == [200, 200]
    assert client.get(PAGE, headers=TOKEN).headers["retry-after"] == "4"
    emulator.advance_clock(2.5)
    assert client.get(PAGE, headers=TOKEN).headers["retry-after"] == "2"
    emulator.advance_clock(1.5)
    assert client.get(PAGE, headers=TOKEN).status_code == 200


def test_a_throttled_create_changes_nothing(client: Any, emulator: Any) -> None:
    limit(emulator, 1)
    assert post_json(client, f"{V1}/jobs", COPY_JOB).status_code == 200
    before = emulator.snapshot()
    refused = post_json(client, f"{V1}/jobs", COPY_JOB)
    assert refused.status_code == 429 and emulator.snapshot() == before


def test_each_credential_has_its_own_bucket(client: Any, emulator: Any) -> None:
    limit(emulator, 1)
    assert client.get(PAGE, headers=TOKEN).status_code == 200
    assert client.get(PAGE, headers=TOKEN).status_code == 429
    app_auth = signed("GET", f"{V1}/jobs", "offset=0&limit=1")
    assert client.get(PAGE, headers=app_auth).status_code == 200  # app auth: another credential
    assert client.get(PAGE, headers=signed("GET", f"{V1}/jobs", "offset=0&limit=1")).status_code == 429


def test_a_client_chosen_user_id_does_not_evade_the_limit_or_add_buckets(client: Any, emulator: Any) -> None:
    # The bucket is the credential's (the token's tenant), not the X-User-Id the client sends: a
    # caller varying it stays throttled, and the limiter keeps no bucket per value it made up.
    limit(emulator, 1)
    assert client.get(PAGE, headers=TOKEN).status_code == 200
    statuses = {
        client.get(PAGE, headers={**TOKEN, "X-User-Id": f"13976872272445550{i:02d}"}).status_code
        for i in range(40)
    }
    assert statuses == {429}
    limiter = client.app.dispatcher.rate_limiter
    assert len(limiter._buckets) == 1


def test_the_bucket_map_is_bounded() -> None:
    from koodrive_emulator.middleware import MAX_BUCKETS, RateLimiter

    emulator = create_app(EmulatorConfig(rate_limit=RateLimit(1))).state.emulator
    limiter = RateLimiter(emulator)
    limiter.take("token")
    for i in range(3 * MAX_BUCKETS):
        limiter._keep(f"other:{i}", 0.0, 0)
        assert len(limiter._buckets) <= MAX_BUCKETS


def test_refused_authentication_takes_nothing_from_the_bucket(client: Any, emulator: Any) -> None:
    limit(emulator, 1)
    wrong = {"Authorization": "Bearer wrong"}
    assert {client.get(PAGE, headers=wrong).status_code for _ in range(5)} == {401}
    assert client.get(PAGE, headers=TOKEN).status_code == 200


def test_a_new_configuration_starts_the_buckets_again(client: Any, emulator: Any) -> None:
    limit(emulator, 1)
    client.get(PAGE, headers=TOKEN)
    assert client.get(PAGE, headers=TOKEN).status_code == 429
    limit(emulator, 2)
    assert [client.get(PAGE, headers=TOKEN).status_code for _ in range(3)] == [200, 200, 429]
    emulator.configure({"rateLimit": {"requestsPerSecond": 0}})
    assert client.get(PAGE, headers=TOKEN).status_code == 200


@pytest.mark.parametrize(
    "bad",
    [
        {"requestsPerSecond": -1},
        {"requestsPerSecond": "5"},
        {"requestsPerSecond": 1e9},
        {"requestsPerSecond": 5e-324},  # a denormal: 1 / rate overflowed into a 500
        {"requestsPerSecond": 1e-300},  # a Retry-After of 10^300 seconds
        {"requestsPerSecond": 0.0009},
        {"requestsPerSecond": False},
        {"burst": 1.5},
        {"burst": -1},
        {"perMinute": 5},
        [],
    ],
)
def test_a_bad_rate_limit_is_a_400_and_changes_nothing(client: Any, bad: Any) -> None:
    before = client.get("/_emulator/config").json()
    answer = client.post("/_emulator/config", json={"rateLimit": bad})
    assert answer.status_code == 400 and answer.json()["code"] == 13000102
    assert "rateLimit" in answer.json()["msg"]
    assert client.get("/_emulator/config").json() == before


@pytest.mark.parametrize("rate", [5e-324, 1e-300, 1e-9])
def test_retry_after_stays_a_finite_day_at_most_whatever_the_rate(rate: float) -> None:
    # A configuration built in Python skips the admin schema: the answer is still a 429 whose
    # Retry-After is whole seconds in 1..86400, never a 500 from an overflow.
    from koodrive_emulator.middleware import MAX_RETRY_AFTER, retry_after

    assert MAX_RETRY_AFTER == 86_400
    assert retry_after(0.0, rate) == MAX_RETRY_AFTER
    with TestClient(create_app(EmulatorConfig(rate_limit=RateLimit(rate, burst=1)))) as client:
        client.post("/_emulator/config", json={"clock": {"frozen": True}})
        assert client.get(PAGE, headers=TOKEN).status_code == 200
        refused = client.get(PAGE, headers=TOKEN)
        assert refused.status_code == 429 and refused.headers["retry-after"] == "86400"


def test_the_command_line_and_the_start_up_configuration() -> None:
    args = parse_args(["--rate-limit", "20", "--rate-burst", "40"])
    assert (args.rate_limit, args.rate_burst) == (20.0, 40)
    assert "rate limit:  20 requests/s per credential, bursts of 40" in banner(args)
    assert "rate limit" not in banner(parse_args([]))
    assert parse_args([]).rate_limit == 0
    assert parse_args(["--rate-limit", "0.001"]).rate_limit == 0.001
    bad_rates = ("-1", "nan", "inf", "5e-324", "1e-300", "0.0009")
    for bad in [*(["--rate-limit", rate] for rate in bad_rates), ["--rate-burst", "-2"]]:
        with pytest.raises(SystemExit):
            parse_args(bad)
    config = EmulatorConfig(rate_limit=RateLimit(requests_per_second=1))
    with TestClient(create_app(config)) as client:
        client.post("/_emulator/config", json={"clock": {"frozen": True}})
        assert [client.get(PAGE, headers=TOKEN).status_code for _ in range(2)] == [200, 429]
        client.post("/_emulator/reset", json={})  # the start-up configuration is kept by a reset
        assert client.get("/_emulator/config").json()["rateLimit"]["requestsPerSecond"] == 1


def test_the_client_under_the_emulators_rate_limit_creates_every_job_once() -> None:
    # The load-target use: a client that does not pace itself is throttled, waits Retry-After and
    # sends the create again (Q65: a throttled create was not processed); one that paces itself
    # at the gateway's rate is never throttled. Either way each job is created exactly once.
    from koodrive_tasks import KooDrive, RateLimit, TokenAuth

    for pace, throttled_seen in ((None, True), (RateLimit(5), False)):
        with TestClient(create_app()) as http:
            emulator = http.app.state.emulator  # type: ignore[attr-defined]
            emulator.configure({"rateLimit": {"requestsPerSecond": 5}})
            statuses: list[int] = []
            http.event_hooks = {"response": [lambda r, seen=statuses: seen.append(r.status_code)]}
            before = len(emulator.jobs)
            with KooDrive(
                "http://testserver", TokenAuth("emulator-token"), http_client=http, rate_limit=pace
            ) as kd:
                made = [
                    kd.jobs.create(1, src_container_id="S", dst_container_id="D", file_ids=[f"F{i}"])
                    for i in range(7)
                ]
            assert len(set(made)) == 7 and len(emulator.jobs) == before + 7
            assert (429 in statuses) is throttled_seen, statuses


def test_a_throttled_answer_is_inside_the_spec(client: Any, emulator: Any, validators: Any) -> None:
    # Spec 1.9.0: every operation documents the gateway's 429 (`Throttled`: GatewayErrorBody and an
    # optional Retry-After in seconds), so the rate-limit mode never answers outside the spec.
    from koodrive_emulator.validation import load_spec

    limit(emulator, 1)
    client.get(PAGE, headers=TOKEN)
    answers = [
        ("listJobs", client.get(PAGE, headers=TOKEN)),
        ("createJob", post_json(client, f"{V1}/jobs", COPY_JOB)),
        ("getTask", client.get(f"{V1}/task/1534087020903704704", headers=TOKEN)),
    ]
    throttled = load_spec()["components"]["responses"]["Throttled"]
    header = throttled["headers"]["Retry-After"]["schema"]
    for op, answer in answers:
        assert answer.status_code == 429
        assert not list(validators.response_validator(op, 429).iter_errors(answer.json())), answer.text
        assert header["type"] == "integer" and int(answer.headers["retry-after"]) >= header["minimum"]
    paths = load_spec()["paths"]
    operations = [
        op for item in paths.values() for op in item.values() if isinstance(op, dict) and "responses" in op
    ]
    assert all("429" in op["responses"] for op in operations)
