"""What the call builders and the classes of every resource share."""

from __future__ import annotations

import functools
import importlib
import inspect
import re
import textwrap
from collections.abc import Callable
from typing import Any, TypeVar

from koodrive_generated.operations import OPERATIONS
from koodrive_generated.types import UNSET, Unset

from .._call import ApiCall
from .._errors import KooDriveError

_DIGITS = re.compile(r"[0-9]{1,19}")
_C = TypeVar("_C", bound=type)
T = TypeVar("T")

# The errors every call that reaches KooDrive can raise: a method's docstring lists them with one
# `{api_errors}` line in its `Raises:` section, which `shared_docstrings` (at import) and the docs
# site's griffe extension (scripts/docs_hooks.py) replace by these lines, indented like the marker.
API_ERRORS = """\
BadRequestError: KooDrive refused the request (a bad parameter or a business rule).
AuthenticationError: The token or signature was refused.
ServerError: KooDrive failed (5xx), after the retries.
ResponseFormatError: The body could not be read as the spec says.
APIConnectionError: The request did not complete (`APITimeoutError`: it timed out)."""
# What every `as_completed` and `wait_many` says alike (`waits.py`, share_tasks.py), as lines
# replaced the same way: `{many_intro}`, `{wait_many_intro}`, `{many_args}`, `{many_raises}`.
SHARED_LINES = {
    "api_errors": API_ERRORS,
    "many_intro": """\
One deadline for the whole set; at most `concurrency` polls in flight; each id polls on its
own backoff, as `wait()` does. An outcome is reported per id (DONE, FAILED, CANCELLED,
TIMED_OUT, ERROR: e.g. not found), so one failure never hides the rest. Ids given twice
are waited on once.""",
    "wait_many_intro": """\
As `as_completed`, collected: `result.ok`, `.outcome`, `.state`, `.error`, `.result_code`;
`result.raise_for_outcome()` returns the state or raises what `wait()` would have.""",
    "many_args": """\
timeout: Seconds to wait for the whole set (>= 0; 0 checks each id once); each poll's
    requests and retries are cut to the time left.
poll_interval: Seconds before an id's second poll; later waits grow by 1.5x (jittered),
    up to 10 s.
concurrency: Polls in flight at most (>= 1).
on_progress: `on_progress(id, state)`, with each id's first state and each change of
    status or progress.""",
    "many_raises": """\
ValueError: `timeout`, `poll_interval` or `concurrency` out of range; nothing is sent.
KooDriveError: Not raised for an id: each id's error (`NotFoundError`, `TaskFailedError`,
    `AuthenticationError`, ...) is its `WaitResult.error`, so none hides the rest.""",
}
_MARKER = re.compile(rf"^([ \t]*)\{{({'|'.join(SHARED_LINES)})\}}$", re.MULTILINE)


class InvalidIdError(KooDriveError, ValueError):
    """An id argument that cannot be a KooDrive id; raised before any request is sent."""


def operation_call(
    operation_id: str, request: Callable[[], dict[str, Any]], parse: Callable[[dict[str, Any]], T]
) -> ApiCall[T]:
    """The `ApiCall` of the spec's operation `operation_id`: retried only when the operation
    registry says it is idempotent (`x-koodrive-idempotent`)."""
    return ApiCall(request, parse, idempotent=OPERATIONS[operation_id].idempotent)


def by_path_id(
    operation_id: str,
    value: str,
    what: str,
    request: Callable[[str], dict[str, Any]],
    parse: Callable[[dict[str, Any]], T],
) -> ApiCall[T]:
    """The `ApiCall` of an operation addressed by one path id: the id checked now (`path_id`, so a
    bad one is refused before anything is sent), `request(id)` built for each attempt."""
    path = path_id(value, what)
    return operation_call(operation_id, lambda: request(path), parse)


def opt(value: str | None) -> str | Unset:
    """An optional argument as the generated `_get_kwargs` takes it: UNSET when not given."""
    return UNSET if value is None else value


def path_id(value: str, what: str) -> str:
    """An id that goes into a URL path: digits only (Q22), refused before anything is sent.

    `/koodrive/ose/v1/{job_id}` sits beside `/jobs`, `/cancel`, `/task/…`: `jobs.get("jobs")`
    would otherwise reach listJobs and come back as something else.
    """
    text = str(value)
    if not _DIGITS.fullmatch(text):
        raise InvalidIdError(f"{what} must be 1 to 19 digits (a KooDrive id), got {text!r}")
    return text


def expand_docstring(doc: str) -> str:
    """`doc` with each marker line (`{api_errors}`, ...) replaced by its `SHARED_LINES`, indented as
    that line was."""
    return _MARKER.sub(lambda m: textwrap.indent(SHARED_LINES[m.group(2)], m.group(1)), doc)


def shared_docstrings(cls: _C) -> _C:
    """Class decorator: the docstrings of `cls`'s methods with their marker lines expanded,
    so `help()` and `inspect.getdoc` show the whole `Raises:` section."""
    for member in vars(cls).values():
        if inspect.isfunction(member) and member.__doc__:
            member.__doc__ = expand_docstring(member.__doc__)
    return cls


def async_twin(module: str, name: str) -> type:
    """`AsyncJobs` read from `resources.jobs`: the module-level `__getattr__` of a resource module.

    The async classes are generated into `koodrive_generated.aio_resources.<module>` (`make
    generate`, from the sync module), which imports the call builders of the sync module; imported
    here on first use, so neither module imports the other while it loads.
    """
    stem = module.rpartition(".")[2]
    twin = importlib.import_module(f"koodrive_generated.aio_resources.{stem}")
    if name.startswith("Async") and isinstance(getattr(twin, name, None), type):
        found: type = getattr(twin, name)
        return found
    raise AttributeError(f"module {module!r} has no attribute {name!r}")


def async_twins(module: str) -> Callable[[str], type]:
    """The module-level `__getattr__` of the resource module `module` (`async_twin`)."""
    return functools.partial(async_twin, module)
