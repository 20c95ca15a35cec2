"""Secrets out of every repr, message and traceback.

Each exception the client raises is formatted as Sentry and `pytest --showlocals` format it,
with the local variables of every frame (`traceback.TracebackException(capture_locals=True)`),
its chained causes included, and grepped for the token, the app secret, the archive `password`
and the share `kdstoken`. The server echoes the Authorization header and the request body into
`msg` (and into a field of a 200 it cannot parse), as some gateways do.

Before the fix the `ApiCall` and the generated request models printed `kdstoken` and `password` in
those tracebacks (62 and 32 occurrences), and an echoed `Bearer <token>` reached `str(exc)`.
"""

from __future__ import annotations

import json
import re
import socket
import traceback
import warnings
from typing import Any

import httpx
import pytest
from koodrive_tasks import (
    AppAuth,
    AsyncKooDrive,
    InvalidFieldWarning,
    KooDrive,
    KooDriveError,
    NativeAioHttpClient,
    TokenAuth,
    _parsing,
)
from koodrive_tasks._call import ApiCall
from koodrive_tasks.resources.jobs import create_call
from koodrive_tasks.resources.share_tasks import get_call

from .conftest import (
    ASYNC_METHODS,
    BASE,
    KDSTOKEN,
    PASSWORD,
    ROOT,
    SYNC_METHODS,
    TOKEN,
    native_client,
    own_async_client,
    own_sync_client,
    run_async,
)

APP_SECRET = "app-HOSTILE-SECRET-99"
SECRETS = (TOKEN, APP_SECRET, PASSWORD, KDSTOKEN)


def echo(status: int, shape: str) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        said = f"denied: {request.headers.get('Authorization')} for {request.content.decode()}"
        if shape == "error":
            return httpx.Response(status, json={"code": 13000101, "msg": said, "echo": said})
        if shape == "apig":
            return httpx.Response(status, json={"error_code": "APIGW.0301", "error_msg": said})
        return httpx.Response(
            status, json={"code": 0, "msg": said, "data": {"jobInfo": said}, "taskList": said}
        )

    return handler


def leaks(exc: BaseException) -> list[str]:
    text = "".join(traceback.TracebackException.from_exception(exc, capture_locals=True).format())
    text += str(exc) + repr(exc) + json.dumps(getattr(exc, "body", None), default=repr)
    return [s for s in SECRETS if s in text]


CASES = [(401, "error"), (500, "error"), (400, "apig"), (200, "error"), (200, "apig"), (200, "unparsable")]


@pytest.mark.parametrize(("status", "shape"), CASES)
@pytest.mark.parametrize("method", sorted(SYNC_METHODS))
@pytest.mark.parametrize("auth", ["token", "app"])
def test_no_secret_in_any_sync_traceback_with_locals(status: int, shape: str, method: str, auth: str) -> None:
    http = httpx.Client(base_url=BASE, transport=httpx.MockTransport(echo(status, shape)))
    credentials = TokenAuth(TOKEN) if auth == "token" else AppAuth("app", APP_SECRET, "1")
    with KooDrive(BASE, credentials, http_client=http, max_retries=1) as client:
        try:
            SYNC_METHODS[method](client)
        except KooDriveError as exc:
            assert leaks(exc) == []
        else:
            assert (method, status, shape) == ("jobs.cancel", 200, "unparsable")  # code 0: it worked


@pytest.mark.parametrize(("status", "shape"), CASES)
@pytest.mark.parametrize("method", sorted(ASYNC_METHODS))
def test_no_secret_in_any_async_traceback_with_locals(status: int, shape: str, method: str) -> None:
    http = httpx.AsyncClient(base_url=BASE, transport=httpx.MockTransport(echo(status, shape)))
    client = AsyncKooDrive(BASE, TokenAuth(TOKEN), http_client=http, max_retries=1)
    try:
        run_async(ASYNC_METHODS[method], client)
    except KooDriveError as exc:
        assert leaks(exc) == []
    else:
        assert (method, status, shape) == ("jobs.cancel", 200, "unparsable")  # code 0: it worked


@pytest.mark.parametrize(("status", "shape"), CASES)
@pytest.mark.parametrize("method", sorted(ASYNC_METHODS))
@pytest.mark.parametrize("auth", ["token", "app"])
def test_no_secret_in_any_native_aiohttp_traceback_with_locals(
    status: int, shape: str, method: str, auth: str
) -> None:
    """NativeAioHttpClient builds and signs the request itself: its frames hold the headers and
    the body, in holders whose reprs show no value."""
    credentials = TokenAuth(TOKEN) if auth == "token" else AppAuth("app", APP_SECRET, "1")
    client = native_client(echo(status, shape), auth=credentials, max_retries=1)
    try:
        run_async(ASYNC_METHODS[method], client)
    except KooDriveError as exc:
        assert leaks(exc) == []
    else:
        assert (method, status, shape) == ("jobs.cancel", 200, "unparsable")  # code 0: it worked


@pytest.mark.parametrize(("status", "shape"), CASES)
@pytest.mark.parametrize("method", sorted(SYNC_METHODS))
@pytest.mark.parametrize("auth", ["token", "app"])
def test_no_secret_in_any_own_pool_traceback_with_locals(
    status: int, shape: str, method: str, auth: str
) -> None:
    """The own pools build their requests with the auth headers in them (no httpx auth flow)."""
    credentials = TokenAuth(TOKEN) if auth == "token" else AppAuth("app", APP_SECRET, "1")

    def sync() -> Any:
        with own_sync_client(echo(status, shape), auth=credentials, max_retries=1) as client:
            return SYNC_METHODS[method](client)

    for run in (
        sync,
        lambda: run_async(
            ASYNC_METHODS[method], own_async_client(echo(status, shape), auth=credentials, max_retries=1)
        ),
    ):
        try:
            run()
        except KooDriveError as exc:
            assert leaks(exc) == []
        else:
            assert (method, status, shape) == ("jobs.cancel", 200, "unparsable")  # code 0: it worked


def test_no_secret_when_the_native_connection_fails() -> None:
    """Connection refused, and a server that drops the connection unanswered."""
    closed = socket.create_server(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()

    def drop(request: httpx.Request) -> httpx.Response:
        raise ConnectionError("dropped")

    for make in (
        lambda: AsyncKooDrive(
            f"http://127.0.0.1:{port}", TokenAuth(TOKEN), http_client=NativeAioHttpClient()
        ),
        lambda: native_client(drop),
    ):
        for method in ("share_tasks.get", "jobs.create", "jobs.get"):
            with pytest.raises(KooDriveError) as caught:
                run_async(ASYNC_METHODS[method], make())
            assert leaks(caught.value) == []


def test_no_secret_when_the_connection_fails_or_an_argument_is_refused() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(f"refused {request.headers['Authorization']}")

    http = httpx.Client(base_url=BASE, transport=httpx.MockTransport(refuse))
    with KooDrive(BASE, TokenAuth(TOKEN), http_client=http) as client:
        for call in (
            lambda: client.share_tasks.get("1", "2", KDSTOKEN),
            lambda: client.jobs.create(1, src_container_id="S", dst_container_id="D", password=PASSWORD),
            lambda: client.jobs.create(99, src_container_id="S", dst_container_id="D", password=PASSWORD),
        ):
            with pytest.raises(Exception) as caught:
                call()
            assert leaks(caught.value) == []


def test_the_call_and_the_request_models_it_holds_redact_their_secrets() -> None:
    from koodrive_tasks._secrets import Secret

    call: ApiCall[Any] = get_call("1", "2", Secret("kds-HOSTILE-77"), None)
    job = create_call(
        1,
        src_container_id="S",
        dst_container_id="D",
        file_ids=["F"],
        file_paths=None,
        action_type=None,
        new_file_path=None,
        uncompress_file_paths=None,
        password=Secret("pw-HOSTILE-42"),
        share_folder_id=None,
        trace_id=None,
    )
    # A call holds a closure over the generated request builder: what it captured (the generated
    # request models) and what it builds are what a traceback with locals would show.
    captured = [cell.cell_contents for c in (call, job) for cell in c.request.__closure__ or ()]
    assert captured  # the closures do hold the request models
    texts = [repr(call), repr(call.request()), repr(job), repr(job.request()), *map(repr, captured)]
    assert not [s for s in SECRETS for t in texts if s in t]
    # and the wire still carries the real values
    assert json.loads(json.dumps(job.request()["json"]))["password"] == "pw-HOSTILE-42"


def test_an_echoed_token_never_reaches_the_message() -> None:
    http = httpx.Client(base_url=BASE, transport=httpx.MockTransport(echo(401, "error")))
    with KooDrive(BASE, TokenAuth(TOKEN), http_client=http) as client, pytest.raises(KooDriveError) as caught:
        client.jobs.list()
    assert "Bearer ***" in str(caught.value) and TOKEN not in str(caught.value)


def test_from_env_failing_shows_no_secret_of_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """from_env() reads os.environ; a traceback with locals must not print its values."""
    monkeypatch.setenv("KOODRIVE_APP_ID", "app")
    monkeypatch.setenv("KOODRIVE_APP_SECRET", APP_SECRET)
    monkeypatch.setenv("KOODRIVE_TOKEN", TOKEN)
    monkeypatch.delenv("KOODRIVE_USER_ID", raising=False)
    with pytest.raises(ValueError) as caught:  # the app credentials need a user id
        KooDrive.from_env()
    assert leaks(caught.value) == []


def _echoing_job(request: httpx.Request) -> httpx.Response:
    """A getJob answer that echoes the credentials into fields: a bad value (an InvalidFieldWarning
    quotes it, `extra` keeps it) and unknown fields (`extra` keeps them), bare and credential-shaped."""
    said = request.headers["Authorization"]
    body = json.loads((ROOT / "spec/examples/getJob/seed-003.json").read_text())["responses"]["200"]["value"]
    info = body["data"]["jobInfo"]
    info["progress"] = {"echo": said}  # no integer: None, a warning, the raw value in extra
    info["echoedToken"] = said.partition(" ")[2] or said  # bare: only the known secret tells
    info["requestHeaders"] = {"Authorization": said, "X-User-Id": "1"}
    body["data"]["taskInfos"][0]["status"] = [said]
    body["trace"] = f"seen {said}"  # outside `data`: the envelope's extra
    if "Signature=" in said:
        body["trace"] += f" signed with {APP_SECRET}"  # the server knows the app secret
    return httpx.Response(200, json=body)


@pytest.mark.parametrize("auth", ["token", "token bare", "app"])
def test_no_echoed_credential_in_field_warnings_or_extra(auth: str) -> None:
    credentials = {
        "token": TokenAuth(TOKEN),
        "token bare": TokenAuth(TOKEN, scheme=""),
        "app": AppAuth("app", APP_SECRET, "1"),
    }[auth]
    http = httpx.Client(base_url=BASE, transport=httpx.MockTransport(_echoing_job))
    with (
        KooDrive(BASE, credentials, http_client=http, max_retries=0) as client,
        warnings.catch_warnings(record=True) as caught,
    ):
        warnings.simplefilter("always")
        detail = client.jobs.get("1309243162258308352")
    texts = [str(w.message) for w in caught if issubclass(w.category, InvalidFieldWarning)]
    assert {t.split("(")[0] for t in texts} == {
        "KooDrive field 'progress' could not be read ",  # the job's
        "KooDrive field 'status' could not be read ",  # the file's
    }
    texts += [repr(detail.extra), repr(detail.job.extra), repr(detail.files[0].extra), repr(detail)]
    assert detail.job.progress is None and "echoedToken" in detail.job.extra and "trace" in detail.extra
    signature = re.compile(r"Signature=[0-9a-f]{16}")
    assert [t for t in texts if TOKEN in t or APP_SECRET in t or signature.search(t)] == []


def test_credential_shapes_are_scrubbed_from_extra_outside_a_call() -> None:
    """Parsing a body by hand (no request, no known secrets): the credential shapes still go."""
    body = json.loads((ROOT / "spec/examples/getJob/seed-003.json").read_text())["responses"]["200"]["value"]
    body["data"]["jobInfo"]["echo"] = f"Bearer {TOKEN}"
    body["data"]["jobInfo"]["progress"] = f"Signature={TOKEN}"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        job = _parsing.job_detail(body).job
    assert TOKEN not in repr(job.extra) and TOKEN not in str(caught[0].message)
    assert job.extra == {"echo": "Bearer ***", "progress": "Signature=***"}


def _shown_in_frames(exc: BaseException, secret: str) -> list[str]:
    """Locals of every frame of `exc` and its chained exceptions whose value a formatter could
    print: a `str` (subclasses included: sentry-sdk's serializer prints their characters, not
    their repr) holding `secret`, directly or inside a list, tuple, set or dict; or any other
    object whose repr holds it."""

    def holds(value: Any, depth: int = 0) -> bool:
        if isinstance(value, str | bytes):
            return secret in (value if isinstance(value, str) else value.decode("utf-8", "replace"))
        if depth < 4 and isinstance(value, dict):
            return any(holds(k, depth + 1) or holds(v, depth + 1) for k, v in value.items())
        if depth < 4 and isinstance(value, list | tuple | set | frozenset):
            return any(holds(v, depth + 1) for v in value)
        return secret in repr(value)

    found = []
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        current = todo.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        tb = current.__traceback__
        while tb is not None:
            frame = tb.tb_frame
            found += [f"{frame.f_code.co_name}.{k}" for k, v in frame.f_locals.items() if holds(v)]
            tb = tb.tb_next
        todo += [current.__cause__, current.__context__]
    return found


@pytest.mark.parametrize("problem", ["streamed body", "header to sign missing"])
def test_sign_refuses_with_a_typed_error_and_no_secret_in_any_frame(problem: str) -> None:
    from koodrive_generated.facts import APP_AUTH_SIGNING
    from koodrive_tasks import ConfigurationError
    from koodrive_tasks.auth import SigningFacts, sign

    facts = SigningFacts.load()
    if problem == "streamed body":
        request = httpx.Request("POST", f"{BASE}/x", content=iter([b'{"a": 1}']))
    else:
        request = httpx.Request("GET", f"{BASE}/x")
        signed = ["content-type", "host", "x-date", "x-user-id"]  # the request has no Content-Type
        facts = SigningFacts.from_signing({**APP_AUTH_SIGNING, "signedHeaders": signed})
    with pytest.raises(ConfigurationError) as caught:
        sign(request, app_id="app", app_secret=APP_SECRET, user_id="1", facts=facts)
    assert isinstance(caught.value, KooDriveError) and isinstance(caught.value, ValueError)
    assert _shown_in_frames(caught.value, APP_SECRET) == [] and leaks(caught.value) == []


@pytest.mark.parametrize("shape", ["{name}={value}", '"{name}": "{value}"', "{name}: {value}"])
def test_every_spec_secret_field_is_a_credential_shape_in_error_text(shape: str) -> None:
    """The error text's credential shapes come from the spec's secret fields (facts.SECRET_FIELDS,
    the list the log masks by), not from a hand-written list that knew `kdstoken` only: an echoed
    `pwd=...` or `"password": "..."` is scrubbed from a message with no known secret."""
    from koodrive_generated import facts
    from koodrive_tasks import _errors, _secrets

    assert {"kdstoken", "password", "pwd"} <= facts.SECRET_FIELDS
    for name in sorted(facts.SECRET_FIELDS):
        value = f"{name}-HOSTILE-7731"
        said = "denied: " + shape.format(name=name, value=value)
        assert value not in _secrets.scrub(said, ()), name
        body = json.dumps({"code": 13000101, "msg": said}).encode()
        error = _errors.status_error(400, body, None)
        assert value not in str(error) and value not in json.dumps(error.body), name


def test_the_log_and_error_text_share_one_credential_pattern() -> None:
    """One home for what a credential looks like: the log's names, the Authorization spellings and
    the signature are the ones `_secrets` defines, and both scrub `Bearer+<token>` and a signature."""
    from koodrive_tasks import _secrets, http_log

    assert http_log.REDACTED is _secrets.REDACTED and http_log.SECRET_KEY is _secrets.SECRET_KEY
    assert http_log.SECRET_FIELDS is _secrets.SECRET_FIELDS
    plus = f"Bearer+{TOKEN}"
    signed = f"HMAC-SHA256 AppId=app, SignedHeaders=host;x-date, Signature={TOKEN}"
    assert _secrets.authorization_secret(plus) == TOKEN == _secrets.authorization_secret(signed)
    assert TOKEN not in _secrets.scrub(f"echo {plus} {signed}", ())
    assert http_log.redact_header("Authorization", signed).endswith("Signature=***")
    request = httpx.Request("GET", f"{BASE}/x", headers={"Authorization": plus})
    assert TOKEN in http_log.request_secrets(request.url, request.headers.items(), b"")
