"""koodrive_tasks: the typed client of the Huawei Cloud KooDrive task APIs.

    from koodrive_tasks import KooDrive, TokenAuth

    with KooDrive(auth=TokenAuth(token)) as client:
        job_id = client.jobs.create(JobType.COPY, src_container_id=src, dst_container_id=dst, file_ids=[f])
        detail = client.jobs.wait(job_id)

Built on the generated `koodrive_generated` package (never edited by hand): requests come from
the spec, and every inconsistency of the wire is normalised in `normalize/` (see spec/QUIRKS.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

import httpx

from ._aiohttp import DefaultAioHttpClient
from ._auth import AppAuth, TokenAuth
from ._client import DEFAULT_BASE_URL, AsyncSender, Auth, ContextManaged, SyncSender, env_settings
from ._errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    KooDriveError,
    NotFoundError,
    ResponseFormatError,
    ServerError,
    StuckCursorError,
    TaskCancelledError,
    TaskFailedError,
    WaitTimeoutError,
)
from ._version import __version__
from .models import (
    FileResult,
    FileStatus,
    Job,
    JobActionType,
    JobDetail,
    JobResult,
    JobStatus,
    JobType,
    ShareTask,
    ShareTaskType,
    Task,
    TaskPage,
    TaskStatus,
    TaskType,
    UncompressedFile,
    UncompressedFileType,
)
from .normalize.convert import InvalidFieldWarning
from .resources._shared import InvalidIdError
from .resources.jobs import AsyncJobs, Jobs
from .resources.share_tasks import AsyncShareTasks, ShareTasks
from .resources.tasks import AsyncTasks, Tasks

__all__ = [
    "DEFAULT_BASE_URL",
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AppAuth",
    "AsyncKooDrive",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "DefaultAioHttpClient",
    "FileResult",
    "FileStatus",
    "InvalidFieldWarning",
    "InvalidIdError",
    "Job",
    "JobActionType",
    "JobDetail",
    "JobResult",
    "JobStatus",
    "JobType",
    "KooDrive",
    "KooDriveError",
    "NotFoundError",
    "ResponseFormatError",
    "ServerError",
    "ShareTask",
    "ShareTaskType",
    "StuckCursorError",
    "Task",
    "TaskCancelledError",
    "TaskFailedError",
    "TaskPage",
    "TaskStatus",
    "TaskType",
    "TokenAuth",
    "UncompressedFile",
    "UncompressedFileType",
    "WaitTimeoutError",
    "__version__",
]


class KooDrive(ContextManaged):
    """The synchronous client. Timeouts are on by default (30 s, connect 5 s); reads retry twice."""

    def __init__(
        self,
        base_url: str | None = DEFAULT_BASE_URL,
        auth: Auth | None = None,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = 2,
        language: str | None = None,
        http_client: httpx.Client | None = None,
    ) -> None:
        self._sender = SyncSender(base_url, auth, timeout, max_retries, language, http_client=http_client)
        self.jobs = Jobs(self._sender)
        self.tasks = Tasks(self._sender)
        self.share_tasks = ShareTasks(self._sender)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **options: Any) -> Self:
        """KOODRIVE_BASE_URL, KOODRIVE_TOKEN, KOODRIVE_USER_ID, KOODRIVE_APP_ID, KOODRIVE_APP_SECRET."""
        return cls(**{**env_settings(environ), **options})

    def __repr__(self) -> str:
        return f"KooDrive(base_url={self._sender.base_url!r}, auth={self._sender.auth!r})"

    def close(self) -> None:
        self._sender.close()


class AsyncKooDrive:
    """The asynchronous client: the same resources, with `await` and `async for`."""

    def __init__(
        self,
        base_url: str | None = DEFAULT_BASE_URL,
        auth: Auth | None = None,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = 2,
        language: str | None = None,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        self._sender = AsyncSender(base_url, auth, timeout, max_retries, language, http_client=http_client)
        self.jobs = AsyncJobs(self._sender)
        self.tasks = AsyncTasks(self._sender)
        self.share_tasks = AsyncShareTasks(self._sender)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **options: Any) -> Self:
        return cls(**{**env_settings(environ), **options})

    def __repr__(self) -> str:
        return f"AsyncKooDrive(base_url={self._sender.base_url!r}, auth={self._sender.auth!r})"

    async def aclose(self) -> None:
        await self._sender.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
