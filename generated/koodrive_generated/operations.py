"""The operations of the spec, one `Operation` per operationId in the spec's order, baked in by
`make generate` (scripts/generate_operations.py from scripts/templates/operations.py.jinja).

Never edited by hand: change the spec and regenerate. Each fact is read from the spec:
`resource` and `method_name` from `x-koodrive-operation`, `idempotent` from `x-koodrive-idempotent`
(else the HTTP method's semantics), `read_only` from `x-koodrive-operation.readOnly` (else GET),
`security` from the operation's (or the document's) security requirements, `record` from the
`x-koodrive-record` of what its 200 answer carries, `secret_fields` from `format: password` and
`x-koodrive-secret` on anything the operation sends or receives.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final


@dataclass(frozen=True, slots=True)
class Operation:
    """One operation of the spec, as the client, the emulator, the CLI and the tests see it."""

    #: the spec's operationId ("getJob")
    operation_id: str
    #: the attribute of `KooDrive` / `AsyncKooDrive` that serves it ("jobs")
    resource: str
    #: the method of that resource ("get")
    method_name: str
    #: upper-case HTTP method ("GET")
    http_method: str
    #: the path template exactly as in the spec
    path: str
    #: the names of its path parameters, in the template's order
    path_params: tuple[str, ...]
    #: whether the client may retry it (x-koodrive-idempotent, else the HTTP method's semantics)
    idempotent: bool
    #: the securityScheme names a request may use, in the spec's order; () = none
    security: tuple[str, ...]
    #: the record class (koodrive_generated.records) its 200 answer carries; None: no record
    record: str | None
    #: wire names of its secret fields (request or response): format password or x-koodrive-secret
    secret_fields: frozenset[str]
    #: whether it changes no state on the server
    read_only: bool


OPERATIONS: Final[Mapping[str, Operation]] = MappingProxyType(
    {
        "listJobs": Operation(
            operation_id="listJobs",
            resource="jobs",
            method_name="list",
            http_method="GET",
            path="/koodrive/ose/v1/jobs",
            path_params=(),
            idempotent=True,
            security=("koodriveToken", "koodriveAppAuth", "koodriveUserId", "koodriveDate"),
            record="Job",
            secret_fields=frozenset(),
            read_only=True,
        ),
        "createJob": Operation(
            operation_id="createJob",
            resource="jobs",
            method_name="create",
            http_method="POST",
            path="/koodrive/ose/v1/jobs",
            path_params=(),
            idempotent=False,
            security=("koodriveToken", "koodriveAppAuth", "koodriveUserId", "koodriveDate"),
            record=None,
            secret_fields=frozenset(["password"]),
            read_only=False,
        ),
        "getJob": Operation(
            operation_id="getJob",
            resource="jobs",
            method_name="get",
            http_method="GET",
            path="/koodrive/ose/v1/{job_id}",
            path_params=("job_id",),
            idempotent=True,
            security=("koodriveToken", "koodriveAppAuth", "koodriveUserId", "koodriveDate"),
            record="JobDetail",
            secret_fields=frozenset(),
            read_only=True,
        ),
        "cancelJob": Operation(
            operation_id="cancelJob",
            resource="jobs",
            method_name="cancel",
            http_method="POST",
            path="/koodrive/ose/v1/cancel",
            path_params=(),
            idempotent=False,
            security=("koodriveToken", "koodriveAppAuth", "koodriveUserId", "koodriveDate"),
            record=None,
            secret_fields=frozenset(),
            read_only=False,
        ),
        "createTask": Operation(
            operation_id="createTask",
            resource="tasks",
            method_name="create",
            http_method="POST",
            path="/koodrive/ose/v1/task/create",
            path_params=(),
            idempotent=False,
            security=("koodriveToken", "koodriveAppAuth", "koodriveUserId", "koodriveDate"),
            record=None,
            secret_fields=frozenset(),
            read_only=False,
        ),
        "listTasks": Operation(
            operation_id="listTasks",
            resource="tasks",
            method_name="list",
            http_method="GET",
            path="/koodrive/ose/v1/task/list",
            path_params=(),
            idempotent=True,
            security=("koodriveToken", "koodriveAppAuth", "koodriveUserId", "koodriveDate"),
            record="Task",
            secret_fields=frozenset(),
            read_only=True,
        ),
        "getTask": Operation(
            operation_id="getTask",
            resource="tasks",
            method_name="get",
            http_method="GET",
            path="/koodrive/ose/v1/task/{task_id}",
            path_params=("task_id",),
            idempotent=True,
            security=("koodriveToken", "koodriveAppAuth", "koodriveUserId", "koodriveDate"),
            record="Task",
            secret_fields=frozenset(),
            read_only=True,
        ),
        "getTaskResult": Operation(
            operation_id="getTaskResult",
            resource="tasks",
            method_name="result",
            http_method="GET",
            path="/koodrive/ose/v1/task/result",
            path_params=(),
            idempotent=True,
            security=("koodriveToken", "koodriveAppAuth", "koodriveUserId", "koodriveDate"),
            record="ImportResult",
            secret_fields=frozenset(),
            read_only=True,
        ),
        "getHandoverDstUserInfo": Operation(
            operation_id="getHandoverDstUserInfo",
            resource="tasks",
            method_name="handover_recipient",
            http_method="GET",
            path="/koodrive/ose/v1/task/dstUserInfo/{src_user_id}",
            path_params=("src_user_id",),
            idempotent=True,
            security=("koodriveToken", "koodriveAppAuth", "koodriveUserId", "koodriveDate"),
            record="HandoverRecipient",
            secret_fields=frozenset(),
            read_only=True,
        ),
        "createShareTask": Operation(
            operation_id="createShareTask",
            resource="share_tasks",
            method_name="create",
            http_method="POST",
            path="/koodrive/ose/v1/share/tasks",
            path_params=(),
            idempotent=False,
            security=("koodriveToken", "koodriveAppAuth", "koodriveUserId", "koodriveDate"),
            record=None,
            secret_fields=frozenset(["kdstoken"]),
            read_only=False,
        ),
        "getShareTask": Operation(
            operation_id="getShareTask",
            resource="share_tasks",
            method_name="get",
            http_method="POST",
            path="/koodrive/ose/v1/share/taskDetail",
            path_params=(),
            idempotent=True,
            security=("koodriveToken", "koodriveAppAuth", "koodriveUserId", "koodriveDate"),
            record="ShareTask",
            secret_fields=frozenset(["kdstoken"]),
            read_only=True,
        ),
        "listFile": Operation(
            operation_id="listFile",
            resource="jobs",
            method_name="list_archive",
            http_method="POST",
            path="/koodrive/ose/v1/archive/listFile",
            path_params=(),
            idempotent=True,
            security=("koodriveToken", "koodriveAppAuth", "koodriveUserId", "koodriveDate"),
            record="ArchiveListing",
            secret_fields=frozenset(["pwd"]),
            read_only=False,
        ),
    }
)

__all__ = ["OPERATIONS", "Operation"]
