"""Schemathesis hooks shared by the pytest run and `st run` (scripts/fuzz.py loads this module).

Positive data must get a 2xx from every operation (`expected-statuses = ["2xx"]`, no exceptions).
A lookup (getJob, cancelJob, getTask, getShareTask) names a record by id, and an id drawn from the
schema almost never exists; so before a positive lookup is sent, `before_call` creates a record
through the public API (with the case's own values where it has them, e.g. the `shareId`) and
points the case at it: the id is drawn from live state, as a client would have it.

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
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
import schemathesis
import yaml
from koodrive_emulator.auth import sign_headers
from koodrive_emulator.config import Credentials

PLACEHOLDER = "HMAC-SHA256 placeholder-replaced-by-the-signer"
SPEC = Path(__file__).resolve().parents[2] / "spec" / "koodrive-tasks.yaml"
V1 = "/koodrive/ose/v1"
COPY_JOB = {
    "taskType": 1,
    "taskInfo": {"fileInfo": [{"fileId": "FuZmQ66CF0DdpKRG1Y29Iwajbq04Nhwu3"}], "srcContainerId": "IAADsrc"},
    "dstContainerId": "IAADdst",
}
HANDOVER = {"taskType": 0, "srcUserId": "1397687227244555008", "dstUserId": "1507947856550550784"}


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
#: Operations whose positive cases name a record by id (see `before_call`).
LOOKUPS = {"getJob", "getTask", "getShareTask", "cancelJob"}


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


def _post(case: Any, path: str, body: dict[str, Any]) -> Any:
    """A signed POST to the emulator under test (in process through its ASGI app, or over HTTP)."""
    raw = json.dumps(body).encode()
    app = case.operation.app
    base = "http://testserver" if app is not None else case.operation.schema.get_base_url()
    headers = sign_headers(
        method="POST",
        path=path,
        query="",
        host=urlsplit(base).netloc,
        body=raw,
        credentials=SIGNER.credentials,
    )
    headers["Content-Type"] = "application/json"
    if app is not None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from starlette.testclient import TestClient

        response = TestClient(app).post(path, content=raw, headers=headers)
        answered = response.json()
    else:
        answered = requests.post(base + path, data=raw, headers=headers, timeout=30).json()
    if answered.get("code") not in (0, "0"):
        raise AssertionError(f"could not create the record a lookup needs: {answered}")
    return answered


def _point_at_a_live_record(case: Any, operation_id: str) -> None:
    if operation_id in ("getJob", "cancelJob"):
        job_id = str(_post(case, f"{V1}/jobs", COPY_JOB)["data"])
        if operation_id == "getJob":
            case.path_parameters = {**(case.path_parameters or {}), "job_id": job_id}
        else:
            case.body = {**(case.body if isinstance(case.body, dict) else {}), "jobId": job_id}
    elif operation_id == "getTask":
        task_id = str(_post(case, f"{V1}/task/create", HANDOVER)["taskId"])
        case.path_parameters = {**(case.path_parameters or {}), "task_id": task_id}
    elif operation_id == "getShareTask" and isinstance(case.body, dict):
        share = {"taskType": 1, "containerId": "IAACk0", "fileIds": ["Fa"], "shareId": case.body["shareId"]}
        case.body = {**case.body, "taskId": str(_post(case, f"{V1}/share/tasks", share)["taskId"])}


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    meta = case.meta
    operation_id = case.operation.definition.raw.get("operationId")
    if meta is not None and meta.generation.mode.is_positive and operation_id in LOOKUPS:
        _point_at_a_live_record(case, operation_id)
    if (case.headers or {}).get("Authorization") == PLACEHOLDER:
        kwargs["auth"] = SIGNER
