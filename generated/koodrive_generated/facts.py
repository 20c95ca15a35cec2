"""Facts from the spec's `x-koodrive-*` keys, baked in by `make generate`
(scripts/generate_models.py).

Never edited by hand: change the spec and regenerate.
"""

from __future__ import annotations

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


#: wire names whose value is a credential: every property or parameter with `format: password`
#: or `x-koodrive-secret: true`
#: (koodrive_tasks.http_log masks them by name in logs and recorded probe pairs)
SECRET_FIELDS: Final = frozenset(["kdstoken", "password", "pwd"])

#: x-koodrive-throttle-codes of ErrorBody: the API gateway's codes for a throttled request,
#: on any status (koodrive_tasks._errors: RateLimitError; the emulator's `apig` fault sends them)
THROTTLE_CODES: Final = ("APIGW.0308",)

#: x-koodrive-job-limits of CreateJobTaskInfo.fileInfo: the most files one batch job is given
#: (koodrive_tasks.bulk splits a file set into jobs of at most this many)
MAX_FILES_PER_JOB: Final = 1000

# the most records one page holds: the `maximum` of each list operation's page-size parameter
MAX_JOBS_PER_PAGE: Final = 100  # listJobs: limit
MAX_TASKS_PER_PAGE: Final = 100  # listTasks: pageSize

#: servers[0] of the spec: the client's base URL when none is given
DEFAULT_BASE_URL: Final = "https://intl.myhuaweicloud-koodrive.com"

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
