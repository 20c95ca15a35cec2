"""`koodrive-tasks`: the command line of the KooDrive task client (Typer + Rich)."""

from __future__ import annotations

import sys

# What `pip install 'koodrive-tasks[cli]'` brings; without it the command says so in one line.
CLI_MODULES = frozenset({"typer", "rich", "shellingham", "annotated_doc", "pydantic"})


def entrypoint() -> None:
    """The `koodrive-tasks` console script."""
    try:
        from .main import entrypoint as main  # noqa: PLC0415 - the CLI's packages are an extra
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] not in CLI_MODULES:
            raise
        sys.stderr.write(
            f"koodrive-tasks: the command line needs the cli extra (missing module {exc.name}): "
            "pip install 'koodrive-tasks[cli]'\n"
        )
        sys.exit(2)
    main()
