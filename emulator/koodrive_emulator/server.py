"""Serving the emulator with uvicorn: in a background thread (`running`) or as a process (`main`).

The server stack is uvicorn on uvloop with httptools' parser when both are installed (the
`emulator` extra brings them), else uvicorn's pure-Python h11 on asyncio. Measured on this 2-core
machine with wrk (`make bench`): 2.3-3x the requests per second of h11 + asyncio on
`GET /jobs?limit=100` and `GET /{job_id}`. `--server` / `server=` picks one by name.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib.util
import os
import socket
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from .app import create_app
from .config import (
    MAX_RATE_BURST,
    MAX_RATE_LIMIT,
    MIN_RATE_LIMIT,
    QUIRK_MODES,
    Credentials,
    EmulatorConfig,
    RateLimit,
)
from .render import BAD_REQUEST, dumps
from .service import Emulator

#: Server stacks by name: (uvicorn `loop`, uvicorn `http`).
STACKS: dict[str, tuple[str, str]] = {
    "uvicorn-standard": ("uvloop", "httptools"),
    "uvicorn": ("asyncio", "h11"),
}


def default_stack() -> str:
    """httptools + uvloop where both are installed (not on Windows: no uvloop there), else h11 + asyncio."""
    if all(importlib.util.find_spec(name) is not None for name in ("uvloop", "httptools")):
        return "uvicorn-standard"
    return "uvicorn"


def _bad_http_body(msg: str) -> bytes:
    """KooDrive's error body for a request the HTTP parser refused (CL+TE, two Content-Lengths, ...)."""
    return dumps({"code": BAD_REQUEST, "msg": f"the request is not valid HTTP/1.1: {msg}"})


def _protocol(http: str) -> type[asyncio.Protocol]:
    """uvicorn's protocol for `http` ("httptools" or "h11"), answering what its parser refuses with
    400 `{code, msg}` instead of uvicorn's plain text. Imported here: httptools may be absent."""
    if http == "httptools":
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol  # noqa: PLC0415

        class HttpToolsJsonErrors(HttpToolsProtocol):
            def send_400_response(self, msg: str) -> None:
                body = _bad_http_body(msg)
                head = [b"HTTP/1.1 400 Bad Request\r\n"]
                for name, value in self.server_state.default_headers:
                    head += [name, b": ", value, b"\r\n"]
                head += [
                    b"content-type: application/json\r\n",
                    b"content-length: " + str(len(body)).encode("ascii") + b"\r\n",
                    b"connection: close\r\n\r\n",
                    body,
                ]
                self.transport.write(b"".join(head))
                self.transport.close()

        return HttpToolsJsonErrors

    class H11JsonErrors(H11Protocol):
        def send_400_response(self, msg: str) -> None:
            body = _bad_http_body(msg)
            headers = [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode("ascii")),
                (b"connection", b"close"),
            ]
            for event in (
                h11.Response(status_code=400, headers=headers, reason=b"Bad Request"),
                h11.Data(data=body),
                h11.EndOfMessage(),
            ):
                self.transport.write(self.conn.send(event) or b"")
            self.transport.close()

    return H11JsonErrors


def _server_config(app: object, stack: str, **options: object) -> uvicorn.Config:
    name = default_stack() if stack == "auto" else stack
    if name not in STACKS:
        raise ValueError(f"unknown server stack {stack!r}; one of auto, {', '.join(STACKS)}")
    loop, http = STACKS[name]
    return uvicorn.Config(
        app,  # type: ignore[arg-type]
        loop=loop,
        http=_protocol(http),
        access_log=False,
        lifespan="off",
        **options,  # type: ignore[arg-type]
    )


@dataclass
class RunningEmulator:
    base_url: str
    emulator: Emulator
    host: str
    port: int


def _free_port(host: str) -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def running(
    config: EmulatorConfig | None = None,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    spec_path: Path | str | None = None,
    server: str = "auto",
) -> Iterator[RunningEmulator]:
    """Serve a fresh emulator on loopback in a background thread; stop it on exit.

    `server` names the stack (`STACKS`); "auto" is `default_stack()`."""
    app = create_app(config, spec_path=spec_path)
    emulator: Emulator = app.state.emulator
    port = port or _free_port(host)
    uv = uvicorn.Server(_server_config(app, server, host=host, port=port, log_level="warning"))
    thread = threading.Thread(target=uv.run, name=f"koodrive-emulator-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not uv.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the emulator did not start on {host}:{port}")
        time.sleep(0.01)
    try:
        yield RunningEmulator(f"http://{host}:{port}", emulator, host, port)
    finally:
        uv.should_exit = True
        thread.join(timeout=10)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    env = os.environ
    parser = argparse.ArgumentParser(
        prog="python -m koodrive_emulator", description="Serve the KooDrive emulator."
    )
    parser.add_argument("--host", default="127.0.0.1", help="bind address (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8787, help="port (default 8787)")
    parser.add_argument(
        "--token",
        default=env.get("KOODRIVE_EMULATOR_TOKEN", "emulator-token"),
        help="accepted access token (env KOODRIVE_EMULATOR_TOKEN; default emulator-token)",
    )
    parser.add_argument(
        "--user-id",
        default=env.get("KOODRIVE_EMULATOR_USER_ID", "1505084218764547200"),
        help="app-auth X-User-Id (env KOODRIVE_EMULATOR_USER_ID)",
    )
    parser.add_argument(
        "--app-id",
        default=env.get("KOODRIVE_EMULATOR_APP_ID", "emulator-app"),
        help="app-auth AppId (env KOODRIVE_EMULATOR_APP_ID; default emulator-app)",
    )
    parser.add_argument(
        "--app-secret",
        default=env.get("KOODRIVE_EMULATOR_APP_SECRET", "emulator-secret"),
        help="app-auth AppSecret (env KOODRIVE_EMULATOR_APP_SECRET; default emulator-secret)",
    )
    parser.add_argument("--quirk-mode", choices=QUIRK_MODES, default="observed")
    parser.add_argument("--seed-jobs", type=int, default=0, help="seed this many finished jobs at start")
    parser.add_argument(
        "--seed-tasks", type=int, default=0, help="seed this many finished basic tasks at start"
    )
    parser.add_argument(
        "--spec", default=None, help="serve this spec file (examples beside it) instead of the bundled one"
    )
    parser.add_argument(
        "--server",
        choices=("auto", *STACKS),
        default="auto",
        help="server stack (default auto: uvicorn-standard, i.e. httptools + uvloop, when installed)",
    )
    parser.add_argument(
        "--rate-limit",
        type=_rate,
        default=0.0,
        metavar="N",
        help="answer the gateway's 429 with Retry-After past N requests per second per credential (0: off)",
    )
    parser.add_argument(
        "--rate-burst",
        type=int,
        default=0,
        metavar="M",
        help="requests a credential may send at once before the rate applies (default: one second's worth)",
    )
    parser.add_argument("--log-level", default="warning")
    args = parser.parse_args(argv)
    if not 0 <= args.rate_burst <= MAX_RATE_BURST:
        parser.error(f"--rate-burst: expected 0..{MAX_RATE_BURST}")
    return args


def _rate(text: str) -> float:
    value = float(text)
    if not (value == 0 or MIN_RATE_LIMIT <= value <= MAX_RATE_LIMIT):
        raise argparse.ArgumentTypeError(
            f"expected 0 (off) or a number of requests per second in [{MIN_RATE_LIMIT:g}, {MAX_RATE_LIMIT:g}]"
        )
    return value


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    config = EmulatorConfig(
        credentials=Credentials(args.token, args.user_id, args.app_id, args.app_secret),
        quirk_mode=args.quirk_mode,
        rate_limit=RateLimit(args.rate_limit, args.rate_burst),
    )
    app = create_app(config, spec_path=args.spec)
    if args.seed_jobs or args.seed_tasks:
        app.state.emulator.seed(jobs=args.seed_jobs, tasks=args.seed_tasks, seed=1)
    uvicorn.Server(
        _server_config(app, args.server, host=args.host, port=args.port, log_level=args.log_level)
    ).run()
