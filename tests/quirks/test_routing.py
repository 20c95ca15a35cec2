from __future__ import annotations

import pytest
from koodrive_emulator import RunningEmulator
from koodrive_tasks import BadRequestError, KooDrive, TokenAuth
from koodrive_tasks.resources.jobs import get_call


def test_q22_job_id_cannot_shadow_literal_routes(emulator: RunningEmulator) -> None:
    call = get_call("1309243162258308352", None)
    assert call.operation._get_kwargs(**call.kwargs)["url"] == "/koodrive/ose/v1/1309243162258308352"
    with KooDrive(emulator.base_url, TokenAuth("emulator-token"), max_retries=0) as client:
        assert client.jobs.get("1309243162258308352").job.id == "1309243162258308352"
        with pytest.raises(BadRequestError) as caught:
            client.jobs.get("jobs")  # not digits: refused as a bad parameter, never routed to /jobs
        assert caught.value.code == 13000102
