"""koodrive_tasks: the typed client of the Huawei Cloud KooDrive task APIs.

    from koodrive_tasks import KooDrive, TokenAuth

    with KooDrive(auth=TokenAuth(token)) as client:
        job_id = client.jobs.create(JobType.COPY, src_container_id=src, dst_container_id=dst, file_ids=[f])
        detail = client.jobs.wait(job_id)

Built on the generated `koodrive_generated` package (never edited by hand): requests come from
the spec, and every inconsistency of the wire is normalised in `normalize/` (see spec/QUIRKS.md).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Self

from ._base import DEFAULT_BASE_URL, DEFAULT_MAX_RESPONSE_BYTES, NOT_GIVEN, ContextManaged, NotGiven
from ._version import __version__

if TYPE_CHECKING:  # what checkers see; at run time each name is imported on first use (__getattr__)
    import httpx
    from koodrive_generated.aio_resources.jobs import AsyncJobs
    from koodrive_generated.aio_resources.share_tasks import AsyncShareTasks
    from koodrive_generated.aio_resources.tasks import AsyncTasks

    from . import _raw, auth, http_log, models  # noqa: F401 - public submodules (`_SUBMODULES`)
    from ._aiohttp import DefaultAioHttpClient, NativeAioHttpClient
    from ._credentials import AppAuth, Auth, TokenAuth
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
        UnsupportedHttpxError,
        WaitTimeoutError,
    )
    from ._limits import RateLimit
    from ._raw import RawResponse
    from ._senders import AsyncSender, SyncSender
    from ._waiting_many import WaitOutcome, WaitResult
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
    from .resources.jobs import Jobs
    from .resources.share_tasks import ShareTasks
    from .resources.tasks import Tasks

# `import koodrive_tasks` loads none of httpx, the generated package or aiohttp (issue 20: start-up
# of scripts and the CLI); each public name is imported from its module the first time it is used.
_LAZY = {
    "._aiohttp": ("DefaultAioHttpClient", "NativeAioHttpClient"),
    "._credentials": ("AppAuth", "TokenAuth"),
    "._errors": (
        "APIConnectionError", "APIError", "APITimeoutError", "AuthenticationError", "BadRequestError",
        "ConfigurationError", "KooDriveError", "NotFoundError", "RateLimitError", "ResponseFormatError",
        "ResponseTooLargeError", "ServerError",
        "StuckCursorError", "TaskCancelledError", "TaskFailedError", "UnsupportedHttpxError",
        "WaitTimeoutError",
    ),
    ".models": (
        "ArchiveListing", "FileResult", "FileStatus", "HandoverRecipient", "ImportFailure", "ImportResult",
        "Job", "JobActionType", "JobDetail", "JobResult", "JobStatus", "JobType", "ShareTask",
        "ShareTaskType", "Task", "TaskPage", "TaskStatus", "TaskType", "UncompressedFile",
        "UncompressedFileType",
    ),
    ".normalize.convert": ("InvalidFieldWarning",),
    "._limits": ("RateLimit",),
    "._raw": ("RawResponse",),
    ".resources._shared": ("InvalidIdError",),
    "._waiting_many": ("WaitOutcome", "WaitResult"),
}  # fmt: skip
_MODULE_OF = {name: module for module, names in _LAZY.items() for name in names}


#: public submodules, reachable as attributes after a plain `import koodrive_tasks`
#: (`koodrive_tasks.http_log.enable()`, `koodrive_tasks.auth.sign(...)`), imported on first use too
_SUBMODULES = frozenset({"auth", "http_log", "models"})


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None and name not in _SUBMODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib  # noqa: PLC0415

    if module is None:
        return importlib.import_module(f".{name}", __name__)

    # Not cached here: the submodule (in sys.modules) stays the one place a name is resolved, so a
    # module re-imported (pytester's in-process runs restore sys.modules) is never shadowed by a
    # class from its previous import. `from koodrive_tasks import X` resolves once anyway.
    return getattr(importlib.import_module(module, __name__), name)


def __dir__() -> list[str]:
    return sorted({*globals(), *_MODULE_OF, *_SUBMODULES})


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
    "RawResponse",
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
    "UnsupportedHttpxError",
    "WaitOutcome",
    "WaitResult",
    "WaitTimeoutError",
    "__version__",
]


class _Client:
    """What `KooDrive` and `AsyncKooDrive` share: `from_env`, `with_options` and the repr (the docs
    site shows these with each client)."""

    _sender: Any

    def _attach(self, sender: Any) -> None:
        raise NotImplementedError

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
        from ._env import env_settings  # noqa: PLC0415

        make: Callable[..., Self] = cls
        return make(**{**env_settings(environ), **options})

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
    ) -> Self:
        """This client with another timeout or retry count, for the calls made through it:
        `client.with_options(timeout=5).jobs.get(job_id)` (with `AsyncKooDrive`, `await` the call). It shares
        this client's connection pool; closing it closes nothing (close this one).

        Args:
            timeout: Seconds an attempt may take as a whole, or an `httpx.Timeout`; not given: this
                client's.
            max_retries: Retries after the first attempt (>= 0); not given: this client's.

        Returns:
            The derived client.

        Raises:
            ValueError: `timeout` is not a positive number, or `max_retries` < 0.
        """
        from . import _options  # noqa: PLC0415

        derived = object.__new__(type(self))
        derived._attach(_options.derive(self._sender, timeout, max_retries))
        return derived

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self._sender.base_url!r}, auth={self._sender.auth!r})"


class KooDrive(_Client, ContextManaged):
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

    jobs: Jobs
    tasks: Tasks
    share_tasks: ShareTasks

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
        from ._senders import SyncSender  # noqa: PLC0415 - imported on first use (module docstring)

        settings = (base_url, auth, timeout, max_retries, language, max_response_bytes, rate_limit)
        self._attach(SyncSender(*settings, http_client=http_client))

    def _attach(self, sender: SyncSender) -> None:
        from .resources.jobs import Jobs  # noqa: PLC0415
        from .resources.share_tasks import ShareTasks  # noqa: PLC0415
        from .resources.tasks import Tasks  # noqa: PLC0415

        self._sender = sender
        self.jobs, self.tasks, self.share_tasks = Jobs(sender), Tasks(sender), ShareTasks(sender)

    @property
    def with_raw_response(self) -> _raw.RawKooDrive:
        """The same calls answering a `RawResponse`: status, headers, trace id and body bytes,
        and `.parse()` for the record: `client.with_raw_response.jobs.get(job_id)`."""
        from . import _raw  # noqa: PLC0415

        return _raw.RawKooDrive(self._sender)

    def close(self) -> None:
        """Close the connection pool, or the `http_client` it was given. `with` calls it."""
        self._sender.close()


class AsyncKooDrive(_Client):
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

    jobs: AsyncJobs
    tasks: AsyncTasks
    share_tasks: AsyncShareTasks

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
        from ._senders import AsyncSender  # noqa: PLC0415 - imported on first use (module docstring)

        settings = (base_url, auth, timeout, max_retries, language, max_response_bytes, rate_limit)
        self._attach(AsyncSender(*settings, http_client=http_client))

    def _attach(self, sender: AsyncSender) -> None:
        from koodrive_generated.aio_resources.jobs import AsyncJobs  # noqa: PLC0415
        from koodrive_generated.aio_resources.share_tasks import AsyncShareTasks  # noqa: PLC0415
        from koodrive_generated.aio_resources.tasks import AsyncTasks  # noqa: PLC0415

        self._sender = sender
        self.jobs, self.tasks = AsyncJobs(sender), AsyncTasks(sender)
        self.share_tasks = AsyncShareTasks(sender)

    @property
    def with_raw_response(self) -> _raw.AsyncRawKooDrive:
        """The same calls answering a `RawResponse`: status, headers, trace id and body bytes,
        and `.parse()` for the record: `await client.with_raw_response.jobs.get(job_id)`."""
        from . import _raw  # noqa: PLC0415

        return _raw.AsyncRawKooDrive(self._sender)

    async def aclose(self) -> None:
        """Close the connection pool, or the `http_client` it was given. `async with` calls it."""
        await self._sender.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
