"""A hostile server for the client: shared strategies, mock clients and the table of public methods.

Hypothesis runs with the `hostile` profile: derandomized (a fixed seed, the same cases on every
run and in CI), a bounded number of examples per property, no per-example deadline (the suite
measures its own deadlines). The in-process server is `httpx.MockTransport`; the timing attacks
use a loopback socket server (`trickle_server`).
"""

from __future__ import annotations

import asyncio
import copy
import json
import socket
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

import httpx
import pytest
import stamina
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from koodrive_tasks import AsyncKooDrive, KooDrive, NativeAioHttpClient, TokenAuth

settings.register_profile(
    "hostile",
    derandomize=True,
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
HOSTILE = settings.get_profile("hostile")

ROOT = Path(__file__).resolve().parents[2]
BASE = "https://kd.test"
JOB_ID = "1309243162258308352"
TASK_ID = "1534087020903704704"
SHARE_TASK_ID = "1521827471237047552"
SHARE_ID = "1808628918203192832"
TOKEN = "tok-HOSTILE-0123456789"
PASSWORD = "pw-HOSTILE-42"
KDSTOKEN = "kds-HOSTILE-77"
#: how many items an iter() property consumes at most: a walk that needs more loops
ITER_CAP = 2000


@pytest.fixture(autouse=True)
def no_backoff_sleeps() -> Iterator[None]:
    """Retries happen as often as the client allows, without sleeping (the deadline tests opt out)."""
    with stamina.set_testing(True, attempts=1000, cap=True):
        yield


def examples() -> dict[str, list[Any]]:
    """operationId -> the 200 bodies of its spec examples."""
    out: dict[str, list[Any]] = {}
    for path in sorted((ROOT / "spec/examples").glob("*/*.json")):
        data = json.loads(path.read_text())
        value = data.get("responses", {}).get("200", {}).get("value")
        if value is not None:
            out.setdefault(path.parent.name, []).append(value)
    return out


EXAMPLES = examples()
ALL_BODIES = [b for bodies in EXAMPLES.values() for b in bodies]


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every path to a field (dict key or list index) in a JSON value."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*prefix, key)
            yield from paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield (*prefix, index)
            yield from paths(item, (*prefix, index))


def replaced(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    out = copy.deepcopy(value)
    target = out
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = new
    return out


#: one value of every JSON type, and the awkward ones of each
MUTANTS: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    1.5,
    2**64,
    -(2**63) - 1,
    10**20,
    1e308,
    "",
    "x",
    "13",
    "-1",
    "1.5",
    "20231399999999",
    "99999999999999999999",
    "2024-13-45T99:99:99Z",
    "\u0000",
    [],
    [1, "a", None],
    {},
    {"a": {"b": []}},
]

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def mutated_example(draw: st.DrawFn) -> Any:
    body = draw(st.sampled_from(ALL_BODIES))
    spots = list(paths(body))
    if not spots or draw(st.booleans()):
        return body if not spots else replaced(body, draw(st.sampled_from(spots)), draw(json_values))
    return replaced(body, draw(st.sampled_from(spots)), draw(st.sampled_from(MUTANTS)))


def encode(value: Any) -> bytes:
    return json.dumps(value, allow_nan=True).encode()


DEEP = b"[" * 100_000
bodies = st.one_of(
    st.builds(encode, json_values),
    st.builds(encode, mutated_example()),
    st.builds(lambda b: b, st.sampled_from([encode(b) for b in ALL_BODIES])),
    st.just(DEEP),
    st.just(b'{"code": 0, "data": ' + b"[" * 5000 + b"]" * 5000 + b"}"),
    st.just(b'{"code": 0, "data": ' + b"9" * 5000 + b"}"),
    st.just(b'{"code": 1e999, "data": -1e999}'),
    st.just(b"\xff\xfe\x00garbage"),
    st.just(b'{"code": 0, "msg": "\xc3\x28"}'),
    st.just(b""),
    st.builds(
        lambda b, n: encode(b)[: n % max(len(encode(b)), 1)],
        st.sampled_from(ALL_BODIES),
        st.integers(0, 10**6),
    ),
    st.binary(max_size=64),
)
header_values = st.one_of(
    st.sampled_from(
        [
            "nan",
            "NaN",
            "inf",
            "-inf",
            "-1",
            "0",
            "1e999",
            "1_000",
            "99999999999999999999999",
            "1000000000",
            "Wed, 21 Oct 2015 07:28:00 GMT",
            "Fri, 31 Dec 9999 23:59:59 GMT",
            "Mon, 99 Foo 2024 99:99:99 ZZZ",
            "soon",
            "",
            " 3 ",
            "9" * 5000,
        ]
    ),
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=30),
)
headers = st.dictionaries(
    st.sampled_from(["Retry-After", "Content-Encoding", "Content-Type", "Content-Length-Hint", "X-Huge"]),
    header_values,
    max_size=3,
)
content_encodings = st.sampled_from(["gzip", "deflate", "br", "zstd", "identity", "x-unknown", "gzip, gzip"])


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]
    content: bytes

    def response(self) -> httpx.Response:
        return httpx.Response(self.status, headers=self.headers, content=self.content)


replies = st.builds(
    Reply,
    st.one_of(st.integers(100, 599), st.sampled_from([200, 200, 200, 400, 401, 429, 500, 503, 520])),
    st.one_of(headers, st.builds(lambda e: {"Content-Encoding": e}, content_encodings)),
    bodies,
)


def sync_client(handler: Callable[[httpx.Request], httpx.Response], **options: Any) -> KooDrive:
    http = httpx.Client(
        base_url=BASE, transport=httpx.MockTransport(handler), timeout=options.pop("timeout", 5.0)
    )
    return KooDrive(BASE, TokenAuth(TOKEN), http_client=http, **options)


def async_client(handler: Callable[[httpx.Request], httpx.Response], **options: Any) -> AsyncKooDrive:
    http = httpx.AsyncClient(
        base_url=BASE, transport=httpx.MockTransport(handler), timeout=options.pop("timeout", 5.0)
    )
    return AsyncKooDrive(BASE, TokenAuth(TOKEN), http_client=http, **options)


class LoopbackServer:
    """A real HTTP/1.1 server on loopback that answers each request with what an httpx-style
    `handler` returns, written byte for byte (status line, the reply's headers, its body; then the
    connection is closed): the hostile replies reach `NativeAioHttpClient`, which has no
    MockTransport, over a socket. A handler that raises drops the connection unanswered."""

    def __init__(self) -> None:
        self.handler: Callable[[httpx.Request], httpx.Response] = lambda r: httpx.Response(500)
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self.serve, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def serve(self) -> None:
        while True:
            conn, _ = self.sock.accept()
            threading.Thread(target=self.answer, args=(conn, self.handler), daemon=True).start()

    def answer(self, conn: socket.socket, handler: Callable[[httpx.Request], httpx.Response]) -> None:
        with conn:
            conn.settimeout(10)
            try:
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    data += chunk
                head, _, body = data.partition(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, target, _ = lines[0].split(" ", 2)
                headers = [tuple(line.split(": ", 1)) for line in lines[1:]]
                length = int(dict((k.lower(), v) for k, v in headers).get("content-length", "0"))
                while len(body) < length:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    body += chunk
                request = httpx.Request(method, self.url + target, headers=headers, content=body)
                try:
                    response = handler(request)
                except Exception:
                    return  # dropped: the client sees the connection close before any answer
                content = response.read()
                out = [f"HTTP/1.1 {response.status_code} X".encode()]
                for name, value in response.headers.raw:
                    if name.lower() not in (b"connection", b"transfer-encoding"):
                        out.append(name + b": " + value)
                out.append(b"Connection: close")
                conn.sendall(b"\r\n".join(out) + b"\r\n\r\n" + content)
            except OSError:
                return


_LOOPBACK: list[LoopbackServer] = []


def loopback(handler: Callable[[httpx.Request], httpx.Response]) -> LoopbackServer:
    """The one loopback server of the run, now answering with `handler`."""
    if not _LOOPBACK:
        _LOOPBACK.append(LoopbackServer())
    server = _LOOPBACK[0]
    server.handler = handler
    return server


def native_client(
    handler: Callable[[httpx.Request], httpx.Response], auth: Any = None, **options: Any
) -> AsyncKooDrive:
    """`async_client` on the aiohttp-native path: the same handler, served over a real socket."""
    server = loopback(handler)
    http = NativeAioHttpClient(timeout=options.pop("timeout", 5.0))
    return AsyncKooDrive(server.url, auth or TokenAuth(TOKEN), http_client=http, **options)


def own_sync_client(handler: Callable[[httpx.Request], httpx.Response], **options: Any) -> KooDrive:
    """`KooDrive(base_url, auth)` with its own pool (requests handed straight to the pool's
    transport, sockets cut to the whole-response budget), served by `handler` over loopback."""
    server = loopback(handler)
    client = KooDrive(server.url, options.pop("auth", None) or TokenAuth(TOKEN), timeout=5.0, **options)
    assert client._sender._direct is not None  # the own pool's direct path, not httpx.Client.send
    return client


def own_async_client(handler: Callable[[httpx.Request], httpx.Response], **options: Any) -> AsyncKooDrive:
    """`AsyncKooDrive(base_url, auth)` with its own pool, served by `handler` over loopback."""
    server = loopback(handler)
    client = AsyncKooDrive(server.url, options.pop("auth", None) or TokenAuth(TOKEN), timeout=5.0, **options)
    assert client._sender._direct is not None
    return client


WAIT = {"timeout": 0.05, "poll_interval": 0.01}
CREATE_JOB = {
    "src_container_id": "S",
    "dst_container_id": "D",
    "file_ids": ["F"],
    "password": "pw-HOSTILE-42",
}

#: every public method of KooDrive, called with valid arguments (name -> call)
SYNC_METHODS: dict[str, Callable[[KooDrive], Any]] = {
    "jobs.list": lambda c: c.jobs.list(),
    "jobs.iter": lambda c: list(islice(c.jobs.iter(), ITER_CAP)),
    "jobs.iter(status)": lambda c: list(islice(c.jobs.iter(status=0), ITER_CAP)),
    "jobs.get": lambda c: c.jobs.get(JOB_ID),
    "jobs.create": lambda c: c.jobs.create(1, **CREATE_JOB),
    "jobs.cancel": lambda c: c.jobs.cancel(JOB_ID),
    "jobs.wait": lambda c: c.jobs.wait(JOB_ID, **WAIT),
    "tasks.list": lambda c: c.tasks.list(),
    "tasks.iter": lambda c: list(islice(c.tasks.iter(), ITER_CAP)),
    "tasks.get": lambda c: c.tasks.get(TASK_ID),
    "tasks.create": lambda c: c.tasks.create(0, src_user_id="1", dst_user_id="2"),
    "tasks.wait": lambda c: c.tasks.wait(TASK_ID, **WAIT),
    "share_tasks.create": lambda c: c.share_tasks.create(
        1, share_id=SHARE_ID, container_id="C", file_ids=["F"], kdstoken=KDSTOKEN
    ),
    "share_tasks.get": lambda c: c.share_tasks.get(SHARE_TASK_ID, SHARE_ID, KDSTOKEN),
    "share_tasks.wait": lambda c: c.share_tasks.wait(SHARE_TASK_ID, SHARE_ID, KDSTOKEN, **WAIT),
}


async def _alist(iterator: Any) -> list[Any]:
    out = []
    async for item in iterator:
        out.append(item)
        if len(out) >= ITER_CAP:
            break
    return out


ASYNC_METHODS: dict[str, Callable[[AsyncKooDrive], Awaitable[Any]]] = {
    "jobs.list": lambda c: c.jobs.list(),
    "jobs.iter": lambda c: _alist(c.jobs.iter()),
    "jobs.iter(status)": lambda c: _alist(c.jobs.iter(status=0)),
    "jobs.get": lambda c: c.jobs.get(JOB_ID),
    "jobs.create": lambda c: c.jobs.create(1, **CREATE_JOB),
    "jobs.cancel": lambda c: c.jobs.cancel(JOB_ID),
    "jobs.wait": lambda c: c.jobs.wait(JOB_ID, **WAIT),
    "tasks.list": lambda c: c.tasks.list(),
    "tasks.iter": lambda c: _alist(c.tasks.iter()),
    "tasks.get": lambda c: c.tasks.get(TASK_ID),
    "tasks.create": lambda c: c.tasks.create(0, src_user_id="1", dst_user_id="2"),
    "tasks.wait": lambda c: c.tasks.wait(TASK_ID, **WAIT),
    "share_tasks.create": lambda c: c.share_tasks.create(
        1, share_id=SHARE_ID, container_id="C", file_ids=["F"], kdstoken=KDSTOKEN
    ),
    "share_tasks.get": lambda c: c.share_tasks.get(SHARE_TASK_ID, SHARE_ID, KDSTOKEN),
    "share_tasks.wait": lambda c: c.share_tasks.wait(SHARE_TASK_ID, SHARE_ID, KDSTOKEN, **WAIT),
}
assert SYNC_METHODS.keys() == ASYNC_METHODS.keys()


def run_async(make: Callable[[AsyncKooDrive], Awaitable[Any]], client: AsyncKooDrive) -> Any:
    async def main() -> Any:
        native = client._sender.native  # a caller's http_client: the caller (this) closes it
        try:
            async with client:
                return await make(client)
        finally:
            if native is not None:
                await native.aclose()

    return asyncio.run(main())


# --- a loopback socket server for timing attacks ---------------------------------------------


class TrickleServer:
    """Answers every request with `head` (status line and headers) and `body`, each sent one
    byte every `interval` seconds from `trickle_from` on (0: the headers are trickled too)."""

    def __init__(self, head: bytes, body: bytes, interval: float, trickle_from: int = 0) -> None:
        self.payload = head + body
        self.interval, self.trickle_from = interval, trickle_from
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.stop = threading.Event()
        self.threads: list[threading.Thread] = []
        self.requests = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            thread = threading.Thread(target=self.answer, args=(conn,), daemon=True)
            thread.start()
            self.threads.append(thread)

    def answer(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(5)
            try:
                while not self.stop.is_set():
                    data = conn.recv(65536)
                    if not data:
                        return
                    self.requests += 1
                    conn.sendall(self.payload[: self.trickle_from])
                    for byte in self.payload[self.trickle_from :]:
                        if self.stop.wait(self.interval):
                            return
                        conn.sendall(bytes([byte]))
            except OSError:
                return

    def __enter__(self) -> TrickleServer:
        thread = threading.Thread(target=self.serve, daemon=True)
        thread.start()
        self.threads.append(thread)
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.sock.close()


def http_head(status: int = 200, headers: dict[str, str] | None = None, length: int | None = None) -> bytes:
    lines = [f"HTTP/1.1 {status} X"]
    for name, value in (headers or {}).items():
        lines.append(f"{name}: {value}")
    if length is not None:
        lines.append(f"Content-Length: {length}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def timed(fn: Callable[[], Any]) -> tuple[float, BaseException | None, Any]:
    start = time.monotonic()
    try:
        result = fn()
    except BaseException as exc:
        return time.monotonic() - start, exc, None
    return time.monotonic() - start, None, result
