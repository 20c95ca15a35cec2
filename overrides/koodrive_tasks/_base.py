"""What `import koodrive_tasks` needs before any client is made: nothing heavier than the
standard library, so the import stays cheap (the clients' machinery is imported on first use)."""

from __future__ import annotations

from enum import Enum
from types import TracebackType
from typing import Final, Literal, Self

DEFAULT_BASE_URL = "https://intl.myhuaweicloud-koodrive.com"
"""The international KooDrive site, where `KooDrive()` sends requests unless told otherwise."""


class ContextManaged:
    """`with KooDrive(...) as client:` closes the connection pool on exit."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class _NotGiven(Enum):
    NOT_GIVEN = "NOT_GIVEN"

    def __repr__(self) -> str:
        return "NOT_GIVEN"


#: The default of `with_options`' arguments: keep the client's own value.
NOT_GIVEN: Final = _NotGiven.NOT_GIVEN
NotGiven = Literal[_NotGiven.NOT_GIVEN]
