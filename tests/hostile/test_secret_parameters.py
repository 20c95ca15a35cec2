"""Every parameter of a client method that the request sends under a field the spec marks secret
(the registry's `secret_fields`: `format: password`, `x-koodrive-secret`) shows `'***'` in a
traceback with locals, from the method's own frame on.

The request's JSON is masked by the spec's list when it is built (`_secrets.secrets_in`), which
covers the log, the error text and the probe's recordings; the method's frames hold the argument
before any request exists, so the resource wraps it (`secret(...)`) on entry. This test finds the
parameters from the spec (which argument lands in a secret field of the sent request), not from a
list of names, so a secret field the spec gains whose parameter nobody wraps fails here."""

from __future__ import annotations

import inspect
import json
import traceback
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest
from koodrive_generated.operations import OPERATIONS
from koodrive_tasks import KooDriveError

from .conftest import sync_client
from .test_field_types import ARGUMENTS

WITH_SECRETS = sorted(op_id for op_id, op in OPERATIONS.items() if op.secret_fields)


def sent_fields(request: httpx.Request) -> dict[str, Any]:
    """The request's query parameters and JSON body fields (the top level and one level down)."""
    fields: dict[str, Any] = dict(parse_qsl(request.url.query.decode()))
    if request.content:
        body = json.loads(request.content)
        for key, value in body.items() if isinstance(body, dict) else ():
            fields[key] = value
            if isinstance(value, dict):
                fields.update(value)
    return fields


def test_some_operations_have_secret_fields() -> None:
    assert {"createJob", "createShareTask", "getShareTask", "listFile"} <= set(WITH_SECRETS)


@pytest.mark.parametrize("op_id", WITH_SECRETS)
def test_each_argument_sent_as_a_secret_field_is_hidden_in_tracebacks_with_locals(op_id: str) -> None:
    op = OPERATIONS[op_id]
    args, kwargs = ARGUMENTS[op_id]
    sent: list[httpx.Request] = []

    def refuse(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(500, json={"code": 1, "msg": "x"})

    with sync_client(refuse, max_retries=0) as client:
        method = getattr(getattr(client, op.resource), op.method_name)
        given = dict(kwargs)
        markers: dict[str, str] = {}
        for name, parameter in inspect.signature(method).parameters.items():
            if name in given or name == "trace_id" or parameter.default is not None:
                continue
            if str(parameter.annotation) == "str | None":
                markers[name] = given[name] = f"marker-{name}-7f3c9e21"
        with pytest.raises(KooDriveError) as caught:
            method(*args, **given)
    fields = sent_fields(sent[0])
    secret_parameters = {
        name for name, marker in markers.items() if any(fields.get(f) == marker for f in op.secret_fields)
    }
    assert secret_parameters, f"{op_id}: no argument reached a secret field ({sorted(op.secret_fields)})"
    error = caught.value  # the frames from the client method on (the caller's own frame is the caller's)
    tb = error.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename == __file__:
        tb = tb.tb_next
    error = error.with_traceback(tb)
    text = "".join(traceback.TracebackException.from_exception(error, capture_locals=True).format())
    leaked = sorted(name for name in secret_parameters if markers[name] in text)
    assert not leaked, f"{op_id}: {leaked} shown in clear in a traceback with locals"
    assert "'***'" in text
