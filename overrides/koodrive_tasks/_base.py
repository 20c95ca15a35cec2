"""What `import koodrive_tasks` needs before any client is made: nothing heavier than the
standard library, so the import stays cheap (the clients' machinery is imported on first use)."""

from __future__ import annotations

from enum import Enum
from types import TracebackType
from typing import Final, Literal, Self

from koodrive_generated import facts as _facts

DEFAULT_BASE_URL: Final = _facts.DEFAULT_BASE_URL
"""The spec's first server (`servers[0]`, the international KooDrive site), where `KooDrive()`
sends requests unless told otherwise."""
DEFAULT_MAX_RESPONSE_BYTES = 128 * 1024 * 1024
"""The default cap on a decompressed response body: 128 MiB.

The largest answer KooDrive gives is a getJob of a job with many per-file results (`subFileList`,
`uncompressedFileList`: a folder copy or an archive expands to every file in it): about 100 bytes
per file, so a job with a million files is a ~96 MB body. The cap leaves a third more room than
that and stops anything larger (a gzip bomb, a runaway listing) before it is held in memory."""


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
