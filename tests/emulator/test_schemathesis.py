"""Schemathesis against the in-process emulator: all phases, all checks."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from koodrive_emulator import create_app
from schemathesis.config import SchemathesisConfig

from . import st_hooks  # noqa: F401 - registers the signer, the auth provider and the lookup check

HERE = Path(__file__).resolve().parent
SPEC = HERE.parents[1] / "spec" / "koodrive-tasks.yaml"

config = SchemathesisConfig.from_path(HERE / "schemathesis.toml")
schema = schemathesis.openapi.from_path(SPEC, config=config)
schema.app = create_app()


@pytest.mark.slow
@schema.parametrize()
def test_every_operation(case: schemathesis.Case) -> None:
    case.call_and_validate()


TestStateful = schema.as_state_machine().TestCase
TestStateful = pytest.mark.slow(TestStateful)
