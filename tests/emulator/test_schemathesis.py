"""Schemathesis against the in-process emulator: all phases, all checks.

Responses are checked against the spec as written (`schema`), assumed constraints included: the
emulator accepts a request that breaks only an assumption but never answers outside the spec. The
copy without the assumed constraints (`stated`) serves the negative-data check alone: its negative
cases break stated rules only, and the emulator must refuse each of them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from koodrive_emulator import create_app
from schemathesis.checks import negative_data_rejection
from schemathesis.config import SchemathesisConfig

from . import st_hooks

HERE = Path(__file__).resolve().parent
SPEC = HERE.parents[1] / "spec" / "koodrive-tasks.yaml"

config = SchemathesisConfig.from_path(HERE / "schemathesis.toml")
schema = schemathesis.openapi.from_path(SPEC, config=config)
schema.app = create_app()
# the spec without its assumed constraints: the emulator accepts what breaks only those (st_hooks)
stated = schemathesis.openapi.from_path(st_hooks.stated_spec(), config=config)
stated.app = schema.app


@pytest.mark.slow
@schema.parametrize()
def test_every_operation(case: schemathesis.Case) -> None:
    # negative data of the written spec may break only an assumption, which is accepted
    case.call_and_validate(excluded_checks=[negative_data_rejection])


@pytest.mark.slow
@stated.parametrize()
def test_negative_data_of_the_stated_spec_is_refused(case: schemathesis.Case) -> None:
    if case.meta is None or not case.meta.generation.mode.is_negative:
        return  # positive cases are the written spec's run above
    case.call_and_validate(checks=[negative_data_rejection])


class WrittenSpecStateMachine(schema.as_state_machine()):  # type: ignore[misc]
    """The stateful phase over the written spec: every check but the negative-data one."""

    def validate_response(
        self, response: Any, case: schemathesis.Case, additional_checks: Any = None, **kwargs: Any
    ) -> None:
        __tracebackhide__ = True
        case.validate_response(
            response,
            additional_checks=additional_checks,
            excluded_checks=[negative_data_rejection],
            transport_kwargs=kwargs,
        )


TestStateful = WrittenSpecStateMachine.TestCase
TestStateful = pytest.mark.slow(TestStateful)
