"""The old import path of `AsyncShareTasks`, which `make generate` now writes into generated/
(`koodrive_generated.aio_resources.share_tasks`); import it from `koodrive_tasks.resources.share_tasks`."""

from koodrive_generated.aio_resources.share_tasks import AsyncShareTasks as AsyncShareTasks  # noqa: PLC0414 - an explicit re-export
