"""Where a benchmark's CPU goes, by package: the profile a missed goal is reported with.

cProfile's own time per function, summed by the package the function lives in (httpx, httpcore,
h11, aiohttp, koodrive_tasks, the generated records, the standard library, builtins), so a line
in docs/benchmarks.md can say "httpx 31%, h11 18%, koodrive_tasks 12%, …" instead of a guess.
The profiler slows everything alike, so only the shares are reported, never its times.
"""

from __future__ import annotations

import asyncio
import cProfile
import pstats
import sysconfig
from collections import defaultdict
from collections.abc import Awaitable, Callable
from pathlib import Path

_STDLIB = Path(sysconfig.get_paths()["stdlib"]).resolve()


def _package(filename: str, name: str) -> str:
    if filename.startswith("~") or filename.startswith("<"):
        io = ("_socket", "select", "epoll", "_ssl", "uvloop")
        return "socket I/O and polling (C)" if any(k in name for k in io) else "C builtins"
    path = Path(filename)
    parts = path.parts
    if "site-packages" in parts:
        return parts[parts.index("site-packages") + 1].removesuffix(".py")
    for ours in ("koodrive_tasks", "koodrive_generated", "koodrive_emulator", "koodrive_cli"):
        if ours in parts:
            return ours
    try:
        path.resolve().relative_to(_STDLIB)
    except ValueError:
        return path.name
    return "stdlib " + (parts[-2] if parts[-2] != _STDLIB.name else path.stem)


def shares(profile: cProfile.Profile, top: int = 6) -> str:
    stats = pstats.Stats(profile)
    by_package: dict[str, float] = defaultdict(float)
    for (filename, _line, name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        by_package[_package(filename, name)] += tottime
    total = sum(by_package.values()) or 1.0
    ranked = sorted(by_package.items(), key=lambda kv: -kv[1])
    head = [f"{name} {100 * t / total:.0f}%" for name, t in ranked[:top]]
    rest = sum(t for _, t in ranked[top:])
    if rest:
        head.append(f"other {100 * rest / total:.0f}%")
    return ", ".join(head)


def where_time_goes(fn: Callable[[], object], calls: int) -> str:
    """CPU shares by package over `calls` calls of `fn` (after one warm-up call)."""
    fn()
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(calls):
        fn()
    profile.disable()
    return f"CPU by package (cProfile, {calls:,} calls): {shares(profile)}"


def where_time_goes_async(main: Callable[[], Awaitable[object]]) -> str:
    """CPU shares by package of one `asyncio.run(main())`, the event loop included."""
    profile = cProfile.Profile()
    profile.enable()
    asyncio.run(main())  # type: ignore[arg-type]
    profile.disable()
    return f"CPU by package (cProfile, one run): {shares(profile)}"
