"""The virtual clock follows the wall clock (a client's X-Date is signed from it) and never goes back.

Regression: the clock counted monotonic time from its start, so when the host stepped its wall
clock forward the emulator fell behind it, and a freshly signed request was refused with
"X-Date is in the future" (seen in the schemathesis stateful run on a loaded machine).
"""

from __future__ import annotations

import time

import pytest
from koodrive_emulator.clock import VirtualClock


def test_follows_a_wall_clock_that_jumps_forward_and_never_goes_back(monkeypatch: pytest.MonkeyPatch) -> None:
    wall = [1_765_000_000.0]
    monkeypatch.setattr(time, "time", lambda: wall[0])
    clock = VirtualClock()
    start = clock.now_ms()
    wall[0] += 5.0  # the host corrects its clock by 5 s; monotonic time did not move
    assert clock.now_ms() == start + 5_000
    wall[0] -= 60.0  # and back by a minute: the virtual clock stays where it was
    assert clock.now_ms() == start + 5_000
    clock.advance(1.5)
    assert clock.now_ms() == start + 6_500


def test_a_frozen_clock_moves_only_when_advanced(monkeypatch: pytest.MonkeyPatch) -> None:
    wall = [1_765_000_000.0]
    monkeypatch.setattr(time, "time", lambda: wall[0])
    clock = VirtualClock(frozen=True, start_ms=1_000)
    wall[0] += 30.0
    assert clock.now_ms() == 1_000
    assert clock.advance(2) == 3_000


def test_never_behind_the_wall_clock_by_a_millisecond(monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: the start was cut to whole milliseconds, so at 0.9999 s into a second the clock
    read 0.999 s, and an X-Date of the next second, signed 0.1 ms later, was "in the future"."""
    wall = [1_765_000_000.9999]
    monkeypatch.setattr(time, "time", lambda: wall[0])
    clock = VirtualClock()
    wall[0] = 1_765_000_001.0
    assert clock.now_ms() >= 1_765_000_001_000
    clock.freeze(True)
    clock.freeze(False)
    wall[0] = 1_765_000_002.0
    assert clock.now_ms() >= 1_765_000_002_000
