"""Measure the body bounds on every transport (issue 19): not a test, a script whose numbers go in
the README and the changelog.

    .venv/bin/python -m tests.hostile.measure_bounds [--quick]

For each transport, a fresh child process makes one `jobs.get(timeout=1.0)` call against a
loopback server in this process that answers with (a) a 96 MB getJob body (~400,000 per-file
results) and (b) a gzip bomb (1 MB on the wire, 1 GB inflated); the child reports how long the call
took past its 1 s deadline, what it raised, and its peak RSS (`ru_maxrss`), next to the RSS of
the same child before the call. The server lives in this process, so its copy of the bodies is not
counted. `--quick` uses 1/8 of the sizes.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
import zlib
from typing import Any

TRANSPORTS = [
    "sync own",
    "sync httpx",
    "async own",
    "async httpx",
    "DefaultAioHttpClient",
    "NativeAioHttpClient",
]
JOB_ID = "1309243162258308352"
TIMEOUT = 1.0


def job_body(files: int) -> bytes:
    entry = json.dumps(
        {
            "id": "1486368980720435201",
            "fileId": "FuZmQ66CF0DdpKRG1Y29Iwajbq04Nhwu3",
            "filePath": "/root/FuZmQ66CF0DdpKRG1Y29Iwajbq04Nhwu3",
            "status": "2",
            "srcContainerId": "IAADfsBFCO6WtAtuA315074383680425b8aa9a130cba2d4",
            "resultCode": "0",
            "createTime": "20240812190950",
        }
    ).encode()
    head = json.dumps({"code": 0, "msg": "OK", "data": {"jobInfo": {"taskId": JOB_ID, "status": 2}}}).encode()
    return head[:-2] + b', "taskInfos": [' + b", ".join([entry] * files) + b"]}}"


def gzip_bomb(inflated: int) -> bytes:
    """`inflated` bytes (a JSON string of zeros) gzipped, made in 16 MB steps."""
    engine = zlib.compressobj(9, zlib.DEFLATED, 31)
    parts = [engine.compress(b'{"code": 0, "msg": "')]
    step = b"0" * (16 << 20)
    for _ in range(inflated // len(step)):
        parts.append(engine.compress(step))
    parts.append(engine.compress(b'"}'))
    parts.append(engine.flush())
    return b"".join(parts)


CHILD = """
import asyncio, json, sys, time
import httpx
from koodrive_tasks import AsyncKooDrive, DefaultAioHttpClient, KooDrive, NativeAioHttpClient, TokenAuth

url, kind, timeout = sys.argv[1], sys.argv[2], float(sys.argv[3])
options = {"timeout": timeout, "max_retries": 0}
def hwm():  # peak RSS of this process in MB (ru_maxrss would include the parent's, kept across exec)
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
before = hwm()
start = time.monotonic()
error = None
if kind.startswith("sync"):
    http = httpx.Client() if kind == "sync httpx" else None
    with KooDrive(url, TokenAuth("t"), http_client=http, **options) as client:
        try:
            client.jobs.get("1309243162258308352")
        except Exception as exc:
            error = type(exc).__name__
        elapsed = time.monotonic() - start  # when the call returned or raised
else:
    stalls = []
    elapsed = None
    async def main():
        global error, elapsed
        given = {"async httpx": httpx.AsyncClient, "DefaultAioHttpClient": DefaultAioHttpClient,
                 "NativeAioHttpClient": NativeAioHttpClient}.get(kind, lambda: None)()
        async def tick():
            last = time.monotonic()
            while True:
                await asyncio.sleep(0.01)
                now = time.monotonic()
                stalls.append(now - last)
                last = now
        ticker = asyncio.create_task(tick())
        async with AsyncKooDrive(url, TokenAuth("t"), http_client=given, **options) as client:
            try:
                await client.jobs.get("1309243162258308352")
            except Exception as exc:
                error = type(exc).__name__
            elapsed = time.monotonic() - start  # when the call returned or raised
        ticker.cancel()
    asyncio.run(main())
print(json.dumps({
    "overrun_s": round(elapsed - timeout, 3),
    "error": error,
    "rss_before_mb": before,
    "rss_peak_mb": hwm(),
    "loop_stall_s": round(max(stalls), 3) if not kind.startswith("sync") and stalls else None,
}))
"""


def measure(url: str, kind: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, url, kind, str(TIMEOUT)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode:
        return {"failed": done.stderr[-400:]}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    from .conftest import TrickleServer, http_head

    scale = 8 if "--quick" in sys.argv else 1
    body = job_body(400_000 // scale)
    bomb = gzip_bomb((1 << 30) // scale)
    cases = {
        f"getJob {len(body) / 1e6:.0f} MB": (
            http_head(200, {"Content-Type": "application/json"}, len(body)),
            body,
        ),
        f"gzip bomb {len(bomb) / 1e6:.1f} MB -> {(1 << 30) // scale / 1e9:.2f} GB": (
            http_head(200, {"Content-Type": "application/json", "Content-Encoding": "gzip"}, len(bomb)),
            bomb,
        ),
    }
    print(
        f"parent RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB; timeout {TIMEOUT} s"
    )
    for name, (head, payload) in cases.items():
        with TrickleServer(head, payload, 0.0, trickle_from=len(head) + len(payload)) as server:
            for kind in TRANSPORTS:
                started = time.monotonic()
                print(json.dumps({"case": name, "transport": kind, **measure(server.url, kind)}), flush=True)
                time.sleep(max(0.0, 0.2 - (time.monotonic() - started)))


if __name__ == "__main__":
    main()
