"""Daemon threads that carry a sync attempt the caller may stop waiting for: an exchange through a
caller's `httpx.Client` (whose sockets the client cannot cut to the deadline), and the parse of a
large body. The caller waits at most the attempt's budget, then abandons the thread (closing the
connection once the response has started, so the abandoned exchange ends at the next chunk).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable

import httpx

from . import _body
from ._pipeline import transport_error


class Exchange:
    """One sync attempt, run in a daemon thread so the caller can stop waiting at its budget."""

    def __init__(
        self, http: httpx.Client, request: httpx.Request, auth: httpx.Auth, limit: int, end: float | None
    ) -> None:
        self.http, self.request, self.auth, self.limit, self.end = http, request, auth, limit, end
        self.done = threading.Event()
        self.lock = threading.Lock()
        self.abandoned = False
        self.response: httpx.Response | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            # never follow a redirect, whatever the caller's client says: a 307/308 would carry the
            # signed headers and a body with a password or kdstoken to wherever the server points
            response = self.http.send(self.request, auth=self.auth, stream=True, follow_redirects=False)
            with self.lock:
                self.response = response
                abandoned = self.abandoned
            if abandoned:
                response.close()
                return
            _body.read(response, self.limit, self.end)
        except BaseException as exc:  # handed to the caller's thread
            self.error = exc
        finally:
            self.done.set()

    def abandon(self) -> None:
        """The caller gave up: cut the connection so the thread ends at the next chunk."""
        with self.lock:
            self.abandoned = True
            response = self.response
        if response is None:
            return  # still before the response headers: the thread ends at its per-chunk timeout
        stream = response.extensions.get("network_stream")
        sock = stream.get_extra_info("socket") if stream is not None else None
        try:
            if sock is not None:
                sock.shutdown(2)  # wakes a recv blocked in the other thread
        except OSError:
            pass

    def result(self) -> httpx.Response:
        if self.error is not None:
            if isinstance(self.error, Exception):
                status = self.response.status_code if self.response is not None else 0
                raise transport_error(self.error, status) from None
            raise self.error
        assert self.response is not None
        return self.response


class _Workers:
    """Daemon threads kept for the next attempt (starting a thread per attempt cost more than the
    call itself); an attempt that finds none idle starts one, so an abandoned exchange still
    running never delays another. A worker idle for IDLE_SECONDS ends."""

    IDLE_SECONDS = 30.0

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._idle: list[queue.SimpleQueue[Callable[[], None]]] = []

    def run(self, job: Callable[[], None]) -> None:
        with self._lock:
            jobs = self._idle.pop() if self._idle else None
        if jobs is None:
            jobs = queue.SimpleQueue()
            threading.Thread(target=self._loop, args=(jobs,), name="koodrive-request", daemon=True).start()
        jobs.put(job)

    def _loop(self, jobs: queue.SimpleQueue[Callable[[], None]]) -> None:
        while True:
            try:
                job = jobs.get(timeout=self.IDLE_SECONDS)
            except queue.Empty:
                with self._lock:
                    if jobs in self._idle:  # nobody took it meanwhile: end
                        self._idle.remove(jobs)
                        return
                continue  # taken just now: its job is on the way
            job()  # _Exchange.run catches everything
            del job
            with self._lock:
                self._idle.append(jobs)

    def forget(self) -> None:
        """In a forked child the workers' threads do not exist: never hand them a job."""
        self._lock = threading.Lock()
        self._idle = []


WORKERS = _Workers()
