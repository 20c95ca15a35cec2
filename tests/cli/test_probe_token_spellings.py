"""The probe reports which spelling of the token the service accepted (Q27, issue 23 item 6),
checked against the emulator's strict token mode, which accepts exactly one."""

from __future__ import annotations

import contextlib

import httpx
import pytest
from koodrive_cli import probe
from koodrive_emulator import Credentials, running
from koodrive_tasks import AuthenticationError, KooDrive, TokenAuth

USER = Credentials().user_id


@pytest.mark.parametrize(
    ("strict", "scheme", "accepted"),
    [
        (None, "Bearer ", ["Bearer <token>", "Bearer+<token>", "<token>"]),
        ("bearer-plus", "Bearer+", ["Bearer+<token>"]),
        ("bare", "Bearer ", ["<token>"]),
    ],
)
def test_the_probe_reports_the_accepted_token_spelling(
    strict: str | None, scheme: str, accepted: list[str]
) -> None:
    with running() as server:
        if strict:
            server.emulator.configure({"auth": {"strict": True, "tokenSpelling": strict}})
        recorder = probe.Recorder(probe.Spec(probe.load_yaml(probe.SPEC_DIR / "koodrive-tasks.yaml")))
        http = httpx.Client(base_url=server.base_url, timeout=10, event_hooks={"response": [recorder]})
        with (
            http,
            KooDrive(
                server.base_url, TokenAuth("emulator-token", user_id=USER, scheme=scheme), http_client=http
            ) as client,
        ):
            with contextlib.suppress(AuthenticationError):  # a refused spelling is what the probe reports
                client.jobs.list(limit=1)
            report = probe.token_spellings(http, recorder.exchanges)
    assert report is not None
    assert report["sent"] == probe.TOKEN_SPELLINGS[scheme]
    assert sorted(report["accepted"]) == sorted(accepted)
    assert sorted(report["refused"]) == sorted(set(probe.TOKEN_SPELLINGS.values()) - set(accepted))
    table = probe.tables(
        {"quirks": [], "unknown_fields": [], "calls": [], "unobservable": [], "token_spellings": report}
    )
    assert table[-1].title == "Token spellings the service accepted (Q27)"
