"""What the call builders of every resource share."""

from __future__ import annotations

import re

from koodrive_generated.types import UNSET, Unset

from .._errors import KooDriveError

_DIGITS = re.compile(r"[0-9]{1,19}")


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
