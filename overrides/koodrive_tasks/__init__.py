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

from ._aiohttp import DefaultAioHttpClient, NativeAioHttpClient
from ._auth import AppAuth, TokenAuth
from ._body import DEFAULT_MAX_RESPONSE_BYTES
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
    RateLimitError,
    ResponseFormatError,
    ResponseTooLargeError,
    ServerError,
    StuckCursorError,
    TaskCancelledError,
    TaskFailedError,
    WaitTimeoutError,
)
from ._limits import RateLimit
from ._version import __version__
from .models import (
    ArchiveListing,
    FileResult,
    FileStatus,
    HandoverRecipient,
    ImportFailure,
    ImportResult,
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
    "DEFAULT_MAX_RESPONSE_BYTES",
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AppAuth",
    "ArchiveListing",
    "AsyncKooDrive",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "DefaultAioHttpClient",
    "FileResult",
    "FileStatus",
    "HandoverRecipient",
    "ImportFailure",
    "ImportResult",
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
    "NativeAioHttpClient",
    "NotFoundError",
    "RateLimit",
    "RateLimitError",
    "ResponseFormatError",
    "ResponseTooLargeError",
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
    """The synchronous client. Timeouts are on by default (30 s, connect 5 s); reads retry twice.

    Its resources are `jobs`, `tasks` and `share_tasks`; use it as a context manager (`with`), or
    call `close()`.

    Args:
        base_url: Scheme and host of the KooDrive API, without the API path; None or `""`:
            `DEFAULT_BASE_URL`.
        auth: `TokenAuth(token)` or `AppAuth(app_id, app_secret, user_id)`; required.
        timeout: Seconds an attempt may take as a whole, or an `httpx.Timeout`; None: 30 s
            (connect 5 s).
        max_retries: Retries after the first attempt (>= 0): reads and the share-task query on a
            timeout, a dropped connection, 408, 429 or 5xx; creates and cancels only when the
            connection was never made or the request was throttled (429, `RateLimitError`: not
            processed, Q65). A throttled call waits the server's `Retry-After` when it fits the
            caller's deadline.
        language: Sent as the `language` header (`en-US`, `zh-CN`, Q32); None sends none.
        max_response_bytes: Cap on a response body, decompressed (`DEFAULT_MAX_RESPONSE_BYTES`,
            128 MiB: a getJob of a job with a million per-file results is ~96 MB); enforced while
            reading and inflating on every transport: `ResponseTooLargeError` past it.
        rate_limit: Requests per second (evenly spaced) or a `RateLimit(n, per=seconds)`, shared
            by every call and retry of this client (per process); None: no client-side limit.
            A wait that would pass the caller's deadline raises `APITimeoutError` at once.
        http_client: An `httpx.Client` to send through (its transport, proxies, limits). `timeout`,
            when given, applies to it too; redirects are never followed (a 3xx is an `APIError`).
            `close()` and `with` close it, as openai-python does (share one between clients by
            closing it yourself instead). None: the client makes its own.

    Raises:
        ConfigurationError: `base_url` is not an absolute http(s) URL with a host.
        ValueError: `auth` is None, `max_retries` < 0, or `timeout`, `max_response_bytes` or
            `rate_limit` is not a positive number.
    """

    def __init__(
        self,
        base_url: str | None = DEFAULT_BASE_URL,
        auth: Auth | None = None,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = 2,
        language: str | None = None,
        http_client: httpx.Client | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        rate_limit: float | RateLimit | None = None,
    ) -> None:
        self._sender = SyncSender(
            base_url,
            auth,
            timeout,
            max_retries,
            language,
            max_response_bytes,
            rate_limit,
            http_client=http_client,
        )
        self.jobs = Jobs(self._sender)
        self.tasks = Tasks(self._sender)
        self.share_tasks = ShareTasks(self._sender)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **options: Any) -> Self:
        """A client configured from the environment.

        `KOODRIVE_BASE_URL` (default `DEFAULT_BASE_URL`); `KOODRIVE_APP_ID`, `KOODRIVE_APP_SECRET`
        and `KOODRIVE_USER_ID` for app auth, else `KOODRIVE_TOKEN` (and `KOODRIVE_USER_ID`, if set)
        for token auth.

        Args:
            environ: Where to read the variables; None: `os.environ`.
            **options: Further constructor arguments (`timeout`, `max_retries`, ...); they override
                what the environment gives.

        Returns:
            The client.

        Raises:
            ConfigurationError: No token and no complete app credentials are set.
        """
        return cls(**{**env_settings(environ), **options})

    def __repr__(self) -> str:
        return f"KooDrive(base_url={self._sender.base_url!r}, auth={self._sender.auth!r})"

    def close(self) -> None:
        """Close the connection pool, or the `http_client` it was given. `with` calls it."""
        self._sender.close()


class AsyncKooDrive:
    """The asynchronous client: the same resources, with `await` and `async for`.

    Its resources are `jobs`, `tasks` and `share_tasks`; use it as an async context manager
    (`async with`), or await `aclose()`.

    Args:
        base_url: Scheme and host of the KooDrive API, without the API path; None or `""`:
            `DEFAULT_BASE_URL`.
        auth: `TokenAuth(token)` or `AppAuth(app_id, app_secret, user_id)`; required.
        timeout: Seconds an attempt may take as a whole, or an `httpx.Timeout`; None: 30 s
            (connect 5 s).
        max_retries: Retries after the first attempt (>= 0): reads and the share-task query on a
            timeout, a dropped connection, 408, 429 or 5xx; creates and cancels only when the
            connection was never made or the request was throttled (429, `RateLimitError`: not
            processed, Q65). A throttled call waits the server's `Retry-After` when it fits the
            caller's deadline.
        language: Sent as the `language` header (`en-US`, `zh-CN`, Q32); None sends none.
        max_response_bytes: Cap on a response body, decompressed (`DEFAULT_MAX_RESPONSE_BYTES`,
            128 MiB: a getJob of a job with a million per-file results is ~96 MB); enforced while
            reading and inflating on every transport: `ResponseTooLargeError` past it.
        rate_limit: Requests per second (evenly spaced) or a `RateLimit(n, per=seconds)`, shared
            by every call and retry of this client (per process); None: no client-side limit.
            A wait that would pass the caller's deadline raises `APITimeoutError` at once.
        http_client: An `httpx.AsyncClient` to send through (its transport, proxies, limits), or a
            `NativeAioHttpClient` (aiohttp with no httpx in the call path: the one for concurrency).
            `timeout`, when given, applies to it too; redirects are never followed. `aclose()` and
            `async with` close it, as openai-python does. None: the client makes its own.

    Raises:
        ConfigurationError: `base_url` is not an absolute http(s) URL with a host.
        ValueError: `auth` is None, `max_retries` < 0, or `timeout`, `max_response_bytes` or
            `rate_limit` is not a positive number.
    """

    def __init__(
        self,
        base_url: str | None = DEFAULT_BASE_URL,
        auth: Auth | None = None,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = 2,
        language: str | None = None,
        http_client: httpx.AsyncClient | NativeAioHttpClient | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        rate_limit: float | RateLimit | None = None,
    ) -> None:
        self._sender = AsyncSender(
            base_url,
            auth,
            timeout,
            max_retries,
            language,
            max_response_bytes,
            rate_limit,
            http_client=http_client,
        )
        self.jobs = AsyncJobs(self._sender)
        self.tasks = AsyncTasks(self._sender)
        self.share_tasks = AsyncShareTasks(self._sender)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **options: Any) -> Self:
        """A client configured from the environment.

        `KOODRIVE_BASE_URL` (default `DEFAULT_BASE_URL`); `KOODRIVE_APP_ID`, `KOODRIVE_APP_SECRET`
        and `KOODRIVE_USER_ID` for app auth, else `KOODRIVE_TOKEN` (and `KOODRIVE_USER_ID`, if set)
        for token auth.

        Args:
            environ: Where to read the variables; None: `os.environ`.
            **options: Further constructor arguments (`timeout`, `max_retries`, ...); they override
                what the environment gives.

        Returns:
            The client.

        Raises:
            ConfigurationError: No token and no complete app credentials are set.
        """
        return cls(**{**env_settings(environ), **options})

    def __repr__(self) -> str:
        return f"AsyncKooDrive(base_url={self._sender.base_url!r}, auth={self._sender.auth!r})"

    async def aclose(self) -> None:
        """Close the connection pool, or the `http_client` it was given. `async with` calls it."""
        await self._sender.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
