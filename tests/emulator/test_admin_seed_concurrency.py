"""Admin seeding under concurrency (issue 19): two seeds at once each answer what they added, and the
store grows by the sum of the answers."""

from __future__ import annotations

import threading
from typing import Any

import httpx
from koodrive_emulator import running


def test_two_concurrent_admin_seeds_each_add_what_they_answer() -> None:
    """Before: both answered "5,000 made" and the store grew by 5,000 (the same records twice)."""
    with running() as server:
        before = httpx.get(f"{server.base_url}/_emulator/state").json()
        answers: list[dict[str, Any]] = []
        start = threading.Barrier(2)

        def seed() -> None:
            start.wait()
            reply = httpx.post(
                f"{server.base_url}/_emulator/seed", json={"jobs": 5000, "tasks": 3000, "seed": 1}, timeout=60
            )
            assert reply.status_code == 200
            answers.append(reply.json())

        threads = [threading.Thread(target=seed) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        after = httpx.get(f"{server.base_url}/_emulator/state").json()
    assert [a["jobs"] for a in answers] == [5000, 5000]
    assert after["jobs"] - before["jobs"] == sum(a["jobs"] for a in answers) == 10_000
    assert after["tasks"] - before["tasks"] == sum(a["tasks"] for a in answers) == 6000
    assert not set(answers[0]["ids"]["jobs"]) & set(answers[1]["ids"]["jobs"])
