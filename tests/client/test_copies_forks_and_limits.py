"""Regression tests from a review of the production-conditions work: a `with_options` timeout on a
client built with `timeout=`, copies and threads after a fork, a proxy mount under the
whole-response deadline, a rate-limit refusal that must not be retried, the public submodules of
the lazy package, and argument checks that agree between the constructor and `with_options`."""

from __future__ import annotations

import subprocess
import sys
import threading
from typing import Any

import httpx
import pytest
from koodrive_tasks import APITimeoutError, KooDrive, RateLimit, TokenAuth, _fork
from koodrive_tasks._httpx_internals import DeadlineBackend, network_backends
from koodrive_tasks._pipeline import parse_cut_short
from koodrive_tasks._raw import capturing
from koodrive_tasks._retries import deadline_scope, retryable
from koodrive_tasks._senders import SyncSender

JOB_ID = "1309243162258308352"
BODY = {"code": 0, "msg": "OK", "data": {"jobInfo": {"taskId": JOB_ID, "status": 2}, "taskInfos": []}}


def mock_client(seen: list[httpx.Request]) -> httpx.Client:
    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=BODY)

    return httpx.Client(transport=httpx.MockTransport(answer))


def test_with_options_timeout_wins_over_the_constructors_timeout() -> None:
    """Before: the copy kept the original's given timeout (10 s), whatever with_options said."""
    seen: list[httpx.Request] = []
    with KooDrive("https://kd.test", TokenAuth("t"), timeout=10, http_client=mock_client(seen)) as client:
        client.with_options(timeout=1).jobs.get(JOB_ID)
        client.jobs.get(JOB_ID)
    quick, own = (request.extensions["timeout"] for request in seen)
    assert max(quick.values()) == 1
    assert max(own.values()) == 10


def test_copies_share_the_one_pool_the_original_renews_after_a_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: each copy (with_options, every with_raw_response) built a pool of its own in the
    child, none of them ever closed, and the original another."""
    with KooDrive("https://kd.test", TokenAuth("t")) as client:
        quick = client.with_options(max_retries=0)
        made: list[httpx.Client] = []
        real = SyncSender._own_pool

        def counting(sender: Any) -> httpx.Client:
            http = real(sender)
            made.append(http)
            return http

        monkeypatch.setattr(SyncSender, "_own_pool", counting)
        monkeypatch.setattr(_fork, "pid", -1)  # what a forked child sees: another pid
        for sender in (quick._sender, capturing(client._sender), client._sender):
            if sender._pid != _fork.pid:
                _fork.renew(sender)
        assert len(made) == 1
        assert quick._sender.http is client._sender.http is made[0]
        assert quick._sender._direct is client._sender._direct


def test_the_process_id_is_set_only_once_the_new_pool_is_in_place(monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: the pid was set first, so a second thread of the child sent on the parent's socket
    while the first one was still building the new pool."""
    with KooDrive("https://kd.test", TokenAuth("t")) as client:
        sender = client._sender
        checks: list[bool] = []
        real = SyncSender._own_pool

        def slow(s: Any) -> httpx.Client:
            checks.append(s._pid == _fork.pid)  # would let another thread through
            return real(s)

        monkeypatch.setattr(SyncSender, "_own_pool", slow)
        monkeypatch.setattr(_fork, "pid", -1)
        threads = [threading.Thread(target=_fork.renew, args=(sender,)) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert checks == [False]  # built once, before the pid said "renewed"
        assert sender._pid == _fork.pid


def test_a_proxy_mount_is_under_the_whole_response_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: only the direct transport's pool was watched; with HTTPS_PROXY set the requests went
    through the mount's pool, whose socket waits were per chunk only."""
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    with KooDrive("https://kd.test", TokenAuth("t")) as client:
        http = client._sender.http
        backends = network_backends(http)
        assert len(backends) >= 2
        assert client._sender._watched
        assert all(isinstance(backend, DeadlineBackend) for backend in backends)


def test_a_rate_limit_refusal_is_raised_at_once_not_retried() -> None:
    """Before: the refusal (the next slot is past the deadline) was retried with backoff, and the
    limiter refused again each time (1.7 s of sleeps with real backoff)."""
    seen: list[httpx.Request] = []
    with KooDrive(
        "https://kd.test", TokenAuth("t"), http_client=mock_client(seen), rate_limit=RateLimit(1, per=30)
    ) as client:
        client.jobs.get(JOB_ID)
        throttle = client._sender._throttle
        assert throttle is not None
        asked: list[float | None] = []
        reserve = throttle.reserve

        def counting(deadline: float | None) -> float:
            asked.append(deadline)
            return reserve(deadline)

        throttle.reserve = counting  # type: ignore[method-assign]
        with deadline_scope(3), pytest.raises(APITimeoutError) as caught:
            client.jobs.get(JOB_ID)
    assert len(asked) == 1 and len(seen) == 1
    assert caught.value.final


def test_a_parse_cut_short_by_the_deadline_is_not_retried() -> None:
    assert not retryable(parse_cut_short(), idempotent=True)


def test_public_submodules_after_a_plain_import() -> None:
    """Before: `koodrive_tasks.http_log.enable()` (docs/logging.md) raised AttributeError after a
    plain `import koodrive_tasks`, since the lazy package knew only its class names."""
    code = (
        "import koodrive_tasks, sys\n"
        "koodrive_tasks.http_log.enable\n"
        "koodrive_tasks.auth.sign\n"
        "koodrive_tasks.models.JobDetail\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.stdout.strip() == "ok", done.stderr


@pytest.mark.parametrize(
    "bad", [{"timeout": True}, {"timeout": 0}, {"max_retries": True}, {"max_retries": 1.5}]
)
def test_the_constructor_and_with_options_refuse_the_same_values(bad: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        KooDrive("https://kd.test", TokenAuth("t"), **bad)
    with KooDrive("https://kd.test", TokenAuth("t")) as client, pytest.raises(ValueError):
        client.with_options(**bad)
