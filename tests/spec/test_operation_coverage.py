"""Every operation of the spec is served by every part that must serve it: the sync and async
clients, the emulator, the CLI, the schemathesis hooks, the hostile suite and the quirk checks.
A failure names each operation and what it is missing from (tests/spec/operation_coverage.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from koodrive_cli.main import Settings
from koodrive_emulator import create_app
from koodrive_generated.operations import OPERATIONS
from koodrive_tasks import AsyncKooDrive, KooDrive, TokenAuth
from operation_coverage import PARTS, dict_keys, emulator_routes, missing, report

BASE = "https://kd.test"


@pytest.fixture
def parts() -> Iterator[dict[str, Any]]:
    cli = Settings(BASE, "token", None, None, None, 30.0, None, "json").client()
    with KooDrive(BASE, TokenAuth("t")) as sync_client, cli:
        yield {
            "sync_client": sync_client,
            "async_client": AsyncKooDrive(BASE, TokenAuth("t")),
            "emulator": emulator_routes(create_app()),
            "cli_client": cli,
        }


def test_every_operation_is_served_everywhere(parts: dict[str, Any]) -> None:
    gaps = missing(OPERATIONS, **parts)
    assert gaps == {}, "\n" + report(gaps)


def test_the_hand_written_maps_name_only_operations_of_the_spec() -> None:
    from operation_coverage import HOSTILE, ST_HOOKS

    assert dict_keys(ST_HOOKS, "SETUP") <= set(OPERATIONS)
    assert dict_keys(HOSTILE, "ARGUMENTS") <= set(OPERATIONS)


def test_a_missing_part_is_named(parts: dict[str, Any], tmp_path: Path) -> None:
    """Each leg can fail: an operation the parts do not know is reported missing from all but the
    quirk checks' (whose module lookup is asked for a name of the registry only)."""
    ghost = type(OPERATIONS["getJob"])(
        operation_id="getJob",
        resource="jobs",
        method_name="get_ghost",
        http_method="GET",
        path="/koodrive/ose/v1/ghost/{ghost_id}/x",
        path_params=("ghost_id",),
        idempotent=True,
        security=(),
        record=None,
        secret_fields=frozenset(),
        read_only=True,
    )
    hooks = tmp_path / "st_hooks.py"
    hooks.write_text("SETUP = {}\n")
    hostile = tmp_path / "hostile.py"
    hostile.write_text("ARGUMENTS: dict = {}\n")

    def no_module(op_id: str) -> Any:
        raise LookupError(op_id)

    gaps = missing(
        {"ghostOperation": ghost},
        **{**parts, "cli_client": object()},
        st_hooks=hooks,
        hostile=hostile,
        quirk_module=no_module,
    )
    assert gaps == {"ghostOperation": list(PARTS)}
    assert report(gaps) == "ghostOperation: missing from " + ", ".join(PARTS)
