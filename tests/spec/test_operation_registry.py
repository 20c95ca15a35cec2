"""The operation registry (`koodrive_generated.operations`, written by `make generate` from the
spec by scripts/generate_operations.py) says what the spec says about each operation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from koodrive_generated import facts, records
from koodrive_generated.operations import OPERATIONS

SPEC = Path(__file__).resolve().parents[2] / "spec" / "koodrive-tasks.yaml"
METHODS = ("get", "put", "post", "delete", "patch")


@pytest.fixture(scope="module")
def spec_operations() -> list[tuple[str, str, dict[str, Any]]]:
    doc = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    return [
        (path, method, op)
        for path, item in doc["paths"].items()
        for method, op in item.items()
        if method in METHODS
    ]


def test_one_operation_per_operation_id_in_spec_order(spec_operations: list[tuple[str, str, Any]]) -> None:
    assert list(OPERATIONS) == [op["operationId"] for _, _, op in spec_operations]
    for path, method, op in spec_operations:
        registered = OPERATIONS[op["operationId"]]
        assert (registered.http_method, registered.path) == (method.upper(), path)
        assert (registered.resource, registered.method_name) == (
            op["x-koodrive-operation"]["resource"],
            op["x-koodrive-operation"]["method"],
        )


def test_idempotency_is_the_specs(spec_operations: list[tuple[str, str, Any]]) -> None:
    """x-koodrive-idempotent, else the HTTP method's semantics: what the client retries by."""
    for _, method, op in spec_operations:
        expected = op.get("x-koodrive-idempotent", method in {"get", "put", "delete"})
        assert OPERATIONS[op["operationId"]].idempotent is expected, op["operationId"]
    assert [k for k, v in OPERATIONS.items() if v.idempotent and v.http_method == "POST"] == [
        "getShareTask",
        "listFile",
    ]


def test_path_params_records_secrets_and_reads() -> None:
    assert OPERATIONS["getJob"].path_params == ("job_id",)
    assert OPERATIONS["getHandoverDstUserInfo"].path_params == ("src_user_id",)
    assert OPERATIONS["listJobs"].path_params == ()
    assert {k: v.record for k, v in OPERATIONS.items() if v.record} == {
        "listJobs": "Job",
        "getJob": "JobDetail",
        "listTasks": "Task",
        "getTask": "Task",
        "getTaskResult": "ImportResult",
        "getHandoverDstUserInfo": "HandoverRecipient",
        "getShareTask": "ShareTask",
        "listFile": "ArchiveListing",
    }
    assert all(hasattr(records, op.record) for op in OPERATIONS.values() if op.record)
    assert {k: set(v.secret_fields) for k, v in OPERATIONS.items() if v.secret_fields} == {
        "createJob": {"password"},
        "createShareTask": {"kdstoken"},
        "getShareTask": {"kdstoken"},
        "listFile": {"pwd"},
    }
    assert set().union(*(op.secret_fields for op in OPERATIONS.values())) <= facts.SECRET_FIELDS
    # getShareTask is a read sent as POST (x-koodrive-operation readOnly); listFile may start a listing
    assert {k for k, v in OPERATIONS.items() if v.read_only} == {
        "listJobs",
        "getJob",
        "listTasks",
        "getTask",
        "getTaskResult",
        "getHandoverDstUserInfo",
        "getShareTask",
    }
    assert all(
        op.security == ("koodriveToken", "koodriveAppAuth", "koodriveUserId", "koodriveDate")
        for op in OPERATIONS.values()
    )
