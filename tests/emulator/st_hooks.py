"""Schemathesis hooks shared by the pytest run and `st run` (scripts/fuzz.py loads this module).

App authentication signs the exact bytes that go on the wire, so it cannot be a static header.
An auth provider marks each case with a placeholder `Authorization` (so schemathesis knows the
case carries credentials it chose, and its `ignored_auth` probes strip them), and a `before_call`
hook replaces the placeholder with a real signature computed by a `requests` auth object over the
prepared request: method, path, query, Host, a fresh X-Date, X-User-Id and the body bytes. Cases
schemathesis sends without auth (or with auth it made up) are left alone and must get a 401.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import requests
import schemathesis
from koodrive_emulator.auth import sign_headers
from koodrive_emulator.config import Credentials

PLACEHOLDER = "HMAC-SHA256 placeholder-replaced-by-the-signer"
#: Operations whose positive cases name a record by id: a drawn id rarely exists, and KooDrive
#: answers an unknown id with 400 {code: 13000309}, not 404.
LOOKUPS = {"getJob", "getTask", "getShareTask", "cancelJob"}


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


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    if (case.headers or {}).get("Authorization") == PLACEHOLDER:
        kwargs["auth"] = SIGNER


@schemathesis.check
def lookups_fail_only_on_unknown_ids(ctx: Any, response: Any, case: Any) -> bool | None:
    """Valid lookups may miss (400 13000309) or, for cancel, meet a finished job (Q36); nothing else."""
    meta = case.meta
    if (
        meta is None
        or not meta.generation.mode.is_positive
        or case.operation.definition.raw.get("operationId") not in LOOKUPS
    ):
        return None
    if response.status_code != 400:
        return None
    code = int(response.json()["code"])
    allowed = {13000309} | (
        {13000102} if case.operation.definition.raw.get("operationId") == "cancelJob" else set()
    )
    if code not in allowed:
        raise AssertionError(f"a valid lookup was refused with {code}: {response.text}")
    return None
