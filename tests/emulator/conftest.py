"""Shared fixtures: a fresh in-process emulator per test, token and app-auth helpers."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from typing import Any

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from koodrive_emulator import Credentials, Emulator, create_app, sign_headers
from koodrive_emulator.validation import SpecValidators

TOKEN = {"Authorization": "Bearer emulator-token"}
V1 = "/koodrive/ose/v1"
COPY_JOB = {
    "taskType": 1,
    "actionType": 101,
    "taskInfo": {"fileInfo": [{"fileId": "FuZmQ66CF0DdpKRG1Y29Iwajbq04Nhwu3"}], "srcContainerId": "IAADsrc"},
    "dstContainerId": "IAADdst",
}
HANDOVER = {"taskType": 0, "srcUserId": "1397687227244555008", "dstUserId": "1507947856550550784"}
SHARE = {"taskType": 1, "containerId": "IAACk0", "fileIds": ["Fa", "Fb"], "shareId": "1808628918203192999"}


@pytest.fixture
def client() -> Iterator[TestClient]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        app = create_app()
        with TestClient(app) as test_client:
            yield test_client


@pytest.fixture
def emulator(client: TestClient) -> Emulator:
    em: Emulator = client.app.state.emulator  # type: ignore[attr-defined]
    return em


@pytest.fixture(scope="session")
def validators() -> SpecValidators:
    return SpecValidators()


def signed(method: str, path: str, query: str = "", body: bytes = b"", **kw: Any) -> dict[str, str]:
    headers = sign_headers(
        method=method, path=path, query=query, host="testserver", body=body, credentials=Credentials(), **kw
    )
    return {**headers, "Content-Type": "application/json"}


def post_json(client: TestClient, path: str, body: Any, headers: dict[str, str] | None = None) -> Any:
    raw = json.dumps(body).encode()
    return client.post(
        path, content=raw, headers={**TOKEN, "Content-Type": "application/json", **(headers or {})}
    )
