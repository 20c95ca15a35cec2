"""The admin API, faults on demand, and serving under uvicorn."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from koodrive_emulator import running

from .conftest import COPY_JOB, TOKEN, V1, post_json


def test_reset_seed_clock_config_and_step(client: Any, emulator: Any) -> None:
    fixtures = len(emulator.jobs)
    made = client.post("/_emulator/seed", json={"jobs": 5, "tasks": 7, "shareTasks": 2, "seed": 3}).json()
    assert (made["jobs"], made["tasks"], made["shareTasks"]) == (5, 7, 2)
    ids = made["ids"]
    client.post("/_emulator/reset", json={"seed": 0})
    assert len(emulator.jobs) == fixtures
    again = client.post("/_emulator/seed", json={"jobs": 5, "tasks": 7, "shareTasks": 2, "seed": 3}).json()
    assert again["ids"] == ids  # deterministic

    clock = client.get("/_emulator/clock").json()
    advanced = client.post("/_emulator/clock/advance", json={"seconds": 12.5}).json()
    assert advanced["epochMillis"] - clock["epochMillis"] >= 12_500
    assert advanced["now"].endswith("Z")

    config = client.post(
        "/_emulator/config", json={"quirkMode": "documented", "transitions": {"jobs": {"mode": "manual"}}}
    )
    assert config.json()["quirkMode"] == "documented"
    assert client.get("/_emulator/config").json()["transitions"]["jobs"]["mode"] == "manual"
    job_id = post_json(client, f"{V1}/jobs", COPY_JOB).json()["data"]
    assert client.post("/_emulator/step", json={"family": "jobs", "id": job_id}).json()["status"] == 1
    assert client.post("/_emulator/step", json={"family": "jobs", "id": "1"}).status_code == 404


@pytest.mark.parametrize(
    "update",
    [
        {"quirkMode": "weird"},
        {"faults": {"errorRate": 2}},
        {"transitions": {"jobs": {"mode": "never"}}},
        {"transitions": {"cats": {}}},
        {"unknown": 1},
        {"paging": {"partialPages": "yes"}},
        {"quirks": {"Q99": "x"}},
    ],
)
def test_bad_admin_updates_change_nothing(client: Any, emulator: Any, update: dict[str, Any]) -> None:
    before = client.get("/_emulator/config").json()
    response = client.post("/_emulator/config", json=update)
    assert response.status_code == 400 and set(response.json()) == {"code", "msg"}
    assert client.get("/_emulator/config").json() == before


def test_admin_config_never_shows_secrets(client: Any) -> None:
    text = client.get("/_emulator/config").text
    assert "emulator-secret" not in text and "emulator-token" not in text


def test_error_rate_answers_500_without_a_state_change(client: Any, emulator: Any) -> None:
    emulator.configure({"faults": {"errorRate": 1.0}})
    before = len(emulator.jobs)
    response = post_json(client, f"{V1}/jobs", COPY_JOB)
    assert response.status_code == 500 and response.json()["code"] == 13000201
    assert len(emulator.jobs) == before


def test_fault_rates_are_seeded(client: Any, emulator: Any) -> None:
    def statuses() -> list[int]:
        emulator.configure({"faults": {"errorRate": 0.3, "nonJsonRate": 0.2, "seed": 8}})
        return [client.get(f"{V1}/jobs?offset=0&limit=1", headers=TOKEN).status_code for _ in range(40)]

    first = statuses()
    assert {200, 500, 502} == set(first)
    assert statuses() == first


def test_non_json_body(client: Any, emulator: Any) -> None:
    emulator.configure({"faults": {"nonJsonRate": 1.0}})
    response = client.get(f"{V1}/jobs?offset=0&limit=1", headers=TOKEN)
    assert response.headers["content-type"].startswith("text/html")
    with pytest.raises(ValueError):
        response.json()


def test_faults_over_a_real_connection() -> None:
    with running() as server:
        em = server.emulator
        url = f"{server.base_url}{V1}/jobs?offset=0&limit=10"
        assert httpx.get(url, headers=TOKEN).status_code == 200
        em.configure({"faults": {"dropRate": 1.0}})
        with pytest.raises(httpx.TransportError):
            httpx.get(url, headers=TOKEN)
        em.configure({"faults": {"dropRate": 0.0, "truncateRate": 1.0}})
        with pytest.raises(httpx.TransportError):
            httpx.get(url, headers=TOKEN)
        em.configure({"faults": {"truncateRate": 0.0, "latencyMs": 50}})
        response = httpx.get(url, headers=TOKEN)
        assert response.status_code == 200 and response.elapsed.total_seconds() >= 0.05
        em.configure({"faults": {"latencyMs": 0}})
        assert httpx.get(url, headers={"Authorization": "Bearer+emulator-token"}).status_code == 200
