"""Property: whatever the server sends (any status 100-599, any headers, any body), every public
method of both clients returns a result or raises a KooDriveError subclass; nothing else escapes
(no RecursionError, httpx.DecodingError, ValueError, OSError, OverflowError, KeyError ...)."""

from __future__ import annotations

import contextlib
import json
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from koodrive_tasks import KooDriveError

from .conftest import (
    ASYNC_METHODS,
    HOSTILE,
    SYNC_METHODS,
    Reply,
    async_client,
    native_client,
    own_async_client,
    own_sync_client,
    replies,
    run_async,
    sync_client,
)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def serve(reply: Reply) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        return reply.response()

    return handler


def serve_each(script: list[Reply]) -> Any:
    """A different reply to each request (the last one again once the script ends)."""
    queue = list(script)

    def handler(request: httpx.Request) -> httpx.Response:
        return (queue.pop(0) if len(queue) > 1 else queue[0]).response()

    return handler


@pytest.mark.parametrize("method", sorted(SYNC_METHODS))
@HOSTILE
@given(reply=replies)
def test_sync_methods_return_or_raise_typed_errors(method: str, reply: Reply) -> None:
    with (
        sync_client(serve(reply)) as client,
        contextlib.suppress(KooDriveError),
    ):  # a result, or a typed error
        SYNC_METHODS[method](client)


@pytest.mark.parametrize("method", sorted(ASYNC_METHODS))
@HOSTILE
@given(reply=replies)
def test_async_methods_return_or_raise_typed_errors(method: str, reply: Reply) -> None:
    with contextlib.suppress(KooDriveError):
        run_async(ASYNC_METHODS[method], async_client(serve(reply)))


@pytest.mark.parametrize("method", sorted(ASYNC_METHODS))
@HOSTILE
@given(reply=replies)
def test_native_aiohttp_methods_return_or_raise_typed_errors(method: str, reply: Reply) -> None:
    """The same replies over a real socket to NativeAioHttpClient: aiohttp's parser and decoders
    (a bad status line, a 1xx, a body that claims gzip) end in typed errors too."""
    with contextlib.suppress(KooDriveError):
        run_async(ASYNC_METHODS[method], native_client(serve(reply)))


@pytest.mark.parametrize("method", sorted(SYNC_METHODS))
@HOSTILE
@given(reply=replies)
def test_own_pool_methods_return_or_raise_typed_errors(method: str, reply: Reply) -> None:
    """The same replies over a real socket to the clients' own pools, whose requests skip
    httpx.Client.send and go to the pool's transport directly (sync and async)."""
    with own_sync_client(serve(reply)) as client, contextlib.suppress(KooDriveError):
        SYNC_METHODS[method](client)
    with contextlib.suppress(KooDriveError):
        run_async(ASYNC_METHODS[method], own_async_client(serve(reply)))


@pytest.mark.parametrize("method", ["jobs.iter", "jobs.wait", "tasks.iter", "tasks.wait", "share_tasks.wait"])
@HOSTILE
@given(script=st.lists(replies, min_size=2, max_size=6))
def test_multi_request_methods_survive_a_different_attack_on_each_request(
    method: str, script: list[Reply]
) -> None:
    with sync_client(serve_each(script)) as client, contextlib.suppress(KooDriveError):
        SYNC_METHODS[method](client)


# --- issue 19: errors cross process boundaries ---------------------------------------------------


def _exported_errors() -> list[str]:
    import koodrive_tasks

    return sorted(
        name
        for name in koodrive_tasks.__all__
        if isinstance(getattr(koodrive_tasks, name), type)
        and issubclass(getattr(koodrive_tasks, name), BaseException)
    )


def _sample(cls: type[BaseException]) -> BaseException:
    """An instance with every field its constructor takes set to a telling value; a JobDetail
    parsed from the spec's example as `state`."""
    import inspect

    from koodrive_tasks._parsing import job_detail

    from .conftest import EXAMPLES

    values: dict[str, Any] = {
        "status_code": 429,
        "code": 13000309,
        "raw_code": "APIGW.0308",
        "msg": "resource does not exist",
        "trace_id": "t" * 58,
        "body": {"code": "APIGW.0308", "nested": [1, {"x": None}]},
        "state": job_detail(EXAMPLES["getJob"][0]),
        "result_code": 18000205,
        "reached_server": False,
        "limit": 1024,
        "httpx_version": "0.99.0",
        "httpcore_version": "1.99.0",
    }
    parameters = inspect.signature(cls.__init__).parameters
    kwargs = {name: values[name] for name in parameters if name in values}
    error = cls("the message", **kwargs)
    if "retry_after" in vars(error):
        error.retry_after = 7.5  # type: ignore[attr-defined]
    return error


@pytest.mark.parametrize("name", _exported_errors())
def test_every_exported_error_pickles_and_copies_with_its_fields(name: str) -> None:
    """Before the fix: TypeError (keyword-only constructor arguments) for every APIError,
    WaitTimeoutError, TaskFailedError and TaskCancelledError; a new error class is covered by
    being exported."""
    import copy
    import pickle

    import koodrive_tasks

    error = _sample(getattr(koodrive_tasks, name))
    for twin in (
        pickle.loads(pickle.dumps(error)),
        copy.copy(error),
        copy.deepcopy(error),
    ):
        assert type(twin) is type(error)
        assert twin.args == error.args and str(twin) == str(error)
        assert vars(twin) == vars(error)
        assert twin is not error


def test_a_pickled_api_error_carries_no_secret_the_original_did_not_scrub() -> None:
    """The body kept on an error is the scrubbed one: pickling it carries no echoed token."""
    import pickle

    from .conftest import TOKEN, sync_client

    echo = json.dumps({"code": 13000309, "msg": f"no job, token {TOKEN}", "token": TOKEN}).encode()
    with (
        sync_client(lambda request: httpx.Response(400, content=echo)) as client,
        pytest.raises(KooDriveError) as caught,
    ):
        client.jobs.get("1309243162258308352")
    assert TOKEN.encode() not in pickle.dumps(caught.value)
