"""Facts from the spec's `x-koodrive-*` keys, baked in by `make generate`
(scripts/generate_models.py).

Never edited by hand: change the spec and regenerate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Final

#: x-koodrive-snowflake of SnowflakeId: epoch 2019-01-01T00:00:00+08:00
SNOWFLAKE_EPOCH: Final = datetime.fromtimestamp(1546272000000 / 1000, UTC)
SNOWFLAKE_SHIFT: Final = 23
#: the largest id: 2^63 - 1 (`bits`), as the digits the wire sends
SNOWFLAKE_MAX: Final = "9223372036854775807"

# x-koodrive-time zones, one per time schema
ZONE_ISO_TIME_UTC: Final = UTC  # IsoTimeUtc: iso8601
ZONE_COMPACT_TIME_CHINA: Final = timezone(
    timedelta(minutes=480), "+08:00"
)  # CompactTimeChina: yyyyMMddHHmmss
ZONE_COMPACT_TIME_UTC: Final = UTC  # CompactTimeUtc: yyyyMMddHHmmss
ZONE_EPOCH_MILLIS: Final = UTC  # EpochMillis: epoch-millis

# the minimum and maximum of each epoch-millis time schema, in milliseconds
RANGE_EPOCH_MILLIS: Final = (0, 253402300799999)


@dataclass(frozen=True, slots=True)
class Operation:
    """One operation of the spec; `idempotent` decides whether the client retries it."""

    operation_id: str
    method: str
    path: str
    idempotent: bool


LIST_JOBS: Final = Operation("listJobs", "get", "/koodrive/ose/v1/jobs", True)
CREATE_JOB: Final = Operation("createJob", "post", "/koodrive/ose/v1/jobs", False)
GET_JOB: Final = Operation("getJob", "get", "/koodrive/ose/v1/{job_id}", True)
CANCEL_JOB: Final = Operation("cancelJob", "post", "/koodrive/ose/v1/cancel", False)
CREATE_TASK: Final = Operation("createTask", "post", "/koodrive/ose/v1/task/create", False)
LIST_TASKS: Final = Operation("listTasks", "get", "/koodrive/ose/v1/task/list", True)
GET_TASK: Final = Operation("getTask", "get", "/koodrive/ose/v1/task/{task_id}", True)
GET_TASK_RESULT: Final = Operation("getTaskResult", "get", "/koodrive/ose/v1/task/result", True)
GET_HANDOVER_DST_USER_INFO: Final = Operation(
    "getHandoverDstUserInfo", "get", "/koodrive/ose/v1/task/dstUserInfo/{src_user_id}", True
)
CREATE_SHARE_TASK: Final = Operation("createShareTask", "post", "/koodrive/ose/v1/share/tasks", False)
GET_SHARE_TASK: Final = Operation("getShareTask", "post", "/koodrive/ose/v1/share/taskDetail", True)
LIST_FILE: Final = Operation("listFile", "post", "/koodrive/ose/v1/archive/listFile", True)

#: wire names whose value is a credential: every property or parameter with `format: password`
#: or `x-koodrive-secret: true`
#: (koodrive_tasks.http_log masks them by name in logs and recorded probe pairs)
SECRET_FIELDS: Final = frozenset(["kdstoken", "password", "pwd"])

#: x-koodrive-throttle-codes of ErrorBody: the API gateway's codes for a throttled request,
#: on any status (koodrive_tasks._errors: RateLimitError; the emulator's `apig` fault sends them)
THROTTLE_CODES: Final = ("APIGW.0308",)

#: x-koodrive-token-spellings of the koodriveToken security scheme: name -> the Authorization
#: value's prefix before the token (read by the emulator's strict auth and the CLI's probe)
TOKEN_SPELLINGS: Final[dict[str, str]] = {"bearer-space": "Bearer ", "bearer-plus": "Bearer+", "bare": ""}

#: x-koodrive-signing of the koodriveAppAuth security scheme (read by koodrive_tasks.auth)
APP_AUTH_SIGNING: Final[dict[str, object]] = {
    "algorithm": "HMAC-SHA256",
    "signedHeaders": ["host", "x-date", "x-user-id"],
    "requiredSignedHeaders": ["x-date", "x-user-id"],
    "dateFormat": "yyyyMMdd'T'HHmmss'Z'",
    "maxAgeSeconds": 900,
    "allowFuture": False,
}
