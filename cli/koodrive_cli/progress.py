"""Showing a wait: a Rich progress bar on a terminal, one plain line per change otherwise."""

from __future__ import annotations

import sys
from types import TracebackType
from typing import IO

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from . import render


class Watcher:
    """Receives every state `wait()` reports (`on_progress`) and shows progress and status changes."""

    def __init__(self, label: str, *, enabled: bool = True, stream: IO[str] | None = None) -> None:
        self.label = label
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self.console = Console(file=self.stream)
        self.interactive = enabled and self.console.is_terminal
        self.last: tuple[str, int | None] | None = None
        self.progress: Progress | None = None
        self.bar: TaskID | None = None

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
            self.bar = self.progress.add_task(self.label, total=100, status="waiting")
        return self

    def update(self, state: object) -> None:
        if not self.enabled:
            return
        status, percent = render.status_of(state), render.progress_of(state)
        if self.progress is not None and self.bar is not None:
            self.progress.update(self.bar, completed=percent if percent is not None else 0, status=status)
        elif (status, percent) != self.last:
            shown = f" {percent}%" if percent is not None else ""
            self.stream.write(f"{self.label}: {status}{shown}\n")
            self.stream.flush()
        self.last = (status, percent)

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.progress is not None:
            self.progress.stop()
