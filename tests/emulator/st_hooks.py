"""Schemathesis hooks shared by the pytest run and `st run` (scripts/fuzz.py loads this module).

Positive data must get a 2xx from every operation (`expected-statuses = ["2xx"]`, no exceptions).
A lookup (an operation whose `SETUP` entry is not None) names a record by id, and an id drawn from
the schema almost never exists; so before a positive lookup is sent, `before_call` creates a record
through the public API (with the case's own values where it has them, e.g. the `shareId`) and
points the case at it: the id is drawn from live state, as a client would have it. getTaskResult
needs a finished import task (it is polled with getTask until it ends, as a client waits before
asking for the result), getHandoverDstUserInfo a handover task naming the source user, listFile a
decompression job whose archive is listed.

The emulator refuses only what a page states: a constraint marked `x-koodrive-assumption` is
accepted (and counted). Schemathesis therefore fuzzes `stated_spec()`, the spec without its assumed
keywords, so its negative cases break stated rules only and the emulator must refuse each of them.

App authentication signs the exact bytes that go on the wire, so it cannot be a static header.
An auth provider marks each case with a placeholder `Authorization` (so schemathesis knows the
case carries credentials it chose, and its `ignored_auth` probes strip them), and a `before_call`
hook replaces the placeholder with a real signature computed by a `requests` auth object over the
prepared request: method, path, query, Host, a fresh X-Date, X-User-Id and the body bytes. Cases
schemathesis sends without auth (or with auth it made up) are left alone and must get a 401.
"""

from __future__ import annotations

import json
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
import schemathesis
import yaml
from koodrive_emulator.auth import sign_headers
from koodrive_emulator.config import Credentials
from koodrive_generated.operations import OPERATIONS

PLACEHOLDER = "HMAC-SHA256 placeholder-replaced-by-the-signer"
SPEC = Path(__file__).resolve().parents[2] / "spec" / "koodrive-tasks.yaml"
COPY_JOB = {
    "taskType": 1,
    "taskInfo": {"fileInfo": [{"fileId": "FuZmQ66CF0DdpKRG1Y29Iwajbq04Nhwu3"}], "srcContainerId": "IAADsrc"},
    "dstContainerId": "IAADdst",
}
HANDOVER = {"taskType": 0, "srcUserId": "1397687227244555008", "dstUserId": "1507947856550550784"}
IMPORT = {"taskType": 1, "resultId": "r-1", "orgId": "org-1", "orgUserId": "ou-1"}
DECOMPRESS_JOB = {
    "taskType": 5,
    "actionType": 502,
    "taskInfo": {"fileInfo": [{"fileId": "FuZmQ66CF0DdpKRG1Y29Iwajbq04Nhwu3"}], "srcContainerId": "IAADsrc"},
    "dstContainerId": "IAADdst",
}
#: Reads of a task before giving up on it finishing (the default `reads` mode moves it one step a read).
MAX_POLLS = 20


class AppAuthSigner(requests.auth.AuthBase):
    """Signs a prepared request with KooDrive app auth (koodrive-api.md §1.5)."""

    def __init__(self, credentials: Credentials | None = None) -> None:
        self.credentials = credentials or Credentials.from_env()

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        url = urlsplit(request.url or "")
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode("utf-8")
        signed = sign_headers(
            method=request.method or "GET",
            path=url.path,
            query=url.query,
            host=url.netloc,
            body=body,
            credentials=self.credentials,
        )
        request.headers.update(signed)
        return request


SIGNER = AppAuthSigner()


@schemathesis.auth()
class PlaceholderAuth:
    def get(self, case: Any, context: Any) -> str:
        return PLACEHOLDER

    def set(self, case: Any, data: str, context: Any) -> None:
        case.headers = dict(case.headers or {})
        case.headers["Authorization"] = data


def stated_spec(directory: Path | None = None) -> Path:
    """A copy of the spec without the constraints no page states, beside a link to its examples."""
    from koodrive_emulator.validation import without_assumptions

    folder = Path(directory or tempfile.mkdtemp(prefix="koodrive-stated-spec-"))
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    out = folder / SPEC.name
    out.write_text(
        yaml.safe_dump(without_assumptions(spec), sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    examples = folder / "examples"
    if not examples.exists():
        examples.symlink_to(SPEC.parent / "examples", target_is_directory=True)
    return out


def _call(case: Any, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    """A signed request to the emulator under test (in process through its ASGI app, or over HTTP)."""
    raw = b"" if body is None else json.dumps(body).encode()
    app = case.operation.app
    base = "http://testserver" if app is not None else case.operation.schema.get_base_url()
    headers = sign_headers(
        method=method,
        path=path,
        query="",
        host=urlsplit(base).netloc,
        body=raw,
        credentials=SIGNER.credentials,
    )
    if body is not None:
        headers["Content-Type"] = "application/json"
    if app is not None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from starlette.testclient import TestClient

        response = TestClient(app).request(method, path, content=raw or None, headers=headers)
        answered = response.json()
    else:
        answered = requests.request(method, base + path, data=raw or None, headers=headers, timeout=30).json()
    if answered.get("code") not in (0, "0"):
        raise AssertionError(f"could not create the record a lookup needs: {answered}")
    return answered


def _post(case: Any, path: str, body: dict[str, Any]) -> Any:
    return _call(case, "POST", path, body)


def _path(operation_id: str, **params: str) -> str:
    """The path of an operation of the registry, its template filled in."""
    return OPERATIONS[operation_id].path.format(**params)


def _finished_import(case: Any) -> str:
    """A user import task that has ended (SUCCESS or FAILED: both have a result, Q63)."""
    task_id = str(_post(case, _path("createTask"), IMPORT)["taskId"])
    for _ in range(MAX_POLLS):
        if int(_call(case, "GET", _path("getTask", task_id=task_id))["status"]) in (2, 3):
            return task_id
    raise AssertionError(f"import task {task_id} did not finish in {MAX_POLLS} reads")


def _in_path(case: Any, operation_id: str, value: str) -> None:
    """The case's (one) path parameter, named as the registry names it, set to `value`."""
    (name,) = OPERATIONS[operation_id].path_params
    case.path_parameters = {**(case.path_parameters or {}), name: value}


def _in_body(case: Any, **values: str) -> None:
    case.body = {**(case.body if isinstance(case.body, dict) else {}), **values}


def _new_job(case: Any, body: dict[str, Any] = COPY_JOB) -> str:
    return str(_post(case, _path("createJob"), body)["data"])


def _live_job_in_path(case: Any) -> None:
    _in_path(case, "getJob", _new_job(case))


def _live_job_in_body(case: Any) -> None:
    _in_body(case, jobId=_new_job(case))


def _live_task_in_path(case: Any) -> None:
    _in_path(case, "getTask", str(_post(case, _path("createTask"), HANDOVER)["taskId"]))


def _live_share_task_in_body(case: Any) -> None:
    if isinstance(case.body, dict):
        share = {"taskType": 1, "containerId": "IAACk0", "fileIds": ["Fa"], "shareId": case.body["shareId"]}
        _in_body(case, taskId=str(_post(case, _path("createShareTask"), share)["taskId"]))


def _finished_import_in_query(case: Any) -> None:
    # Q59: one of `taskId`/`taskid` is needed, which OpenAPI cannot require, so a case may name
    # neither. The names the case drew are kept (both carry the one id: accepted), `taskId`
    # when it drew none; no 400 is allowed for either-or.
    task_id = _finished_import(case)
    query = case.query or {}
    names = [name for name in ("taskId", "taskid") if name in query] or ["taskId"]
    case.query = {**query, **dict.fromkeys(names, task_id)}


def _handover_source_in_path(case: Any) -> None:
    _post(case, _path("createTask"), HANDOVER)
    _in_path(case, "getHandoverDstUserInfo", HANDOVER["srcUserId"])


def _listed_archive_in_body(case: Any) -> None:
    if isinstance(case.body, dict):
        # an archive without a password: any `pwd` the case drew is ignored, as for a plain archive
        _new_job(case, DECOMPRESS_JOB)
        archive = DECOMPRESS_JOB["taskInfo"]
        assert isinstance(archive, dict)
        _in_body(case, containerId=archive["srcContainerId"], fileId=archive["fileInfo"][0]["fileId"])


#: Per operation of the registry (`OPERATIONS`), what a positive case needs before it is sent: the
#: live record a lookup names (see `before_call`), or None when any drawn value will do. Every
#: operation has an entry: tests/spec/test_operation_coverage.py names an operation missing here.
SETUP: dict[str, Callable[[Any], None] | None] = {
    "listJobs": None,
    "createJob": None,
    "getJob": _live_job_in_path,
    "cancelJob": _live_job_in_body,
    "createTask": None,
    "listTasks": None,
    "getTask": _live_task_in_path,
    "getTaskResult": _finished_import_in_query,
    "getHandoverDstUserInfo": _handover_source_in_path,
    "createShareTask": None,
    "getShareTask": _live_share_task_in_body,
    "listFile": _listed_archive_in_body,
}


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    meta = case.meta
    operation_id = case.operation.definition.raw.get("operationId")
    if operation_id not in SETUP:
        raise AssertionError(
            f"{operation_id}: no SETUP entry in tests/emulator/st_hooks.py (README: Adding an operation)"
        )
    setup = SETUP[operation_id]
    if meta is not None and meta.generation.mode.is_positive and setup is not None:
        setup(case)
    if (case.headers or {}).get("Authorization") == PLACEHOLDER:
        kwargs["auth"] = SIGNER
