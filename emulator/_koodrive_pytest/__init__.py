"""The `pytest11` entry point of koodrive-tasks: the emulator's fixtures, when the emulator is installed.

pytest imports every installed plugin at start-up, so this module must import for a user who
installed only the core client (no starlette, uvicorn, pyyaml or jsonschema_rs). The fixtures
live in `koodrive_emulator.pytest_plugin`; without `koodrive-tasks[emulator]` the same fixture
names exist and fail with the one line that says what to install. (Like hypothesis's
`_hypothesis_pytestplugin`, a top-level module, so the plugin is not the package it serves.)
"""

from __future__ import annotations

from typing import NoReturn

import pytest

HINT = "the koodrive_* fixtures need the emulator: pip install 'koodrive-tasks[emulator]'"
FIXTURES = (
    "koodrive_app",
    "koodrive_async_client",
    "koodrive_client",
    "koodrive_emulator",
    "koodrive_emulator_config",
    "koodrive_server",
)

try:
    from koodrive_emulator.pytest_plugin import (
        _koodrive_fast_retries,
        _koodrive_in_process,
        koodrive_app,
        koodrive_async_client,
        koodrive_client,
        koodrive_emulator,
        koodrive_emulator_config,
        koodrive_server,
    )

    MISSING: str | None = None
except ModuleNotFoundError as exc:
    if (exc.name or "").startswith("koodrive"):
        raise  # a broken install of this package itself, not a missing extra
    MISSING = exc.name

    def _unavailable(name: str) -> object:
        def fixture() -> NoReturn:
            pytest.fail(f"{name}: {HINT} (missing module {MISSING})", pytrace=False)

        fixture.__name__ = name
        return pytest.fixture(name=name)(fixture)

    for _name in FIXTURES:
        globals()[_name] = _unavailable(_name)

ASYNC_FIXTURES = frozenset({"koodrive_async_client"})
#: An async test carrying one of these marks is already run by a runner of the user's choice.
RUNNER_MARKS = frozenset({"anyio", "asyncio", "trio"})


@pytest.hookimpl(tryfirst=True)
def pytest_pycollect_makeitem(collector: pytest.Collector, name: str, obj: object) -> None:
    """A plain `async def` test using `koodrive_async_client` runs with no mark to add: anyio's
    pytest plugin (anyio comes with httpx) runs it, on asyncio, unless the test, its class or its
    module already carries an async runner's mark (pytest-asyncio's, anyio's, trio's). The mark is
    put on the function before pytest collects it, as if the user had written it; collection
    itself is left to pytest (this returns None)."""
    import inspect  # noqa: PLC0415

    if not inspect.iscoroutinefunction(obj):
        return
    try:
        wanted = set(inspect.signature(obj).parameters)
    except (TypeError, ValueError):
        return
    if not ASYNC_FIXTURES & wanted:
        return
    own = getattr(obj, "pytestmark", [])
    marks = [m.name for m in (own if isinstance(own, list) else [own])]
    marks += [m.name for m in collector.iter_markers()]
    if not RUNNER_MARKS & set(marks):
        pytest.mark.anyio(obj)


__all__ = [
    "_koodrive_fast_retries",
    "_koodrive_in_process",
    "koodrive_app",
    "koodrive_async_client",
    "koodrive_client",
    "koodrive_emulator",
    "koodrive_emulator_config",
    "koodrive_server",
]
