"""Requests the HTTP parser refuses before the app sees them (issue 19): the emulator answers them
400 with KooDrive's `{code, msg}`, not the server stack's plain text, on each stack. With h11, a
request with both Content-Length and Transfer-Encoding is not refused by the parser (h11 reads it
as chunked, RFC 9112 6.3), so the app answers it: still `{code, msg}`."""

from __future__ import annotations

import json
import socket

import pytest
from koodrive_emulator.server import STACKS, default_stack, running

V1 = "/koodrive/ose/v1"
POST = f"POST {V1}/jobs HTTP/1.1\r\nHost: x\r\n"
REQUESTS = {
    "Content-Length and Transfer-Encoding": (
        f"{POST}Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
    ),
    "two Content-Lengths": f"{POST}Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
    "a Content-Length that is not a number": f"{POST}Content-Length: abc\r\n\r\n",
    "a space in a header name": f"GET {V1}/jobs HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n",
    "a chunk size that is not hex": f"{POST}Transfer-Encoding: chunked\r\n\r\nzz\r\n",
    "TLS bytes on a plain port": "\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03\r\n\r\n",
}


def exchange(host: str, port: int, raw: bytes) -> bytes:
    with socket.create_connection((host, port), timeout=5) as sock:
        sock.sendall(raw)
        data = b""
        try:
            while chunk := sock.recv(65536):
                data += chunk
                if b"\r\n\r\n" in data:
                    head, _, body = data.partition(b"\r\n\r\n")
                    length = [
                        int(h.split(b":")[1])
                        for h in head.split(b"\r\n")
                        if h.lower().startswith(b"content-length:")
                    ]
                    if length and len(body) >= length[0]:
                        break
        except TimeoutError:
            pass
    return data


@pytest.mark.parametrize("stack", sorted(STACKS))
def test_protocol_errors_answer_code_and_msg(stack: str) -> None:
    if stack == "uvicorn-standard" and default_stack() != stack:
        pytest.skip("uvloop or httptools not installed")
    with running(server=stack) as server:
        for name, raw in REQUESTS.items():
            reply = exchange(server.host, server.port, raw.encode("latin-1"))
            head, _, body = reply.partition(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            assert 400 <= status < 500, (name, reply[:200])
            assert b"content-type: application/json" in head.lower(), (name, head)
            error = json.loads(body)
            assert set(error) == {"code", "msg"} and isinstance(error["code"], int), (name, error)
            if status == 400:
                assert error["code"] == 13000102, (name, error)
