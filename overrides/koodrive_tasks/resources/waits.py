"""Waiting on many ids at once (`as_completed`, `wait_many`): written once for `client.jobs` and
`client.tasks`, whose classes inherit it with the record they poll (`_ManyWaits[JobDetail]`); the
async twin (`_AsyncManyWaits`) is generated from it as theirs are. `client.share_tasks` takes a
share id and a token beside the ids, so it writes its own two methods on the same core
(`_waiting_many`), with the same docstring sections (`{many_args}`, `{many_raises}`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import ClassVar, Generic

from .. import _waiting_many
from .._waiting_many import S, WaitMany
from ._shared import shared_docstrings


@shared_docstrings
class _ManyWaits(Generic[S]):
    """Many ids at once, for the resources of `KooDrive`.

    The base of `Jobs` and `Tasks`: `_noun` names one of their records in messages ("job"), and
    `_poll` gets one by id (their `get`).
    """

    _noun: ClassVar[str]

    def _poll(self, id: str) -> S:
        raise NotImplementedError

    def as_completed(
        self,
        ids: Iterable[str],
        timeout: float = 600.0,
        poll_interval: float = 1.0,
        concurrency: int = _waiting_many.DEFAULT_CONCURRENCY,
        on_progress: _waiting_many.ManyProgressCallback | None = None,
    ) -> Iterator[_waiting_many.WaitResult[S]]:
        """Wait for many at once; each `WaitResult` is handed out as its id finishes.

        {many_intro}

        Args:
            ids: The ids (of jobs for `client.jobs`, of tasks for `client.tasks`).
            {many_args}

        Returns:
            An iterator of `WaitResult`s, one per id, in the order they finish.

        Raises:
            {many_raises}
        """
        core: WaitMany[S] = WaitMany(ids, self._noun, timeout, poll_interval, concurrency, on_progress)
        return _waiting_many.iter_wait(core, self._poll)

    def wait_many(
        self,
        ids: Iterable[str],
        timeout: float = 600.0,
        poll_interval: float = 1.0,
        concurrency: int = _waiting_many.DEFAULT_CONCURRENCY,
        on_progress: _waiting_many.ManyProgressCallback | None = None,
    ) -> dict[str, _waiting_many.WaitResult[S]]:
        """Wait for many at once under one deadline; an outcome per id, none raised.

        {wait_many_intro}

        Args:
            ids: The ids (of jobs for `client.jobs`, of tasks for `client.tasks`).
            {many_args}

        Returns:
            Every id's `WaitResult`, keyed by id, in the order the ids came (each id once).

        Raises:
            {many_raises}
        """
        core: WaitMany[S] = WaitMany(ids, self._noun, timeout, poll_interval, concurrency, on_progress)
        return _waiting_many.wait_many(core, self._poll)
