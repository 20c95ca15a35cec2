"""The old import path of `AsyncJobs`, which `make generate` now writes into generated/
(`koodrive_generated.aio_resources.jobs`); import it from `koodrive_tasks.resources.jobs`."""

from koodrive_generated.aio_resources.jobs import AsyncJobs as AsyncJobs  # noqa: PLC0414 - an explicit re-export
