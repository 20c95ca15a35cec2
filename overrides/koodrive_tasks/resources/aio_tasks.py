"""The old import path of `AsyncTasks`, which `make generate` now writes into generated/
(`koodrive_generated.aio_resources.tasks`); import it from `koodrive_tasks.resources.tasks`."""

from koodrive_generated.aio_resources.tasks import AsyncTasks as AsyncTasks  # noqa: PLC0414 - an explicit re-export
