"""Every operation of the spec is served by every part that must serve it: the sync and async
clients, the emulator, the CLI, the schemathesis hooks, the hostile suite and the quirk checks.
A failure names each operation and what it is missing from (tests/spec/operation_coverage.py)."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from koodrive_emulator import create_app
from koodrive_emulator.responses import MissingHandler
from koodrive_generated.operations import OPERATIONS
from koodrive_tasks import AsyncKooDrive, KooDrive, TokenAuth
from operation_coverage import PARTS, dict_keys, emulator_routes, missing, report

BASE = "https://kd.test"


@pytest.fixture
def parts() -> Iterator[dict[str, Any]]:
    with KooDrive(BASE, TokenAuth("t")) as sync_client:
        yield {
            "sync_client": sync_client,
            "async_client": AsyncKooDrive(BASE, TokenAuth("t")),
            "emulator": emulator_routes(create_app),
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
        **parts,
        st_hooks=hooks,
        hostile=hostile,
        quirk_module=no_module,
    )
    assert gaps == {"ghostOperation": list(PARTS)}
    assert report(gaps) == "ghostOperation: missing from " + ", ".join(PARTS)


def test_the_cli_leg_fails_on_its_own_when_the_cli_refuses_an_operation(
    parts: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CLI leg checks the command line, not the client: with a dispatch that refuses getJob
    (the clients still have `jobs.get`), getJob is missing from the CLI alone."""
    from koodrive_cli import dispatch

    method_of = dispatch.method_of

    def refusing(client: Any, operation_id: str) -> Any:
        if operation_id == "getJob":
            raise dispatch.DispatchError("getJob: refused")
        return method_of(client, operation_id)

    monkeypatch.setattr(dispatch, "method_of", refusing)
    assert missing(OPERATIONS, **parts) == {"getJob": ["CLI"]}


def test_the_cli_leg_fails_when_the_usage_drops_a_path_parameter(
    parts: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`call getTask --help` must take the registry's path parameter: a usage line without
    TASK_ID (the CLI no longer passes it positionally) is a gap of the CLI alone."""
    from koodrive_cli import dispatch

    usage_line = dispatch.usage_line
    monkeypatch.setattr(
        dispatch, "usage_line", lambda op_id, m: usage_line(op_id, m).replace("TASK_ID", "[task_id=...]")
    )
    gaps = missing(OPERATIONS, **parts)
    assert gaps == {"getTask": ["CLI"]}


def test_a_route_whose_handler_is_gone_is_missing_though_it_answers_4xx() -> None:
    """The probe has no credentials: a routed operation answers 401 before any handler runs, so
    the answer alone would count an operation without a handler as served."""
    from starlette.testclient import TestClient

    app = create_app()
    del app.dispatcher.handlers["getJob"]  # type: ignore[attr-defined]
    job = OPERATIONS["getJob"]
    probe = TestClient(app, raise_server_exceptions=False).get(job.path.format(job_id="1"))
    assert probe.status_code == 401  # what a check of the answer alone would take for served
    served = emulator_routes(lambda **kwargs: app)
    assert not served(job)
    assert all(served(op) for op_id, op in OPERATIONS.items() if op_id != "getJob")


GHOST = "/koodrive/ose/v1/ghost/{src_user_id}"


def with_unhandled_operation(doc: dict[str, Any]) -> None:
    """A copy of getHandoverDstUserInfo as `getGhost` on its own path: routed, validated, no handler."""
    import copy

    item = copy.deepcopy(doc["paths"]["/koodrive/ose/v1/task/dstUserInfo/{src_user_id}"])
    item["get"]["operationId"] = "getGhost"
    doc["paths"][GHOST] = item


def test_an_app_that_refuses_to_start_names_the_operation_without_a_handler(spec_copy: Any) -> None:
    spec_copy.edit(with_unhandled_operation)
    make_app = functools.partial(create_app, spec_path=spec_copy.spec)
    with pytest.raises(MissingHandler, match="getGhost") as refused:
        make_app()
    assert refused.value.operation_ids == ("getGhost",)
    served = emulator_routes(make_app)
    ghost = dataclasses.replace(OPERATIONS["getHandoverDstUserInfo"], operation_id="getGhost", path=GHOST)
    assert not served(ghost)
    assert all(served(op) for op in OPERATIONS.values())  # the others are still probed, and served
