from __future__ import annotations

import httpx
import pytest
from koodrive_emulator import RunningEmulator
from koodrive_tasks import InvalidIdError, KooDrive, KooDriveError, TokenAuth
from koodrive_tasks.resources.jobs import get_call


def test_q22_job_id_cannot_shadow_literal_routes(emulator: RunningEmulator) -> None:
    call = get_call("1309243162258308352", None)
    assert call.request()["url"] == "/koodrive/ose/v1/1309243162258308352"
    with KooDrive(emulator.base_url, TokenAuth("emulator-token"), max_retries=0) as client:
        assert client.jobs.get("1309243162258308352").job.id == "1309243162258308352"
    # the emulator refuses a non-digit id on its own (a bad parameter, never routed to /jobs) ...
    assert (
        httpx.get(
            f"{emulator.base_url}/koodrive/ose/v1/jobs2", headers={"Authorization": "Bearer emulator-token"}
        ).json()["code"]
        == 13000102
    )


@pytest.mark.parametrize("bad", ["jobs", "cancel", "", "12a", "1" * 20, "../jobs", "١٢٣"])
def test_q22_client_refuses_a_non_digit_id_before_sending(bad: str) -> None:
    """... and the client never sends one: `jobs.get("jobs")` would be listJobs on a real server."""
    sent: list[httpx.Request] = []
    http = httpx.Client(transport=httpx.MockTransport(lambda r: sent.append(r) or httpx.Response(500)))
    with KooDrive("https://kd.invalid", TokenAuth("t"), http_client=http) as client:
        for call in (client.jobs.get, client.tasks.get, client.jobs.wait, client.tasks.wait):
            with pytest.raises(InvalidIdError) as caught:
                call(bad)
            assert isinstance(caught.value, KooDriveError) and isinstance(caught.value, ValueError)
    assert sent == []
