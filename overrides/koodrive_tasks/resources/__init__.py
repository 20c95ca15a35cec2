"""One small class per resource: methods build an `ApiCall` (generated operation + arguments + parser)
and hand it to the client's sender. The sync classes (`jobs.py`, ...) are written by hand; their
async twins (`AsyncJobs`, ...) are generated from them by `make generate` (scripts/generate_async.py)
into `koodrive_generated.aio_resources` and re-exported here lazily: the same builders, signatures
and docstrings, with `await` on the send and the waiting core's async twins for the loops (paging,
waiting)."""
