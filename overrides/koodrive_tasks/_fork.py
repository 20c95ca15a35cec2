"""Process safety: a forked child never sends on a connection its parent opened (the socket is
shared with the parent: answers would go to whichever process reads first). Each sender notes the
process id it was made in; the first call in a child renews the sender's pool (`renew`).
"""

from __future__ import annotations

import os
import threading
from typing import Any, Protocol, Self

from ._workers import WORKERS

pid = os.getpid()
#: what a forked child inherited from its parent: connections, pools, sessions. Kept referenced and
#: never used, closed or collected here (closing would shut down the parent's TLS sessions or warn
#: of unclosed sockets); they go when the child exits.
INHERITED: list[Any] = []


#: held while a sender renews its pool after a fork: the first thread of the child renews it, the
#: others wait and then use the new one (never the parent's while it is being replaced)
_FORK_LOCK = threading.Lock()


def _forked() -> None:
    global pid, _FORK_LOCK  # noqa: PLW0603 - set once per fork, in the child
    pid = os.getpid()
    _FORK_LOCK = threading.Lock()  # a parent's thread may have held it at the fork
    WORKERS.forget()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forked)


class Renewable(Protocol):
    """What `renew` needs of a sender (`SyncSender`, `AsyncSender`)."""

    origin: Self | None
    _pid: int

    def after_fork(self) -> None: ...

    def adopt(self, origin: Self) -> None: ...


def renew(sender: Renewable) -> None:
    """In a forked child, before a sender's first use: its pool renewed once (by the original
    sender, under `_FORK_LOCK`), and a copy made by with_options / with_raw_response sending
    through the original's new pool, as it did through the old one."""
    origin = sender.origin or sender
    with _FORK_LOCK:
        if origin._pid != pid:
            origin.after_fork()
        if sender is not origin:
            sender.adopt(origin)
