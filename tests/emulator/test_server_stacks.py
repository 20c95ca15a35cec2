"""The emulator answers alike under each server stack; `auto` is the fast one when installed."""

from __future__ import annotations

import importlib.util

import httpx
import pytest
from koodrive_emulator.server import STACKS, default_stack, parse_args, running

from .conftest import TOKEN, V1


def test_auto_picks_httptools_and_uvloop_when_installed() -> None:
    installed = all(importlib.util.find_spec(m) is not None for m in ("uvloop", "httptools"))
    assert default_stack() == ("uvicorn-standard" if installed else "uvicorn")
    assert parse_args([]).server == "auto" and parse_args(["--server", "uvicorn"]).server == "uvicorn"


@pytest.mark.parametrize("stack", sorted(STACKS))
def test_each_stack_answers_and_drops_alike(stack: str) -> None:
    if stack == "uvicorn-standard" and default_stack() != stack:
        pytest.skip("uvloop or httptools not installed")
    with running(server=stack) as server:
        url = f"{server.base_url}{V1}/jobs?offset=0&limit=10"
        response = httpx.get(url, headers=TOKEN)
        assert response.status_code == 200 and response.json()["code"] == 0
        server.emulator.configure({"faults": {"dropRate": 1.0}})
        with pytest.raises(httpx.RemoteProtocolError):
            httpx.get(url, headers=TOKEN)


def test_an_unknown_stack_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown server stack"), running(server="tornado"):
        pass
