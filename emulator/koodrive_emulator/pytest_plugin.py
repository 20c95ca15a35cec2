"""pytest fixtures for testing your own code against the KooDrive emulator.

Installed with `pip install 'koodrive-tasks[emulator]'` and loaded by pytest through the `pytest11`
entry point (nothing to import or list in conftest.py):

    def test_copy(koodrive_client):
        job_id = koodrive_client.jobs.create(JobType.COPY, src_container_id="S", dst_container_id="D",
                                             file_ids=["F"])
        assert koodrive_client.jobs.wait(job_id).job.status is JobStatus.COMPLETED

Fixtures (each test gets a fresh emulator: state and configuration never leak between tests):

- `koodrive_client` / `koodrive_async_client`: a `KooDrive` / `AsyncKooDrive` wired to an
  in-process emulator through an httpx transport (no sockets, no ports).
- `koodrive_emulator`: the controls of that emulator (`EmulatorControl`): clock, transitions,
  quirk mode, faults, outcomes, paging, seeding, manual steps; the admin API as Python calls.
- `koodrive_server`: the same controls for an emulator served by uvicorn on a loopback port, for
  code that builds its own client from a URL, or for faults that need a real connection
  (`drop_rate`, `truncate_rate`).
- `koodrive_emulator_config`: the `EmulatorConfig` the fixtures start from; override it in your
  conftest.py to change the defaults.

Async tests need no mark: a plain `async def` test that uses `koodrive_async_client` runs on
anyio's pytest plugin (installed with httpx), which this plugin asks for (`@pytest.mark.anyio`)
unless the test already has an async runner's mark.

Fast by default: records finish on their first read (`immediate` transitions; pick another mode
with `koodrive_emulator.transitions(...)`), and while a client fixture is active stamina's retries
keep their number of attempts but do not sleep between them.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Coroutine, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

import httpx
import pytest
import stamina
from koodrive_tasks import AsyncKooDrive, KooDrive, TokenAuth

from .app import create_app
from .config import FAMILIES, EmulatorConfig, Transition
from .models import Record
from .server import running
from .service import Emulator

T = TypeVar("T")
IN_PROCESS_URL = "http://koodrive-emulator.test"


class EmulatorControl:
    """One emulator's admin API as Python calls (the HTTP form is documented in emulator/README.md)."""

    def __init__(self, emulator: Emulator, base_url: str, initial: EmulatorConfig) -> None:
        self.emulator = emulator
        self.base_url = base_url
        self._initial = initial.copy()
        self._virtual_waits = VirtualWaits(emulator)

    def close(self) -> None:
        """Undo what the controls changed in this process (the fixtures call it at teardown)."""
        self._virtual_waits.stop()

    def __repr__(self) -> str:
        return f"EmulatorControl(base_url={self.base_url!r})"

    # ---- clients ---------------------------------------------------------------------------
    @property
    def token(self) -> str:
        return self.emulator.config.credentials.token

    def auth(self) -> TokenAuth:
        return TokenAuth(self.token)

    # ---- state -----------------------------------------------------------------------------
    def reset(self, seed: int = 0) -> None:
        """Empty state plus the example fixtures, and the configuration the test started with."""
        with self.emulator.lock:
            self.emulator.config = self._initial.copy()
            self.emulator.reset(seed=seed)

    def seed(
        self, *, jobs: int = 0, tasks: int = 0, share_tasks: int = 0, seed: int = 1
    ) -> dict[str, list[str]]:
        """Add finished records (the same ones for the same arguments); returns their ids per family."""
        made: dict[str, list[str]] = self.emulator.seed(
            jobs=jobs, tasks=tasks, share_tasks=share_tasks, seed=seed
        )
        return made

    def state(self) -> dict[str, int]:
        em = self.emulator
        return {"jobs": len(em.jobs), "tasks": len(em.tasks), "shareTasks": len(em.share_tasks)}

    # ---- configuration ---------------------------------------------------------------------
    @property
    def config(self) -> EmulatorConfig:
        return self.emulator.config

    def configure(self, update: Mapping[str, Any] | None = None, **changes: Any) -> EmulatorConfig:
        """A partial update in the JSON form of `POST /_emulator/config`, or as snake_case keywords."""
        return self.emulator.configure(update, **changes)

    def transitions(
        self,
        mode: str,
        *,
        family: str | None = None,
        seconds: float | None = None,
        reads: int | None = None,
    ) -> None:
        """`immediate`, `duration` (one step per `seconds` of virtual time), `reads` or `manual`."""
        spec: dict[str, Any] = {"mode": mode}
        if seconds is not None:
            spec["seconds"] = seconds
        if reads is not None:
            spec["reads"] = reads
        families = FAMILIES if family is None else (family,)
        self.configure({"transitions": {f: dict(spec) for f in families}})

    def quirk_mode(self, mode: str, *, seed: int | None = None) -> None:
        """`observed` (the seed pages' wire), `documented` (the docs' tables) or `mixed`."""
        self.configure({"quirkMode": mode} | ({} if seed is None else {"quirkSeed": seed}))

    def pin_quirk(self, quirk: str, variant: str | None) -> None:
        """Answer one quirk (e.g. "Q2") with one variant (e.g. "taskList"); `None` unpins it."""
        self.configure({"quirks": {quirk: variant}})

    def faults(
        self,
        *,
        error_rate: float = 0.0,
        latency_ms: float = 0.0,
        drop_rate: float = 0.0,
        truncate_rate: float = 0.0,
        non_json_rate: float = 0.0,
        seed: int = 0,
    ) -> None:
        """Set every fault rate at once (omitted ones go back to 0)."""
        self.configure(
            {
                "faults": {
                    "errorRate": error_rate,
                    "latencyMs": latency_ms,
                    "dropRate": drop_rate,
                    "truncateRate": truncate_rate,
                    "nonJsonRate": non_json_rate,
                    "seed": seed,
                }
            }
        )

    def outcomes(self, *, fail_rate: float, seed: int = 0) -> None:
        """Fail this share of new jobs' files and tasks (files whose id contains `fail` always fail)."""
        self.configure({"outcomes": {"failRate": fail_rate, "seed": seed}})

    def paging(self, *, partial_pages: bool = False, empty_pages: bool = False, seed: int = 0) -> None:
        self.configure({"paging": {"partialPages": partial_pages, "emptyPages": empty_pages, "seed": seed}})

    # ---- time and transitions --------------------------------------------------------------
    def now(self) -> datetime:
        return datetime.fromtimestamp(self.emulator.clock.now_ms() / 1000, UTC)

    def freeze_clock(self, frozen: bool = True) -> None:
        """A frozen clock moves only through `advance()`, and through the client's waits.

        While frozen, every `wait()` (jobs, tasks, share tasks, archive listings) of the clients in
        this test process sleeps in virtual time: each pause between polls advances the emulator's
        clock instead of the test's, and the wait's deadline counts virtual seconds, so
        `jobs.wait(job_id, timeout=2)` ends at once, done or timed out, as it would after 2 s.
        """
        self.configure({"clock": {"frozen": frozen}})
        if frozen:
            self._virtual_waits.start()
        else:
            self._virtual_waits.stop()

    def advance(self, seconds: float) -> datetime:
        """Move the virtual clock forward (drives `duration` transitions)."""
        self.emulator.clock.advance(seconds)
        return self.now()

    def step(self, family: str, record_id: str) -> Record:
        """One manual transition of one record (`family`: jobs, tasks or shareTasks)."""
        record = self.emulator.step(family, record_id)
        if record is None:
            raise LookupError(f"no {family} record {record_id}")
        return record

    def finish(self, family: str, record_id: str) -> Record:
        """Step one record until it is terminal."""
        record = self.step(family, record_id)
        while not record.terminal():
            record = self.step(family, record_id)
        return record


class _VirtualAsyncio:
    """`asyncio` as koodrive_tasks' waits see it under a frozen clock: `sleep` advances virtual time."""

    def __init__(self, sleep: Callable[[float], None]) -> None:
        self._sleep = sleep

    async def sleep(self, delay: float) -> None:
        self._sleep(delay)
        await asyncio.sleep(0)  # still a suspension point, as a real sleep is

    def __getattr__(self, name: str) -> Any:
        return getattr(asyncio, name)


class VirtualWaits:
    """Puts the client's wait loops on the emulator's clock: their sleeps advance it, their
    deadlines count its seconds. Applied to the `koodrive_tasks._waiting` module of this process;
    `stop()` restores it."""

    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator
        self.slept = 0.0
        self._saved: tuple[dict[str, Any] | None, dict[str, Any] | None, Any] | None = None

    def clock(self) -> float:
        return time.monotonic() + self.slept

    def sleep(self, delay: float) -> None:
        delay = max(delay, 0.0)
        self.slept += delay
        self.emulator.clock.advance(delay)

    def start(self) -> None:
        from koodrive_tasks import _waiting  # noqa: PLC0415

        if self._saved is not None:
            return
        namespace = vars(_waiting)
        self._saved = (_waiting.wait.__kwdefaults__, _waiting.async_wait.__kwdefaults__, namespace["asyncio"])
        _waiting.wait.__kwdefaults__ = {"clock": self.clock, "sleep": self.sleep}
        _waiting.async_wait.__kwdefaults__ = {"clock": self.clock}
        namespace["asyncio"] = _VirtualAsyncio(self.sleep)

    def stop(self) -> None:
        from koodrive_tasks import _waiting  # noqa: PLC0415

        if self._saved is None:
            return
        _waiting.wait.__kwdefaults__, _waiting.async_wait.__kwdefaults__, vars(_waiting)["asyncio"] = (
            self._saved
        )
        self._saved = None


def fast_config(base: EmulatorConfig | None = None) -> EmulatorConfig:
    """The fixtures' default: every family finishes on its first read."""
    config = (base or EmulatorConfig()).copy()
    config.transitions = {family: Transition(mode="immediate") for family in FAMILIES}
    return config


class InProcessTransport(httpx.BaseTransport):
    """A sync httpx transport into an ASGI app, without sockets.

    httpx ships an ASGI transport for async clients only; this one runs that transport on an event
    loop in a helper thread, so a plain `KooDrive` (sync) talks to the app in process.
    """

    def __init__(self, app: Any) -> None:
        self._inner = httpx.ASGITransport(app=app)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="koodrive-asgi", daemon=True)
        self._thread.start()

    def _run(self, coro: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()

        async def send() -> httpx.Response:
            inner = httpx.Request(request.method, request.url, headers=request.headers, content=body)
            response = await self._inner.handle_async_request(inner)
            content = await response.aread()
            return httpx.Response(response.status_code, headers=response.headers, content=content)

        return self._run(send())

    def close(self) -> None:
        if self._loop.is_running():
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=5)
        self._loop.close()


@dataclass
class _Served:
    app: Any
    control: EmulatorControl


@pytest.fixture
def koodrive_emulator_config() -> EmulatorConfig:
    """The configuration every emulator fixture starts from; override it to change the defaults."""
    return fast_config()


@pytest.fixture
def _koodrive_in_process(koodrive_emulator_config: EmulatorConfig) -> _Served:
    app = create_app(koodrive_emulator_config)
    return _Served(app, EmulatorControl(app.state.emulator, IN_PROCESS_URL, koodrive_emulator_config))


@pytest.fixture
def koodrive_app(_koodrive_in_process: _Served) -> Any:
    """The in-process emulator as an ASGI app (e.g. for `httpx.ASGITransport` in your own client)."""
    return _koodrive_in_process.app


@pytest.fixture
def koodrive_emulator(_koodrive_in_process: _Served) -> Iterator[EmulatorControl]:
    """Controls of the emulator behind `koodrive_client` and `koodrive_async_client`."""
    yield _koodrive_in_process.control
    _koodrive_in_process.control.close()


@pytest.fixture
def _koodrive_fast_retries() -> Iterator[None]:
    """Retries keep their number of attempts but skip the backoff sleeps."""
    with stamina.set_testing(True, attempts=1000, cap=True):
        yield


@pytest.fixture
def koodrive_client(_koodrive_in_process: _Served, _koodrive_fast_retries: None) -> Iterator[KooDrive]:
    """A `KooDrive` talking to the in-process emulator (token auth, no sockets)."""
    control = _koodrive_in_process.control
    transport = InProcessTransport(_koodrive_in_process.app)
    http = httpx.Client(transport=transport, base_url=control.base_url)
    try:
        with KooDrive(control.base_url, control.auth(), http_client=http) as client:
            yield client
    finally:
        http.close()


@pytest.fixture
def koodrive_async_client(
    _koodrive_in_process: _Served, _koodrive_fast_retries: None
) -> Iterator[AsyncKooDrive]:
    """An `AsyncKooDrive` on `httpx.ASGITransport` into the in-process emulator (no sockets).

    A plain fixture, so it works whichever async test runner you use (or `asyncio.run`).
    """
    control = _koodrive_in_process.control
    transport = httpx.ASGITransport(app=_koodrive_in_process.app)
    http = httpx.AsyncClient(transport=transport, base_url=control.base_url)
    yield AsyncKooDrive(control.base_url, control.auth(), http_client=http)
    asyncio.run(_aclose(http))


async def _aclose(http: httpx.AsyncClient) -> None:
    await http.aclose()


@pytest.fixture
def koodrive_server(
    koodrive_emulator_config: EmulatorConfig, _koodrive_fast_retries: None
) -> Iterator[EmulatorControl]:
    """An emulator served by uvicorn on a free loopback port; `.base_url` is its address."""
    with running(koodrive_emulator_config) as server:
        control = EmulatorControl(server.emulator, server.base_url, koodrive_emulator_config)
        yield control
        control.close()


__all__ = [
    "IN_PROCESS_URL",
    "EmulatorControl",
    "InProcessTransport",
    "fast_config",
    "koodrive_app",
    "koodrive_async_client",
    "koodrive_client",
    "koodrive_emulator",
    "koodrive_emulator_config",
    "koodrive_server",
]
