"""Showing a wait: Rich progress bars on a terminal (one per id, in one display), one plain line
per change otherwise."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import IO

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from . import render


class Watcher:
    """Receives every state a wait reports (`on_progress`) and shows progress and status changes.

    `labels`: one label, or several (`jobs wait ID...`): each gets its own bar in the same display;
    `updater(label)` is the `on_progress` of that one (`update` is the first label's).
    """

    def __init__(
        self, labels: str | Sequence[str], *, enabled: bool = True, stream: IO[str] | None = None
    ) -> None:
        self.labels = [labels] if isinstance(labels, str) else list(labels)
        self.label = self.labels[0]
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self.console = Console(file=self.stream)
        self.interactive = enabled and self.console.is_terminal
        self.last: dict[str, tuple[str, int | None]] = {}
        self.progress: Progress | None = None
        self.bars: dict[str, TaskID] = {}

    def __enter__(self) -> Watcher:
        if self.interactive:
            self.progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TextColumn("{task.percentage:>3.0f}%"),
                TextColumn("{task.fields[status]}"),
                TimeElapsedColumn(),
                console=self.console,
                transient=False,
            )
            self.progress.start()
            for label in self.labels:
                self.bars[label] = self.progress.add_task(label, total=100, status="waiting")
        return self

    def update(self, state: object) -> None:
        self.show(self.label, state)

    def updater(self, label: str) -> Callable[[object], None]:
        return lambda state: self.show(label, state)

    def show(self, label: str, state: object) -> None:
        if not self.enabled:
            return
        status, percent = render.status_of(state), render.progress_of(state)
        bar = self.bars.get(label)
        if self.progress is not None and bar is not None:
            self.progress.update(bar, completed=percent if percent is not None else 0, status=status)
        elif (status, percent) != self.last.get(label):
            shown = f" {percent}%" if percent is not None else ""
            self.stream.write(f"{label}: {status}{shown}\n")
            self.stream.flush()
        self.last[label] = (status, percent)

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.progress is not None:
            self.progress.stop()
