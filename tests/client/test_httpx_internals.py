"""The client's reach into httpx's and httpcore's private attributes: one module, checked at
construction, loud when httpx changes.

Before: four private attributes were read with `getattr(..., None)` in `_client.py` (and
`Response._content` in `_body.py`); when one was missing the sync client silently fell back to a
thread per attempt, or a fork silently kept the parent's connections. Now every one is checked
when a client is built, and a missing one is an `UnsupportedHttpxError` naming it and the versions.
tests/packaging/test_newest_httpx.py runs this file against the newest httpx the pins allow.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpcore
import httpx
import pytest
from koodrive_tasks import AsyncKooDrive, ConfigurationError, KooDrive, TokenAuth, UnsupportedHttpxError
from koodrive_tasks._httpx_internals import DeadlineBackend, check_response_content, network_backends

PACKAGE = Path(__file__).resolve().parents[2] / "overrides" / "koodrive_tasks"
INTERNALS = PACKAGE / "_httpx_internals.py"


@pytest.fixture(autouse=True)
def _fresh_probe() -> Iterator[None]:
    check_response_content.cache_clear()  # the Response._content probe is cached per process
    yield
    check_response_content.cache_clear()


def drop_after_init(monkeypatch: pytest.MonkeyPatch, cls: type, name: str) -> None:
    """Instances of `cls` made from now on lack `name`, as with an httpx that renamed it."""
    real: Callable[..., None] = cls.__init__  # type: ignore[misc]

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        real(self, *args, **kwargs)
        if name in vars(self):
            delattr(self, name)

    monkeypatch.setattr(cls, "__init__", init)


def own_sync() -> KooDrive:
    return KooDrive("https://kd.test", TokenAuth("t"))


def own_async() -> AsyncKooDrive:
    return AsyncKooDrive("https://kd.test", TokenAuth("t"))


def callers_sync() -> KooDrive:
    return KooDrive("https://kd.test", TokenAuth("t"), http_client=httpx.Client())


def callers_async() -> AsyncKooDrive:
    return AsyncKooDrive("https://kd.test", TokenAuth("t"), http_client=httpx.AsyncClient())


CASES = [
    (httpx.Client, "_transport", "httpx.Client._transport", own_sync),
    (httpx.Client, "_mounts", "httpx.Client._mounts", own_sync),
    (httpx.HTTPTransport, "_pool", "httpx.HTTPTransport._pool", own_sync),
    (httpcore.ConnectionPool, "_network_backend", "httpcore.ConnectionPool._network_backend", own_sync),
    (httpx.AsyncClient, "_transport", "httpx.AsyncClient._transport", own_async),
    (httpx.AsyncClient, "_mounts", "httpx.AsyncClient._mounts", own_async),
    (httpx.Client, "_transport", "httpx.Client._transport", callers_sync),
    (httpx.HTTPTransport, "_pool", "httpx.HTTPTransport._pool", callers_sync),
    (httpcore.ConnectionPool, "_connections", "httpcore.ConnectionPool._connections", callers_sync),
    (httpcore.ConnectionPool, "_requests", "httpcore.ConnectionPool._requests", callers_sync),
    (
        httpcore.ConnectionPool,
        "_optional_thread_lock",
        "httpcore.ConnectionPool._optional_thread_lock",
        callers_sync,
    ),
    (httpx.AsyncHTTPTransport, "_pool", "httpx.AsyncHTTPTransport._pool", callers_async),
    (
        httpcore.AsyncConnectionPool,
        "_connections",
        "httpcore.AsyncConnectionPool._connections",
        callers_async,
    ),
    (httpx.Response, "_content", "httpx.Response._content", own_sync),
    (httpx.Response, "_content", "httpx.Response._content", callers_async),
]


@pytest.mark.parametrize(
    ("cls", "name", "shown", "make"), CASES, ids=[f"{c[2]}-{c[3].__name__}" for c in CASES]
)
def test_a_missing_private_attribute_fails_loudly_when_the_client_is_built(
    monkeypatch: pytest.MonkeyPatch, cls: type, name: str, shown: str, make: Callable[[], object]
) -> None:
    drop_after_init(monkeypatch, cls, name)
    with pytest.raises(UnsupportedHttpxError) as caught:
        make()
    error = caught.value
    assert isinstance(error, ConfigurationError)  # what a caller catching configuration errors sees
    assert error.attribute.startswith(shown)
    assert shown in str(error)
    assert f"httpx {httpx.__version__}" in str(error) and f"httpcore {httpcore.__version__}" in str(error)
    assert error.httpx_version == httpx.__version__


def test_a_network_backend_of_another_type_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: a pool whose backend was no httpcore.NetworkBackend made the client fall back to a
    thread per attempt, in silence."""
    real = httpcore.ConnectionPool.__init__

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        real(self, *args, **kwargs)
        self._network_backend = object()

    monkeypatch.setattr(httpcore.ConnectionPool, "__init__", init)
    with pytest.raises(UnsupportedHttpxError, match=r"_network_backend as an httpcore\.NetworkBackend"):
        own_sync()


def test_the_own_pools_are_watched_and_direct_with_the_installed_httpx() -> None:
    """With httpx as installed (the pinned one, or the newest allowed under
    tests/packaging/test_newest_httpx.py): every socket wait of the own pool is cut to the deadline,
    the own pools send directly, and a fork can empty a caller's pools."""
    with own_sync() as client:
        assert client._sender._watched and client._sender._direct is not None
        backends = network_backends(client._sender.http)
        assert backends and all(isinstance(b, DeadlineBackend) for b in backends)
    assert own_async()._sender._direct is not None
    with callers_sync() as client:
        assert not client._sender._watched  # a caller's client: the thread-per-attempt way


def test_a_callers_custom_transport_is_not_reached_into() -> None:
    """A transport that is not httpx's own has no pool to check: accepted as it is. The sender
    neither watches it (no deadline backend) nor replaces it or anything in it, nor sends to it
    past the caller's client: requests go through the caller's client to the caller's transport."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"code": 0, "msg": "ok"})

    transport = httpx.MockTransport(handler)
    before = dict(vars(transport))
    http = httpx.Client(transport=transport)
    with KooDrive("https://kd.test", TokenAuth("t"), http_client=http) as client:
        sender = client._sender
        assert not sender._watched and sender._direct is None  # not watched, not sent to directly
        assert sender.http is http and http._transport is transport and not http._mounts  # not replaced
        assert network_backends(http) == []  # no pool, so no DeadlineBackend put anywhere
        client.jobs.cancel("2089376515467771968")
        assert len(seen) == 1 and seen[0].url.host == "kd.test"  # sent through the caller's transport
        assert vars(transport) == before and transport.handler is handler  # nothing in it replaced
    assert vars(transport) == before


# --- no other module reads a private attribute of httpx or httpcore ----------------------------


def private_names_of(*packages: Any) -> frozenset[str]:
    """Every single-underscore attribute name the packages' classes set on `self` or define."""
    names: set[str] = set()
    for package in packages:
        for path in Path(package.__file__).parent.rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                    if node.value.id == "self" and isinstance(node.ctx, ast.Store):
                        names.add(node.attr)
                elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    names.add(node.name)
    return frozenset(n for n in names if n.startswith("_") and not n.startswith("__"))


HTTPX_PRIVATE = private_names_of(httpx, httpcore)


def private_reads(source: str) -> list[str]:
    """`x._name` (x not `self`/`cls`) and `getattr(x, "_name")`-style reads of an httpx/httpcore
    private name, as `line: name`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in HTTPX_PRIVATE:
            if not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")):
                found.append(f"{node.lineno}: {node.attr}")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("getattr", "setattr", "hasattr", "delattr")
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and node.args[1].value in HTTPX_PRIVATE
        ):
            found.append(f"{node.lineno}: {node.args[1].value}")
    return found


def test_no_module_but_httpx_internals_reads_a_private_httpx_attribute() -> None:
    offenders = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == INTERNALS:
            continue
        reads = private_reads(path.read_text(encoding="utf-8"))
        if reads:
            offenders[str(path.relative_to(PACKAGE))] = reads
    assert offenders == {}


def test_the_private_read_check_can_fail() -> None:
    """The check finds the reads this package used to make outside `_httpx_internals`."""
    planted = (
        "pools = [t._pool for t in [http._transport, *http._mounts.values()]]\n"
        "known = getattr(response, '_content', None)\n"
        "pool._network_backend = backend\n"
    )
    names = {r.split(": ")[1] for r in private_reads(planted)}
    assert names == {"_pool", "_transport", "_mounts", "_content", "_network_backend"}
    assert private_reads(INTERNALS.read_text(encoding="utf-8"))  # the one module that may
