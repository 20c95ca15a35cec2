"""`ApiCall`: the description of one API call that a resource method builds and a sender runs.

The resources' call builders (`resources/*.py`, shared by the sync and async clients) make one per
method call; `_senders` sends it, `_pipeline` checks the reply and hands the body to its parser.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, repr=False)
class ApiCall(Generic[T]):
    """One API call: the request (a closure over the generated `_get_kwargs`, so mypy checks every
    argument name against the spec), how to read the answer, and whether it may be retried (the
    spec's `x-koodrive-idempotent`, through `koodrive_generated.facts`)."""

    request: Callable[[], dict[str, Any]]
    parse: Callable[[dict[str, Any]], T]
    idempotent: bool

    def __repr__(self) -> str:
        # never the arguments: a request body may hold a password or a kdstoken
        return f"ApiCall(parse={getattr(self.parse, '__name__', '?')}, idempotent={self.idempotent})"
