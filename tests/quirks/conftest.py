"""Helpers for the quirk tests: the raw generated parse of a body, next to the client's normalised one."""

from __future__ import annotations

import copy
import functools
import importlib
import importlib.util
import json
import pkgutil
import re
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
import stamina
from koodrive_emulator import RunningEmulator, running
from koodrive_generated import api
from koodrive_generated.client import Client
from koodrive_generated.operations import OPERATIONS

ROOT = Path(__file__).resolve().parents[2]


@functools.cache
def generated_module(operation_id: str) -> ModuleType:
    """The generated request module of an operation of the registry (`OPERATIONS`): openapi-python-client
    writes one per operation, `koodrive_generated.api.<tag>.<snake_case operationId>`."""
    if operation_id not in OPERATIONS:
        raise KeyError(f"{operation_id} is no operation of the spec (koodrive_generated.operations)")
    name = re.sub(r"(?<!^)(?=[A-Z])", "_", operation_id).lower()
    for package in pkgutil.iter_modules(api.__path__):
        if importlib.util.find_spec(f"{api.__name__}.{package.name}.{name}") is not None:
            return importlib.import_module(f"{api.__name__}.{package.name}.{name}")
    raise LookupError(f"{operation_id}: no generated module koodrive_generated.api.*.{name} (make generate)")


def generated(operation_id: str, body: Any, status: int = 200) -> Any:
    """What the untouched generated client makes of a body."""
    return generated_module(operation_id)._parse_response(
        client=Client(base_url="https://kd.test"), response=httpx.Response(status, json=body)
    )


def example(name: str, status: str = "200") -> dict[str, Any]:
    """A response body of spec/examples (a fresh copy: tests change them into quirk variants)."""
    data = json.loads((ROOT / "spec/examples" / name).read_text())
    return copy.deepcopy(data["responses"][status]["value"])


def example_request(name: str) -> dict[str, Any]:
    return json.loads((ROOT / "spec/examples" / name).read_text())["request"]


@pytest.fixture
def emulator() -> Iterator[RunningEmulator]:
    with stamina.set_testing(True, attempts=1000, cap=True), running() as server:
        yield server
