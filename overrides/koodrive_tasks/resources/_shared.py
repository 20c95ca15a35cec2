"""What the call builders and the classes of every resource share."""

from __future__ import annotations

import importlib
import inspect
import re
import textwrap
from typing import TypeVar

from koodrive_generated.types import UNSET, Unset

from .._errors import KooDriveError

_DIGITS = re.compile(r"[0-9]{1,19}")
_C = TypeVar("_C", bound=type)

# The errors every call that reaches KooDrive can raise: a method's docstring lists them with one
# `{api_errors}` line in its `Raises:` section, which `shared_docstrings` (at import) and the docs
# site's griffe extension (scripts/docs_hooks.py) replace by these lines, indented like the marker.
API_ERRORS = """\
BadRequestError: KooDrive refused the request (a bad parameter or a business rule).
AuthenticationError: The token or signature was refused.
ServerError: KooDrive failed (5xx), after the retries.
ResponseFormatError: The body could not be read as the spec says.
APIConnectionError: The request did not complete (`APITimeoutError`: it timed out)."""
_API_ERRORS_MARKER = re.compile(r"^([ \t]*)\{api_errors\}$", re.MULTILINE)


class InvalidIdError(KooDriveError, ValueError):
    """An id argument that cannot be a KooDrive id; raised before any request is sent."""


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
    """`doc` with each `{api_errors}` line replaced by `API_ERRORS`, indented as that line was."""
    return _API_ERRORS_MARKER.sub(lambda m: textwrap.indent(API_ERRORS, m.group(1)), doc)


def shared_docstrings(cls: _C) -> _C:
    """Class decorator: the docstrings of `cls`'s methods with their `{api_errors}` lines expanded,
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
