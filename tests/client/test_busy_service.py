"""A correct but busy service (issue 19): the emulator with writers that create, cancel and move
jobs and tasks between the pages of a walk (manual steps, or the virtual clock advanced under
`duration` transitions), at drawn rates, while `jobs.iter()` (filtered by type
or status, and not) and `tasks.iter()` walk; sync and async, on every transport.

The property, for every walk: no id is handed out twice; every record that was in the list (and in
the filter) for the whole walk is handed out; every record handed out was in it at some point; and
nothing raises. The writers act between two list requests (the emulator serialises requests, so a
write a real concurrent writer makes lands between two pages too); the membership is taken before
the walk and after each burst of writes, so "in the list for the whole walk" is known exactly. One
more property runs a writer on its own thread and client over loopback (real concurrency): there,
every job the writer never touched that was in the filter before and after the walk must come out.

Budget: a fixed seed (derandomize) and a few examples per transport in `make test`;
`make fuzz-client` sets KOODRIVE_FUZZ_FACTOR (more examples) and a fresh `--hypothesis-seed`.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from koodrive_emulator import create_app, running
from koodrive_emulator.config import EmulatorConfig, Transition
from koodrive_emulator.pytest_plugin import InProcessTransport
from koodrive_emulator.service import Emulator
from koodrive_tasks import AsyncKooDrive, KooDrive, TokenAuth

TOKEN = "emulator-token"
BASE = "http://koodrive.emulator"
SRC = "IAADfsBFCO6WtAtuA315074383680425b8aa9a130cba2d4"
DST = "IAADfsBFCO6WtAtuA9add2fea594e4e75b8feb8474ef236"
#: `make fuzz-client` multiplies the example counts and draws a fresh seed
FACTOR = int(os.environ.get("KOODRIVE_FUZZ_FACTOR", "0") or 0)
EXAMPLES_IN_PROCESS = 25
EXAMPLES_LOOPBACK = 8


def busy_settings(examples: int) -> settings:
    return settings(
        derandomize=not FACTOR,
        max_examples=examples * max(FACTOR, 1),
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# ---- the writers ---------------------------------------------------------------------------------
#: `*_newest`: the newest open job, the one most likely handed out already (it leaves the filter in
#: front of the walk's offset, and pulls every later job forward)
#: `advance`: the virtual clock moves (in `duration` mode every open record moves with it)
OPS = (
    "create_job",
    "cancel_job",
    "step_job",
    "cancel_newest",
    "step_newest",
    "create_task",
    "step_task",
    "advance",
)
op = st.tuples(st.sampled_from(OPS), st.integers(0, 10_000), st.integers(1, 7))
#: one burst of writes before each list request: quiet, a few, many, or more than a page of new jobs
burst = st.one_of(
    st.just([]),
    st.lists(op, min_size=1, max_size=8),
    st.lists(op, min_size=20, max_size=60),
    st.lists(
        st.tuples(st.just("create_job"), st.integers(0, 10_000), st.integers(1, 7)), min_size=90, max_size=160
    ),
    # exactly a page (or two) of new jobs: the next page is the last one again, in the same order
    st.sampled_from([100, 200]).map(lambda n: [("create_job", 0, 1 + i % 7) for i in range(n)]),
    st.lists(
        st.tuples(st.sampled_from(["cancel_newest", "step_newest"]), st.just(0), st.just(1)),
        min_size=1,
        max_size=40,
    ),
)


@st.composite
def cases(draw: st.DrawFn) -> dict[str, Any]:
    family = draw(st.sampled_from(["jobs", "jobs", "tasks"]))
    if family == "jobs":
        flt = draw(
            st.sampled_from(
                [{}, {}, {"status": 0}, {"status": 1}, {"status": 2}, {"type": 1}, {"type": 2, "status": 0}]
            )
        )
    else:
        flt = draw(st.sampled_from([{}, {"task_type": 0}, {"status": [0, 1]}, {"status": 2}]))
        flt["page_size"] = draw(st.sampled_from([7, 30, 100]))
    return {
        "family": family,
        "filter": flt,
        "seeded": draw(st.integers(60, 320)),
        "pending": draw(st.integers(20, 160)),
        "bursts": draw(st.lists(burst, min_size=1, max_size=8)),
        "seed": draw(st.integers(1, 50)),
        # manual: only the writers' steps move records; duration: the frozen clock's advances do too
        "mode": draw(st.sampled_from(["manual", "manual", "duration"])),
    }


def job_body(task_type: int) -> dict[str, Any]:
    body: dict[str, Any] = {"taskType": task_type, "dstContainerId": DST, "taskInfo": {"srcContainerId": SRC}}
    if task_type != 7:
        body["taskInfo"]["fileInfo"] = [{"fileId": "FuZmQ66CF0DdpKRG1Y29Iwajbq04Nhwu3"}]
    return body


def task_body(n: int) -> dict[str, Any]:
    if n % 2:
        return {"taskType": 1, "resultId": f"r{n}", "orgId": "1", "orgUserId": "2"}
    return {"taskType": 0, "srcUserId": str(1505084218764547200 + n), "dstUserId": "1505084218764547201"}


@dataclass
class Busy:
    """The writers, run before each list request, and the membership after each burst."""

    emulator: Emulator
    case: dict[str, Any]
    snapshots: list[set[str]] = field(default_factory=list)
    bursts: list[list[tuple[str, int, int]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.bursts = list(self.case["bursts"])  # the drawn case stays as drawn (hypothesis replays it)

    def members(self) -> set[str]:
        em, flt = self.emulator, self.case["filter"]
        with em.lock:  # the state as a request now would see it (statuses moved by the clock too)
            now = em.clock.now_ms()
            for family, store in (("jobs", em.jobs), ("tasks", em.tasks)):
                transition = em.transition(family)
                for record in store.records:
                    if not record.terminal():
                        record.refresh(now, transition)
        if self.case["family"] == "jobs":
            user = em.config.credentials.user_id
            return {
                j.id
                for j in em.jobs.records
                if j.owner == user
                and flt.get("type") in (None, j.task_type)
                and flt.get("status") in (None, j.status)
            }
        wanted = flt.get("status")
        statuses = None if wanted is None else set(wanted) if isinstance(wanted, list) else {wanted}
        return {
            t.id
            for t in em.tasks.records
            if flt.get("task_type") in (None, t.task_type) and (statuses is None or t.status in statuses)
        }

    def write(self) -> None:
        em = self.emulator
        if not self.bursts:
            return
        for name, pick, kind in self.bursts.pop(0):
            if name == "create_job":
                em.create_job(job_body(kind))
            elif name == "advance":
                em.advance_clock(kind * 2)
            elif name == "create_task":
                em.create_task(task_body(pick))
            else:
                family = "tasks" if name.endswith("task") else "jobs"
                store = em.jobs if family == "jobs" else em.tasks
                open_ = [r for r in store.records if not r.terminal()]
                if not open_:
                    continue
                record = open_[-1] if name.endswith("newest") else open_[pick % len(open_)]
                if name.startswith("cancel"):
                    em.cancel_job(record.id)
                else:
                    em.step(family, record.id)
        self.snapshots.append(self.members())


def prepare(em: Emulator, case: dict[str, Any]) -> Busy:
    """A fresh state: seeded finished records, pending jobs and new tasks, manual transitions (so
    only the writers move records)."""
    em.reset()
    if case.get("mode") == "duration":
        transition = {"mode": "duration", "seconds": 5}
        em.configure({"clock": {"frozen": True}, "transitions": {"jobs": transition, "tasks": transition}})
    else:
        em.configure({"transitions": {f: {"mode": "manual"} for f in ("jobs", "tasks", "shareTasks")}})
    em.seed(jobs=case["seeded"], tasks=case["seeded"], seed=case["seed"])
    for n in range(case["pending"]):
        em.create_job(job_body(1 + n % 7))
        em.create_task(task_body(n))
    busy = Busy(em, case)
    busy.snapshots.append(busy.members())
    return busy


def check(busy: Busy, ids: list[str]) -> None:
    assert len(ids) == len(set(ids)), "an id was handed out twice"
    always = set.intersection(*busy.snapshots)
    ever = set.union(*busy.snapshots)
    missing = always - set(ids)
    assert not missing, f"{len(missing)} records in the list for the whole walk never handed out"
    assert set(ids) <= ever, "a record handed out that was never in the list"


def walk_sync(client: KooDrive, case: dict[str, Any]) -> list[str]:
    flt = dict(case["filter"])
    if case["family"] == "jobs":
        return [j.id for j in client.jobs.iter(**flt)]
    return [t.id for t in client.tasks.iter(**flt)]


async def walk_async(client: AsyncKooDrive, case: dict[str, Any]) -> list[str]:
    flt = dict(case["filter"])
    if case["family"] == "jobs":
        return [j.id async for j in client.jobs.iter(**flt)]
    return [t.id async for t in client.tasks.iter(**flt)]


#: Issue 19's busy tenant: 150 jobs, the first page read, then exactly a page of new jobs (the next
#: page is the first one again); and a filtered walk whose newest pending jobs start, 20 before each
#: page, so the filter's membership changes during every walk (the old re-walks lost jobs there).
BUSY_TENANT = {
    "family": "jobs",
    "filter": {},
    "seeded": 150,
    "pending": 0,
    "bursts": [[], [("create_job", 0, 1 + i % 7) for i in range(100)]],
    "seed": 1,
}
LEAVING = {
    "family": "jobs",
    "filter": {"status": 0},
    "seeded": 0,
    "pending": 260,
    "bursts": [[], *[[("step_newest", 0, 1)] * 20] * 8],
    "seed": 1,
}


# ---- transports ----------------------------------------------------------------------------------
def _native() -> Any:
    from koodrive_tasks import NativeAioHttpClient

    return NativeAioHttpClient()


def _default_aiohttp() -> Any:
    from koodrive_tasks import DefaultAioHttpClient

    return DefaultAioHttpClient()


SYNC_TRANSPORTS = ["httpx in process", "httpx own pool (loopback)"]
ASYNC_TRANSPORTS = [
    "httpx in process",
    "httpx own pool (loopback)",
    "NativeAioHttpClient (loopback)",
    "DefaultAioHttpClient (loopback)",
]


@contextlib.contextmanager
def served(loopback: bool) -> Iterator[tuple[Emulator, str, Any]]:
    """The emulator: in process (its app) or on loopback (its address)."""
    config = EmulatorConfig()
    config.transitions = {f: Transition(mode="manual") for f in ("jobs", "tasks", "shareTasks")}
    if loopback:
        with running(config) as server:
            yield server.emulator, server.base_url, None
    else:
        app = create_app(config)
        yield app.state.emulator, BASE, app


def needs_aiohttp(transport: str) -> None:
    if "AioHttp" in transport:
        pytest.importorskip("aiohttp")


@pytest.mark.parametrize("transport", SYNC_TRANSPORTS)
def test_sync_walks_on_a_busy_service_hand_out_every_lasting_record_once(transport: str) -> None:
    loopback = "loopback" in transport
    with served(loopback) as (em, base, app):
        if loopback:
            client = KooDrive(base, TokenAuth(TOKEN), max_retries=0)
        else:
            http = httpx.Client(transport=InProcessTransport(app), base_url=base)
            client = KooDrive(base, TokenAuth(TOKEN), http_client=http, max_retries=0)
        hooked: list[Busy] = []

        @busy_settings(EXAMPLES_LOOPBACK if loopback else EXAMPLES_IN_PROCESS)
        @given(case=cases())
        @example(case=BUSY_TENANT)
        @example(case=LEAVING)
        def run(case: dict[str, Any]) -> None:
            busy = prepare(em, case)
            if not hooked:  # the wrappers read the current `Busy` through this list
                hooked.append(busy)
                _hook_through(em, hooked)
            hooked[0] = busy
            check(busy, walk_sync(client, case))

        with client:
            run()


@pytest.mark.parametrize("transport", ASYNC_TRANSPORTS)
def test_async_walks_on_a_busy_service_hand_out_every_lasting_record_once(transport: str) -> None:
    needs_aiohttp(transport)
    loopback = "loopback" in transport
    with served(loopback) as (em, base, app):
        hooked: list[Busy] = []

        def client() -> AsyncKooDrive:
            if transport == "httpx in process":
                http: Any = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=base)
            elif transport.startswith("NativeAioHttpClient"):
                http = _native()
            elif transport.startswith("DefaultAioHttpClient"):
                http = _default_aiohttp()
            else:
                return AsyncKooDrive(base, TokenAuth(TOKEN), max_retries=0)
            return AsyncKooDrive(base, TokenAuth(TOKEN), http_client=http, max_retries=0)

        @busy_settings(EXAMPLES_LOOPBACK if loopback else EXAMPLES_IN_PROCESS)
        @given(case=cases())
        @example(case=BUSY_TENANT)
        @example(case=LEAVING)
        def run(case: dict[str, Any]) -> None:
            busy = prepare(em, case)
            if not hooked:
                hooked.append(busy)
                _hook_through(em, hooked)
            hooked[0] = busy

            async def main() -> list[str]:
                async with client() as c:
                    return await walk_async(c, case)

            check(busy, asyncio.run(main()))

        run()


def _hook_through(em: Emulator, current: list[Busy]) -> None:
    """Wrap the emulator's list methods once; each example's `Busy` (current[0]) does the writes."""
    depth = [0]
    for name in ("list_jobs_page", "list_jobs", "list_tasks"):
        inner = getattr(em, name)

        def wrapped(*args: Any, _inner: Callable[..., Any] = inner, **kwargs: Any) -> Any:
            if depth[0] == 0:
                current[0].write()
            depth[0] += 1
            try:
                return _inner(*args, **kwargs)
            finally:
                depth[0] -= 1

        setattr(em, name, wrapped)


# ---- a writer on its own thread and client ---------------------------------------------------------
@pytest.mark.parametrize("asynchronous", [False, True])
def test_walks_beside_a_writer_thread_hand_out_every_untouched_record_once(asynchronous: bool) -> None:
    """Real concurrency: a writer on its own thread and client creates, cancels and steps jobs over
    loopback while the walk runs. A job the writer never touched keeps its place in the filter, so
    every one in the filter before and after the walk must come out; nothing else may come out but
    jobs that existed at some point."""
    if asynchronous:
        pytest.importorskip("aiohttp")
    with served(loopback=True) as (em, base, _):

        @busy_settings(3)
        @given(
            flt=st.sampled_from([{}, {"status": 0}, {"type": 1}]),
            rate=st.sampled_from([0.0, 0.002, 0.0]),
            cancel_every=st.integers(2, 5),
        )
        def run(flt: dict[str, Any], rate: float, cancel_every: int) -> None:
            case = {"family": "jobs", "filter": flt, "seeded": 250, "pending": 150, "bursts": [], "seed": 3}
            busy = prepare(em, case)
            before = busy.members()
            touched: set[str] = set()
            stop = threading.Event()
            started = threading.Event()

            def writer() -> None:
                with KooDrive(base, TokenAuth(TOKEN), max_retries=0) as other:
                    n = 0
                    while not stop.is_set():
                        n += 1
                        touched.add(
                            other.jobs.create(1, src_container_id=SRC, dst_container_id=DST, file_ids=["F1"])
                        )
                        open_ = [r.id for r in em.jobs.records if not r.terminal()]
                        if open_:
                            victim = open_[-(n % len(open_)) - 1]
                            touched.add(victim)
                            if n % cancel_every:
                                em.step("jobs", victim)
                            else:
                                other.jobs.cancel(victim)
                        started.set()
                        time.sleep(rate)

            thread = threading.Thread(target=writer)
            thread.start()
            started.wait(10)
            try:
                if asynchronous:

                    async def main() -> list[str]:
                        http = _native()
                        async with AsyncKooDrive(
                            base, TokenAuth(TOKEN), http_client=http, max_retries=0
                        ) as c:
                            return [j.id async for j in c.jobs.iter(**flt)]

                    ids = asyncio.run(main())
                else:
                    with KooDrive(base, TokenAuth(TOKEN), max_retries=0) as client:
                        ids = [j.id for j in client.jobs.iter(**flt)]
            finally:
                stop.set()
                thread.join()
            after = busy.members()
            assert len(ids) == len(set(ids)), "an id was handed out twice"
            missing = (before & after) - touched - set(ids)
            assert not missing, f"{len(missing)} jobs the writer never touched were not handed out"
            assert set(ids) <= before | touched, "a job handed out that never existed"

        run()
