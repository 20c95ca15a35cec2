"""Schemathesis against the in-process emulator: all phases, all checks."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from koodrive_emulator import create_app
from schemathesis.config import SchemathesisConfig

from . import st_hooks

HERE = Path(__file__).resolve().parent
SPEC = HERE.parents[1] / "spec" / "koodrive-tasks.yaml"

config = SchemathesisConfig.from_path(HERE / "schemathesis.toml")
# the spec without its assumed constraints: the emulator accepts what breaks only those (st_hooks)
schema = schemathesis.openapi.from_path(st_hooks.stated_spec(), config=config)
schema.app = create_app()


@pytest.mark.slow
@schema.parametrize()
def test_every_operation(case: schemathesis.Case) -> None:
    case.call_and_validate()


TestStateful = schema.as_state_machine().TestCase
TestStateful = pytest.mark.slow(TestStateful)
