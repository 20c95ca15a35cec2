"""`make bench`: every speed claim of the project, measured side by side with a baseline in one run.

Each line of the report is a ratio against a baseline measured in the same run: the two (or, for
the emulator's throughput, all) sides take turns, one sample each per round, for at least 7 rounds,
and the line reports the median of the per-round ratios with their min-max, because these
machines are shared and noisy. Writes docs/benchmarks.md and docs/benchmarks.png (or, with
--smoke, tiny sizes into reports/ with no goals judged, so CI keeps the suite from rotting;
--only GROUP runs single groups into reports/; --merge --only GROUP runs them and puts their lines
into docs/ and the README's table in place of the last full run's, each marked with the partial run
that measured it, so a re-measured group never passes for a full run).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cpu_shares import where_time_goes
from loadgen import ROOT, STACKS, ceiling_cmd, emulator_cmd, serve, wrk
from report import Line, load, machine_line, merge, write_report

TOKEN = "emulator-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def rounds_of(fns: Sequence[Callable[[], float]], rounds: int, warmup: int = 1) -> list[list[float]]:
    """Each round takes one sample of every function in turn (A B C A B C ...), so drift and noise
    fall on all of them alike; `warmup` rounds first, not kept."""
    for _ in range(warmup):
        for fn in fns:
            fn()
    samples: list[list[float]] = [[] for _ in fns]
    for _ in range(rounds):
        for kept, fn in zip(samples, fns, strict=True):
            kept.append(fn())
    return samples


def interleave(
    a: Callable[[], object],
    b: Callable[[], object],
    rounds: int,
    warmup: int = 5,
    batch: int | None = None,
) -> tuple[list[float], list[float]]:
    """Seconds per call of a and of b, paired by round: each round times `batch` calls of a, then
    `batch` calls of b (A B A B ...). Without `batch`, enough calls that the slower side's batch
    takes about 20 ms: a single sub-millisecond call is mostly scheduler noise on a shared machine."""
    for _ in range(warmup):
        a()
        b()
    if batch is None:
        batch = max(1, min(1000, int(0.02 / max(timed(a), timed(b), 1e-6))))
    n = batch

    def per_call(fn: Callable[[], object]) -> Callable[[], float]:
        def run() -> float:
            start = time.perf_counter()
            for _ in range(n):
                fn()
            return (time.perf_counter() - start) / n

        return run

    sa, sb = rounds_of([per_call(a), per_call(b)], rounds, warmup=0)
    return sa, sb


def default_stack() -> str:
    from koodrive_emulator.server import default_stack as pick

    return pick()


@contextmanager
def emulator(stack: str = "auto", **config: Any) -> Iterator[str]:
    """The emulator in its own process on loopback (under `stack`; "auto" is what users get),
    configured through its admin API."""
    cmd = emulator_cmd(default_stack() if stack == "auto" else stack)
    with serve(cmd, "/_emulator/config") as base:
        if config:
            httpx.post(f"{base}/_emulator/config", json=config, timeout=30).raise_for_status()
        yield base


def admin(base: str, path: str, body: dict[str, Any]) -> Any:
    response = httpx.post(f"{base}/_emulator/{path}", json=body, timeout=600)
    response.raise_for_status()
    return response.json()


# ---- 1. per-call overhead ---------------------------------------------------------------------
def bench_per_call(rounds: int, batch: int) -> list[Line]:
    from koodrive_tasks import KooDrive, TokenAuth

    with emulator() as base:
        admin(base, "seed", {"jobs": 50, "tasks": 300, "shareTasks": 0, "seed": 1})
        raw = httpx.Client(base_url=base, headers=AUTH)
        job_id = raw.get("/koodrive/ose/v1/jobs", params={"offset": 0, "limit": 1}).json()["data"][0][
            "taskId"
        ]
        recorded = raw.get(f"/koodrive/ose/v1/{job_id}")
        with KooDrive(base_url=base, auth=TokenAuth(TOKEN), max_retries=0) as client:
            get_s, get_b = interleave(
                lambda: client.jobs.get(job_id),
                lambda: json.loads(raw.get(f"/koodrive/ose/v1/{job_id}").content),
                rounds,
                batch=batch,
            )
            list_s, list_b = interleave(
                lambda: client.tasks.list(page_size=100),
                lambda: json.loads(raw.get("/koodrive/ose/v1/task/list", params={"pageSize": 100}).content),
                rounds,
                batch=max(1, batch // 4),
            )
            # the profile a miss is reported with: where the client's CPU goes, by package
            get_profile = where_time_goes(lambda: client.jobs.get(job_id), 20 * batch)
            list_profile = where_time_goes(lambda: client.tasks.list(page_size=100), 5 * batch)
        raw.close()
    own, caller = bench_client_only(base, job_id, recorded, rounds, batch)
    mock_note = (
        f"MockTransport answers the emulator's recorded bytes ({len(recorded.content):,} B):"
        " the client's own cost per call, with no server or socket in it"
    )
    return [
        Line(
            "per call: jobs.get",
            "client.jobs.get(id)",
            "httpx.Client + json.loads",
            get_s,
            get_b,
            "s",
            transport=f"httpx (default); emulator under {default_stack()}",
            goal="≤ 1.10× raw",
            goal_ratio=1.10,
            notes=[f"emulator under {default_stack()}; {batch} calls per round and side", get_profile],
        ),
        Line(
            "per call: tasks.list(100)",
            "client.tasks.list(page_size=100)",
            "httpx.Client + json.loads",
            list_s,
            list_b,
            "s",
            transport=f"httpx (default); emulator under {default_stack()}",
            goal="≤ 1.15× raw",
            goal_ratio=1.15,
            notes=[list_profile],
        ),
        Line(
            "client only: jobs.get, own pool (no server)",
            "KooDrive(...).jobs.get(id), its own pool's transport swapped for httpx.MockTransport",
            "httpx.Client + json.loads on the same MockTransport",
            *own,
            "s",
            transport="httpx.MockTransport (no socket)",
            notes=[
                mock_note + "; the path `KooDrive(base_url, auth)` takes: requests go to the pool's transport"
            ],
        ),
        Line(
            "client only: jobs.get, caller's http_client (no server)",
            "KooDrive(http_client=httpx.Client(transport=MockTransport)).jobs.get(id)",
            "httpx.Client + json.loads on the same MockTransport",
            *caller,
            "s",
            transport="caller's httpx.Client on httpx.MockTransport (no socket)",
            notes=[
                "a caller's client: each attempt runs in a kept worker thread the caller stops waiting"
                " for at the whole-response budget (the client cannot cut a foreign transport's sockets)"
            ],
        ),
    ]


Samples = tuple[list[float], list[float]]


def bench_client_only(
    base: str, job_id: str, recorded: httpx.Response, rounds: int, batch: int
) -> tuple[Samples, Samples]:
    """The client against raw httpx with no server: on the own pool's path (its transport swapped
    for a MockTransport answering the recorded bytes) and on a caller's `http_client`."""
    from koodrive_tasks import KooDrive, TokenAuth

    body, headers = recorded.content, dict(recorded.headers)

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers=headers, content=body)

    transport = httpx.MockTransport(answer)
    raw = httpx.Client(base_url=base, headers=AUTH, transport=transport)

    def raw_get() -> object:
        return json.loads(raw.get(f"/koodrive/ose/v1/{job_id}").content)

    with KooDrive(base_url=base, auth=TokenAuth(TOKEN), max_retries=0) as client:
        sender = client._sender
        assert sender._direct is not None, "the own pool's path is not the direct one"
        sender._direct = sender.http._transport = (
            transport  # the pool itself, no socket: the bench's only private reach
        )
        assert client.jobs.get(job_id) is not None
        own = interleave(lambda: client.jobs.get(job_id), raw_get, rounds, batch=batch)
    http = httpx.Client(base_url=base, transport=transport)
    with KooDrive(base_url=base, auth=TokenAuth(TOKEN), max_retries=0, http_client=http) as client:
        assert client.jobs.get(job_id) is not None
        caller = interleave(lambda: client.jobs.get(job_id), raw_get, rounds, batch=batch)
    http.close()
    raw.close()
    return own, caller


# ---- 2. parse cost ----------------------------------------------------------------------------
#: How many different pages of 100 tasks the parse rows' walk line reads per round.
PARSE_WALK_PAGES = 100


def bench_parse(rounds: int) -> list[Line]:
    from koodrive_tasks import _parsing

    with emulator() as base:
        admin(base, "seed", {"jobs": 1, "tasks": 100, "shareTasks": 0, "seed": 2})
        raw = httpx.Client(base_url=base, headers=AUTH)
        page = raw.get("/koodrive/ose/v1/task/list", params={"pageSize": 100}).content
        job_id = raw.get("/koodrive/ose/v1/jobs", params={"offset": 0, "limit": 1}).json()["data"][0][
            "taskId"
        ]
        one = raw.get(f"/koodrive/ose/v1/{job_id}").json()
        # Pages of different tasks, as a walk meets them: parsing one page again and again would
        # let a cache of parsed values answer (times, ids) that a real walk never hits.
        admin(base, "seed", {"jobs": 0, "tasks": PARSE_WALK_PAGES * 100, "shareTasks": 0, "seed": 4})
        walk: list[bytes] = []
        cursor = None
        while len(walk) < PARSE_WALK_PAGES:
            params: dict[str, Any] = {"pageSize": 100, **({"pageCursor": cursor} if cursor else {})}
            walk.append(raw.get("/koodrive/ose/v1/task/list", params=params).content)
            cursor = json.loads(walk[-1]).get("nextCursor")
            if cursor is None:
                break
        raw.close()
    # A job detail with 1,000 per-file results, built from a real one so every field is as served.
    files = one["data"].get("taskInfos") or [{"fileId": "F0", "status": "1"}]
    one["data"]["taskInfos"] = [{**files[i % len(files)], "fileId": f"F{i:032d}"} for i in range(1000)]
    detail = json.dumps(one).encode()
    page_s, page_b = interleave(
        lambda: _parsing.task_page(json.loads(page)), lambda: json.loads(page), rounds
    )
    job_s, job_b = interleave(
        lambda: _parsing.job_detail(json.loads(detail)), lambda: json.loads(detail), rounds
    )

    def walk_parsed() -> None:
        for body in walk:
            _parsing.task_page(json.loads(body))

    def walk_loaded() -> None:
        for body in walk:
            json.loads(body)

    walk_s, walk_b = interleave(walk_parsed, walk_loaded, max(7, rounds // 10), warmup=1, batch=1)
    goal = "≤ 2.5× json.loads"  # issue 13: every record shape
    return [
        Line(
            "parse: 100-task page",
            "json.loads + normalised models",
            "json.loads alone",
            page_s,
            page_b,
            "s",
            goal=goal,
            goal_ratio=2.5,
            transport="none (bytes in memory)",
        ),
        Line(
            "parse: job with 1,000 files",
            "json.loads + normalised models",
            "json.loads alone",
            job_s,
            job_b,
            "s",
            goal=goal,
            goal_ratio=2.5,
            transport="none (bytes in memory)",
        ),
        Line(
            f"parse: {len(walk)} pages of 100 different tasks",
            "json.loads + normalised models",
            "json.loads alone",
            walk_s,
            walk_b,
            "s",
            goal=goal,
            goal_ratio=2.5,
            notes=["each page met once per round, as a walk meets it (no parsed value seen before)"],
            transport="none (bytes in memory)",
        ),
    ]


# ---- 3. paging --------------------------------------------------------------------------------
def bench_paging(tasks: int, rounds: int) -> list[Line]:
    from koodrive_tasks import KooDrive, TokenAuth

    with emulator() as base:
        admin(base, "seed", {"jobs": 0, "tasks": tasks, "shareTasks": 0, "seed": 4})
        raw = httpx.Client(base_url=base, headers=AUTH)

        def raw_walk() -> int:
            count, cursor = 0, None
            while True:
                params: dict[str, Any] = {"pageSize": 100}
                if cursor is not None:
                    params["pageCursor"] = cursor
                body = json.loads(raw.get("/koodrive/ose/v1/task/list", params=params).content)
                count += len(body.get("taskListDtos") or body.get("taskList") or [])
                cursor = body.get("nextCursor")
                if cursor is None:
                    return count

        with KooDrive(base_url=base, auth=TokenAuth(TOKEN), max_retries=0) as client:
            assert sum(1 for _ in client.tasks.iter()) == raw_walk() >= tasks
            s, b = interleave(lambda: sum(1 for _ in client.tasks.iter()), raw_walk, rounds, warmup=1)
            walk_profile = where_time_goes(lambda: sum(1 for _ in client.tasks.iter()), 1)
        raw.close()
    return [
        Line(
            f"paging: {tasks:,} tasks",
            "client.tasks.iter()",
            "httpx cursor loop + json.loads",
            s,
            b,
            "s",
            transport=f"httpx (default); emulator under {default_stack()}",
            goal="≤ 1.15× raw",
            goal_ratio=1.15,
            notes=[walk_profile],
        )
    ]


def bench_busy_paging(jobs: int, rounds: int) -> list[Line]:
    """jobs.iter() over `jobs` jobs while another client creates jobs back to back, against the same
    walk on a quiet tenant. Each round walks quiet, then busy (the list grows by what the writer
    made, so the next round's quiet walk is over the same list the busy one ended with); every job
    that was there before a busy walk must come out of it exactly once."""
    import threading

    from koodrive_tasks import JobType, KooDrive, TokenAuth

    with emulator(transitions={"jobs": {"mode": "manual"}}) as base:
        admin(base, "seed", {"jobs": jobs, "tasks": 0, "shareTasks": 0, "seed": 5})
        made = [0]

        def walk(client: KooDrive) -> list[str]:
            return [job.id for job in client.jobs.iter()]

        def writer(stop: threading.Event, started: threading.Event) -> None:
            with KooDrive(base_url=base, auth=TokenAuth(TOKEN), max_retries=0) as other:
                while not stop.is_set():
                    if made[0]:
                        started.set()
                    other.jobs.create(
                        JobType.DELETE,
                        src_container_id="IAADfsBFCO6WtAtuA315074383680425b8aa9a130cba2d4",
                        dst_container_id="IAADfsBFCO6WtAtuA315074383680425b8aa9a130cba2d4",
                        file_ids=["FuZmQ66CF0DdpKRG1Y29Iwajbq04Nhwu3"],
                    )
                    made[0] += 1

        with KooDrive(base_url=base, auth=TokenAuth(TOKEN), max_retries=0) as client:

            def quiet() -> float:
                start = time.perf_counter()
                walk(client)
                return time.perf_counter() - start

            def busy() -> float:
                there = set(walk(client))
                stop, started = threading.Event(), threading.Event()
                thread = threading.Thread(target=writer, args=(stop, started))
                thread.start()
                started.wait(30)  # the writer is creating when the walk starts
                try:
                    start = time.perf_counter()
                    ids = walk(client)
                    elapsed = time.perf_counter() - start
                finally:
                    stop.set()
                    thread.join()
                assert len(ids) == len(set(ids)) and there <= set(ids), "the busy walk lost or repeated jobs"
                return elapsed

            q, b = rounds_of([quiet, busy], rounds)
    created = made[0] / max(1, len(b) + 1)  # the warm-up round wrote too
    return [
        Line(
            f"paging: {jobs:,} jobs while another client creates jobs",
            "client.jobs.iter() on a busy tenant",
            "the same walk on a quiet tenant",
            b,
            q,
            "s",
            transport=f"httpx (default), writer on its own client; emulator under {default_stack()}",
            goal="≤ 2× quiet",
            goal_ratio=2.0,
            notes=[
                f"the writer created {created:,.0f} jobs per busy walk, back to back (each one pushes"
                " every later page down by one); every job there before the walk came out once",
                "goal: the writer's creates take about as much of the emulator's single event loop as"
                " the walk's pages, so a walk that does no extra work is at most about 2x slower; a walk"
                " that re-read pages or started again would pass it",
            ],
        )
    ]


# ---- 4. concurrency ---------------------------------------------------------------------------
#: HTTP clients the async client is measured with, by name (the default first). A transport the
#: client offers for concurrency goes here, and gets its own rows.
def _aiohttp(base: str) -> httpx.AsyncClient:
    from koodrive_tasks import DefaultAioHttpClient

    return DefaultAioHttpClient()  # httpx's API on aiohttp's connector (openai-python's shape)


def _native(base: str) -> Any:
    from koodrive_tasks import NativeAioHttpClient

    return NativeAioHttpClient()  # what the README tells users to pass for concurrency


ASYNC_TRANSPORTS: dict[str, Callable[[str], Any]] = {
    "httpx (default)": lambda base: None,
    "DefaultAioHttpClient": _aiohttp,
    "NativeAioHttpClient": _native,
}
#: the transport users are told to use for concurrency: the goals are judged on its rows
CONCURRENCY_TRANSPORT = "NativeAioHttpClient"


def bench_concurrency(calls: int, sync_calls: int, in_flight: Sequence[int], rounds: int) -> list[Line]:
    """Async calls at N in flight against one by one, as calls per second, each round timing both
    sides (A B A B ...); the client's CPU per call (time.process_time, the emulator is another
    process) says whether the client or the wait is what limits it."""
    from koodrive_tasks import AsyncKooDrive, KooDrive, TokenAuth

    lines: list[Line] = []
    with emulator(faults={"latencyMs": 20}) as base:
        admin(base, "seed", {"jobs": 20, "tasks": 0, "shareTasks": 0, "seed": 5})
        ids = [
            j["taskId"]
            for j in httpx.get(
                f"{base}/koodrive/ose/v1/jobs", params={"offset": 0, "limit": 20}, headers=AUTH
            ).json()["data"]
        ]

        def sync_rate() -> float:
            with KooDrive(base_url=base, auth=TokenAuth(TOKEN), max_retries=0) as client:
                start = time.perf_counter()
                for i in range(sync_calls):
                    client.jobs.get(ids[i % len(ids)])
                return sync_calls / (time.perf_counter() - start)

        for name, make_http in ASYNC_TRANSPORTS.items():
            for n in in_flight:
                cpu: list[float] = []

                async def async_main(n: int = n, make_http: Any = make_http, cpu: list[float] = cpu) -> float:
                    limit = asyncio.Semaphore(n)
                    http = make_http(base)
                    async with AsyncKooDrive(
                        base_url=base, auth=TokenAuth(TOKEN), max_retries=0, http_client=http
                    ) as client:

                        async def one(i: int) -> None:
                            async with limit:
                                await client.jobs.get(ids[i % len(ids)])

                        start, cpu0 = time.perf_counter(), time.process_time()
                        await asyncio.gather(*(one(i) for i in range(calls)))
                        wall = time.perf_counter() - start
                        cpu.append((time.process_time() - cpu0) / calls)
                    if http is not None:
                        await http.aclose()
                    return calls / wall

                s, b = rounds_of([lambda: asyncio.run(async_main()), sync_rate], rounds, warmup=0)
                cpu_ms = statistics.median(cpu) * 1000
                wall_ms = 1000 / statistics.median(s)
                goal = 25.0 if n <= 50 else 40.0
                judged = name == CONCURRENCY_TRANSPORT
                lines.append(
                    Line(
                        f"concurrency: jobs.get at {n} in flight, 20 ms latency",
                        f"AsyncKooDrive [{name}], {calls:,} calls",
                        f"KooDrive one by one, {sync_calls:,} calls",
                        s,
                        b,
                        "calls/s",
                        goal=f"≥ {goal:.0f}× faster" if judged else "",
                        goal_ratio=goal if judged else None,
                        transport=f"{name}; emulator under {default_stack()}",
                        higher_is_better=True,
                        notes=[
                            f"client CPU per call {cpu_ms:.2f} ms against {wall_ms:.2f} ms of wall time per"
                            f" call ({min(cpu) * 1000:.2f}–{max(cpu) * 1000:.2f} ms across rounds);"
                            f" emulator under {default_stack()}"
                        ],
                    )
                )
    return lines


# ---- 5. emulator throughput -------------------------------------------------------------------
JOBS_PAGE = "/koodrive/ose/v1/jobs?offset=0&limit=100"


def prism_spec(bodies: dict[str, bytes]) -> Path:
    """A copy of the spec whose listJobs and getJob 200 responses carry one more example, `bench`:
    the emulator's own recorded body, so Prism (asked with `Prefer: example=bench`) answers the
    same bytes the emulator does. The copy sits beside a link to spec/examples for its $refs."""
    import yaml

    spec = yaml.safe_load((ROOT / "spec" / "koodrive-tasks.yaml").read_text(encoding="utf-8"))
    for item in spec["paths"].values():
        for op in item.values():
            if isinstance(op, dict) and op.get("operationId") in bodies:
                content = op["responses"]["200"]["content"]["application/json"]
                content.setdefault("examples", {})["bench"] = {"value": json.loads(bodies[op["operationId"]])}
    out = ROOT / "reports" / "prism"
    out.mkdir(parents=True, exist_ok=True)
    link = out / "examples"
    if not link.exists():
        link.symlink_to(ROOT / "spec" / "examples")
    path = out / "koodrive-tasks.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def bench_throughput(seconds: float, rounds: int, stacks: Sequence[str]) -> list[Line]:
    """wrk against the emulator under each stack, a bare ASGI ceiling under the same stack, and
    Prism answering the emulator's bytes: every target once per round and route, in turn."""
    chosen = default_stack()
    with ExitStack() as running:
        emus: dict[str, str] = {}
        paths: dict[str, dict[str, str]] = {}  # stack -> route -> path (each emulator mints its own ids)
        bodies: dict[str, dict[str, bytes]] = {}
        for stack in stacks:
            base = running.enter_context(emulator(stack))
            admin(base, "seed", {"jobs": 150, "tasks": 0, "shareTasks": 0, "seed": 6})
            job_id = httpx.get(base + JOBS_PAGE, headers=AUTH).json()["data"][0]["taskId"]
            paths[stack] = {"GET /jobs?limit=100": JOBS_PAGE, "GET /{job_id}": f"/koodrive/ose/v1/{job_id}"}
            bodies[stack] = {
                route: httpx.get(base + path, headers=AUTH).content for route, path in paths[stack].items()
            }
            emus[stack] = base
        ceilings: dict[str, str] = {}
        for stack in stacks:
            table = {}
            for route, path in paths[stack].items():
                body_file = (
                    ROOT / "reports" / f"ceiling-{stack}-{'page' if 'limit' in route else 'detail'}.json"
                )
                body_file.parent.mkdir(exist_ok=True)
                body_file.write_bytes(bodies[stack][route])
                table[path.split("?", 1)[0]] = str(body_file)
            table_file = ROOT / "reports" / f"ceiling-{stack}.json"
            table_file.write_text(json.dumps(table), encoding="utf-8")
            ceilings[stack] = running.enter_context(
                serve(ceiling_cmd(stack), "/", env={"KOODRIVE_CEILING_BODIES": str(table_file)})
            )
        reference = chosen if chosen in stacks else stacks[0]
        spec = prism_spec(
            {
                "listJobs": bodies[reference]["GET /jobs?limit=100"],
                "getJob": bodies[reference]["GET /{job_id}"],
            }
        )
        prism_cmd = ["node_modules/.bin/prism", "mock", str(spec), "-h", "127.0.0.1", "-p", "{port}"]
        prism = running.enter_context(serve(prism_cmd, "/koodrive/ose/v1/jobs?offset=0&limit=1"))
        prefer = {**AUTH, "Prefer": "example=bench"}
        for route in paths[reference]:
            sent = httpx.get(prism + paths[reference][route], headers=prefer).content
            assert json.loads(sent) == json.loads(bodies[reference][route]), f"Prism answers another {route}"

        def rate(url: str, headers: dict[str, str]) -> Callable[[], float]:
            def run() -> float:
                result = wrk(url, headers, seconds)
                if result.non_2xx or result.errors:
                    raise RuntimeError(f"{url}: {result.non_2xx} non-2xx, {result.errors} socket errors")
                return result.requests_per_second

            return run

        lines: list[Line] = []
        for route in paths[reference]:
            targets: list[tuple[str, Callable[[], float]]] = [
                ("prism", rate(prism + paths[reference][route], prefer))
            ]
            for stack in stacks:
                targets.append((f"emu-{stack}", rate(emus[stack] + paths[stack][route], AUTH)))
                targets.append((f"ceil-{stack}", rate(ceilings[stack] + paths[stack][route], AUTH)))
            got = dict(zip([n for n, _ in targets], rounds_of([f for _, f in targets], rounds), strict=True))
            size = len(bodies[reference][route])
            for stack in stacks:
                judged = stack == chosen
                lines.append(
                    Line(
                        f"emulator {route} [{stack}] vs Prism",
                        f"emulator under {stack}",
                        "Prism 5.14.2 mock, same body",
                        got[f"emu-{stack}"],
                        got["prism"],
                        "req/s",
                        transport=stack,
                        goal="≥ 8× Prism" if judged else "",
                        goal_ratio=8.0 if judged else None,
                        higher_is_better=True,
                        notes=[f"both answer {size:,} B (Prism: the emulator's body as example `bench`)"]
                        if stack == reference
                        else [],
                    )
                )
                lines.append(
                    Line(
                        f"emulator {route} [{stack}] vs ceiling",
                        f"emulator under {stack}",
                        f"bare ASGI app, same bytes, same {stack}",
                        got[f"emu-{stack}"],
                        got[f"ceil-{stack}"],
                        "req/s",
                        transport=stack,
                        goal="≥ 0.5× ceiling" if judged else "",
                        goal_ratio=0.5 if judged else None,
                        higher_is_better=True,
                    )
                )
    return lines


# ---- 6. pipeline ------------------------------------------------------------------------------
def bench_pipeline(rounds: int) -> list[Line]:
    def make(target: str) -> Callable[[], float]:
        return lambda: timed(
            lambda: subprocess.run(["make", "-s", target], cwd=ROOT, check=True, capture_output=True)
        )

    def interpreter() -> float:
        return timed(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True))

    lines = []
    for t in ("validate", "generate", "check-generated"):
        s, b = rounds_of([make(t), interpreter], rounds, warmup=0)
        lines.append(
            Line(f"pipeline: make {t}", f"make {t}", "python -c pass (interpreter start)", s, b, "s")
        )
    return lines


# ---- 7. start-up -------------------------------------------------------------------------------
def bench_startup(rounds: int) -> list[Line]:
    """Whole processes, interleaved: what a script pays for `import koodrive_tasks` (every extra
    installed, aiohttp included) and for its first client, and what a shell pays for `--version`
    and for one Tab press."""
    import os

    command = str(Path(sys.executable).parent / "koodrive-tasks")
    completion = {
        **os.environ,
        "_KOODRIVE_TASKS_COMPLETE": "complete_bash",
        "COMP_WORDS": "koodrive-tasks jobs list --status ",
        "COMP_CWORD": "4",
    }

    def proc(*cmd: str, env: dict[str, str] | None = None) -> Callable[[], float]:
        return lambda: timed(lambda: subprocess.run(list(cmd), check=True, capture_output=True, env=env))

    def python(code: str) -> Callable[[], float]:
        return proc(sys.executable, "-c", code)

    lazy = (
        "`import koodrive_tasks` loads no httpx (the package imports it when a client is first made),"
        " so this process does less than its baseline; the first-client line pays for httpx"
    )
    first_client = (
        "import koodrive_tasks; koodrive_tasks.KooDrive(base_url='http://127.0.0.1:9',"
        " auth=koodrive_tasks.TokenAuth('t')).close()"
    )
    cases = [
        ("start-up: import koodrive_tasks", "python -c 'import koodrive_tasks'",
         python("import koodrive_tasks"), "python -c 'import httpx'", python("import httpx"), 1.5, [lazy]),
        ("start-up: koodrive-tasks --version", "koodrive-tasks --version", proc(command, "--version"),
         "python -c 'import typer, rich'", python("import typer, rich"), 2.0, []),
        ("start-up: Tab completion", "one completion request (jobs list --status <Tab>)",
         proc(command, env=completion), "python -c 'import typer, rich'",
         python("import typer, rich"), 2.0, []),
        ("start-up: import and make a client", "python -c 'import koodrive_tasks; KooDrive(...).close()'",
         python(first_client), "python -c 'import httpx; httpx.Client().close()'",
         python("import httpx; httpx.Client().close()"), None,
         ["no goal set: what a script pays before its first call, beside the same with bare httpx"]),
    ]  # fmt: skip
    lines = []
    for name, subject, run_subject, baseline, run_baseline, goal, notes in cases:
        s, b = rounds_of([run_subject, run_baseline], rounds, warmup=1)
        lines.append(
            Line(
                name,
                subject,
                baseline,
                s,
                b,
                "s",
                goal=f"≤ {goal:g}× baseline" if goal is not None else "",
                goal_ratio=goal,
                notes=notes,
                transport="none (a whole process, started and waited for)",
            )
        )
    return lines


# ---- 8. many jobs: wait_many and the bulk runner -----------------------------------------------
def _create_jobs(base: str, count: int, files: int = 1) -> list[str]:
    """`count` copy jobs of `files` files each, created through the plain HTTP API (not timed)."""
    with httpx.Client(base_url=base, headers=AUTH, timeout=60) as raw:
        return [
            raw.post(
                "/koodrive/ose/v1/jobs",
                json={
                    "taskType": 1,
                    "dstContainerId": "IAADfsBFCO6WtAtuA9add2fea594e4e75b8feb8474ef236",
                    "taskInfo": {
                        "srcContainerId": "IAADfsBFCO6WtAtuA315074383680425b8aa9a130cba2d4",
                        "fileInfo": [{"fileId": f"F{n:032d}"} for n in range(files)],
                    },
                },
            ).json()["data"]
            for _ in range(count)
        ]


def bench_wait_many(jobs: int, one_by_one: int, rounds: int) -> list[Line]:
    """jobs.wait_many over `jobs` fresh jobs (50 polls in flight) against jobs.wait on each in turn,
    as jobs finished per second, at 20 ms latency; each job completes after a few reads (the
    emulator's `reads` transitions), so both sides pay the same polls and only the overlap differs.
    The client keeps its default retries: at 50 connections a poll now and then meets a reset."""
    from koodrive_tasks import KooDrive, TokenAuth

    cpu: list[float] = []
    transitions = {"jobs": {"mode": "reads", "reads": 1}}
    with ExitStack() as stack:
        base = stack.enter_context(emulator(faults={"latencyMs": 20}, transitions=transitions))
        client = stack.enter_context(KooDrive(base_url=base, auth=TokenAuth(TOKEN)))

        def many() -> float:
            ids = _create_jobs(base, jobs)
            start, cpu0 = time.perf_counter(), time.process_time()
            results = client.jobs.wait_many(ids, poll_interval=0.05, concurrency=50, timeout=600)
            wall = time.perf_counter() - start
            cpu.append((time.process_time() - cpu0) / jobs)
            assert all(r.ok for r in results.values())
            return jobs / wall

        def in_turn() -> float:
            ids = _create_jobs(base, one_by_one)
            start = time.perf_counter()
            for job_id in ids:
                client.jobs.wait(job_id, poll_interval=0.05, timeout=600)
            return one_by_one / (time.perf_counter() - start)

        s, b = rounds_of([many, in_turn], rounds, warmup=0)
    return [
        Line(
            f"wait_many: {jobs} jobs, 20 ms latency",
            f"jobs.wait_many({jobs} ids, concurrency=50)",
            f"jobs.wait on each in turn ({one_by_one} jobs)",
            s,
            b,
            "jobs/s",
            goal="≥ 10× faster",
            goal_ratio=10.0,
            higher_is_better=True,
            transport=f"httpx (default); emulator under {default_stack()}",
            notes=[
                f"client CPU per job {statistics.median(cpu) * 1000:.2f} ms"
                f" ({min(cpu) * 1000:.2f}–{max(cpu) * 1000:.2f} ms across rounds), polls included"
            ],
        )
    ]


def bench_bulk(files: int, rounds: int) -> list[Line]:
    """A bulk copy of `files` files (jobs of the spec's per-job limit; creates paced by the client's
    rate limit, waits concurrent) against the same jobs created and waited one after the other
    through the same rate-limited client. Jobs take about a second on the server (the emulator's
    `duration` transitions, two steps of 0.5 s), at 20 ms latency."""
    import tempfile

    from koodrive_generated import facts
    from koodrive_tasks import JobType, KooDrive, RateLimit, TokenAuth
    from koodrive_tasks.bulk import BulkAction, BulkOptions, read_manifest, run

    src = "IAADfsBFCO6WtAtuA315074383680425b8aa9a130cba2d4"
    dst = "IAADfsBFCO6WtAtuA9add2fea594e4e75b8feb8474ef236"
    per_job = facts.MAX_FILES_PER_JOB
    limit = RateLimit(20, per=1.0)
    cpu: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        manifest = Path(tmp) / "files.csv"
        manifest.write_text("file_id,space\n" + "".join(f"F{n:032d},{src}\n" for n in range(files)))
        entries = read_manifest(manifest)
        jobs = -(-files // per_job)
        transitions = {"jobs": {"mode": "duration", "seconds": 0.5}}
        with ExitStack() as stack:
            base = stack.enter_context(emulator(faults={"latencyMs": 20}, transitions=transitions))
            client = stack.enter_context(KooDrive(base_url=base, auth=TokenAuth(TOKEN), rate_limit=limit))
            rounds_done = [0]

            def bulk() -> float:
                rounds_done[0] += 1
                start, cpu0 = time.perf_counter(), time.process_time()
                report = run(
                    client, manifest, BulkOptions(BulkAction.COPY, dst_container_id=dst),
                    journal=Path(tmp) / f"journal-{rounds_done[0]}.sqlite", poll_interval=0.1,
                )  # fmt: skip
                wall = time.perf_counter() - start
                cpu.append((time.process_time() - cpu0) / jobs)
                assert report.complete and len(report.files) == files
                return wall

            def sequential() -> float:
                start = time.perf_counter()
                for at in range(0, files, per_job):
                    chunk = entries[at : at + per_job]
                    job_id = client.jobs.create(
                        JobType.COPY, src_container_id=src, dst_container_id=dst,
                        file_ids=[e.file_id for e in chunk],
                    )  # fmt: skip
                    client.jobs.wait(job_id, poll_interval=0.1, timeout=600)
                return time.perf_counter() - start

            s, b = rounds_of([bulk, sequential], rounds, warmup=0)
    return [
        Line(
            f"bulk: copy {files:,} files ({jobs} jobs)",
            "koodrive_tasks.bulk.run (creates paced at 20/s, waits concurrent, SQLite journal)",
            "the same jobs created and waited one after the other",
            s,
            b,
            "s",
            goal="≤ 0.5× sequential",
            goal_ratio=0.5,
            transport=f"httpx (default), rate_limit 20/s; emulator under {default_stack()}",
            notes=[
                f"client CPU per job {statistics.median(cpu) * 1000:.1f} ms"
                f" ({min(cpu) * 1000:.1f}–{max(cpu) * 1000:.1f} ms across rounds): plan, journal,"
                f" creates and polls of {per_job:,}-file jobs, report"
            ],
        )
    ]


GROUPS = (
    "per-call",
    "parse",
    "paging",
    "busy-paging",
    "concurrency",
    "throughput",
    "pipeline",
    "startup",
    "bulk",
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, into reports/, goals not judged")
    parser.add_argument(
        "--only", choices=GROUPS, action="append", help="run only these groups (repeatable), into reports/"
    )
    parser.add_argument(
        "--merge",
        action="store_true",
        help="with --only: put the groups' lines into docs/ and the README in place of the last full run's",
    )
    args = parser.parse_args()
    smoke: bool = args.smoke
    only: set[str] = set(args.only or ())
    if args.merge and (smoke or not only):
        parser.error("--merge re-measures groups of the last full run: give --only, not --smoke")

    def wanted(group: str) -> bool:
        return not only or group in only

    rounds = 1 if smoke else 7
    lines: list[Line] = []
    if wanted("per-call"):
        lines += bench_per_call(rounds=3 if smoke else 31, batch=5 if smoke else 40)
    if wanted("parse"):
        lines += bench_parse(rounds=10 if smoke else 200)
    if wanted("paging"):
        lines += bench_paging(tasks=500 if smoke else 100_000, rounds=rounds)
    if wanted("busy-paging"):
        lines += bench_busy_paging(jobs=500 if smoke else 10_000, rounds=rounds)
    if wanted("concurrency"):
        lines += bench_concurrency(
            calls=40 if smoke else 1000,
            sync_calls=10 if smoke else 100,
            in_flight=(10,) if smoke else (50, 200),
            rounds=rounds,
        )
    if wanted("throughput"):
        stacks = [default_stack()] if smoke else list(STACKS)
        lines += bench_throughput(seconds=1 if smoke else 2, rounds=rounds, stacks=stacks)
    if wanted("startup"):
        lines += bench_startup(rounds=2 if smoke else 15)
    if wanted("bulk"):
        lines += bench_wait_many(jobs=20 if smoke else 500, one_by_one=5 if smoke else 50, rounds=rounds)
        lines += bench_bulk(files=2_000 if smoke else 10_000, rounds=rounds)
    if wanted("pipeline") and not smoke:
        lines += bench_pipeline(rounds=rounds)
    if args.merge:
        out_dir = ROOT / "docs"
        machine, kept = load(out_dir / "benchmarks.json")
        when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        groups = " ".join(f"--only {g}" for g in GROUPS if g in only)
        run = (
            f"measured after the last full run, on {when}, by `python bench/run.py --merge {groups}`"
            f" ({machine_line()}); the unmarked rows are the last full run's"
        )
        lines = merge(kept, lines, run)
        write_report(lines, out_dir, smoke, stack=default_stack(), readme=ROOT / "README.md", machine=machine)
    else:
        out_dir = ROOT / ("reports" if smoke or only else "docs")
        readme = None if smoke or only else ROOT / "README.md"
        write_report(lines, out_dir, smoke, stack=default_stack(), readme=readme)
    print((out_dir / "benchmarks.md").read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
