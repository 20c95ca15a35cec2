"""Issue 19, process safety: a client used before a fork never shares a connection with the other
process (a kept-alive socket shared across a fork hands each process the other's answers), on
every transport, sync and async; and errors cross a process boundary as themselves.

Each test uses the client in the parent first (so a kept-alive connection exists), then forks:
parent and child each ask for a different job many times; every answer must be the job asked for.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import signal
import socket
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import httpx
import pytest
from koodrive_emulator import RunningEmulator
from koodrive_tasks import AsyncKooDrive, KooDrive, NotFoundError, TokenAuth

from .conftest import TOKEN

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")

CALLS = 1500  # per process; before the fix a few of them came back with the other's job


def _ids(emulator: RunningEmulator) -> tuple[str, str]:
    with KooDrive(emulator.base_url, TokenAuth(TOKEN)) as client:
        first, second, *_ = client.jobs.list(limit=2)
    return first.id, second.id


def _in_child(work: Callable[[], int]) -> int:
    """Fork; the child runs `work` (the number of wrong answers) and exits with it (capped),
    101 for an error, 102 when it hangs; the parent gets the child's pid."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child's coverage is not collected
        signal.alarm(60)
        try:
            code = min(work(), 100)
        except BaseException:
            code = 101
        os._exit(code)
    return pid


def _exit_code(pid: int) -> int:
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def sync_wrong(client: KooDrive, job_id: str) -> int:
    return sum(client.jobs.get(job_id).job.id != job_id for _ in range(CALLS))


@pytest.fixture(params=["own pool", "caller's httpx.Client"])
def sync_client(request: pytest.FixtureRequest, emulator: RunningEmulator) -> Iterator[KooDrive]:
    if request.param == "own pool":
        client = KooDrive(emulator.base_url, TokenAuth(TOKEN))
    else:
        client = KooDrive(emulator.base_url, TokenAuth(TOKEN), http_client=httpx.Client())
    with client:
        yield client


def test_after_a_fork_parent_and_child_never_get_each_others_jobs(
    sync_client: KooDrive, emulator: RunningEmulator
) -> None:
    mine, theirs = _ids(emulator)
    sync_client.jobs.get(mine)  # a kept-alive connection in the pool, before the fork
    child = _in_child(lambda: sync_wrong(sync_client, theirs))
    wrong = sync_wrong(sync_client, mine)
    assert (wrong, _exit_code(child)) == (0, 0)


def _async_clients(emulator: RunningEmulator, kind: str) -> AsyncKooDrive:
    if kind == "own pool":
        return AsyncKooDrive(emulator.base_url, TokenAuth(TOKEN))
    if kind == "DefaultAioHttpClient":
        from koodrive_tasks import DefaultAioHttpClient

        return AsyncKooDrive(emulator.base_url, TokenAuth(TOKEN), http_client=DefaultAioHttpClient())
    from koodrive_tasks import NativeAioHttpClient

    return AsyncKooDrive(emulator.base_url, TokenAuth(TOKEN), http_client=NativeAioHttpClient())


async def async_wrong(client: AsyncKooDrive, job_id: str) -> int:
    wrong = 0
    for _ in range(CALLS // 3):
        details = await asyncio.gather(*(client.jobs.get(job_id) for _ in range(3)))
        wrong += sum(d.job.id != job_id for d in details)
    return wrong


@pytest.mark.parametrize("kind", ["own pool", "DefaultAioHttpClient", "NativeAioHttpClient"])
def test_after_a_fork_async_parent_and_child_never_get_each_others_jobs(
    kind: str, emulator: RunningEmulator
) -> None:
    """The parent's loop stays its own (a loop is not fork-safe): the child runs a new one, and the
    client's pool or session there must be new too."""
    if kind != "own pool":
        pytest.importorskip("aiohttp")
    mine, theirs = _ids(emulator)
    client = _async_clients(emulator, kind)
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(client.jobs.get(mine))  # kept alive in the parent's pool
        child = _in_child(lambda: asyncio.new_event_loop().run_until_complete(async_wrong(client, theirs)))
        wrong = loop.run_until_complete(async_wrong(client, mine))
        assert (wrong, _exit_code(child)) == (0, 0)
    finally:
        loop.run_until_complete(client.aclose())
        loop.close()


class KeepAliveServer:
    """A keep-alive HTTP/1.1 server on loopback that answers getJob for the id asked and records
    which TCP connection (the client's port) carried each X-Traceid: the deterministic form of the
    check above (a shared connection shows at once, not only when two answers cross)."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.seen: list[tuple[int, str]] = []
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self) -> None:
        while True:
            try:
                conn, peer = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self.answer, args=(conn, peer[1]), daemon=True).start()

    def answer(self, conn: socket.socket, port: int) -> None:
        with conn, conn.makefile("rb") as reader:
            while True:
                line = reader.readline()
                if not line:
                    return
                target = line.split()[1].decode()
                headers = {}
                while (header := reader.readline()) not in (b"\r\n", b""):
                    name, _, value = header.decode().partition(":")
                    headers[name.strip().lower()] = value.strip()
                self.seen.append((port, headers.get("x-traceid", "")))
                job_id = target.rsplit("/", 1)[-1].split("?")[0]  # getJob: /koodrive/ose/v1/{job_id}
                body = json.dumps({"code": 0, "data": {"jobInfo": {"taskId": job_id}}}).encode()
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n"
                    % len(body)
                    + body
                )


def test_a_forked_child_never_sends_on_a_connection_its_parent_opened() -> None:
    """Deterministic: the parent's requests (trace ids p...) and the child's (c...) never share a
    TCP connection. Before the fix the child's first request went out on the parent's socket."""
    server = KeepAliveServer()
    job_id = "1309243162258308352"
    with KooDrive(server.url, TokenAuth(TOKEN)) as client:
        client.jobs.get(job_id, trace_id="p" * 58)
        child = _in_child(
            lambda: sum(client.jobs.get(job_id, trace_id="c" * 58).job.id != job_id for _ in range(5))
        )
        assert _exit_code(child) == 0
        client.jobs.get(job_id, trace_id="p" * 58)
    by_port: dict[int, set[str]] = {}
    for port, trace in server.seen:
        by_port.setdefault(port, set()).add(trace[:1])
    assert {"p", "c"} <= {t for ts in by_port.values() for t in ts}
    assert all(len(traces) == 1 for traces in by_port.values()), by_port


# --- multiprocessing and ProcessPoolExecutor ---------------------------------------------------

_SHARED: dict[str, Any] = {}


def _wrong_in_worker(job_id: str) -> int:
    client: KooDrive = _SHARED["client"]
    return sum(client.jobs.get(job_id).job.id != job_id for _ in range(50))


def _process_target(job_id: str, queue: Any) -> None:
    queue.put(_wrong_in_worker(job_id))


def test_multiprocessing_fork_children_use_their_own_connections(emulator: RunningEmulator) -> None:
    mine, theirs = _ids(emulator)
    with KooDrive(emulator.base_url, TokenAuth(TOKEN)) as client:
        _SHARED["client"] = client
        client.jobs.get(mine)
        context = multiprocessing.get_context("fork")
        queue = context.Queue()
        processes = [context.Process(target=_process_target, args=(theirs, queue)) for _ in range(2)]
        for process in processes:
            process.start()
        wrong = sum(client.jobs.get(mine).job.id != mine for _ in range(CALLS))
        results = [queue.get(timeout=60) for _ in processes]
        for process in processes:
            process.join(60)
        assert (wrong, results, [p.exitcode for p in processes]) == (0, [0, 0], [0, 0])
    _SHARED.clear()


def test_process_pool_fork_workers_use_their_own_connections(emulator: RunningEmulator) -> None:
    mine, theirs = _ids(emulator)
    with KooDrive(emulator.base_url, TokenAuth(TOKEN)) as client:
        _SHARED["client"] = client
        client.jobs.get(mine)
        with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = [pool.submit(_wrong_in_worker, theirs) for _ in range(6)]
            wrong = sum(client.jobs.get(mine).job.id != mine for _ in range(CALLS))
            assert (wrong, [f.result(timeout=60) for f in futures]) == (0, [0] * 6)
    _SHARED.clear()


def _get_unknown_job(base_url: str) -> None:
    with KooDrive(base_url, TokenAuth(TOKEN), max_retries=0) as client:
        client.jobs.get("1309243162258308999")


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_a_not_found_error_in_a_pool_worker_reaches_the_caller_as_not_found_error(
    method: str, emulator: RunningEmulator
) -> None:
    """Before the fix: BrokenProcessPool (the error could not be unpickled in the caller)."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context(method)) as pool:
        future = pool.submit(_get_unknown_job, emulator.base_url)
        with pytest.raises(NotFoundError) as caught:
            future.result(timeout=120)
    error = caught.value
    assert error.status_code == 400 and error.code == 13000309 and error.msg
    assert error.trace_id and len(error.trace_id) == 58
