"""`make fuzz-client`: the hostile suite and the busy-service properties with a fresh seed and a
longer budget (pytest `-p fuzz_client_plugin`, with `tests/` on the path; not a test module).

Every hypothesis test collected gets `derandomize=False` and KOODRIVE_FUZZ_FACTOR times its
examples; the seed comes from `--hypothesis-seed`, which the make target draws and prints. The
busy-service suite's own inner properties read KOODRIVE_FUZZ_FACTOR themselves.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

FACTOR = int(os.environ.get("KOODRIVE_FUZZ_FACTOR", "10") or 10)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        test = getattr(item, "obj", None)
        current = getattr(test, "_hypothesis_internal_use_settings", None)
        if current is not None:
            test._hypothesis_internal_use_settings = settings(  # type: ignore[union-attr]
                current, derandomize=False, max_examples=current.max_examples * FACTOR
            )


def pytest_report_header() -> str:
    return f"fuzz-client: {FACTOR}x the examples, derandomize off"
